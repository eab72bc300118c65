/**
 * The one typed protocol between the UI (main thread) and the lab worker.
 *
 * Requests are a map from kind to `{ params, result }`, so the compiler checks both ends: the
 * client can only send params of the right shape and gets back the matching result type, and the
 * worker's handler table must return exactly that result. Replies are `return` or `throw`, matched
 * by request id. Events (progress, logs) flow separately and are not replies.
 */

import type { ProgressInfo } from '@huggingface/transformers';
import type { EnvObservation, TaskInfo } from '../core/envs/types';
import type { RunConfig } from '../core/learn/config';
import type { ModelInfo } from '../core/llm/types';
import type { Counterfactual } from '../core/learn/counterfactual';
import type { Milestone, MilestoneTrace } from '../core/rules/milestones';
import type { StepRuleText } from '../core/rules/step-rule-texts';
import type { InitialRule, PoolState } from '../core/rules/pool';
import type { UserRuleEdit } from '../core/rules/user-edits';

/** What the lab found about the compute devices of this browser. */
export interface BackendReport {
  /** The backend the lab will run the model on. */
  backend: 'webgpu' | 'wasm';
  /** One sentence saying why this backend was chosen (shown in the status bar). */
  reason: string;
  /** Present when a WebGPU adapter was obtained. */
  adapter?: AdapterInfo;
  wasm: WasmInfo;
  /** When the user forced a backend (e.g. `?backend=wasm`), which one. */
  forced?: 'webgpu' | 'wasm';
}

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for software adapters such as SwiftShader: correct, but slow. */
  isFallbackAdapter: boolean;
  features: string[];
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

