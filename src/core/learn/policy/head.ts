/**
 * The trainable policy head: a change Δ to the logits at every predicting position (LoRA on the
 * hidden state, or a bias on the logits). A candidate's adapted score is its base score plus, per
 * token, the change in that token's log-prob:
 *
 *   score'_c = base_c + Σ_i [ Δ_p[y_i] − (lse(z_p + Δ_p) − lse(z_p)) ],   p = pos_i
 *
 * which equals Σ_i log softmax(z_p + Δ_p)[y_i] with the model's own logits z. Written as a
 * correction, z enters only through the difference of two log-sum-exps: at Δ = 0 the score is the
 * model's own logProb bit for bit (rollouts) and, in training, where z is recomputed as W·h, the
 * tiny W·h-versus-runtime difference cancels instead of shifting every ratio π_θ/π_old.
 *
 * Training runs per step: `scoreStep` computes the adapted scores and keeps softmax(z + Δ) per
 * position (transient, P × V); `backward` turns dL/dscore into per-position dL/dz' and hands it to
 * the head, which accumulates its parameter gradients.
 */
import { logSumExp } from '../../llm/logits';
import type { CandidateScore } from '../../llm/types';
import type { OutputTable } from '../../llm/output-table';
import type { StepFeatures } from './features';

export type Grads = Record<string, Float64Array>;

export interface StepPass {
  /** Adapted candidate scores (summed token log-probs). */
  scores: number[];
  /** Adds dL/dparams to `grads` given dL/dscore_c; may be called once. */
  backward(gScores: readonly number[], grads: Grads): void;
  /** Distinct positions processed (for speed reports). */
  positions: number;
}

export interface HeadJSON {
  format: 'jerp-policy-head/1';
  kind: 'lora' | 'bias';
  vocab: number;
  /** LoRA only. */
  hidden?: number;
  rank?: number;
  alpha?: number;
  /** Parameter tensors, little-endian float32 bytes in base64. */
  params: Record<string, string>;
}

export interface PolicyHead {
  readonly kind: 'lora' | 'bias';
  readonly vocab: number;
  /** Named trainable tensors; the optimizer updates them in place. */
  readonly params: Record<string, Float32Array>;
  /** Shapes of `params` (row-major). */
  readonly shapes: Record<string, number[]>;
  /** True while the head changes nothing (B = 0, or b = 0): the base policy exactly. */
  isIdentity(): boolean;
  /** Rollout scores from what the model returned (its logits, and hidden states for LoRA). */
  adaptedCandidateScores(scores: readonly CandidateScore[]): number[];
  /** Training: adapted scores of a step's candidates from its features (LoRA needs the output table). */
  scoreStep(features: StepFeatures, table?: OutputTable): StepPass;
  /** Zero gradients with the shapes of `params`. */
  zeroGrads(): Grads;
  toJSON(): HeadJSON;
}

/** What a head contributes at position p; `delta` returns false when Δ_p is all zero (it need not write then). */
export interface PositionAdapter {
  delta(p: number, out: Float64Array): boolean;
  backward(p: number, dz: Float64Array, grads: Grads): void;
}

/**
 * The shared forward/backward of a step. `baseLogits(out)` writes z_p for every position (P × V;
 * the buffer then holds softmax(z_p + Δ_p) in place, for backward), `adapter` supplies Δ_p and
 * takes dL/dz'_p.
 */
export function runStep(features: StepFeatures, vocab: number, baseLogits: (out: Float64Array) => void, adapter: PositionAdapter): StepPass {
  const P = features.positions;
  const { candidates } = features;
  // Per position, the (candidate, token index) pairs predicted there.
  const users: Array<Array<[number, number]>> = Array.from({ length: P }, () => []);
  candidates.forEach((c, ci) => c.pos.forEach((p, i) => users[p].push([ci, i])));

  const probs = new Float64Array(P * vocab);
  baseLogits(probs);
  const delta = new Float64Array(vocab);
  const scores = features.baseScores.slice();
  for (let p = 0; p < P; p++) {
    const z = probs.subarray(p * vocab, (p + 1) * vocab);
    const lse0 = logSumExp(z);
    const moved = adapter.delta(p, delta);
    if (moved) for (let v = 0; v < vocab; v++) z[v] += delta[v];
    // One exp pass gives both softmax(z') and lse(z').
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) if (z[v] > max) max = z[v];
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += z[v] = Math.exp(z[v] - max);
    for (let v = 0; v < vocab; v++) z[v] /= sum;
    // At Δ = 0 the shift is exactly 0 (the scores stay the stored base scores bit for bit).
    const shift = moved ? max + Math.log(sum) - lse0 : 0;
    for (const [ci, i] of users[p]) scores[ci] += (moved ? delta[candidates[ci].tok[i]] : 0) - shift;
  }

  let used = false;
  const backward = (gScores: readonly number[], grads: Grads): void => {
    if (used) throw new Error('StepPass.backward: called twice');
    used = true;
    if (gScores.length !== candidates.length) throw new Error(`backward: ${gScores.length} gradients for ${candidates.length} candidates`);
    const dz = new Float64Array(vocab);
    for (let p = 0; p < P; p++) {
      // dscore_c/dz'_p = Σ_{i at p} (e_{y_i} − q_p)  ⇒  dz = Σ g_c e_y − (Σ g_c) q_p
      let total = 0;
      let any = false;
      for (const [ci] of users[p]) {
        total += gScores[ci];
        any ||= gScores[ci] !== 0;
      }
      if (!any) continue;
      const q = probs.subarray(p * vocab, (p + 1) * vocab);
      for (let v = 0; v < vocab; v++) dz[v] = -total * q[v];
      for (const [ci, i] of users[p]) dz[candidates[ci].tok[i]] += gScores[ci];
      adapter.backward(p, dz, grads);
    }
  };
  return { scores, backward, positions: P };
}

/**
 * Rollout scores: logProb + Σ_i [Δ[y_i] − lse(z + Δ) + lse(z)] over each candidate's tokens, with
 * positions shared by token path computed once. `deltaFor(score, i, out)` writes Δ for token i of a
 * candidate (from its hidden state, for LoRA).
 */
export function adaptScores(scores: readonly CandidateScore[], vocab: number, deltaFor: (s: CandidateScore, i: number, out: Float64Array) => void): number[] {
  const seen = new Map<string, { delta: Float64Array; shift: number }>();
  const z = new Float64Array(vocab);
  return scores.map((s, c) => {
    if (!s.logits || s.logits.length !== s.tokenIds.length) throw new Error(`adaptedCandidateScores: candidate ${c} has no logits; score with { withLogits: true }`);
    let score = s.logProb;
    let key = '';
    for (let i = 0; i < s.tokenIds.length; i++) {
      let at = seen.get(key);
      if (!at) {
        const logits = s.logits[i];
        if (logits.length !== vocab) throw new Error(`adaptedCandidateScores: logits have ${logits.length} entries, the head ${vocab}`);
        const delta = new Float64Array(vocab);
        deltaFor(s, i, delta);
        for (let v = 0; v < vocab; v++) z[v] = logits[v] + delta[v];
        at = { delta, shift: logSumExp(z) - logSumExp(logits) };
        seen.set(key, at);
      }
      score += at.delta[s.tokenIds[i]] - at.shift;
      key += `${s.tokenIds[i]},`;
    }
    return score;
  });
}

export function allZero(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}
