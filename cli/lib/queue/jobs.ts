/** What a sweep job carries between the coordinator and the workers. */
import type { RunConfig } from '../../../src/core/learn/config';
import type { RunEvaluation } from '../../../src/core/learn/summary';

export interface CellJobData {
  /** The cell's run name, also the job id (runName(config)). */
  name: string;
  config: RunConfig;
  /** The cell's run directory: an absolute path that every worker sees (the shared --out). */
  dir: string;
  /** The experiment folder (--out): workers write the cell's log to <experiment>/logs/<name>.log. */
  experiment: string;
}

/** job.progress while a cell runs (the cell's own progress messages, relayed by its worker). */
export interface CellJobProgress {
  phase: 'train' | 'eval';
  done: number;
  total: number;
}

export type CellJobResult = RunEvaluation;

export function isCellJobProgress(value: unknown): value is CellJobProgress {
  const p = value as CellJobProgress | null;
  return typeof p === 'object' && p !== null && (p.phase === 'train' || p.phase === 'eval') && typeof p.done === 'number' && typeof p.total === 'number';
}
