/**
 * Local-first settings for @huggingface/transformers, injected by the caller so that this core
 * module imports nothing browser- or Node-specific: the worker passes URLs of the self-hosted ONNX
 * Runtime wasm files (Vite `?url` imports), the CLI passes a file-system path.
 */
import { env, LogLevel } from '@huggingface/transformers';

export interface TransformersEnvSettings {
  /** Folder holding `<modelId>/config.json` etc.: an absolute path in Node, a URL path ("/models/") in the browser. */
  localModelPath?: string;
  /** Hub downloads are off unless the user asked for a hub model. Default false. */
  allowRemoteModels?: boolean;
  /** The hub, or a local server that mirrors its layout (tests). */
  remoteHost?: string;
  /** Browser: the ONNX Runtime wasm files served by the app, so nothing is fetched from a CDN. */
  wasmPaths?: string | { wasm: string; mjs: string };
  /** Browser: cache downloaded hub files in the Cache API, so they load again offline. Default true. */
  useBrowserCache?: boolean;
  /**
   * Browser: whether transformers.js fetches ONNX Runtime's wasm itself, keeps a copy in the Cache
   * API and hands the runtime its bytes (its default, true). With false the runtime compiles the
   * wasm by streaming it from `wasmPaths`, and only a streamed module gets Chromium's code cache:
   * the optimized code is kept with the HTTP cache entry, so a later visit skips most of the
   * compile. The copy in the Cache API would also count against the origin's storage quota.
   */
  useWasmCache?: boolean;
  /** Node: where downloaded hub files are cached (so they load again offline). */
  cacheDir?: string;
  /** WASM threads (more than 1 needs cross-origin isolation: SharedArrayBuffer). */
  wasmThreads?: number;
}

export function configureTransformersEnv(settings: TransformersEnvSettings): void {
  env.allowLocalModels = true;
  env.allowRemoteModels = settings.allowRemoteModels ?? false;
  if (settings.localModelPath !== undefined) env.localModelPath = settings.localModelPath;
  if (settings.remoteHost !== undefined) env.remoteHost = settings.remoteHost;
  if (settings.useBrowserCache !== undefined) env.useBrowserCache = settings.useBrowserCache;
  if (settings.cacheDir !== undefined) env.cacheDir = settings.cacheDir;
  if (settings.useWasmCache !== undefined) env.useWasmCache = settings.useWasmCache;
  env.logLevel = LogLevel.ERROR;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    if (settings.wasmPaths !== undefined) wasm.wasmPaths = settings.wasmPaths;
    if (settings.wasmThreads !== undefined) wasm.numThreads = settings.wasmThreads;
  }
}
