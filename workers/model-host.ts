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
import { OrtRestartNeededError, type OrtBuild, ortBuildFor } from './ort-build';
import { ORT_WASM_PATHS } from './ort-wasm';

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

/** The ONNX Runtime build this worker started (it cannot change afterwards: ort-build.ts). */
let ortBuildInUse: OrtBuild | undefined;

/** A decision's prompt: an ALFWorld observation and task, 158 tokens with the embedded model's tokenizer. */
const WARM_UP_PROMPT = [
  'You are in the middle of a room. Looking quickly around you, you see a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, ',
  'a coffeemachine 1, a countertop 3, a countertop 2, a countertop 1, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, ',
  'a shelf 3, a shelf 2, a shelf 1, a sinkbasin 1, a stoveburner 4, a stoveburner 3, a stoveburner 2, a stoveburner 1, and a toaster 1.\n',
  'Your task is to: put a clean mug in coffeemachine.\n> go to countertop 1\nOn the countertop 1, you see a bread 1, a butterknife 2, and a mug 1.\n',
].join('');
/** One more step of the episode (13 tokens): each decision extends the cached prefix, as a rollout's do. */
const WARM_UP_STEP = '> examine mug 1\nNothing happens.\n';
const WARM_UP_CANDIDATES = [' go to sinkbasin 1', ' clean mug 1 with sinkbasin 1', ' examine mug 1', ' inventory'];
/** Decisions after the prompt's: 8 were too few, 16 enough (see warmUp). */
const WARM_UP_STEPS = 20;
/** A larger hub model gets fewer warm-up decisions rather than a long load. */
const WARM_UP_MAX_MS = 2500;
/** Positions kept free for the candidates when the prompt grows. */
const WARM_UP_CANDIDATE_ROOM = 16;

/**
 * Forward passes at load time. The first, tiny one is the device check: a broken device shows up
 * here, not in the middle of training. On WASM a short episode follows: a prompt, then decisions
 * on a growing cached prefix, with the hidden states and logits the policy head reads. Chromium
 * compiles a WASM function to its optimizing tier once it has run enough, on background threads;
 * one of ONNX Runtime's functions (490 KB of code) takes 1.8–2.4 s of CPU to compile and only got hot
 * in a run's first decisions, so on 2 cores that compilation, the worker and the page's own work at
 * Start shared them (V8's --trace-wasm-compilation-times, scratch runs: after 8 warm-up decisions it
 * still compiled after Start, after 16 before). The episode adds about 1.3–1.6 s to a load of the
 * embedded model; the Lab loads it in the background when it opens (train-client.ts, preloadModel).
 * On WebGPU the tiny pass only (a software adapter takes over a second per decision).
 */
async function warmUp(model: TransformersLanguageModel, device: 'webgpu' | 'wasm'): Promise<void> {
  await model.scoreCandidates(['Warm up.\n'], [' ok'], { reusePrefix: false });
  if (device === 'webgpu') return;
  const options = { withHidden: true, withLogits: true };
  const started = performance.now();
  const positions = model.info.contextLength > 0 ? model.info.contextLength - WARM_UP_CANDIDATE_ROOM : Number.POSITIVE_INFINITY;
  const prefix = [WARM_UP_PROMPT];
  for (let step = 0; step <= WARM_UP_STEPS && performance.now() - started < WARM_UP_MAX_MS; step++) {
    if (model.tokenizeSegments(prefix).length > positions) break;
    await model.scoreCandidates(prefix, WARM_UP_CANDIDATES, options);
    prefix.push(WARM_UP_STEP);
  }
  model.clearPrefixCache();
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
    useBrowserCache: true,
    wasmThreads: threads,
  });
  // Set before the load: ONNX Runtime may have started its module even if the load fails later.
  ortBuildInUse = build;
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
  await warmUp(model, device);
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
