/**
 * transformers.js can keep copies of ONNX Runtime's wasm and its loader in the Cache API (its
 * useWasmCache). The worker has that off, so the runtime streams its files and Chromium code-caches
 * them (ort-wasm.ts); a copy still in the cache, from a build of the lab that had it on, is never
 * read again, yet counts against the origin's storage quota: 14 MB for the plain build, 27 MB for
 * the WebGPU one, one more each time the files' hashed names changed.
 */

/** The runtime's file names as Vite emits them: `ort-wasm-simd-threaded[.asyncify]-<hash>.(wasm|mjs)`. */
const RUNTIME_FILE = /\/ort-wasm-simd-threaded[^/]*\.(wasm|mjs)$/;

/**
 * Deletes the runtime's copies from the cache named `cacheName` (transformers.js's env.cacheKey) and
 * returns how many it deleted. Model files stay: hub models load from there offline. Where there is
 * no Cache API (Node), or the cache cannot be opened, it deletes nothing.
 */
export async function deleteStaleRuntimeCopies(cacheName: string): Promise<number> {
  if (typeof caches === 'undefined') return 0;
  try {
    if (!(await caches.has(cacheName))) return 0;
    const cache = await caches.open(cacheName);
    const stale = (await cache.keys()).filter((request) => RUNTIME_FILE.test(new URL(request.url).pathname));
    await Promise.all(stale.map((request) => cache.delete(request)));
    return stale.length;
  } catch {
    // A storage error here costs only space; the model load goes on.
    return 0;
  }
}
