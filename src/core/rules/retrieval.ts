/**
 * Which rules go into the agent's prompt.
 *
 * Scope: active rules of the environment whose task type is the task's or null (the whole
 * environment). Pinned rules in scope are always included and do NOT count toward k: a person's
 * pinned rule never crowds out what the learner found (k = 2 with one pinned rule gives three).
 * Pinned rules come first (by id), then the k chosen ones in rank order.
 *
 * - 'paper' (what the paper does): the k unpinned rules of highest importance (ties: the older rule
 *   first: created earlier, then lower id), fixed for the whole episode (retrieve once, at reset).
 * - 'relevance': ranked by the content words a rule shares with the goal and the current observation,
 *   each weighted by its rarity among the candidate rules (log(1 + n/df): "put" is in many ALFWorld
 *   rules and goals, "heat" in one), then by importance, then older first; re-retrieved per step.
 */
import type { EnvKind } from '../envs/types';
import type { PoolRule, PoolState } from './pool';
import { ruleNumber } from './pool-helpers';

export type RetrievalMode = 'paper' | 'relevance';
export const DEFAULT_RETRIEVAL_K = 2;

export interface RetrievalQuery {
  mode: RetrievalMode;
  /** Unpinned rules to retrieve (default 2). */
  k?: number;
  env: EnvKind;
  taskType: string;
  goal: string;
  observation?: string;
}

/** Words too common to say anything about relevance. */
const STOPWORDS = new Set(
  'a an and any are as at be before by do does each every first for from go in into is it its not of on or the then there this to too when where while with you your task x y'.split(' '),
);

/** Distinct content words, lower-case (ALFWorld's "countertop 1" gives "countertop"). */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) if (w.length > 1 && !STOPWORDS.has(w)) out.add(w);
  return out;
}

/** Active rules whose scope covers the task. */
export function rulesInScope(pool: PoolState, env: EnvKind, taskType: string): PoolRule[] {
  return pool.rules.filter((r) => r.status === 'active' && r.env === env && (r.taskType === null || r.taskType === taskType));
}

const older = (a: PoolRule, b: PoolRule): number => a.createdIteration - b.createdIteration || ruleNumber(a.id) - ruleNumber(b.id);

export function retrieveRules(pool: PoolState, query: RetrievalQuery): PoolRule[] {
  const k = Math.max(0, Math.floor(query.k ?? DEFAULT_RETRIEVAL_K));
  const scope = rulesInScope(pool, query.env, query.taskType);
  const pinned = scope.filter((r) => r.pinned).sort((a, b) => ruleNumber(a.id) - ruleNumber(b.id));
  const rest = scope.filter((r) => !r.pinned);
  if (query.mode === 'paper') {
    rest.sort((a, b) => b.importance - a.importance || older(a, b));
  } else if (query.mode === 'relevance') {
    const context = contentWords(`${query.goal} ${query.observation ?? ''}`);
    const words = new Map(rest.map((r) => [r.id, contentWords(r.text)]));
    const df = new Map<string, number>();
    for (const set of words.values()) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
    const overlap = new Map(rest.map((r) => [r.id, [...words.get(r.id)!].filter((w) => context.has(w)).reduce((sum, w) => sum + Math.log(1 + rest.length / df.get(w)!), 0)]));
    rest.sort((a, b) => overlap.get(b.id)! - overlap.get(a.id)! || b.importance - a.importance || older(a, b));
  } else {
    throw new Error(`unknown retrieval mode ${String(query.mode)}`);
  }
  return [...pinned, ...rest.slice(0, k)];
}
