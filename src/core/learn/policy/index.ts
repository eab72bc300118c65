/**
 * The policy learner's public API: step features, the trainable heads (LoRA on the hidden state,
 * or a logit bias), the clipped/KL/internalization objective with its exact gradient, GRPO/GiGPO
 * advantages, and Adam. Everything is plain TypeScript over typed arrays (browser worker or Node).
 */
import { LogitBiasHead } from './bias-head';
import type { HeadJSON, PolicyHead } from './head';
import { LoraHead } from './lora-head';

export { buildStepFeatures, featureBytes, candidateScoreBytes, type StepFeatures, type CandidateSteps, type FeatureOptions } from './features';
export type { PolicyHead, HeadJSON, Grads, StepPass } from './head';
export { LoraHead, type LoraOptions } from './lora-head';
export { LogitBiasHead } from './bias-head';
export { policyObjective, logSoftmax, type PolicySample, type ObjectiveConfig, type ObjectiveResult, type ObjectiveStats } from './objective';
export { grpoAdvantages, gigpoStepAdvantages, combineAdvantages, discountedReturns, type GigpoEpisode } from './advantages';
export { Adam, type AdamConfig, type AdamJSON, type AdamStepInfo } from './adam';
export { readOutputTable, logitsFromHidden, logitsForPositions, type OutputTable } from '../../llm/output-table';

/** A head from its toJSON() output (bit-exact parameters). */
export function restoreHead(json: HeadJSON): PolicyHead {
  if (json.format !== 'jerp-policy-head/1') throw new Error(`restoreHead: unknown format ${String(json.format)}`);
  if (json.kind === 'lora') return LoraHead.fromJSON(json);
  if (json.kind === 'bias') return LogitBiasHead.fromJSON(json);
  throw new Error(`restoreHead: unknown head kind ${String((json as { kind: unknown }).kind)}`);
}

/**
 * Size of the head's change to the logits map, for charts: ‖s·B·A‖_F for LoRA (computed as
 * s·sqrt(Σ (BᵀB)∘(AAᵀ)) over r×r matrices, never forming the V×d product), ‖b‖ for the bias head.
 */
export function adapterNorm(head: PolicyHead): number {
  if (head instanceof LoraHead) {
    const { A, B } = head.params;
    const { rank: r, vocab: V, hidden: d } = head;
    let sum = 0;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        let btb = 0;
        for (let v = 0; v < V; v++) btb += B[v * r + i] * B[v * r + j];
        let aat = 0;
        for (let k = 0; k < d; k++) aat += A[i * d + k] * A[j * d + k];
        sum += btb * aat;
      }
    }
    return head.scale * Math.sqrt(Math.max(0, sum));
  }
  let sum = 0;
  for (const x of Object.values(head.params)) for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return Math.sqrt(sum);
}
