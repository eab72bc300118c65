/**
 * A run's rule pool: plain data (it round-trips through rules.json, a checkpoint or IndexedDB
 * unchanged), changed only by pure functions that return a new pool. Operations (ADD, EDIT, UPVOTE,
 * DOWNVOTE, MERGE, REMOVE, ABSORB) are applied by applyOps (operations.ts, re-exported here); every
 * applied operation is recorded with its provenance and writes a RuleVersion, so a rule's whole
 * history can be replayed. Statistics are updated by recordEpisodeStats.
 *
 * Scope: a rule applies to (env, taskType); taskType null = every task of its environment.
 * Capacity is per scope (default 10 active rules).
 */
import type { EnvKind } from '../envs/types';
import type { DecisiveState } from './decisive';
import { DEFAULT_POOL_CAPACITY, emptyPoolStats } from './pool-helpers';
import { NEW_RULE_IMPORTANCE, normalizeRuleText, type RuleOrigin, type RuleStatus } from './rule';

export type { DecisiveState } from './decisive';

/** What a rule is about: a procedure step, where to look, or a person's own rule (not yet matched to a diagnosis). */
export type RuleFamily = 'procedure' | 'location' | 'user';

export interface PoolRuleStats {
  /** Episodes in which the rule was in the prompt. */
  retrieved: number;
  /** Successful episodes among those. */
  successWhenRetrieved: number;
  /** Episodes in the rule's scope played without it (while it was active). */
  matchedEpisodes: number;
  /** Successful episodes among those. */
  matchedSuccessesWithout: number;
  /** Latest absorption score (P(advised action | rule removed)), null until measured. */
  absorption: number | null;
  /** Consecutive measurements at or above the absorption threshold. */
  absorptionStreak: number;
  absorptionHistory: number[];
  /**
   * The counters when the helpfulness window last restarted (absorption.ts judges helpfulness over
   * the episodes since then). Absent: since the rule was created.
   */
  helpfulnessSince?: HelpfulnessCounters;
}

export type HelpfulnessCounters = Pick<PoolRuleStats, 'retrieved' | 'successWhenRetrieved' | 'matchedEpisodes' | 'matchedSuccessesWithout'>;

export interface PoolRule {
  id: string;
  env: EnvKind;
  taskType: string | null;
  text: string;
  importance: number;
  pinned: boolean;
  status: RuleStatus;
  /** Who created the rule (an EDIT by the learner keeps it; the versions say who changed what). */
  origin: RuleOrigin;
  family: RuleFamily;
  /** e.g. 'alfworld:pick_heat_then_place:transformed': the miss it addresses; null for user/imported rules not yet matched. */
  diagnosisKey: string | null;
  createdIteration: number;
  updatedIteration: number;
  stats: PoolRuleStats;
  /** States where the rule's advice applies (from train reference episodes): replay `actions` on task `taskId`, then the advised action is `advised`. */
  decisiveStates: DecisiveState[];
}

/** PIN, UNPIN and RESTORE are a person's operations only (source 'user'): the learner never issues them. */
export type RuleOpKind = 'ADD' | 'EDIT' | 'UPVOTE' | 'DOWNVOTE' | 'MERGE' | 'REMOVE' | 'ABSORB' | 'PIN' | 'UNPIN' | 'RESTORE';

export type ProvenanceSource = 'reflector' | 'absorption' | 'capacity' | 'user' | 'import';

export interface Provenance {
  iteration: number;
  failedEpisode?: string;
  referenceEpisode?: string;
  /** Human-readable: why (the diagnosis summary, or the absorption/helpfulness measurement). */
  diagnosis?: string;
  source: ProvenanceSource;
}


export interface RuleOp {
  kind: RuleOpKind;
  /** Target rule (absent for ADD). */
  ruleId?: string;
  /** ADD, EDIT, MERGE (optional there: the kept rule's text otherwise). */
  text?: string;
  /** ADD: scope (default null = the whole environment). */
  taskType?: string | null;
  /** ADD: environment (required). */
  env?: EnvKind;
  /** ADD (default 'procedure', or 'user' for a person's or an import's rule); EDIT: replaces it when given. */
  family?: RuleFamily;
  /** ADD; EDIT: replaces it when given (undefined leaves it). */
  diagnosisKey?: string | null;
  /** MERGE: the rules merged, the first one kept. */
  mergeIds?: string[];
  /** ADD/UPVOTE/EDIT/MERGE: a state where the advice applies, added to the rule's decisiveStates. */
  decisiveState?: DecisiveState;
  /** ADD from a person or an import: pinned (never changed by the learner). */
  pinned?: boolean;
  provenance: Provenance;
}

