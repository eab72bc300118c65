/**
 * The gradient of the policy objective is exact: central finite differences over EVERY parameter
 * entry of both heads, on a tiny synthetic setup where every term is active (non-zero B, pg samples
 * with the ratio inside the clip band, above it with A > 0 (clipped: no gradient), below it with
 * A > 0 (unclipped), negative advantages, the KL term, and internalization samples).
 *
 * Parameters are float32, the loss is computed in float64. A perturbation x ± h is rounded to
 * float32, so the difference quotient divides by the step actually taken, (x₊ − x₋), which keeps
 * the check exact to O(h²) for every entry.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng';
import { LogitBiasHead } from './bias-head';
import { buildStepFeatures, type StepFeatures } from './features';
import type { PolicyHead } from './head';
import { LoraHead } from './lora-head';
import { logSoftmax, type ObjectiveConfig, policyObjective, type PolicySample } from './objective';
import { normal, randomTable, syntheticScores } from './test-fixtures';
import type { OutputTable } from '../../llm/output-table';

const V = 9;
const D = 6;
const R = 3;
const CONFIG: ObjectiveConfig = { temperature: 0.8, clip: 0.2, klCoef: 0.3, internalizeCoef: 0.7 };

/** Token paths of a few steps: shared first tokens, shared longer prefixes, different lengths. */
const STEPS = [
  [[1, 2, 3], [1, 2, 4], [1, 5], [6, 7, 8, 2], [0]],
  [[3, 3], [3, 4, 5], [2], [8, 1, 1]],
  [[4], [5, 6], [5, 7], [7, 0, 1]],
  [[2, 1], [2, 2], [6], [6, 6, 6]],
  [[0, 4, 8], [1], [8, 8]],
  [[7, 3], [7, 4], [3, 7]],
];

interface Setup {
  table: OutputTable;
  features: StepFeatures[];
}

function setup(keep: 'hidden' | 'logits'): Setup {
  const rng = createRng(`fd-${keep}`);
  const table = randomTable(rng, V, D, 0.6);
  const features = STEPS.map((paths) => buildStepFeatures(syntheticScores(rng, table, paths), { keep }));
  return { table, features };
}

/**
 * Samples whose ratio sits where we want it, given the head's current policy: old = π/ρ_target on
 * the chosen action. Kinds: inside the band (A > 0 and A < 0), clipped (ρ = 1.5, A > 0), below the
 * band unclipped (ρ = 0.6, A > 0), and two internalization samples.
 */
function samples(head: PolicyHead, s: Setup): PolicySample[] {
  const plan: Array<{ kind: 'pg' | 'internalize'; ratio: number; advantage: number; chosen: number }> = [
    { kind: 'pg', ratio: 1.05, advantage: 1.3, chosen: 0 },
    { kind: 'pg', ratio: 0.9, advantage: -0.8, chosen: 2 },
    { kind: 'pg', ratio: 1.5, advantage: 0.9, chosen: 1 },
    { kind: 'pg', ratio: 0.6, advantage: 1.1, chosen: 3 },
    { kind: 'internalize', ratio: 1, advantage: 0, chosen: 2 },
    { kind: 'internalize', ratio: 1, advantage: 0, chosen: 0 },
  ];
  const rng = createRng('fd-samples');
  return plan.map((p, i) => {
    const features = s.features[i];
    const pi = logSoftmax(head.scoreStep(features, s.table).scores, CONFIG.temperature).map(Math.exp);
    const oldProbs = pi.map((x, j) => (j === p.chosen ? x / p.ratio : x));
    const refLogProbs = logSoftmax(
      features.baseScores.map((b) => b + 0.5 * normal(rng)),
      CONFIG.temperature,
    );
    return { features, chosen: p.chosen, oldProbs, refLogProbs, advantage: p.advantage, kind: p.kind };
  });
}

