/**
 * UI state only (durable data lives in IndexedDB): the worker's status and the backend it found.
 */
import { create } from 'zustand';
import type { WorkerStatus } from '../protocol/client';
import type { BackendReport, LoadedModel } from '../protocol/messages';

export type ProbeState =
  | { phase: 'probing' }
  | { phase: 'done'; report: BackendReport }
  | { phase: 'failed'; message: string };

/** Per-file load progress, keyed by file name. */
export type FileProgress = Record<string, { loaded: number; total: number; done: boolean }>;

/** Why the last load failed: its sentence, and the technical line behind it. */
export interface LoadFailure {
  modelId: string;
  message: string;
  detail?: string;
}

/**
 * A load that fails leaves the model that was loaded before it in place (the worker keeps it):
 * the state goes back to 'ready' with that model and `loadError` set. 'failed' means no model.
 */
export type ModelState =
  | { phase: 'none' }
  | { phase: 'loading'; modelId: string; files: FileProgress; previous?: LoadedModel }
  | { phase: 'ready'; model: LoadedModel; loadError?: LoadFailure }
  | ({ phase: 'failed' } & LoadFailure);

interface LabState {
  model: ModelState;
  setModel(model: ModelState): void;
  worker: WorkerStatus;
  probe: ProbeState;
  setWorker(status: WorkerStatus): void;
  setProbe(probe: ProbeState): void;
}

export const useLabStore = create<LabState>((set) => ({
  model: { phase: 'none' },
  setModel: (model) => set({ model }),
  worker: { state: 'running' },
  probe: { phase: 'probing' },
  setWorker: (worker) => set({ worker }),
  setProbe: (probe) => set({ probe }),
}));
