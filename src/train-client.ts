/**
 * Training requests from the UI, and the worker's training events mirrored into the train store.
 * At page load this tab's worker is training nothing, so a run the database still calls `running`
 * was cut off by a reload or crash, unless another tab's worker holds its lock (it is training it
 * there): the others are marked interrupted before any new run can start.
 */
import type { RunConfig } from './core/learn/config';
import { db } from './db/instance';
import { libraryInitialRules } from './db/rules-repo';
import { markInterruptedRuns, markRunInterrupted, runLockName } from './db/runs-repo';
import { labClient, loadModel, modelLoadRequested, restartWorker } from './lab-client';
import { useLabStore } from './store/lab-store';
import { requestPersistentStorage } from './storage';
import { useTrainStore } from './store/train-store';

/**
 * Whether a worker in another tab is training this run: it holds the run's lock past a short wait.
 * A reloaded page's old worker lets go of its locks moments after the reload, so waiting for the
 * lock (instead of looking at who holds it now) tells a reload from another tab.
 */
async function trainingElsewhere(runId: string): Promise<boolean> {
  if (!navigator.locks) return false;
  try {
    await navigator.locks.request(runLockName(runId), { signal: AbortSignal.timeout(3000) }, async () => {});
    return false;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
  }
}

const startup = (async () => {
  const running = (await db.runs.where('status').equals('running').primaryKeys()) as string[];
  const elsewhere = new Set<string>();
  for (const runId of running) if (await trainingElsewhere(runId)) elsewhere.add(runId);
  return markInterruptedRuns(db, elsewhere);
})().catch(() => 0);

labClient.onEvent((event) => {
  const store = useTrainStore.getState();
  if (event.type === 'train.progress') {
    if (store.runId === null || store.runId === event.progress.runId) store.setProgress(event.progress);
  } else if (event.type === 'train.iteration') {
    store.committed(event.commitMs);
  }
});

// Once runs cut off by a reload are marked, the Lab shows their new status.
void startup.then((marked) => marked > 0 && useTrainStore.getState().committed());

// A crashed worker takes its training loop with it: its run is interrupted at its last committed
// iteration, and Resume restarts the worker and carries on from there (one click).
labClient.onStatus((status) => {
  if (status.state !== 'crashed') return;
  const runId = useTrainStore.getState().progress?.runId;
  if (runId) {
    void markRunInterrupted(db, runId)
      .catch(() => false)
      .then(() => useTrainStore.getState().committed());
  }
  if (useTrainStore.getState().progress?.status === 'running') {
    useTrainStore.setState({ progress: null, error: `The lab worker stopped during training (${status.message}). Nothing committed is lost: Resume restarts the worker and continues from the last committed iteration.` });
  }
});

/** Which model a run trains, and on which backend ('auto': the one the lab chose for this browser). */
export interface ModelChoice {
  modelId: string;
  backend: 'auto' | 'webgpu' | 'wasm';
}

const EMBEDDED: ModelChoice = { modelId: 'jerp-tiny', backend: 'auto' };

/**
 * Makes sure the chosen model is loaded on the chosen backend, loading it when it is not. A hub
 * model is only reused as loaded (loading one needs its source, which the Model view asks for).
 */
async function ensureModel(choice: ModelChoice = EMBEDDED): Promise<void> {
  const state = useLabStore.getState().model;
  const loaded = state.phase === 'ready' ? state.model : null;
  if (loaded && loaded.id === choice.modelId && (choice.backend === 'auto' || loaded.device === choice.backend)) return;
  if (choice.modelId !== 'jerp-tiny' && loaded?.id !== choice.modelId) {
    throw new Error(`Load ${choice.modelId} in the Model view first: a hub model is loaded from its source there.`);
  }
  await loadModel({ ...(loaded?.id === choice.modelId && choice.modelId !== 'jerp-tiny' ? { modelId: choice.modelId, hub: true } : {}), ...(choice.backend === 'auto' ? {} : { device: choice.backend }) });
  const model = useLabStore.getState().model;
  if (model.phase === 'none') throw new Error('Loading the model was cancelled: nothing was started.');
  if (model.phase === 'failed') throw new Error(`The model could not be loaded: ${model.message}`);
  if (model.phase === 'ready' && model.loadError) throw new Error(`The model could not be loaded: ${model.loadError.message}`);
}