/** Max relative error of the analytic gradient against central differences, over every entry. */
function checkEveryEntry(head: PolicyHead, s: Setup, list: PolicySample[]): { entries: number; maxRel: number; minMagnitude: number } {
  const { grads } = policyObjective(head, list, CONFIG, s.table);
  const loss = () => policyObjective(head, list, CONFIG, s.table).loss;
  let entries = 0;
  let maxRel = 0;
  let minMagnitude = Infinity;
  for (const [name, p] of Object.entries(head.params)) {
    expect(grads[name]).toHaveLength(p.length);
    for (let i = 0; i < p.length; i++) {
      const x = p[i];
      const h = 1e-3 * Math.max(1, Math.abs(x));
      p[i] = x + h;
      const xp = p[i];
      const lp = loss();
      p[i] = x - h;
      const xm = p[i];
      const lm = loss();
      p[i] = x;
      const fd = (lp - lm) / (xp - xm);
      const an = grads[name][i];
      const mag = Math.max(Math.abs(fd), Math.abs(an));
      minMagnitude = Math.min(minMagnitude, mag);
      maxRel = Math.max(maxRel, Math.abs(fd - an) / mag);
      entries++;
    }
  }
  return { entries, maxRel, minMagnitude };
}

describe('policyObjective gradient (finite differences, every parameter)', () => {
  it('LoRA head (A and B, non-zero B, scale alpha/r = 2)', () => {
    const s = setup('hidden');
    const rng = createRng('fd-lora');
    const head = new LoraHead({ vocab: V, hidden: D, rank: R, alpha: 2 * R, rng });
    head.params.B.forEach((_, i, B) => (B[i] = 0.4 * normal(rng)));
    const list = samples(head, s);
    const result = policyObjective(head, list, CONFIG, s.table);
    // Every term is live: one pg sample of four clipped, ratios as planned, KL and internalization non-zero.
    expect(result.stats.clipFraction).toBeCloseTo(0.25, 12);
    expect(result.stats.ratioMean).toBeCloseTo((1.05 + 0.9 + 1.5 + 0.6) / 4, 9);
    expect(result.stats.kl).toBeGreaterThan(0);
    expect(result.stats.internalizeLoss).toBeGreaterThan(0);
    const check = checkEveryEntry(head, s, list);
    console.log(`FD LoRA: ${check.entries} entries (A ${R}×${D}, B ${V}×${R}), max relative error ${check.maxRel.toExponential(2)}, smallest |grad| ${check.minMagnitude.toExponential(2)}`);
    expect(check.entries).toBe(R * D + V * R);
    expect(check.minMagnitude).toBeGreaterThan(1e-6);
    expect(check.maxRel).toBeLessThan(1e-3);
  });

  it('logit-bias head, on stored logits and on W·h from hidden states', () => {
    for (const keep of ['logits', 'hidden'] as const) {
      const s = setup(keep);
      const rng = createRng(`fd-bias-${keep}`);
      const head = new LogitBiasHead(V, Float32Array.from({ length: V }, () => 0.5 * normal(rng)));
      const list = samples(head, s);
      expect(policyObjective(head, list, CONFIG, s.table).stats.clipFraction).toBeCloseTo(0.25, 12);
      const check = checkEveryEntry(head, s, list);
      console.log(`FD bias (${keep}): ${check.entries} entries, max relative error ${check.maxRel.toExponential(2)}, smallest |grad| ${check.minMagnitude.toExponential(2)}`);
      expect(check.entries).toBe(V);
      expect(check.minMagnitude).toBeGreaterThan(1e-6);
      expect(check.maxRel).toBeLessThan(1e-3);
    }
  });

  it('the loss is the sum of its parts; at B = 0 only B gets a gradient', () => {
    const s = setup('hidden');
    const head = new LoraHead({ vocab: V, hidden: D, rank: R, rng: createRng(1) });
    const list = samples(head, s);
    const r = policyObjective(head, list, CONFIG, s.table);
    expect(r.loss).toBeCloseTo(r.stats.policyLoss + CONFIG.klCoef * r.stats.kl + CONFIG.internalizeCoef * r.stats.internalizeLoss, 12);
    // B = 0: A gets no gradient (Bᵀδ = 0), B does.
    expect(r.grads.A.every((g) => g === 0)).toBe(true);
    expect(r.grads.B.some((g) => g !== 0)).toBe(true);
  });

  it('rejects samples whose sizes do not match their candidates', () => {
    const s = setup('hidden');
    const head = new LoraHead({ vocab: V, hidden: D, rank: R, rng: createRng(1) });
    const [good] = samples(head, s);
    expect(() => policyObjective(head, [{ ...good, chosen: 99 }], CONFIG, s.table)).toThrow(/chose 99/);
    expect(() => policyObjective(head, [{ ...good, oldProbs: [1] }], CONFIG, s.table)).toThrow(/oldProbs/);
    expect(() => policyObjective(head, [good], CONFIG)).toThrow(/output table/);
  });
});
