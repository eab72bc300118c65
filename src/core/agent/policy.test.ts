import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { chooseIndex, distribution, softmax } from './policy';

describe('policy', () => {
  it('softmax sums to one and sharpens as the temperature falls', () => {
    const p1 = softmax([-1, -2, -3]);
    expect(p1.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(softmax([-1, -2, -3], 0.5)[0]).toBeGreaterThan(p1[0]);
  });

  it('greedy takes the best score; sampling is seeded and follows the probabilities', () => {
    const dist = distribution(['a', 'b', 'c'], [-2, -0.1, -3]);
    expect(chooseIndex(dist, 0)).toBe(1);
    const rng = createRng(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[chooseIndex(dist, 1, rng)]++;
    dist.probs.forEach((p, i) => expect(counts[i] / 4000).toBeCloseTo(p, 1));
    expect(() => chooseIndex(dist, 1)).toThrow(/seeded/);
  });
});