/**
 * How long after the Lab opens its preload waits before it asks for an idle moment: past the page's
 * first render and the charts' first draw (about 0.3–0.5 s on 2 cores), which a load would slow.
 */
const PRELOAD_DELAY_MS = 1000;

/** Whether this page has preloaded (a page preloads at most once). */
let preloaded = false;

/**
 * Loads the embedded model while the Lab sits open, so that Start begins training at once instead of
 * after a load of several seconds (reading the weights, building the session, and V8 compiling ONNX
 * Runtime's WASM to its optimizing tier on background threads).
 *
 * At most once per page, and only while nothing else has asked for a model: a person's own load (or
 * a cancelled one) wins. `choice` is read when the load begins (the form may have changed by then);
 * a hub model is never preloaded (it is loaded from its source in the Model view). A failed preload
 * shows as the model's state; Start tries again and says why. Returns a function that cancels a
 * preload not yet begun.
 */
export function preloadModel(choice: () => ModelChoice): () => void {
  let cancelled = false;
  let idle: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const begin = () => {
    if (cancelled || preloaded || modelLoadRequested()) return;
    const { probe, model, worker } = useLabStore.getState();
    // The load picks its device from the probe: wait for it, so Start's request is the same load.
    if (probe.phase === 'probing') {
      timer = setTimeout(begin, 250);
      return;
    }
    const wanted = choice();
    if (model.phase !== 'none' || worker.state === 'crashed' || wanted.modelId !== EMBEDDED.modelId) return;
    preloaded = true;
    void ensureModel(wanted).catch(() => {
      // The model's state says what failed; Start loads again and shows the reason.
    });
  };
  timer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(begin, { timeout: 2000 });
    else begin();
  }, PRELOAD_DELAY_MS);
  return () => {
    cancelled = true;
    clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}

/** The model a stored run trains (a run resumes only on its own model). */
async function modelOfRun(runId: string): Promise<ModelChoice> {
  const run = await db.runs.get(runId);
  return run ? { modelId: run.config.model.id, backend: 'auto' } : EMBEDDED;
}

/** Runs one training request, showing its failure (without the protocol's prefix) beside the buttons. */
async function attempt(action: () => Promise<void>): Promise<void> {
  const store = useTrainStore.getState();
  store.setError(null);
  store.setBusy(true);
  try {
    await startup;
    await action();
  } catch (error) {
    const remote = (error as { remote?: { message: string } }).remote;
    store.setError(remote?.message ?? (error as Error).message);
  } finally {
    store.setBusy(false);
  }
}

export interface StartRunOptions {
  evalEvery?: number;
  model?: ModelChoice;
  /** Start the pool from the library's rules of the run's environment (Rules view). */
  fromLibrary?: boolean;
}

export function startRun(config: RunConfig, options: StartRunOptions = {}): Promise<void> {
  return attempt(async () => {
    // A run's data is worth keeping: ask the browser not to evict it (best-effort, asked at most once per start).
    void requestPersistentStorage();
    await ensureModel(options.model);
    const initialRules = options.fromLibrary ? await libraryInitialRules(db, config.env) : [];
    const { runId } = await labClient.request('train.start', {
      config,
      ...(options.evalEvery ? { evalEvery: options.evalEvery } : {}),
      ...(initialRules.length > 0 ? { initialRules } : {}),
    });
    useTrainStore.getState().select(runId);
  });
}

/** A held-out evaluation of the run now (queued after the iteration in flight when it trains). */
export function evaluateRunNow(runId: string): Promise<void> {
  return attempt(async () => {
    useTrainStore.getState().select(runId);
    await ensureModel(await modelOfRun(runId));
    await labClient.request('train.evaluate', { runId });
  });
}

export function resumeRun(runId: string): Promise<void> {
  return attempt(async () => {
    useTrainStore.getState().select(runId);
    if (useLabStore.getState().worker.state === 'crashed') restartWorker();
    await ensureModel(await modelOfRun(runId));
    await labClient.request('train.resume', { runId });
  });
}

export function stepRun(runId: string): Promise<void> {
  return attempt(async () => {
    useTrainStore.getState().select(runId);
    await ensureModel(await modelOfRun(runId));
    await labClient.request('train.step', { runId });
  });
}

export function pauseRun(): Promise<void> {
  return attempt(async () => {
    await labClient.request('train.pause', {});
  });
}

export function stopRun(runId: string): Promise<void> {
  return attempt(async () => {
    await labClient.request('train.stop', { runId });
  });
}
