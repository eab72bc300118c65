/**
 * The app's single LabClient, wired to the zustand store. Importing this module starts the
 * worker; the UI never talks to the Worker object directly.
 */
import { chooseModelDevice } from './core/llm/choose-device';
import { LabClient, type WorkerLike } from './protocol/client';
import { WorkerRequestError } from './protocol/messages';
import type { ModelLoadParams } from './protocol/messages';
import { pageBusy } from './page-busy';
import { useLabStore } from './store/lab-store';
import { useTrainStore } from './store/train-store';

function createLabWorker(): WorkerLike {
  return new Worker(new URL('../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'jerp-lab' }) as unknown as WorkerLike;
}

export const labClient = new LabClient(createLabWorker);

/** `?backend=wasm` (or webgpu) in the page URL forces a backend, for comparisons and tests. */
function forcedBackend(): 'wasm' | 'webgpu' | undefined {
  const value = new URLSearchParams(window.location.search).get('backend');
  return value === 'wasm' || value === 'webgpu' ? value : undefined;
}

/** `?threads=N` sets ONNX Runtime's WASM threads (default: the cores but one), for comparisons. */
function requestedWasmThreads(): number | undefined {
  const value = Number(new URLSearchParams(window.location.search).get('threads'));
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** Tells a fresh worker where the app lives; requests after it are answered in order. */
function initWorker(): void {
  labClient.request('init', { baseUrl: document.baseURI, pageBusy: pageBusy.buffer }).catch(() => {
    // A worker that dies this early is reported through the client's status.
  });
}

export async function probeBackend(): Promise<void> {
  const { setProbe } = useLabStore.getState();
  setProbe({ phase: 'probing' });
  try {
    const force = forcedBackend();
    const report = await labClient.request('probe', force ? { force } : {});
    setProbe({ phase: 'done', report });
  } catch (error) {
    setProbe({ phase: 'failed', message: (error as Error).message });
  }
}

/** The load under way, shared with an identical request: Start asks for the model the Lab's preload is already loading. */
let loadInFlight: { key: string; done: Promise<void> } | null = null;
let loadRequested = false;

/** Whether anything has asked for a model since the page opened (the Lab's preload steps aside then). */
export function modelLoadRequested(): boolean {
  return loadRequested;
}

/**
 * Loads a model in the worker, mirroring its per-file progress into the store. A request identical
 * to the load under way waits for that load instead of queueing a second one behind it.
 */
export function loadModel(params: ModelLoadParams): Promise<void> {
  loadRequested = true;
  const key = JSON.stringify(params);
  if (loadInFlight?.key === key) return loadInFlight.done;
  const done = loadModelNow(params).finally(() => {
    if (loadInFlight?.done === done) loadInFlight = null;
  });
  loadInFlight = { key, done };
  return done;
}

async function loadModelNow(params: ModelLoadParams): Promise<void> {
  const { setModel } = useLabStore.getState();
  const modelId = params.modelId ?? 'jerp-tiny';
  const before = useLabStore.getState().model;
  const previous = before.phase === 'ready' ? before.model : before.phase === 'loading' ? before.previous : undefined;
  setModel({ phase: 'loading', modelId, files: {}, ...(previous ? { previous } : {}) });
  const stop = labClient.onEvent((event) => {
    if (event.type !== 'model.progress') return;
    const state = useLabStore.getState().model;
    if (state.phase !== 'loading') return;
    const info = event.info;
    if (info.status === 'progress' || info.status === 'initiate' || info.status === 'done' || info.status === 'download') {
      const previous = state.files[info.file] ?? { loaded: 0, total: 0, done: false };
      const next =
        info.status === 'progress'
          ? { loaded: info.loaded, total: info.total, done: false }
          : info.status === 'done'
            ? { ...previous, loaded: Math.max(previous.loaded, previous.total), done: true }
            : previous;
      setModel({ ...state, files: { ...state.files, [info.file]: next } });
    }
  });
  try {
    const probe = useLabStore.getState().probe;
    const { device } = chooseModelDevice(probe.phase === 'done' ? probe.report : null);
    const threads = requestedWasmThreads();
    const request = { device, ...(threads !== undefined ? { wasmThreads: threads } : {}), ...params };
    const model = await labClient.request('model.load', request).catch(async (error: unknown) => {
      if ((error as Error).name !== 'OrtRestartNeededError') throw error;
      // The worker runs ONNX Runtime's WASM-only build (workers/ort-build.ts): WebGPU needs a fresh one.
      if (useTrainStore.getState().progress?.status === 'running') {
        throw new Error('WebGPU needs a fresh lab worker (this one started ONNX Runtime on WASM), which would cut off the run training now: pause or stop it first.');
      }
      restartWorker({ keepModelState: true });
      return labClient.request('model.load', request);
    });
    setModel({ phase: 'ready', model });
  } catch (error) {
    // A cancelled load took the worker (and any model it had) with it: there is no model now.
    if (cancelling) {
      cancelling = false;
      setModel({ phase: 'none' });
      return;
    }
    const failure = {
      modelId,
      message: (error as Error).message,
      ...(error instanceof WorkerRequestError ? { detail: error.detail } : {}),
    };
    // The worker keeps the model it had when a load fails, so the UI keeps showing it too.
    setModel(previous ? { phase: 'ready', model: previous, loadError: failure } : { phase: 'failed', ...failure });
  } finally {
    stop();
  }
}

let cancelling = false;

/**
 * Aborts a model load under way. ONNX Runtime cannot stop a session being created, so the worker is
 * terminated and started afresh: that also frees whatever memory (WebGPU buffers included) the
 * load had taken. Nothing durable is lost: runs live in IndexedDB, and no training runs during a load.
 */
export function cancelModelLoad(): void {
  if (useLabStore.getState().model.phase !== 'loading') return;
  cancelling = true;
  restartWorker();
}

/**
 * Starts a fresh worker (nothing durable is lost: runs live in IndexedDB). The model goes with the
 * old one, unless a load that restarts it on purpose keeps its loading state (`keepModelState`).
 */
export function restartWorker({ keepModelState = false }: { keepModelState?: boolean } = {}): void {
  if (!keepModelState) useLabStore.getState().setModel({ phase: 'none' });
  labClient.restart();
  initWorker();
  void probeBackend();
}

labClient.onStatus((status) => useLabStore.getState().setWorker(status));
initWorker();

// Exposed for the browser tests and for poking at the lab from the devtools console.
(window as unknown as { __jerpLab: LabClient }).__jerpLab = labClient;
