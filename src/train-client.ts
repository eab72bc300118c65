/**
 * Training requests from the UI, and the worker's training events mirrored into the train store.
 * At page load no worker is training, so runs the database still calls `running` were cut off by
 * a reload or crash: they are marked interrupted before any new run can start.
 */
import type { RunConfig } from './core/learn/config';
import { db } from './db/instance';
import { markInterruptedRuns } from './db/runs-repo';
import { labClient, loadModel } from './lab-client';
import { useLabStore } from './store/lab-store';
import { useTrainStore } from './store/train-store';

const startup = markInterruptedRuns(db).catch(() => 0);

labClient.onEvent((event) => {
  const store = useTrainStore.getState();
  if (event.type === 'train.progress') {
    if (store.runId === null || store.runId === event.progress.runId) store.setProgress(event.progress);
  } else if (event.type === 'train.iteration') {
    store.committed();
  }
});

// A crashed worker takes its training loop with it: its run is interrupted, resumable after a restart.
labClient.onStatus((status) => {
  if (status.state !== 'crashed') return;
  void markInterruptedRuns(db).catch(() => 0);
  if (useTrainStore.getState().progress?.status === 'running') {
    useTrainStore.setState({ progress: null, error: `The lab worker stopped (${status.message}); restart it, then Resume.` });
  }
});

/** The loaded model, loading the embedded one (on the probed backend) when none is. */
async function ensureModel(): Promise<void> {
  if (useLabStore.getState().model.phase === 'ready') return;
  await loadModel({});
  const model = useLabStore.getState().model;
  if (model.phase === 'failed') throw new Error(`The model could not be loaded: ${model.message}`);
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

export function startRun(config: RunConfig): Promise<void> {
  return attempt(async () => {
    await ensureModel();
    const { runId } = await labClient.request('train.start', { config });
    useTrainStore.getState().select(runId);
  });
}

export function resumeRun(runId: string): Promise<void> {
  return attempt(async () => {
    useTrainStore.getState().select(runId);
    await ensureModel();
    await labClient.request('train.resume', { runId });
  });
}

export function stepRun(runId: string): Promise<void> {
  return attempt(async () => {
    useTrainStore.getState().select(runId);
    await ensureModel();
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
