/**
 * The policy update's loss and its exact gradient (DESIGN.md §1 step 2):
 *
 *   L = mean_pg −min(ρA, clip(ρ, 1±ε)A)           ρ = π_θ(a)/π_old(a)  (PPO-clip against the rollout policy)
 *     + klCoef · mean_pg KL(π_θ ‖ π_ref)            exact over the candidate set
 *     + internalizeCoef · mean_int −log π_θ(a)      rule-free prompt → the action a ruled rollout took
 *
 * with π_θ = softmax(score_θ / τ) over a step's candidates. Every sample's terms depend on its own
 * scores only, so samples run one at a time: forward (scores, keeping softmax per position),
 * dL/dscore, backward into the head's gradients, then the step's transient buffers are dropped.
 */
import type { OutputTable } from '../../llm/output-table';
import type { StepFeatures } from './features';
import { logSumExp } from '../../llm/logits';
import type { Grads, PolicyHead } from './head';

export interface PolicySample {
  features: StepFeatures;
  /** Index of the action taken. */
  chosen: number;
  /** π_old over the candidates at rollout time (the rollout's probs). */
  oldProbs: number[];
  /** log π_ref over the candidates (the initial policy: base scores / τ, log-softmaxed). */
  refLogProbs: number[];
  /** GRPO (+ GiGPO) advantage of this step; ignored for 'internalize'. */
  advantage: number;
  /** internalize: maximize log π_θ(chosen) on features computed on the rule-free prompt. */
  kind: 'pg' | 'internalize';
}

export interface ObjectiveConfig {
  /** τ of the rollout policy (≤ 0 means 1, as in agent/policy.ts). */
  temperature: number;
  /** ε of the clipped ratio, e.g. 0.2. */
  clip: number;
  /** e.g. 0.02. */
  klCoef: number;
  /** λ of the internalization term. */
  internalizeCoef: number;
}

export interface ObjectiveStats {
  policyLoss: number;
  kl: number;
  /** Fraction of pg samples whose clipped branch was taken (no gradient from them). */
  clipFraction: number;
  internalizeLoss: number;
  ratioMean: number;
  pgSamples: number;
  internalizeSamples: number;
  /** Distinct positions processed (each costs one W·h). */
  positions: number;
}

export interface ObjectiveResult {
  loss: number;
  /** dL/dparams, same names and lengths as head.params. */
  grads: Grads;
  stats: ObjectiveStats;
}

/** log softmax(values / τ) (τ ≤ 0 means 1): e.g. refLogProbs from the base scores. */
export function logSoftmax(values: readonly number[], temperature = 1): number[] {
  const t = temperature > 0 ? temperature : 1;
  const x = values.map((v) => v / t);
  const lse = logSumExp(x);
  return x.map((v) => v - lse);
}

export function policyObjective(head: PolicyHead, samples: readonly PolicySample[], config: ObjectiveConfig, table?: OutputTable): ObjectiveResult {
  const tau = config.temperature > 0 ? config.temperature : 1;
  const eps = config.clip;
  const nPg = samples.filter((s) => s.kind === 'pg').length;
  const nInt = samples.length - nPg;
  const grads = head.zeroGrads();
  const stats: ObjectiveStats = { policyLoss: 0, kl: 0, clipFraction: 0, internalizeLoss: 0, ratioMean: 0, pgSamples: nPg, internalizeSamples: nInt, positions: 0 };

  for (const [index, sample] of samples.entries()) {
    const n = sample.features.candidates.length;
    const a = sample.chosen;
    if (!(a >= 0 && a < n)) throw new Error(`policyObjective: sample ${index} chose ${a} of ${n} candidates`);
    if (sample.kind === 'pg' && (sample.oldProbs.length !== n || sample.refLogProbs.length !== n)) {
      throw new Error(`policyObjective: sample ${index} has ${n} candidates but ${sample.oldProbs.length} oldProbs / ${sample.refLogProbs.length} refLogProbs`);
    }
    const pass = head.scoreStep(sample.features, table);
    stats.positions += pass.positions;
    const logPi = logSoftmax(pass.scores, tau);
    const pi = logPi.map(Math.exp);
    // gx = dL/dx with x = score/τ; dL/dscore = gx/τ.
    const gx = new Array<number>(n).fill(0);

    if (sample.kind === 'internalize') {
      const w = config.internalizeCoef / nInt;
      stats.internalizeLoss -= logPi[a] / nInt;
      // d(−log π_a)/dx_j = π_j − [j = a]
      for (let j = 0; j < n; j++) gx[j] += w * (pi[j] - (j === a ? 1 : 0));
    } else {
      const A = sample.advantage;
      const ratio = Math.exp(logPi[a] - Math.log(Math.max(sample.oldProbs[a], 1e-300)));
      const clipped = Math.min(Math.max(ratio, 1 - eps), 1 + eps);
      const unclippedTerm = ratio * A;
      const clippedTerm = clipped * A;
      const takesClipped = clippedTerm < unclippedTerm;
      stats.policyLoss -= Math.min(unclippedTerm, clippedTerm) / nPg;
      stats.ratioMean += ratio / nPg;
      if (takesClipped) stats.clipFraction += 1 / nPg;
      else {
        // d(−ρA)/dx_j = −A ρ ([j = a] − π_j)
        for (let j = 0; j < n; j++) gx[j] += (-A * ratio * ((j === a ? 1 : 0) - pi[j])) / nPg;
      }
      // KL = Σ π (log π − log ref);  dKL/dx_j = π_j (log π_j − ref_j − KL)
      let kl = 0;
      for (let j = 0; j < n; j++) if (pi[j] > 0) kl += pi[j] * (logPi[j] - sample.refLogProbs[j]);
      stats.kl += kl / nPg;
      const wk = config.klCoef / nPg;
      if (wk !== 0) for (let j = 0; j < n; j++) if (pi[j] > 0) gx[j] += wk * pi[j] * (logPi[j] - sample.refLogProbs[j] - kl);
    }
    pass.backward(
      gx.map((g) => g / tau),
      grads,
    );
  }
  const loss = stats.policyLoss + config.klCoef * stats.kl + config.internalizeCoef * stats.internalizeLoss;
  return { loss, grads, stats };
}
