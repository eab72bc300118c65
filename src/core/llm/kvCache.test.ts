import { describe, expect, it } from 'vitest';
import { KvBufferPool, truncateCache } from './kvCache';

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

describe('KvBufferPool', () => {
  const entry = (length: number) => ({ name: 'past_key_values.0.key', dims: [1, 2, length, 3], data: Float32Array.from({ length: 6 * length }, (_, i) => i) });

  it('truncates onto pooled buffers, with the same values as fresh arrays', () => {
    const pool = new KvBufferPool();
    const cache = [entry(5)];
    const [pooled] = truncateCache(cache, 4, (n) => pool.take(n));
    const [fresh] = truncateCache(cache, 4);
    expect(pooled.data).toHaveLength(24);
    expect([...pooled.data]).toEqual([...fresh.data]);
  });

  it('reuses a released buffer once, and never hands one buffer to two live caches', () => {
    const pool = new KvBufferPool();
    const first = truncateCache([entry(5)], 4, (n) => pool.take(n));
    pool.release(first);
    pool.release(first); // a second release of the same cache is ignored
    expect(pool.idleCount).toBe(1);
    const second = truncateCache([entry(6)], 5, (n) => pool.take(n));
    const third = truncateCache([entry(6)], 5, (n) => pool.take(n));
    expect(second[0].data.buffer).toBe(first[0].data.buffer);
    expect(third[0].data.buffer).not.toBe(second[0].data.buffer);
    expect(pool.idleCount).toBe(0);
  });

  it('leaves arrays it did not make to the garbage collector', () => {
    const pool = new KvBufferPool();
    pool.release([entry(3)]);
    expect(pool.idleCount).toBe(0);
  });
});
