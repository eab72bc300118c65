/**
 * From candidate scores to a choice: the policy is softmax(score / temperature) over the admissible
 * actions, where a score is the candidate's summed token log-probs (plus, later, the policy adapter's
 * contribution). Greedy decoding takes the argmax.
 */
import type { Rng } from '../util/rng';

export interface ActionDistribution {
  actions: string[];
  /** The candidate scores (summed log-probs). */
  scores: number[];
  /** softmax(scores / temperature); at temperature 0, softmax(scores) (what sampling at 1 would use). */
  probs: number[];
}

export function softmax(values: readonly number[], temperature = 1): number[] {
  const t = temperature > 0 ? temperature : 1;
  const scaled = values.map((v) => v / t);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function distribution(actions: readonly string[], scores: readonly number[], temperature = 1): ActionDistribution {
  return { actions: [...actions], scores: [...scores], probs: softmax(scores, temperature) };
}

/** temperature 0: the best-scoring action (the first on ties); otherwise a sample from the distribution. */
export function chooseIndex(dist: ActionDistribution, temperature: number, rng?: Rng): number {
  if (dist.actions.length === 0) throw new Error('chooseIndex: no candidate actions');
  if (temperature <= 0) {
    let best = 0;
    for (let i = 1; i < dist.scores.length; i++) if (dist.scores[i] > dist.scores[best]) best = i;
    return best;
  }
  if (!rng) throw new Error('chooseIndex: sampling needs a seeded Rng');
  let u = rng.next();
  for (let i = 0; i < dist.probs.length; i++) {
    u -= dist.probs[i];
    if (u <= 0) return i;
  }
  return dist.probs.length - 1;
}
