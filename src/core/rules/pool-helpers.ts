/**
 * Small pure helpers over pool data, shared by pool.ts and operations.ts (kept apart so that neither
 * imports the other at run time).
 */
import type { EnvKind } from '../envs/types';
import type { PoolRule, PoolRuleStats, PoolState, ProvenanceSource } from './pool';
import { normalizeRuleText } from './rule';

export const DEFAULT_POOL_CAPACITY = 10;
/** Decisive states kept per rule (the newest): enough for a stable absorption mean, cheap to replay. */
export const MAX_DECISIVE_STATES = 8;
/** The learner's own sources: they never change a pinned rule. */
export const LEARNER_SOURCES: readonly ProvenanceSource[] = ['reflector', 'absorption', 'capacity'];

export function emptyPoolStats(): PoolRuleStats {
  return { retrieved: 0, successWhenRetrieved: 0, matchedEpisodes: 0, matchedSuccessesWithout: 0, absorption: null, absorptionStreak: 0, absorptionHistory: [] };
}

/** The numeric part of an id (r12 → 12), for deterministic ordering. */
export function ruleNumber(id: string): number {
  const m = /^r(\d+)$/.exec(id);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** Same scope: same environment and the same task type (null is its own scope). */
export function sameScope(rule: Pick<PoolRule, 'env' | 'taskType'>, env: EnvKind, taskType: string | null): boolean {
  return rule.env === env && rule.taskType === taskType;
}

/** Text as compared for duplicates: normalized (rule.ts) and lower-cased. */
export function comparableText(text: string): string {
  return normalizeRuleText(text).toLowerCase();
}

export function activeRules(pool: PoolState): PoolRule[] {
  return pool.rules.filter((r) => r.status === 'active');
}

export function findRule(pool: PoolState, id: string): PoolRule | undefined {
  return pool.rules.find((r) => r.id === id);
}

