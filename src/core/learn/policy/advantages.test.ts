import { describe, expect, it } from 'vitest';
import { combineAdvantages, discountedReturns, gigpoStepAdvantages, grpoAdvantages } from './advantages';

describe('grpoAdvantages', () => {
  it('normalizes by the group mean and population std', () => {
    // mean 0.5, population std 0.5
    const a = grpoAdvantages([1, 0, 1, 0], 0);
    expect(a).toEqual([1, -1, 1, -1]);
    // mean 0.25, std sqrt(3)/4
    const b = grpoAdvantages([1, 0, 0, 0]);
    expect(b[0]).toBeCloseTo(0.75 / (Math.sqrt(3) / 4 + 1e-6), 12);
    expect(b[1]).toBeCloseTo(-0.25 / (Math.sqrt(3) / 4 + 1e-6), 12);
    // all equal: zero advantages (no signal), not NaN
    expect(grpoAdvantages([1, 1, 1])).toEqual([0, 0, 0]);
    expect(grpoAdvantages([])).toEqual([]);
  });
});

describe('gigpoStepAdvantages', () => {
  it('discounts returns', () => {
    expect(discountedReturns([0, 0, 1], 0.5)).toEqual([0.25, 0.5, 1]);
  });

  it('normalizes returns among steps sharing an anchor state; 0 for a lone anchor', () => {
    // Episode 1: s0 → s1 → success (returns 0.81, 0.9, 1 with γ = 0.9).
    // Episode 2: s0 → s2 → s2 → fail (returns 0, 0, 0).
    const adv = gigpoStepAdvantages(
      [
        { stateKeys: ['s0', 's1', 's3'], rewards: [0, 0, 1] },
        { stateKeys: ['s0', 's2', 's2'], rewards: [0, 0, 0] },
      ],
      0.9,
      0,
    );
    // s0: returns {0.81, 0}: mean 0.405, std 0.405 → ±1.
    expect(adv[0][0]).toBeCloseTo(1, 12);
    expect(adv[1][0]).toBeCloseTo(-1, 12);
    // s1 and s3 appear once: 0. s2 twice with equal returns: 0 / (0 + eps) = 0.
    expect(adv[0][1]).toBe(0);
    expect(adv[0][2]).toBe(0);
    expect(adv[1][1]).toBe(0);
    expect(adv[1][2]).toBe(0);
  });

  it('combines as A_E + ω·A_S', () => {
    expect(combineAdvantages([1, -1], [[0.5, 0], [2]], 0.5)).toEqual([[1.25, 1], [0]]);
    expect(() => combineAdvantages([1], [], 1)).toThrow(/episodes/);
  });
});
