/**
 * The heads: the initial policy is the base model bit for bit, adapted rollout scores equal the
 * naive Σ log softmax(z + Δ)[y] and the training-time scores from features, A's init is seeded and
 * N(0, 1/d), serialization round-trips bit-exactly, and adapterNorm is ‖s·B·A‖_F.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng';
import { LogitBiasHead } from './bias-head';
import { buildStepFeatures } from './features';
import { adapterNorm, restoreHead } from './index';
import { LoraHead } from './lora-head';
import { naiveScore, normal, randomTable, syntheticScores } from './test-fixtures';

const V = 11;
const D = 7;
const PATHS = [[1, 2, 3], [1, 2, 4], [1, 5], [6, 7, 8, 2], [0], [10, 9]];

function bits(x: Float32Array): number[] {
  return Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));
}

describe('LoraHead', () => {
  it('starts as the base policy exactly (B = 0), with a seeded A ~ N(0, 1/d)', () => {
    const rng = createRng('heads');
    const table = randomTable(rng, V, D);
    const scores = syntheticScores(rng, table, PATHS);
    const head = new LoraHead({ vocab: V, hidden: D, rng: createRng(5) });
    expect(head.rank).toBe(8);
    expect(head.isIdentity()).toBe(true);
    const adapted = head.adaptedCandidateScores(scores);
    adapted.forEach((a, i) => expect(Object.is(a, scores[i].logProb)).toBe(true));
    // Training scores at B = 0 are the stored base scores exactly, too.
    const f = buildStepFeatures(scores);
    expect(head.scoreStep(f, table).scores).toEqual(f.baseScores);
    expect(bits(new LoraHead({ vocab: V, hidden: D, rng: createRng(5) }).params.A)).toEqual(bits(head.params.A));

    const big = new LoraHead({ vocab: 4, hidden: 256, rank: 16, rng: createRng(9) });
    const a = Array.from(big.params.A);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const variance = a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance * 256).toBeGreaterThan(0.9);
    expect(variance * 256).toBeLessThan(1.1);
  });

  it('adapts rollout scores as Σ log softmax(z + s·B·A·h)[y], equal to the scores it trains on', () => {
    const rng = createRng('heads-2');
    const table = randomTable(rng, V, D);
    const scores = syntheticScores(rng, table, PATHS);
    const head = new LoraHead({ vocab: V, hidden: D, rank: 3, alpha: 6, rng });
    head.params.B.forEach((_, i, B) => (B[i] = 0.5 * normal(rng)));
    const { A, B } = head.params;
    const delta = (h: Float32Array) =>
      Array.from({ length: V }, (_, v) => {
        let s = 0;
        for (let k = 0; k < 3; k++) for (let j = 0; j < D; j++) s += B[v * 3 + k] * A[k * D + j] * h[j];
        return 2 * s;
      });
    const adapted = head.adaptedCandidateScores(scores);
    const trained = head.scoreStep(buildStepFeatures(scores), table).scores;
    scores.forEach((s, c) => {
      const naive = naiveScore(s, (i) => delta(s.hidden![i]));
      expect(adapted[c]).toBeCloseTo(naive, 5);
      expect(trained[c]).toBeCloseTo(naive, 5);
      expect(adapted[c]).not.toBeCloseTo(s.logProb, 3);
    });
  });

  it('round-trips through JSON bit-exactly, and says what it needs', () => {
    const rng = createRng('heads-3');
    const head = new LoraHead({ vocab: V, hidden: D, rank: 4, alpha: 2, rng });
    head.params.B.forEach((_, i, B) => (B[i] = normal(rng) / 3));
    const back = restoreHead(JSON.parse(JSON.stringify(head.toJSON()))) as LoraHead;
    expect(back).toBeInstanceOf(LoraHead);
    expect([back.rank, back.alpha, back.hidden, back.vocab]).toEqual([4, 2, D, V]);
    expect(bits(back.params.A)).toEqual(bits(head.params.A));
    expect(bits(back.params.B)).toEqual(bits(head.params.B));
    const table = randomTable(rng, V, D);
    const scores = syntheticScores(rng, table, PATHS);
    expect(back.adaptedCandidateScores(scores)).toEqual(head.adaptedCandidateScores(scores));
    const noHidden = scores.map((s) => ({ ...s, hidden: undefined }));
    expect(() => head.adaptedCandidateScores(noHidden)).toThrow(/withHidden/);
    expect(() => head.scoreStep(buildStepFeatures(scores, { keep: 'logits' }), table)).toThrow(/LogitBiasHead/);
    expect(() => new LoraHead({ vocab: V, hidden: D })).toThrow(/rng/);
  });

  it('adapterNorm is the Frobenius norm of s·B·A (0 at start)', () => {
    const rng = createRng('heads-4');
    const head = new LoraHead({ vocab: V, hidden: D, rank: 3, alpha: 6, rng });
    expect(adapterNorm(head)).toBe(0);
    head.params.B.forEach((_, i, B) => (B[i] = normal(rng)));
    let sum = 0;
    for (let v = 0; v < V; v++) {
      for (let j = 0; j < D; j++) {
        let x = 0;
        for (let k = 0; k < 3; k++) x += head.params.B[v * 3 + k] * head.params.A[k * D + j];
        sum += (2 * x) ** 2;
      }
    }
    expect(adapterNorm(head)).toBeCloseTo(Math.sqrt(sum), 9);
  });
});

describe('LogitBiasHead', () => {
  it('is the base policy at b = 0, adds b to the logits otherwise, and round-trips', () => {
    const rng = createRng('bias');
    const table = randomTable(rng, V, D);
    const scores = syntheticScores(rng, table, PATHS);
    const head = new LogitBiasHead(V);
    head.adaptedCandidateScores(scores).forEach((a, i) => expect(Object.is(a, scores[i].logProb)).toBe(true));
    head.params.b.forEach((_, i, b) => (b[i] = normal(rng)));
    const adapted = head.adaptedCandidateScores(scores);
    const fromLogits = head.scoreStep(buildStepFeatures(scores, { keep: 'logits' })).scores;
    const fromHidden = head.scoreStep(buildStepFeatures(scores, { keep: 'hidden' }), table).scores;
    scores.forEach((s, c) => {
      const naive = naiveScore(s, () => head.params.b);
      expect(adapted[c]).toBeCloseTo(naive, 9);
      expect(fromLogits[c]).toBeCloseTo(naive, 9);
      expect(fromHidden[c]).toBeCloseTo(naive, 5);
    });
    const back = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
    expect(back).toBeInstanceOf(LogitBiasHead);
    expect(bits(back.params.b)).toEqual(bits(head.params.b));
    expect(adapterNorm(head)).toBeCloseTo(Math.hypot(...head.params.b), 5);
    expect(() => head.scoreStep(buildStepFeatures(scores, { keep: 'hidden' }))).toThrow(/no logits/);
  });
});