export interface WasmInfo {
  simd: boolean;
  /** Threaded wasm needs SharedArrayBuffer, which needs cross-origin isolation. */
  threads: boolean;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export interface ProbeParams {
  /** Skip WebGPU even when available (the user's choice, or a test). */
  force?: 'webgpu' | 'wasm';
}

/** Which game to open in a play session. */
export type EnvOpenParams =
  | { env: 'alfworld'; split: 'train' | 'valid_seen' | 'valid_unseen'; index: number; style?: 'react' | 'raw' }
  | { env: 'alfworld'; generatedSeed: number; taskType?: string; style?: 'react' | 'raw' }
  | { env: 'webshop'; products: number; split: 'train' | 'test'; index: number; renderer?: 'gym' | 'react' };

/** One action and what the environment answered. */
export interface PlayedStep {
  action: string;
  observation: string;
  reward: number;
}

/** The state of a play session, sent after every change. */
export interface EnvSession {
  sessionId: string;
  task: TaskInfo;
  /** The observation at reset. */
  initial: string;
  steps: PlayedStep[];
  observation: EnvObservation;
  maxSteps: number;
}

export interface TaskListing {
  count: number;
  /** The first `limit` tasks from `offset`. */
  tasks: Array<{ index: number; id: string; taskType: string; goal: string }>;
}

export interface ModelLoadParams {
  /** A folder under the app's models/ (default: the embedded "jerp-tiny"), or a hub id when `hub` is set. */
  modelId?: string;
  hub?: boolean;
  /** A server mirroring the hub's layout (default: the Hugging Face hub). */
  remoteHost?: string;
  device?: 'webgpu' | 'wasm';
  dtype?: string;
  /** false: leave int8 weights to ONNX Runtime's per-forward dequantization (benchmarks compare; see LoadModelOptions). */
  foldWeightDequantization?: boolean;
  /** false: score candidates as one padded row each, not as one trie row (benchmarks compare; see LoadModelOptions). */
  treeAttentionMask?: boolean;
  /**
   * ONNX Runtime's WASM threads (default: the cores but one, so the page keeps a core). Read when
   * the worker's WASM backend starts, so only the first WASM load in a worker sets it.
   */
  wasmThreads?: number;
}

export interface LoadedModel extends ModelInfo {
  loadMs: number;
  /** The WASM threads ONNX Runtime runs with (absent on WebGPU). */
  wasmThreads?: number;
  /** Set when the requested device failed and the model runs on WASM instead. */
  fallbackReason?: string;
}

/** Real logged episodes shipped with the lab: the 12-episode sample of small open models, or ReAct's 12 transcripts. */
export type ReferenceSet = 'real' | 'react';

/** A logged episode replayed in the simulator, every observation side by side. */
export interface ReferenceEpisode {
  id: string;
  taskType: string;
  goal: string;
  /** The agent that played the logged episode. */
  agent: string;
  loggedWon: boolean | null;
  simulatorWon: boolean;
  start: { logged: string | null; simulator: string; match: boolean | null };
  /** `match` is null for steps whose logged text came from the harness, not the game. */
  steps: Array<{ action: string; logged: string; simulator: string; compared: boolean; match: boolean | null }>;
}

/** A stored episode of a run (IndexedDB runEpisodes). */
export interface EpisodeRef {
  runId: string;
  episodeId: string;
}

/** One recorded step's probabilities with its rules and without each of them (src/core/learn/counterfactual.ts). */
export interface EpisodeCounterfactual extends Counterfactual {
  /** The rules put back in the prompt, with the text used and where it came from. */
  rules: StepRuleText[];
  /** The checkpoint whose policy scored the step, and whether it is the one the episode was played with. */
  checkpointIteration: number;
  exactCheckpoint: boolean;
  /** Where the model ran, and how long the computation took (0 when answered from the cache). */
  device: string;
  ms: number;
  cached: boolean;
}

/** Two stored episodes aligned on their milestones (src/core/rules/milestones.ts). */
export interface EpisodeAlignment {
  a: MilestoneTrace;
  b: MilestoneTrace;
  /** False when the episodes' milestones cannot be matched (other environment or task type); `reason` says why. */
  comparable: boolean;
  reason?: string;
  /** The first milestone, in task order, one episode reached and the other did not. */
  divergence: { milestone: Milestone; missedBy: 'a' | 'b' } | null;
  /**
   * The contrastive reflector's diagnosis of the pair (a failure and a successful reference on the
   * train split): its summary, and the reference's step where the advice applies.
   */
  diagnosis: { summary: string; milestone: Milestone; reference: 'a' | 'b'; decisiveStep: number | null } | null;
}

/** Where a training run stands in the worker (statuses match the run's database row). */
export type TrainStatus = 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

/** Live figures of the run the worker is training, sent after every episode and every commit. */
export interface TrainProgress {
  runId: string;
  status: TrainStatus;
  /** Iterations committed, and in the budget. */
  iteration: number;
  totalIterations: number;
  /** Training episodes played (committed ones plus those of the iteration in flight), and the budget. */
  episodesDone: number;
  episodesTotal: number;
  /** Episodes and decisions (scored steps) since this session of the loop started, and its wall time: the UI derives rates and ETA. */
  sessionEpisodes: number;
  sessionDecisions: number;
  sessionMs: number;
  /** Where the model runs: wasm, webgpu (or cpu in Node). */
  backend: string;
  /** Set while the held-out evaluation after the last iteration runs: episodes played and in all. */
  evaluation?: { done: number; total: number };
  /** A pause or stop asked for, taking effect when the iteration in flight is committed. */
  pending?: 'pause' | 'stop';
  /** Why a failed run failed, or (with storageFull) why a run paused. */
  error?: string;
  /** The browser refused to store an iteration (QuotaExceededError): the run paused at its last committed iteration. */
  storageFull?: boolean;
}

/** Every request the worker answers: kind → params and result. */
export interface RequestMap {
  /**
   * Tells the worker where the app is served from, so it can fetch shipped data and models, and
   * gives it the page's busy flag (src/page-busy.ts), on which training waits before model calls.
   */
  init: { params: { baseUrl: string; pageBusy?: SharedArrayBuffer | null }; result: { ok: true } };
  probe: { params: ProbeParams; result: BackendReport };
  /** Lists the tasks of a split (for pickers). */
  'env.list': {
    params:
      | { env: 'alfworld'; split: 'train' | 'valid_seen' | 'valid_unseen'; offset?: number; limit?: number }
      | { env: 'webshop'; products: number; split: 'train' | 'test'; offset?: number; limit?: number };
    result: TaskListing;
  };
  /** Opens a game for a person to play (or the expert to demonstrate). */
  'env.open': { params: EnvOpenParams; result: EnvSession };
  'env.step': { params: { sessionId: string; action: string }; result: EnvSession };
  /** The expert's next action in this session's current state (not taken). */
  'env.expert': { params: { sessionId: string }; result: { action: string } };
  'env.close': { params: { sessionId: string }; result: { closed: boolean } };
  /** Replays a set of real logged episodes in the simulator. */
  'replay.reference': { params: { set: ReferenceSet }; result: ReferenceEpisode[] };
  /** Loads (or replaces) the model; progress arrives as `model.progress` events. */
  'model.load': { params: ModelLoadParams; result: LoadedModel };
  /** Summed log-probs of each candidate continuation after the shared prefix (given as segments). */
  'model.score': { params: { prefix: string[]; candidates: string[]; reusePrefix?: boolean }; result: { logProbs: number[]; ms: number } };
  'model.generate': { params: { prefix: string[]; maxNewTokens?: number }; result: { text: string } };
  /**
   * Creates a run with this configuration (its model is the one loaded) and trains it in the
   * background; each iteration is committed to IndexedDB in one transaction. Answers once the run
   * exists; progress arrives as `train.progress` and `train.iteration` events.
   */
  'train.start': { params: { config: RunConfig; evalEvery?: number; initialRules?: InitialRule[] }; result: { runId: string } };
  /** Pauses the training run after the iteration in flight is committed. */
  'train.pause': { params: Record<string, never>; result: { runId: string | null } };
  /** Continues a paused, interrupted or stopped run from its last committed checkpoint. */
  'train.resume': { params: { runId: string }; result: { runId: string } };
  /** Plays exactly one iteration of a run that is not training, commits it and pauses. */
  'train.step': { params: { runId: string }; result: { runId: string } };
  /**
   * A held-out evaluation (with and without rules) of a run now: queued after the iteration in
   * flight when it is training, else on its last checkpoint. Adds eval/… metric rows at that iteration.
   */
  'train.evaluate': { params: { runId: string }; result: { runId: string; queued: boolean } };
  /** Stops a run for good after the iteration in flight (it stays resumable from its last checkpoint). */
  'train.stop': { params: { runId: string }; result: { runId: string } };
  /**
   * A person's edit of a run's rule pool. On the run training in the worker it takes effect at the
   * next decision; it is committed with the run's newest checkpoint at once. Refusals (a duplicate,
   * empty text, a finished run) throw RuleEditError with a message for the person.
   */
  'rules.edit': { params: { runId: string; edit: UserRuleEdit }; result: { pool: PoolState; ruleId: string } };
  /**
   * For one stored step: the candidate probabilities with the step's rules and without each of them,
   * on the loaded model and the run's policy (cached per step and model).
   */
  'episode.counterfactual': { params: EpisodeRef & { step: number }; result: EpisodeCounterfactual };
  /** Two stored episodes replayed in their environments and aligned on milestones. */
  'episode.align': { params: { a: EpisodeRef; b: EpisodeRef }; result: EpisodeAlignment };
  /** Liveness check; answers with the worker's uptime. */
  ping: { params: Record<string, never>; result: { uptimeMs: number } };
  /**
   * Deliberately crashes the worker with an uncaught error outside any request handler.
   * Exists so the UI's crash handling (reject pending requests, offer a restart) is testable.
   */
  'debug.crash': { params: Record<string, never>; result: never };
}

export type RequestKind = keyof RequestMap;
export type ParamsOf<K extends RequestKind> = RequestMap[K]['params'];
export type ResultOf<K extends RequestKind> = RequestMap[K]['result'];

/** Errors cross the boundary as plain data, keeping their class name and stack. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** Events the worker emits on its own schedule. */
export type WorkerEvent =
  | { type: 'ready'; at: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  /** transformers.js load progress, forwarded unchanged (initiate, download, progress, done, ready, progress_total). */
  | { type: 'model.progress'; info: ProgressInfo }
  | { type: 'train.progress'; progress: TrainProgress }
  /** One committed iteration: its namespaced scalars (metrics.csv's rows for `iteration` − 1). */
  | {
      type: 'train.iteration';
      runId: string;
      iteration: number;
      episodesDone: number;
      metrics: Record<string, number>;
      /** A training iteration's write to IndexedDB (one transaction, the checkpoint's serialization included), in ms. */
      commitMs?: number;
    };

export type ToWorker = {
  [K in RequestKind]: { type: 'request'; id: string; kind: K; params: ParamsOf<K> };
}[RequestKind];

export type FromWorker =
  | { type: 'return'; id: string; result: unknown }
  | { type: 'throw'; id: string; error: SerializedError }
  | { type: 'event'; event: WorkerEvent };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/**
 * An error that happened inside the worker, rebuilt on the main thread with its original name. Its
 * message is the worker's own sentence, which is what people read; `detail` says which request
 * failed and how (for the console and a "technical details" disclosure), and the stack is the
 * worker's.
 */
export class WorkerRequestError extends Error {
  constructor(
    readonly kind: string,
    readonly remote: SerializedError,
  ) {
    super(remote.message);
    this.name = remote.name;
    this.stack = remote.stack;
  }

  get detail(): string {
    return `${this.kind} failed in the lab worker: ${this.remote.name}: ${this.remote.message}`;
  }
}

/** The worker died (uncaught error, out of memory); every pending request is rejected with this. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}
