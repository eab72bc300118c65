/**
 * UI state of training (durable data lives in IndexedDB): the worker's latest progress report, the
 * run the Lab is showing, and a counter bumped on every committed iteration so live queries of
 * metric rows re-run even where IndexedDB change events do not cross from the worker.
 */
import { create } from 'zustand';
import type { TrainProgress } from '../protocol/messages';

interface TrainState {
  /** The run the Lab shows (the one started or resumed last, or picked). */
  runId: string | null;
  progress: TrainProgress | null;
  commits: number;
  /** How long the worker took to write the last training iteration to IndexedDB (its one transaction). */
  lastCommitMs: number | null;
  /** The last request's failure (shown next to the buttons). */
  error: string | null;
  /** A request is on its way (e.g. Start waiting for the model to load): the buttons wait. */
  busy: boolean;
  setBusy(busy: boolean): void;
  select(runId: string | null): void;
  setProgress(progress: TrainProgress): void;
  /** An iteration (or evaluation) was committed; commitMs: the write's duration, for a training iteration. */
  committed(commitMs?: number): void;
  setError(error: string | null): void;
}

export const useTrainStore = create<TrainState>((set) => ({
  runId: null,
  progress: null,
  commits: 0,
  lastCommitMs: null,
  error: null,
  busy: false,
  setBusy: (busy) => set({ busy }),
  select: (runId) => set({ runId, error: null, lastCommitMs: null }),
  setProgress: (progress) => set({ progress, ...(progress.error ? { error: progress.error } : {}) }),
  committed: (commitMs) => set((s) => ({ commits: s.commits + 1, ...(commitMs !== undefined ? { lastCommitMs: commitMs } : {}) })),
  setError: (error) => set({ error }),
}));
