import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng';
import { buildStepFeatures, candidateScoreBytes, featureBytes } from './features';
import { randomTable, syntheticScores } from './test-fixtures';

describe('buildStepFeatures', () => {
  const rng = createRng('features');
  const table = randomTable(rng, 16, 4);
  // Positions by token path: '' (all first tokens), '1', '1,2', '6', '6,7', '6,7,8' → 6.
  const scores = syntheticScores(rng, table, [[1, 2, 3], [1, 2, 4], [1, 5], [6, 7, 8, 2], [0]]);

  it('keeps each predicting position once, with each candidate token mapped to it', () => {
    const f = buildStepFeatures(scores);
    expect(f.positions).toBe(6);
    expect(f.hiddenSize).toBe(4);
    expect(f.logits).toBeUndefined();
    expect(f.hidden).toHaveLength(6 * 4);
    expect(f.candidates.map((c) => Array.from(c.pos))).toEqual([[0, 1, 2], [0, 1, 2], [0, 1], [0, 3, 4, 5], [0]]);
    expect(f.candidates.map((c) => Array.from(c.tok))).toEqual([[1, 2, 3], [1, 2, 4], [1, 5], [6, 7, 8, 2], [0]]);
    expect(f.baseScores).toEqual(scores.map((s) => s.logProb));
    // Every candidate token's stored row is the one the model returned for it.
    scores.forEach((s, c) => s.hidden!.forEach((h, i) => expect(Array.from(f.hidden!.subarray(f.candidates[c].pos[i] * 4, f.candidates[c].pos[i] * 4 + 4))).toEqual(Array.from(h))));
  });

  it('keeps logits instead for models without hidden states, and counts bytes', () => {
    const f = buildStepFeatures(scores.map((s) => ({ ...s, hidden: undefined })));
    expect(f.hidden).toBeUndefined();
    expect([f.positions, f.vocabSize, f.hiddenSize]).toEqual([6, 16, 0]);
    expect(featureBytes(f)).toBe(6 * 16 * 4 + 8 * 5 + 2 * 4 * 13);
    expect(featureBytes(buildStepFeatures(scores))).toBe(6 * 4 * 4 + 8 * 5 + 2 * 4 * 13);
    expect(candidateScoreBytes(scores)).toBe(13 * (16 + 4) * 4 + 8 * (5 + 2 * 13));
    expect(() => buildStepFeatures(scores.map((s) => ({ ...s, hidden: undefined, logits: undefined })))).toThrow(/withLogits/);
    expect(() => buildStepFeatures([])).toThrow(/no candidates/);
  });
});
