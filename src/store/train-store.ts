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
  /** The last request's failure (shown next to the buttons). */
  error: string | null;
  /** A request is on its way (e.g. Start waiting for the model to load): the buttons wait. */
  busy: boolean;
  setBusy(busy: boolean): void;
  select(runId: string | null): void;
  setProgress(progress: TrainProgress): void;
  committed(): void;
  setError(error: string | null): void;
}

export const useTrainStore = create<TrainState>((set) => ({
  runId: null,
  progress: null,
  commits: 0,
  error: null,
  busy: false,
  setBusy: (busy) => set({ busy }),
  select: (runId) => set({ runId, error: null }),
  setProgress: (progress) => set({ progress, ...(progress.error ? { error: progress.error } : {}) }),
  committed: () => set((s) => ({ commits: s.commits + 1 })),
  setError: (error) => set({ error }),
}));
