import { describe, expect, it } from 'vitest';
import { ci95, mean, pairedDifference, sampleStd, tQuantile975 } from './stats';

describe('stats', () => {
  it('mean and sample standard deviation', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
    // Σ(x − 5)² = 32 over 8 values: population std 2, sample std √(32/7).
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStd([3])).toBe(0);
  });

  it('t quantiles match the tables', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(2)).toBeCloseTo(4.303, 3);
    expect(tQuantile975(4)).toBeCloseTo(2.776, 3);
    expect(tQuantile975(30)).toBeCloseTo(2.042, 3);
    // Beyond the table: t_{.975,40} = 2.0211, t_{.975,120} = 1.9799, tending to 1.96.
    expect(tQuantile975(31)).toBeCloseTo(2.0395, 3);
    expect(tQuantile975(40)).toBeCloseTo(2.0211, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
    expect(tQuantile975(1e6)).toBeCloseTo(1.96, 3);
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });

  it('ci95 uses t with n − 1 degrees of freedom', () => {
    // [1, 2, 3]: mean 2, s = 1, half-width 4.303 / √3.
    const [lo, hi] = ci95([1, 2, 3]);
    expect(lo).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 6);
    expect(hi).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 6);
    // Two values, df = 1: [0, 1] → 0.5 ± 12.706 · 0.7071 / 1.4142 = 0.5 ± 6.353.
    const [lo2, hi2] = ci95([0, 1]);
    expect(lo2).toBeCloseTo(0.5 - 6.353103, 5);
    expect(hi2).toBeCloseTo(0.5 + 6.353103, 5);
    // Five values, df = 4.
    const five = [0.3, 0.4, 0.5, 0.6, 0.7];
    const half = (2.776445 * sampleStd(five)) / Math.sqrt(5);
    expect(ci95(five)[1] - 0.5).toBeCloseTo(half, 6);
    expect(ci95([0.42])).toEqual([0.42, 0.42]);
  });

  it('paired difference is taken seed by seed', () => {
    const d = pairedDifference([0.5, 0.6, 0.7], [0.4, 0.4, 0.4]);
    expect(d.perSeed.map((v) => Number(v.toFixed(10)))).toEqual([0.1, 0.2, 0.3]);
    expect(d.mean).toBeCloseTo(0.2, 12);
    expect(d.ci95[0]).toBeCloseTo(0.2 - (4.302653 * 0.1) / Math.sqrt(3), 6);
    expect(d.ci95[1]).toBeCloseTo(0.2 + (4.302653 * 0.1) / Math.sqrt(3), 6);
    // A constant shift has a zero-width interval even though each method's own spread is large.
    expect(pairedDifference([0.1, 0.5, 0.9], [0, 0.4, 0.8]).ci95.map((v) => Number(v.toFixed(10)))).toEqual([0.1, 0.1]);
    expect(() => pairedDifference([1], [1, 2])).toThrow(RangeError);
  });
});
