/**
 * Search, filter and sort for the rule workbench: pure functions over a pool's rules (a run's or
 * the library's), so the table only renders what they return and the tests need no DOM.
 *
 * Speed matters here (10,000 rules repaint on every keystroke): each rule's lower-cased search text
 * is computed once per rule object and cached (pool rules are immutable, a change makes a new
 * object), so a keystroke costs one substring scan per rule and one sort.
 */
import type { EnvKind } from '../../core/envs/types';
import type { PoolRule, RuleFamily } from '../../core/rules/pool';
import type { RuleOrigin, RuleStatus } from '../../core/rules/rule';

/** `'*'` as a task type selects the rules scoped to every task of their environment (taskType null). */
export const ANY_TASK = '*';

export interface RuleFilter {
  query: string;
  env: EnvKind | 'all';
  /** A task type, ANY_TASK (rules for every task type), or 'all'. */
  taskType: string;
  status: RuleStatus | 'all';
  origin: RuleOrigin | 'all';
  family: RuleFamily | 'all';
}

export const NO_FILTER: RuleFilter = { query: '', env: 'all', taskType: 'all', status: 'active', origin: 'all', family: 'all' };

export type SortKey = 'importance' | 'retrieved' | 'successWith' | 'successWithout' | 'lift' | 'absorption' | 'id';

export interface RuleSort {
  key: SortKey;
  descending: boolean;
}

export const SORT_LABELS: Record<SortKey, string> = {
  importance: 'Importance',
  retrieved: 'Retrievals',
  successWith: 'Success with',
  successWithout: 'Success without',
  lift: 'Lift (with − without)',
  absorption: 'Absorption',
  id: 'Rule id',
};

/** Success rate of the episodes that had the rule in their prompt; null before any. */
export function successWith(rule: PoolRule): number | null {
  return rule.stats.retrieved > 0 ? rule.stats.successWhenRetrieved / rule.stats.retrieved : null;
}

/** Success rate of the episodes in the rule's scope played without it; null before any. */
export function successWithout(rule: PoolRule): number | null {
  return rule.stats.matchedEpisodes > 0 ? rule.stats.matchedSuccessesWithout / rule.stats.matchedEpisodes : null;
}

/** How much more often episodes succeed with the rule than without it; null until both are known. */
export function lift(rule: PoolRule): number | null {
  const a = successWith(rule);
  const b = successWithout(rule);
  return a === null || b === null ? null : a - b;
}

const haystacks = new WeakMap<PoolRule, string>();

function haystack(rule: PoolRule): string {
  let text = haystacks.get(rule);
  if (text === undefined) {
    text = `${rule.id}\n${rule.text}\n${rule.taskType ?? ''}\n${rule.diagnosisKey ?? ''}`.toLowerCase();
    haystacks.set(rule, text);
  }
  return text;
}

/** The rules matching every criterion; the query matches id, text, task type or diagnosis, case-insensitively, all words in any order. */
export function filterRules(rules: readonly PoolRule[], filter: RuleFilter): PoolRule[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  return rules.filter((rule) => {
    if (filter.env !== 'all' && rule.env !== filter.env) return false;
    if (filter.status !== 'all' && rule.status !== filter.status) return false;
    if (filter.origin !== 'all' && rule.origin !== filter.origin) return false;
    if (filter.family !== 'all' && rule.family !== filter.family) return false;
    if (filter.taskType !== 'all' && (rule.taskType ?? ANY_TASK) !== filter.taskType) return false;
    if (words.length === 0) return true;
    const text = haystack(rule);
    return words.every((w) => text.includes(w));
  });
}

function valueOf(rule: PoolRule, key: SortKey): number | null {
  switch (key) {
    case 'importance':
      return rule.importance;
    case 'retrieved':
      return rule.stats.retrieved;
    case 'successWith':
      return successWith(rule);
    case 'successWithout':
      return successWithout(rule);
    case 'lift':
      return lift(rule);
    case 'absorption':
      return rule.stats.absorption;
    case 'id':
      return idNumber(rule.id);
  }
}

/** r12 → 12; other ids sort after numbered ones, by text. */
function idNumber(id: string): number | null {
  const m = /^r(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

/**
 * A sorted copy. Rules without a value (never retrieved, never measured) go last in either
 * direction, so "sort by success" shows measured rules first; ties keep a stable order by id.
 */
export function sortRules(rules: readonly PoolRule[], sort: RuleSort): PoolRule[] {
  const keyed = rules.map((rule) => ({ rule, value: valueOf(rule, sort.key), n: idNumber(rule.id) }));
  const sign = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) {
      return sign * (a.value - b.value);
    }
    if (a.n !== null && b.n !== null) return a.n - b.n;
    if (a.n !== b.n) return a.n === null ? 1 : -1;
    return a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0;
  });
  return keyed.map((k) => k.rule);
}

/** Filter then sort: what the table shows. */
export function visibleRules(rules: readonly PoolRule[], filter: RuleFilter, sort: RuleSort): PoolRule[] {
  return filterRules(sortRules(rules, sort), filter);
}

/**
 * Sorts once and readies every rule's search text, so that a keystroke only filters the sorted
 * list (filtering keeps the order): the view calls this when the pool or the sort changes.
 */
export function prepareRules(rules: readonly PoolRule[], sort: RuleSort): PoolRule[] {
  for (const rule of rules) haystack(rule);
  return sortRules(rules, sort);
}
