/**
 * The compact training data of one decision. The model returns, per candidate and per token, the
 * hidden state (d floats) and logits (V floats) at the predicting position; candidates share
 * positions (all first tokens are predicted at the prefix's last position; " go to cabinet 1" and
 * " go to cabinet 2" share three more). Keeping each distinct position once, and only its hidden
 * state (the logits are recomputed as W·h with the output table), shrinks a step ~10× and lets a
 * whole group's steps stay in memory until the update.
 */
import type { CandidateScore } from '../../llm/types';

/** Where candidate c's tokens are predicted: tok[i] is predicted at distinct position pos[i]. */
export interface CandidateSteps {
  pos: Int32Array;
  tok: Int32Array;
}

export interface StepFeatures {
  /** Number of distinct predicting positions P. */
  positions: number;
  /** d when `hidden` is kept, else 0. */
  hiddenSize: number;
  /** V when `logits` is kept, else 0. */
  vocabSize: number;
  /** P × d final hidden states (models with a last_hidden_state output). */
  hidden?: Float32Array;
  /** P × V raw logits (models without hidden states: the logit-bias head trains on these). */
  logits?: Float32Array;
  candidates: CandidateSteps[];
  /** The unadapted model's candidate scores (summed token log-probs), exactly as it returned them. */
  baseScores: number[];
}

export interface FeatureOptions {
  /** What to keep per position. Default: 'hidden' when every candidate has hidden states, else 'logits'. */
  keep?: 'hidden' | 'logits';
}

/** Dedupes positions by token path: candidate c's token i is predicted after tokens 0..i-1 of c. */
export function buildStepFeatures(scores: readonly CandidateScore[], options: FeatureOptions = {}): StepFeatures {
  if (scores.length === 0) throw new Error('buildStepFeatures: no candidates');
  const hasHidden = scores.every((s) => s.hidden && s.hidden.length === s.tokenIds.length);
  const hasLogits = scores.every((s) => s.logits && s.logits.length === s.tokenIds.length);
  const keep = options.keep ?? (hasHidden ? 'hidden' : 'logits');
  if (keep === 'hidden' && !hasHidden) throw new Error('buildStepFeatures: keep "hidden" needs scoreCandidates(..., { withHidden: true })');
  if (keep === 'logits' && !hasLogits) throw new Error('buildStepFeatures: the model gives no hidden states; score with { withLogits: true } to keep logits');

  // First pass: assign position indices and remember which (candidate, token) row each came from.
  const index = new Map<string, number>();
  const source: Float32Array[] = [];
  const candidates: CandidateSteps[] = scores.map((s) => {
    const pos = new Int32Array(s.tokenIds.length);
    let key = '';
    for (let i = 0; i < s.tokenIds.length; i++) {
      let p = index.get(key);
      if (p === undefined) {
        p = source.length;
        index.set(key, p);
        source.push(keep === 'hidden' ? s.hidden![i] : s.logits![i]);
      }
      pos[i] = p;
      key += `${s.tokenIds[i]},`;
    }
    return { pos, tok: Int32Array.from(s.tokenIds) };
  });

  const width = source[0]?.length ?? 0;
  const rows = new Float32Array(source.length * width);
  source.forEach((row, p) => {
    if (row.length !== width) throw new Error(`buildStepFeatures: position ${p} has ${row.length} values, expected ${width}`);
    rows.set(row, p * width);
  });
  return {
    positions: source.length,
    hiddenSize: keep === 'hidden' ? width : 0,
    vocabSize: keep === 'logits' ? width : 0,
    ...(keep === 'hidden' ? { hidden: rows } : { logits: rows }),
    candidates,
    baseScores: scores.map((s) => s.logProb),
  };
}

/** Bytes a step's features hold (typed arrays plus 8 per base score): the memory the learner keeps per step. */
export function featureBytes(f: StepFeatures): number {
  let bytes = (f.hidden?.byteLength ?? 0) + (f.logits?.byteLength ?? 0) + 8 * f.baseScores.length;
  for (const c of f.candidates) bytes += c.pos.byteLength + c.tok.byteLength;
  return bytes;
}

/** Bytes of the raw per-candidate, per-token hidden states and logits the model returned (before dedupe). */
export function candidateScoreBytes(scores: readonly CandidateScore[]): number {
  let bytes = 0;
  for (const s of scores) {
    for (const h of s.hidden ?? []) bytes += h.byteLength;
    for (const z of s.logits ?? []) bytes += z.byteLength;
    bytes += 8 * (1 + 2 * s.tokenIds.length);
  }
  return bytes;
}
