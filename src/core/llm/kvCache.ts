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

export function pastName(presentName: string): string {
  return presentName.replace(/^present/, 'past_key_values');
}

export async function tensorData(tensor: Tensor): Promise<Float32Array> {
  const t = tensor as unknown as { location?: string; ort_tensor: { getData(release?: boolean): Promise<unknown> }; data: unknown };
  if (t.location === 'gpu-buffer') return (await t.ort_tensor.getData(true)) as Float32Array;
  return t.data as Float32Array;
}

/** Collects the `present.*` outputs of one forward call. */
export async function cacheFromOutputs(outputs: Record<string, Tensor>): Promise<KvCache> {
  const cache: KvCache = [];
  for (const [name, tensor] of Object.entries(outputs)) {
    if (!name.startsWith('present')) continue;
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
 */
export function truncateCache(cache: KvCache, length: number): KvCache {
  return cache.map((entry) => {
    const [batch, heads, positions, headDim] = entry.dims;
    if (batch !== 1) throw new Error(`kvCache: expected a single-row cache for ${entry.name}`);
    if (length > positions) throw new Error(`kvCache: cannot keep ${length} of ${positions} positions of ${entry.name}`);
    const data = new Float32Array(heads * length * headDim);
    for (let h = 0; h < heads; h++) data.set(entry.data.subarray(h * positions * headDim, (h * positions + length) * headDim), h * length * headDim);
    return { name: entry.name, dims: [1, heads, length, headDim], data };
  });
}
