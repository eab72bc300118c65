/**
 * What every rule shares: its status and origin, and how its text is normalized. A rule is a short
 * natural-language piece of advice scoped to an environment and task type; rules live in pools
 * (pool.ts: a run's pool, and the library new runs start from, src/db/rules-repo.ts).
 * Importance follows ExpeL's counting: a new rule starts at 2, UPVOTE and EDIT add 1, DOWNVOTE
 * subtracts 1, and a rule that reaches 0 leaves the active pool.
 */
import type { EnvKind } from '../envs/types';

export type RuleStatus = 'active' | 'absorbed' | 'removed';
/** Who created or last changed a rule: the learner's reflector, a person, or an imported pack. */
export type RuleOrigin = 'learner' | 'user' | 'import';

/** Counters of a library rule of schema versions 1–3 (read by the version 4 migration only). */
export interface RuleStats {
  /** Times the rule was retrieved into an agent's context. */
  retrieved: number;
  /** Successful episodes among those in which it was retrieved. */
  successWhenRetrieved: number;
  /** Probability that the current policy takes the rule's advised action without the rule (0..1), when measured. */
  absorption: number | null;
}

/**
 * A library rule as schema versions 1–3 stored it, before the library became a pool (PoolRule); kept
 * for the version 4 migration (src/db/library-v4.ts), which reads these rows.
 */
export interface Rule {
  id: string;
  env: EnvKind;
  /** Task type the rule applies to; null = any task of its environment. */
  taskType: string | null;
  text: string;
  importance: number;
  pinned: boolean;
  status: RuleStatus;
  origin: RuleOrigin;
  createdAt: number;
  updatedAt: number;
  stats: RuleStats;
  /** Free-form provenance (e.g. the pack it was imported from, or the episodes that produced it). */
  meta?: Record<string, unknown>;
}

export const NEW_RULE_IMPORTANCE = 2;
/** Longest rule text accepted: long enough for any real reflection, short enough to fit a prompt. */
export const MAX_RULE_LENGTH = 2000;

/** U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export class RuleTextError extends Error {
  override name = 'RuleTextError';
}

/**
 * Normalizes rule text typed by a person or found in an import: collapses whitespace, removes
 * control characters, and refuses empty or oversized text with a message that says why.
 * HTML is kept as literal text (the UI renders text, never markup), so nothing is lost.
 */
export function normalizeRuleText(raw: unknown): string {
  if (typeof raw !== 'string') throw new RuleTextError('Rule text must be a string.');
  // eslint-disable-next-line no-control-regex
  const text = raw
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    // Bidi controls (embeddings, overrides, isolates, marks) would let right-to-left text reorder
    // whatever is shown around the rule (and the prompt after it): they carry no advice, so they go.
    .replace(BIDI_CONTROLS, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0) throw new RuleTextError('Rule text is empty.');
  if (text.length > MAX_RULE_LENGTH) {
    throw new RuleTextError(`Rule text is ${text.length} characters; the limit is ${MAX_RULE_LENGTH}. Shorten it or split it into several rules.`);
  }
  return text;
}
