/**
 * Plain-data KV caches: the model's `present.*` outputs kept as CPU Float32Arrays, so one prefix
 * can be tiled across a batch of candidates and extended at the next step, on every backend
 * (WebGPU outputs are downloaded once per prefix, not once per candidate).
 */
import { Tensor } from '@huggingface/transformers';

export interface KvEntry {
  /** Input name, e.g. "past_key_values.0.key". */
  name: string;
  /** [batch, heads, length, headDim] */
  dims: number[];
  data: Float32Array;
}

export type KvCache = KvEntry[];

/** The input a cache output feeds at the next call: `present.0.key` and `new_key_values.0.key` both feed `past_key_values.0.key`. */
export function pastName(outputName: string): string {
  return outputName.replace(/^(present|new_key_values)/, 'past_key_values');
}

export async function tensorData(tensor: Tensor): Promise<Float32Array> {
  const t = tensor as unknown as { location?: string; ort_tensor: { getData(release?: boolean): Promise<unknown> }; data: unknown };
  if (t.location === 'gpu-buffer') return (await t.ort_tensor.getData(true)) as Float32Array;
  return t.data as Float32Array;
}

/** Collects the `present.*` outputs of one forward call (or those starting with `kind`), named by the past input each feeds. */
export async function cacheFromOutputs(outputs: Record<string, Tensor>, kind: 'present.' | 'new_key_values.' = 'present.'): Promise<KvCache> {
  const cache: KvCache = [];
  for (const [name, tensor] of Object.entries(outputs)) {
    if (!name.startsWith(kind)) continue;
    cache.push({ name: pastName(name), dims: [...tensor.dims], data: await tensorData(tensor) });
  }
  return cache;
}

/** Feeds for a batch of `batch` rows that all share one single-row cache. */
export function tiledFeeds(cache: KvCache, batch: number): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const entry of cache) {
    if (entry.dims[0] !== 1) throw new Error(`kvCache: expected a single-row cache for ${entry.name}`);
    let data = entry.data;
    if (batch > 1) {
      data = new Float32Array(entry.data.length * batch);
      for (let b = 0; b < batch; b++) data.set(entry.data, b * entry.data.length);
    }
    feeds[entry.name] = new Tensor('float32', data, [batch, ...entry.dims.slice(1)]);
  }
  return feeds;
}

export function cacheLength(cache: KvCache): number {
  return cache.length === 0 ? 0 : cache[0].dims[2];
}

/**
 * The cache of the first `length` positions of a single-row cache ([1, heads, positions, headDim]):
 * what a forward that fed a prefix's new tokens and then candidates leaves for the prefix alone.
 * `alloc` gives the floats of each entry (default: a new array; a KvBufferPool reuses them).
 */
export function truncateCache(cache: KvCache, length: number, alloc: (floats: number) => Float32Array = (n) => new Float32Array(n)): KvCache {
  return cache.map((entry) => {
    const [batch, heads, positions, headDim] = entry.dims;
    if (batch !== 1) throw new Error(`kvCache: expected a single-row cache for ${entry.name}`);
    if (length > positions) throw new Error(`kvCache: cannot keep ${length} of ${positions} positions of ${entry.name}`);
    const data = alloc(heads * length * headDim);
    for (let h = 0; h < heads; h++) data.set(entry.data.subarray(h * positions * headDim, (h * positions + length) * headDim), h * length * headDim);
    return { name: entry.name, dims: [1, heads, length, headDim], data };
  });
}

/**
 * A single-row past followed by the first `keep` positions of a call's new keys and values (the
 * graph's `new_key_values.*` outputs, [1, heads, new positions, headDim]): the same floats as the
 * call's `present.*` outputs truncated to past + keep, without downloading the past back from the
 * model. `alloc` as in truncateCache.
 */
export function appendToCache(past: KvCache, fresh: KvCache, keep: number, alloc: (floats: number) => Float32Array = (n) => new Float32Array(n)): KvCache {
  const byName = new Map(fresh.map((entry) => [entry.name, entry]));
  if (byName.size !== past.length) throw new Error(`kvCache: ${fresh.length} new entries for a past of ${past.length}`);
  return past.map((entry) => {
    const added = byName.get(entry.name);
    if (!added) throw new Error(`kvCache: no new positions for ${entry.name}`);
    const [batch, heads, positions, headDim] = entry.dims;
    const [addedBatch, addedHeads, addedPositions, addedHeadDim] = added.dims;
    if (batch !== 1 || addedBatch !== 1) throw new Error(`kvCache: expected a single-row cache for ${entry.name}`);
    if (addedHeads !== heads || addedHeadDim !== headDim) throw new Error(`kvCache: new positions of ${entry.name} have dims [${added.dims}], the past [${entry.dims}]`);
    if (keep > addedPositions) throw new Error(`kvCache: cannot keep ${keep} of ${addedPositions} new positions of ${entry.name}`);
    const length = positions + keep;
    const data = alloc(heads * length * headDim);
    for (let h = 0; h < heads; h++) {
      data.set(entry.data.subarray(h * positions * headDim, (h + 1) * positions * headDim), h * length * headDim);
      data.set(added.data.subarray(h * addedPositions * headDim, (h * addedPositions + keep) * headDim), (h * length + positions) * headDim);
    }
    return { name: entry.name, dims: [1, heads, length, headDim], data };
  });
}

/**
 * Buffers for truncated caches, reused once the prefix that held them is forgotten. A decision's
 * truncated cache is the whole KV cache (8 arrays of ~300 KB at 400 tokens for the embedded model):
 * in Chromium a fresh array of that size costs page faults to fill and a background sweep to free,
 * and allocating them was a tenth of the worker's time while training. Capacities are rounded up
 * (GRANULE floats), so a prefix that grew by a step mostly finds a buffer that fits.
 */
export class KvBufferPool {
  static readonly GRANULE = 8192;
  private readonly free = new Map<number, ArrayBuffer[]>();
  /** Buffers this pool made; `free` holds each at most once (a cache released twice is ignored). */
  private readonly made = new WeakSet<ArrayBuffer>();
  private readonly idle = new WeakSet<ArrayBuffer>();

  constructor(private readonly keepPerCapacity = 32) {}

  /** `floats` floats, on a pooled buffer (zeroed only when new: truncateCache overwrites all of it). */
  take(floats: number): Float32Array {
    const capacity = Math.max(1, Math.ceil(floats / KvBufferPool.GRANULE)) * KvBufferPool.GRANULE;
    let buffer = this.free.get(capacity)?.pop();
    if (buffer) {
      this.idle.delete(buffer);
    } else {
      buffer = new ArrayBuffer(capacity * 4);
      this.made.add(buffer);
    }
    return new Float32Array(buffer, 0, floats);
  }

  /** Gives back the buffers of a cache nobody reads any more (entries the pool did not make are left to the GC). */
  release(cache: KvCache): void {
    for (const entry of cache) {
      const buffer = entry.data.buffer as ArrayBuffer;
      if (!this.made.has(buffer) || this.idle.has(buffer)) continue;
      const capacity = buffer.byteLength / 4;
      const list = this.free.get(capacity) ?? [];
      if (list.length >= this.keepPerCapacity) continue;
      list.push(buffer);
      this.idle.add(buffer);
      this.free.set(capacity, list);
    }
  }

  /** Buffers waiting to be reused (tests). */
  get idleCount(): number {
    let n = 0;
    for (const list of this.free.values()) n += list.length;
    return n;
  }

  clear(): void {
    this.free.clear();
  }
}
