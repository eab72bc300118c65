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

export type ModelState =
  | { phase: 'none' }
  | { phase: 'loading'; modelId: string; files: FileProgress }
  | { phase: 'ready'; model: LoadedModel }
  | { phase: 'failed'; modelId: string; message: string };

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