/** One operation as applied: what it did to which rule. */
export interface AppliedOp {
  /** Position in the pool's history (1, 2, ...). */
  seq: number;
  kind: RuleOpKind;
  ruleId: string;
  /** The op as requested, when it was applied as another kind (an ADD of a rule already in scope becomes an UPVOTE). */
  requested?: RuleOpKind;
  /** MERGE: the rules merged into ruleId. */
  mergedIds?: string[];
  text: string;
  importanceBefore: number | null;
  importanceAfter: number;
  statusAfter: RuleStatus;
  provenance: Provenance;
}

/** An op that was not applied, and why (pinned target, unknown id, bad text, a scope full of pinned rules). */
export interface SkippedOp {
  op: RuleOp;
  reason: string;
}

export interface RuleVersion {
  ruleId: string;
  /** 1 for the ADD, then +1 for each applied op that touched the rule. */
  version: number;
  text: string;
  importance: number;
  status: RuleStatus;
  op: RuleOpKind;
  provenance: Provenance;
}

export interface PoolState {
  rules: PoolRule[];
  versions: RuleVersion[];
  ops: AppliedOp[];
  /** The next rule id's number (ids are r1, r2, ...). */
  nextId: number;
  /** Active rules per scope (env, taskType). */
  capacity: number;
}


/** A rule a run starts from: a person's (pinned or not) or an imported pack's. */
export interface InitialRule {
  text: string;
  env: EnvKind;
  taskType?: string | null;
  pinned?: boolean;
  origin?: 'user' | 'import';
  importance?: number;
  family?: RuleFamily;
  diagnosisKey?: string | null;
}

/**
 * A new pool. `initialRules` (a person's pinned rules, an imported pack) become r1, r2, ... in
 * order, each recorded as an ADD with source 'user' or 'import' at iteration 0. Rules beyond a
 * scope's capacity are still added: a person's rules are never dropped to make room.
 */
export function createPool(options: { capacity?: number; initialRules?: readonly InitialRule[] } = {}): PoolState {
  const capacity = options.capacity ?? DEFAULT_POOL_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`pool capacity must be a positive integer (got ${capacity})`);
  const pool: PoolState = { rules: [], versions: [], ops: [], nextId: 1, capacity };
  for (const initial of options.initialRules ?? []) {
    const origin = initial.origin ?? 'user';
    const id = `r${pool.nextId++}`;
    const rule: PoolRule = {
      id,
      env: initial.env,
      taskType: initial.taskType ?? null,
      text: normalizeRuleText(initial.text),
      importance: initial.importance ?? NEW_RULE_IMPORTANCE,
      pinned: initial.pinned ?? false,
      status: 'active',
      origin,
      family: initial.family ?? 'user',
      diagnosisKey: initial.diagnosisKey ?? null,
      createdIteration: 0,
      updatedIteration: 0,
      stats: emptyPoolStats(),
      decisiveStates: [],
    };
    const provenance: Provenance = { iteration: 0, source: origin };
    pool.rules.push(rule);
    pool.versions.push({ ruleId: id, version: 1, text: rule.text, importance: rule.importance, status: 'active', op: 'ADD', provenance });
    pool.ops.push({ seq: pool.ops.length + 1, kind: 'ADD', ruleId: id, text: rule.text, importanceBefore: null, importanceAfter: rule.importance, statusAfter: 'active', provenance });
  }
  return pool;
}

export interface EpisodeStatsInput {
  retrievedRuleIds: readonly string[];
  success: boolean;
  env: EnvKind;
  taskType: string;
}

/**
 * Counts one finished episode: each rule in its prompt gets retrieved (+ successWhenRetrieved);
 * each other active rule whose scope covers the task (same env; its task type or null) gets
 * matchedEpisodes (+ matchedSuccessesWithout). Pure: returns a new pool.
 */
export function recordEpisodeStats(pool: PoolState, episode: EpisodeStatsInput): PoolState {
  const retrieved = new Set(episode.retrievedRuleIds);
  const win = episode.success ? 1 : 0;
  const rules = pool.rules.map((rule) => {
    if (retrieved.has(rule.id)) {
      return { ...rule, stats: { ...rule.stats, retrieved: rule.stats.retrieved + 1, successWhenRetrieved: rule.stats.successWhenRetrieved + win } };
    }
    const covers = rule.status === 'active' && rule.env === episode.env && (rule.taskType === null || rule.taskType === episode.taskType);
    if (!covers) return rule;
    return { ...rule, stats: { ...rule.stats, matchedEpisodes: rule.stats.matchedEpisodes + 1, matchedSuccessesWithout: rule.stats.matchedSuccessesWithout + win } };
  });
  return { ...pool, rules };
}

export { activeRules, comparableText, DEFAULT_POOL_CAPACITY, emptyPoolStats, findRule, LEARNER_SOURCES, MAX_DECISIVE_STATES, ruleNumber, sameScope } from './pool-helpers';
export { applyOps } from './operations';
