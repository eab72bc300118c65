/**
 * UI state only (durable data lives in IndexedDB): the worker's status and the backend it found.
 */
import { create } from 'zustand';
import type { WorkerStatus } from '../protocol/client';
import type { BackendReport } from '../protocol/messages';

export type ProbeState =
  | { phase: 'probing' }
  | { phase: 'done'; report: BackendReport }
  | { phase: 'failed'; message: string };

interface LabState {
  worker: WorkerStatus;
  probe: ProbeState;
  setWorker(status: WorkerStatus): void;
  setProbe(probe: ProbeState): void;
}

export const useLabStore = create<LabState>((set) => ({
  worker: { state: 'running' },
  probe: { phase: 'probing' },
  setWorker: (worker) => set({ worker }),
  setProbe: (probe) => set({ probe }),
}));
