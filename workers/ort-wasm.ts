/**
 * The ONNX Runtime wasm files, served by the app itself (Vite emits them as assets), so the
 * runtime never reaches for a CDN: the lab works offline. Its version is the one
 * @huggingface/transformers pins.
 *
 * Two builds, because the one that can drive WebGPU costs four times the other to compile:
 * - `wasm`: the plain build (14.3 MB), the WASM execution provider only.
 * - `webgpu`: the asyncify build (26.9 MB), the WASM and WebGPU execution providers.
 * Chromium compiles a module on the renderer's thread pool while the model loads and the first
 * episodes run; on a 2-core machine that compile took the cores from the page. Traced on the Lab's tiny run
 * (scratch traces of `npm run bench -- main-thread`'s run): 11.3 s of compile CPU with the asyncify
 * build, 2.8 s with the plain one. Which build a worker runs is decided at its first load
 * (ort-build.ts).
 *
 * The runtime fetches its wasm from these URLs itself and compiles it as it streams in (the worker
 * turns transformers.js's own copy off: useWasmCache in model-host.ts). Chromium then keeps the
 * optimized code in its code cache beside the HTTP cache entry (the files are served immutable),
 * and a later visit starts from it instead of compiling again (`npm run bench -- revisit`).
 */
import plainMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import plainWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import asyncifyMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import asyncifyWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { OrtBuild } from './ort-build';

const urls = (wasm: string, mjs: string) => ({ wasm: new URL(wasm, import.meta.url).href, mjs: new URL(mjs, import.meta.url).href });

export const ORT_WASM_PATHS: Record<OrtBuild, { wasm: string; mjs: string }> = {
  wasm: urls(plainWasm, plainMjs),
  webgpu: urls(asyncifyWasm, asyncifyMjs),
};
