/**
 * A deterministic stand-in for the language model, for tests of what surrounds the learner
 * (storage, the worker's control loop): each candidate is three tokens whose logits are a hash of
 * the prompt and the tokens before them. It has no hidden state, so the policy trains a logit bias.
 * Real-model behaviour (and resume equivalence on it) is tested in Node by jerp.test.ts.
 */
import type { CandidateScore, LanguageModel } from '../llm/types';
import { hashString } from '../util/rng';

export const STUB_VOCAB = 32;

function logitsAt(context: string): Float32Array {
  const out = new Float32Array(STUB_VOCAB);
  for (let v = 0; v < STUB_VOCAB; v++) out[v] = ((hashString(`${context}|${v}`) % 1000) / 1000) * 4;
  return out;
}

function score(prefix: string, candidate: string, withLogits: boolean): CandidateScore {
  const tokenIds = [0, 1, 2].map((i) => hashString(`${candidate}#${i}`) % STUB_VOCAB);
  const logits: Float32Array[] = [];
  const tokenLogProbs = tokenIds.map((id, i) => {
    const z = logitsAt(`${prefix}${tokenIds.slice(0, i).join(',')}`);
    logits.push(z);
    const max = Math.max(...z);
    const logSum = Math.log(z.reduce((s, x) => s + Math.exp(x - max), 0)) + max;
    return z[id] - logSum;
  });
  return { logProb: tokenLogProbs.reduce((s, x) => s + x, 0), tokenIds, tokenLogProbs, ...(withLogits ? { logits } : {}) };
}

export function stubModel(id = 'stub'): LanguageModel {
  return {
    info: { id, params: 0, bytes: 0, dtype: 'fp32', hiddenSize: 0, vocabSize: STUB_VOCAB, contextLength: 4096, device: 'cpu', hasHiddenState: false },
    tokenizeSegments: (segments) => segments.join('').split('').map((c) => c.charCodeAt(0) % STUB_VOCAB),
    scoreCandidates: async (prefix, candidates, options) => candidates.map((c) => score(prefix.join(''), c, Boolean(options?.withLogits))),
    generate: async () => '',
    dispose: async () => {},
  };
}
