/**
 * Advantages of a group of episodes of one task (DESIGN.md §1 step 2). GRPO gives every step of an
 * episode the episode's group-normalized reward; GiGPO adds a step-level term, normalizing each
 * step's discounted return among the group's steps taken from the same anchor state (same
 * observation, same admissible actions), which credits individual decisions in long episodes.
 */

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * (x − mean) / (std + eps). A group without spread (std below rounding noise) carries no signal: 0,
 * rather than rounding noise divided by eps (or 0/0 when eps = 0).
 */
function normalized(x: number, { mean, std }: { mean: number; std: number }, eps: number): number {
  return std < 1e-12 * Math.max(1, Math.abs(mean)) ? 0 : (x - mean) / (std + eps);
}

/** (R − mean) / (std + eps), population std, over a group's episode rewards. */
export function grpoAdvantages(rewards: readonly number[], eps = 1e-6): number[] {
  if (rewards.length === 0) return [];
  const stats = meanStd(rewards);
  return rewards.map((r) => normalized(r, stats, eps));
}

/** G_t = Σ_{k ≥ t} γ^{k−t} r_k for each step. */
export function discountedReturns(rewards: readonly number[], gamma: number): number[] {
  const out = new Array<number>(rewards.length);
  let g = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    g = rewards[t] + gamma * g;
    out[t] = g;
  }
  return out;
}

export interface GigpoEpisode {
  /** One anchor-state key per step (e.g. observation + admissible actions). */
  stateKeys: string[];
  /** The environment's reward per step. */
  rewards: number[];
}

/**
 * Step advantages [episode][step]: each step's discounted return normalized among all steps of the
 * group that share its state key; 0 for a key seen at one step only (nothing to compare with)
 * or whose steps all have the same return.
 */
export function gigpoStepAdvantages(episodes: readonly GigpoEpisode[], gamma: number, eps = 1e-6): number[][] {
  const returns = episodes.map((e) => {
    if (e.stateKeys.length !== e.rewards.length) throw new Error(`gigpoStepAdvantages: ${e.stateKeys.length} state keys for ${e.rewards.length} rewards`);
    return discountedReturns(e.rewards, gamma);
  });
  const groups = new Map<string, number[]>();
  episodes.forEach((e, i) =>
    e.stateKeys.forEach((key, t) => {
      const list = groups.get(key);
      if (list) list.push(returns[i][t]);
      else groups.set(key, [returns[i][t]]);
    }),
  );
  const norms = new Map<string, { mean: number; std: number }>();
  for (const [key, values] of groups) if (values.length > 1) norms.set(key, meanStd(values));
  return episodes.map((e, i) =>
    e.stateKeys.map((key, t) => {
      const n = norms.get(key);
      return n ? normalized(returns[i][t], n, eps) : 0;
    }),
  );
}

/** A_E + ω·A_S per step: episodeAdv[i] applies to every step of episode i. */
export function combineAdvantages(episodeAdv: readonly number[], stepAdv: readonly (readonly number[])[], omega: number): number[][] {
  if (episodeAdv.length !== stepAdv.length) throw new Error(`combineAdvantages: ${episodeAdv.length} episodes vs ${stepAdv.length} step lists`);
  return stepAdv.map((steps, i) => steps.map((a) => episodeAdv[i] + omega * a));
}
