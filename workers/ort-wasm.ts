/**
 * The ONNX Runtime wasm files, served by the app itself (Vite emits them as assets), so the
 * runtime never reaches for a CDN: the lab works offline. The asyncify build serves both the WASM
 * and the WebGPU execution providers. Its version is the one @huggingface/transformers pins.
 */
import mjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

export const ORT_WASM_PATHS = { wasm: new URL(wasm, import.meta.url).href, mjs: new URL(mjs, import.meta.url).href };
