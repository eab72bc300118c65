import { describe, expect, it } from 'vitest';
import { KvBufferPool, appendToCache, truncateCache } from './kvCache';

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

describe('appendToCache', () => {
  // value = head * 100 + position * 10 + dim, positions counted from the start of the cache
  const entry = (name: string, heads: number, from: number, positions: number, dims = 2) => ({
    name,
    dims: [1, heads, positions, dims],
    data: Float32Array.from({ length: heads * positions * dims }, (_, i) => {
      const head = Math.floor(i / (positions * dims));
      return head * 100 + (from + Math.floor((i % (positions * dims)) / dims)) * 10 + (i % dims);
    }),
  });

  it('puts the kept new positions after the past in every head, as present truncated to them', () => {
    const past = [entry('past_key_values.0.key', 2, 0, 2)];
    const added = [entry('past_key_values.0.key', 2, 2, 3)];
    const [out] = appendToCache(past, added, 2);
    expect(out.dims).toEqual([1, 2, 4, 2]);
    expect([...out.data]).toEqual([...truncateCache([entry('p', 2, 0, 5)], 4)[0].data]);
    expect([...out.data]).toEqual([0, 1, 10, 11, 20, 21, 30, 31, 100, 101, 110, 111, 120, 121, 130, 131]);
  });

  it('matches entries by name and works from an empty past', () => {
    const past = [entry('past_key_values.0.key', 1, 0, 0), entry('past_key_values.0.value', 1, 0, 0)];
    const added = [entry('past_key_values.0.value', 1, 0, 2), entry('past_key_values.0.key', 1, 0, 2)].map((e, i) => ({ ...e, data: e.data.map((x) => x + i * 1000) }));
    const [key, value] = appendToCache(past, added, 1);
    expect(key.name).toBe('past_key_values.0.key');
    expect([...key.data]).toEqual([1000, 1001]);
    expect([...value.data]).toEqual([0, 1]);
  });

  it('refuses new positions that do not fit the past', () => {
    const past = [entry('past_key_values.0.key', 2, 0, 2)];
    expect(() => appendToCache(past, [entry('past_key_values.0.key', 2, 2, 1)], 2)).toThrow(/cannot keep 2 of 1/);
    expect(() => appendToCache(past, [entry('past_key_values.0.key', 1, 2, 1)], 1)).toThrow(/dims/);
    expect(() => appendToCache(past, [entry('past_key_values.1.key', 2, 2, 1)], 1)).toThrow(/no new positions/);
    expect(() => appendToCache(past, [], 1)).toThrow(/0 new entries/);
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
