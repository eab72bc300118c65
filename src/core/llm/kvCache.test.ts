import { describe, expect, it } from 'vitest';
import { truncateCache } from './kvCache';

describe('truncateCache', () => {
  it('keeps the first positions of every head', () => {
    // [1, 2 heads, 3 positions, 2 dims]: value = head * 100 + position * 10 + dim
    const data = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 6) * 100 + Math.floor((i % 6) / 2) * 10 + (i % 2));
    const [kept] = truncateCache([{ name: 'past_key_values.0.key', dims: [1, 2, 3, 2], data }], 2);
    expect(kept.dims).toEqual([1, 2, 2, 2]);
    expect([...kept.data]).toEqual([0, 1, 10, 11, 100, 101, 110, 111]);
  });

  it('refuses a batch or a length it cannot cut', () => {
    const entry = { name: 'past_key_values.0.key', dims: [2, 1, 1, 1], data: new Float32Array(2) };
    expect(() => truncateCache([entry], 1)).toThrow(/single-row/);
    expect(() => truncateCache([{ ...entry, dims: [1, 1, 2, 1] }], 3)).toThrow(/cannot keep 3 of 2/);
  });
});
