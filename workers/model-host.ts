/**
 * Owns the language model inside the worker: one load at a time (a new load replaces the old
 * model once it has loaded; a failed load keeps the old one), progress forwarded to the UI unchanged, and a device fallback: if WebGPU fails to load
 * or run, the model is loaded again on WASM and the UI is told why. Inference calls are
 * serialized by the model itself.
 */
import type { ProgressInfo } from '@huggingface/transformers';
import { configureTransformersEnv } from '../src/core/llm/transformersEnv';
import { loadTransformersModel, type TransformersLanguageModel } from '../src/core/llm/transformersModel';
import type { ScoreOptions } from '../src/core/llm/types';
import type { LoadedModel, ModelLoadParams } from '../src/protocol/messages';
import { assetUrl } from './assets';
import { ORT_WASM_PATHS } from './ort-wasm';

export const EMBEDDED_MODEL_ID = 'jerp-tiny';

let current: { model: TransformersLanguageModel; loaded: LoadedModel } | null = null;
let loading: Promise<LoadedModel> | null = null;

export function currentModel(): TransformersLanguageModel {
  if (!current) throw new Error('No model is loaded: load the embedded model (or a hub model) first.');
  return current.model;
}

/**
 * ONNX Runtime's WASM threads: the cores, up to 4, when the page is cross-origin isolated (threads
 * need SharedArrayBuffer; the lab's servers send COOP/COEP), else 1. Measured on a 2-core machine
 * (bench/browser-model.bench.ts, two runs each): a whole valid_unseen episode 1.29 s with 2 threads
 * vs 1.57 s with 1.
 */
function wasmThreadCount(): number {
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

/** A tiny forward pass so a broken device shows up at load time, not in the middle of training. */
async function warmUp(model: TransformersLanguageModel): Promise<void> {
  await model.scoreCandidates(['Warm up.\n'], [' ok'], { reusePrefix: false });
}

async function loadOn(params: ModelLoadParams, device: 'webgpu' | 'wasm', progress: (info: ProgressInfo) => void) {
  const modelId = params.modelId ?? EMBEDDED_MODEL_ID;
  const hub = Boolean(params.hub);
  configureTransformersEnv({
    // An origin-relative path, not a full URL: transformers.js checks local files (e.g. whether
    // tokenizer_config.json exists) only for paths that are not http(s) URLs.
    localModelPath: new URL(assetUrl('models/')).pathname,
    allowRemoteModels: hub,
    ...(params.remoteHost ? { remoteHost: params.remoteHost } : {}),
    wasmPaths: ORT_WASM_PATHS,
    useBrowserCache: true,
    wasmThreads: wasmThreadCount(),
  });
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
        if (wanted !== 'webgpu') throw error;
        fallbackReason = `WebGPU could not run the model (${(error as Error).message}); using WASM instead.`;
        result = await loadOn(params, 'wasm', progress);
      }
      const loaded: LoadedModel = { ...result.model.info, loadMs: result.loadMs, ...(fallbackReason ? { fallbackReason } : {}) };
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
