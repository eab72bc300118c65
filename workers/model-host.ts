/**
 * Owns the language model inside the worker: one load at a time (a new load replaces the old
 * model once it has loaded; a failed load keeps the old one), progress forwarded to the UI unchanged, and a device fallback: if WebGPU fails to load
 * or run, the model is loaded again on WASM and the UI is told why. Inference calls are
 * serialized by the model itself.
 */
import { env as transformersEnv, type ProgressInfo } from '@huggingface/transformers';
import { configureTransformersEnv } from '../src/core/llm/transformersEnv';
import { loadTransformersModel, type TransformersLanguageModel } from '../src/core/llm/transformersModel';
import type { ScoreOptions } from '../src/core/llm/types';
import type { LoadedModel, ModelLoadParams } from '../src/protocol/messages';
import { assetUrl } from './assets';
import { OrtRestartNeededError, type OrtBuild, ortBuildFor } from './ort-build';
import { ORT_WASM_PATHS } from './ort-wasm';
import { deleteStaleRuntimeCopies } from './stale-runtime-copies';

export const EMBEDDED_MODEL_ID = 'jerp-tiny';

let current: { model: TransformersLanguageModel; loaded: LoadedModel } | null = null;
let loading: Promise<LoadedModel> | null = null;

export function currentModel(): TransformersLanguageModel {
  if (!current) throw new Error('No model is loaded: load the embedded model (or a hub model) first.');
  return current.model;
}

/**
 * ONNX Runtime's WASM threads: one core fewer than the machine has (at least 1, at most 4), when the
 * page is cross-origin isolated (threads need SharedArrayBuffer; the lab's servers send COOP/COEP),
 * else 1. The core left over is the page's: with every core busy scoring, its chart redraws and
 * garbage collections are starved. Four runs of bench/train-browser.bench.ts on a 2-core machine:
 * 1-4 main-thread tasks over 50 ms per run with 1 thread vs 3-5 with 2, while training at 13.1-15.1
 * vs 13.8-15.9 episodes/min. `?threads=N` in the page address overrides it.
 * ONNX Runtime reads the count once, when its WASM backend starts: a later load keeps the first
 * load's count.
 */
function wasmThreadCount(requested: number | undefined): number {
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return 1;
  if (requested !== undefined && Number.isInteger(requested) && requested >= 1) return Math.min(requested, 16);
  return Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 1) - 1));
}

/** The thread count ONNX Runtime's WASM backend started with (it cannot change afterwards). */
let wasmThreadsInUse: number | undefined;

/** The deletion of stale runtime copies (stale-runtime-copies.ts): once per worker, before its first load. */
let staleCopiesDeleted: Promise<number> | undefined;

/** The ONNX Runtime build this worker started (it cannot change afterwards: ort-build.ts). */
let ortBuildInUse: OrtBuild | undefined;

/** A tiny forward pass so a broken device shows up at load time, not in the middle of training. */
async function warmUp(model: TransformersLanguageModel): Promise<void> {
  await model.scoreCandidates(['Warm up.\n'], [' ok'], { reusePrefix: false });
}

async function loadOn(params: ModelLoadParams, device: 'webgpu' | 'wasm', progress: (info: ProgressInfo) => void) {
  const modelId = params.modelId ?? EMBEDDED_MODEL_ID;
  const hub = Boolean(params.hub);
  const threads = wasmThreadsInUse ?? wasmThreadCount(params.wasmThreads);
  const build = ortBuildFor(device, ortBuildInUse);
  if (build === 'restart') throw new OrtRestartNeededError();
  configureTransformersEnv({
    // An origin-relative path, not a full URL: transformers.js checks local files (e.g. whether
    // tokenizer_config.json exists) only for paths that are not http(s) URLs.
    localModelPath: new URL(assetUrl('models/')).pathname,
    allowRemoteModels: hub,
    ...(params.remoteHost ? { remoteHost: params.remoteHost } : {}),
    wasmPaths: ORT_WASM_PATHS[build],
    // Streamed from the app's own files, so Chromium caches the compiled code (transformersEnv.ts).
    useWasmCache: false,
    useBrowserCache: true,
    wasmThreads: threads,
  });
  // Set before the load: ONNX Runtime may have started its module even if the load fails later.
  ortBuildInUse = build;
  staleCopiesDeleted ??= deleteStaleRuntimeCopies(transformersEnv.cacheKey);
  await staleCopiesDeleted;
  const started = performance.now();
  const model = await loadTransformersModel({
    modelId,
    device,
    ...(params.dtype ? { dtype: params.dtype } : {}),
    ...(params.foldWeightDequantization !== undefined ? { foldWeightDequantization: params.foldWeightDequantization } : {}),
    ...(params.treeAttentionMask !== undefined ? { treeAttentionMask: params.treeAttentionMask } : {}),
    remote: hub,
    progress: (info) => progress(info as ProgressInfo),
  });
  await warmUp(model);
  if (device === 'wasm') wasmThreadsInUse ??= threads;
  return { model, loadMs: performance.now() - started };
}

export function loadModel(params: ModelLoadParams, progress: (info: ProgressInfo) => void): Promise<LoadedModel> {
  const previous = loading ?? Promise.resolve(null);
  // Loads queue behind each other so two clicks never race for the same memory. The model already
  // loaded stays until the new one has loaded and warmed up: a load that fails (a wrong hub id, a
  // missing file) leaves the lab with the model it had. The price is holding both for the moment.
  const next = previous
    .catch(() => null)
    .then(async () => {
      const wanted = params.device ?? 'wasm';
      let fallbackReason: string | undefined;
      let result: { model: TransformersLanguageModel; loadMs: number };
      try {
        result = await loadOn(params, wanted, progress);
      } catch (error) {
        if (wanted !== 'webgpu' || error instanceof OrtRestartNeededError) throw error;
        fallbackReason = `WebGPU could not run the model (${(error as Error).message}); using WASM instead.`;
        result = await loadOn(params, 'wasm', progress);
      }
      const loaded: LoadedModel = {
        ...result.model.info,
        loadMs: result.loadMs,
        ...(result.model.info.device === 'wasm' && wasmThreadsInUse !== undefined ? { wasmThreads: wasmThreadsInUse } : {}),
        ...(fallbackReason ? { fallbackReason } : {}),
      };
      const replaced = current;
      current = { model: result.model, loaded };
      await replaced?.model.dispose();
      return loaded;
    });
  loading = next;
  return next;
}

export async function scoreWithModel(prefix: string[], candidates: string[], options: ScoreOptions = {}): Promise<{ logProbs: number[]; ms: number }> {
  const model = currentModel();
  const started = performance.now();
  const scores = await model.scoreCandidates(prefix, candidates, options);
  return { logProbs: scores.map((s) => s.logProb), ms: performance.now() - started };
}

export async function generateWithModel(prefix: string[], maxNewTokens: number): Promise<{ text: string }> {
  return { text: await currentModel().generate(prefix, { maxNewTokens }) };
}
