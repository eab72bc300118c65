/**
 * Alignment of the pool with the policy, rule side (the probabilities themselves are measured by the
 * learner with the model: src/core/learn/absorption-measure.ts).
 *
 * Absorption: a rule's score is P(the policy takes the rule's advised action | rule removed from the
 * prompt) at its decisive states. updateAbsorption records each score (latest, history, and the
 * streak of consecutive scores ≥ threshold); a rule whose streak reaches `streak` measurements is
 * absorbed: it leaves the active pool (ABSORB op). Pinned rules are measured but never absorbed.
 *
 * Helpfulness: a rule whose retrieval stopped helping is down-voted. Judged over a window (the
 * episodes since the rule was created, last edited or last down-voted for this reason) once the
 * window holds at least MIN_RETRIEVALS_FOR_VERDICT episodes with the rule in the prompt and
 * MIN_MATCHED_FOR_VERDICT episodes of its scope without it: if the success rate with it is below the
 * success rate without it, DOWNVOTE (source 'absorption'). Applying that down-vote restarts the
 * window, so one bad stretch costs one vote, not one per iteration. Pinned rules are never down-voted.
 */
import type { HelpfulnessCounters, PoolRule, PoolState, RuleOp } from './pool';

export interface AbsorptionOptions {
  /** Score at or above which a measurement counts toward the streak (e.g. 0.8). */
  threshold: number;
  /** Consecutive measurements at or above the threshold that absorb a rule (m). */
  streak: number;
}

export interface AbsorptionMeasurementInput {
  ruleId: string;
  score: number;
}

export function updateAbsorption(
  pool: PoolState,
  measurements: readonly AbsorptionMeasurementInput[],
  options: AbsorptionOptions,
  iteration: number,
): { pool: PoolState; ops: RuleOp[] } {
  if (!(options.streak >= 1)) throw new RangeError(`absorption streak must be at least 1 (got ${options.streak})`);
  const byId = new Map<string, number>();
  for (const m of measurements) {
    if (!Number.isFinite(m.score) || m.score < 0 || m.score > 1) throw new RangeError(`absorption score of ${m.ruleId} must be a probability (got ${m.score})`);
    byId.set(m.ruleId, m.score);
  }
  const ops: RuleOp[] = [];
  const rules = pool.rules.map((rule) => {
    const score = byId.get(rule.id);
    if (score === undefined || rule.status !== 'active') return rule;
    const streak = score >= options.threshold ? rule.stats.absorptionStreak + 1 : 0;
    const next: PoolRule = { ...rule, stats: { ...rule.stats, absorption: score, absorptionStreak: streak, absorptionHistory: [...rule.stats.absorptionHistory, score] } };
    if (!rule.pinned && streak >= options.streak) {
      ops.push({
        kind: 'ABSORB',
        ruleId: rule.id,
        provenance: { iteration, source: 'absorption', diagnosis: `absorbed: P(advised action without the rule) = ${score.toFixed(3)}, at or above ${options.threshold} in ${streak} measurements in a row` },
      });
    }
    return next;
  });
  return { pool: { ...pool, rules }, ops };
}

export const MIN_RETRIEVALS_FOR_VERDICT = 8;
export const MIN_MATCHED_FOR_VERDICT = 4;

export interface Helpfulness {
  /** Window counts (since the window last restarted). */
  retrieved: number;
  successWhenRetrieved: number;
  matched: number;
  matchedSuccessesWithout: number;
  /** Success rates in the window (null without episodes). */
  rateWith: number | null;
  rateWithout: number | null;
  /** Enough episodes on both sides for a verdict. */
  judged: boolean;
  /** Judged and the rule's retrieval did not lower success (null: not judged). */
  helps: boolean | null;
}

export function helpfulness(rule: PoolRule): Helpfulness {
  const since: HelpfulnessCounters = rule.stats.helpfulnessSince ?? { retrieved: 0, successWhenRetrieved: 0, matchedEpisodes: 0, matchedSuccessesWithout: 0 };
  const retrieved = rule.stats.retrieved - since.retrieved;
  const successWhenRetrieved = rule.stats.successWhenRetrieved - since.successWhenRetrieved;
  const matched = rule.stats.matchedEpisodes - since.matchedEpisodes;
  const matchedSuccessesWithout = rule.stats.matchedSuccessesWithout - since.matchedSuccessesWithout;
  const rateWith = retrieved > 0 ? successWhenRetrieved / retrieved : null;
  const rateWithout = matched > 0 ? matchedSuccessesWithout / matched : null;
  const judged = retrieved >= MIN_RETRIEVALS_FOR_VERDICT && matched >= MIN_MATCHED_FOR_VERDICT;
  return { retrieved, successWhenRetrieved, matched, matchedSuccessesWithout, rateWith, rateWithout, judged, helps: judged ? rateWith! >= rateWithout! : null };
}

/** DOWNVOTE ops (source 'absorption') for the active, unpinned rules whose retrieval stopped helping. */
export function helpfulnessOps(pool: PoolState, iteration: number): RuleOp[] {
  const ops: RuleOp[] = [];
  for (const rule of pool.rules) {
    if (rule.status !== 'active' || rule.pinned) continue;
    const h = helpfulness(rule);
    if (h.helps !== false) continue;
    ops.push({
      kind: 'DOWNVOTE',
      ruleId: rule.id,
      provenance: {
        iteration,
        source: 'absorption',
        diagnosis: `retrieval stopped helping: success ${h.successWhenRetrieved}/${h.retrieved} with the rule vs ${h.matchedSuccessesWithout}/${h.matched} without it`,
      },
    });
  }
  return ops;
}
