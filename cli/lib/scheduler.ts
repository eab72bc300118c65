/**
 * Runs experiment cells in parallel child processes, at most `jobs` at a time. Each child is
 * cell-process.ts (or `childScript`, for tests) run through tsx's loader, and reports CellMessages
 * over IPC. A failed or crashed cell is reported and the others carry on; with `resume`, a cell
 * whose directory already holds eval.json is not run again.
 */
import { fork } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunConfig } from '../../src/core/learn/config';
import type { CellMessage, RunEvaluation } from '../../src/core/learn/summary';

export interface CellSpec {
  name: string;
  config: RunConfig;
  /** The cell's run directory. */
  dir: string;
}

/**
 * What the coordinator hears: a child started, a finished cell was skipped, or the child's own
 * messages; on the queue also a cell sent back to wait (its worker stalled, stopped or an attempt failed).
 */
export type CellUpdate =
  | { type: 'start'; cell: string }
  | { type: 'skipped'; cell: string; evaluation: RunEvaluation }
  | { type: 'requeued'; cell: string; reason: string }
  | CellMessage;

export interface CellOutcome {
  name: string;
  dir: string;
  status: 'done' | 'skipped' | 'failed';
  evaluation?: RunEvaluation;
  error?: string;
}

export interface RunCellsOptions {
  /** Children at once (default: the machine's available parallelism). */
  jobs?: number;
  /** Skip cells with an eval.json; resume the others from their checkpoints. */
  resume: boolean;
  /** The child entry (default cell-process.ts); tests point it at a fake. */
  childScript?: string;
  /** When set, each child's stdout and stderr go to `<logDir>/<cell>.log` (otherwise they are only kept for error messages). */
  logDir?: string;
  onUpdate?: (update: CellUpdate) => void;
  /** Aborting it asks every running cell to stop after its current iteration (a queue worker's SIGTERM). */
  stopSignal?: AbortSignal;
}

const here = dirname(fileURLToPath(import.meta.url));
export const CELL_PROCESS_SCRIPT = join(here, 'cell-process.ts');

/**
 * Node flags that let a child run TypeScript: tsx's ESM loader, registered with `--import`. The path
 * is resolved here (not the bare `tsx`) so the child finds it whatever its working directory.
 */
export function tsxExecArgv(): string[] {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

/** A finished cell's evaluation, or null when there is none (or it is unreadable: then the cell runs again). */
export function readEvaluation(dir: string): RunEvaluation | null {
  const file = join(dir, 'eval.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunEvaluation;
  } catch {
    return null;
  }
}

/** Keeps the last lines a child wrote, to explain a crash that sent no error message. */
function tail(maxChars = 2000) {
  let text = '';
  return {
    push(chunk: string) {
      text = (text + chunk).slice(-maxChars);
    },
    get value() {
      return text.trim();
    },
  };
}

/** Runs one cell in a child process (the queue worker runs each job through this too). */
export function runChild(cell: CellSpec, resume: boolean, options: Omit<RunCellsOptions, 'jobs' | 'resume'>): Promise<CellOutcome> {
  return new Promise((resolveOutcome) => {
    mkdirSync(cell.dir, { recursive: true });
    // Resume only where there is something to resume; a cell that never started begins fresh.
    const input = { config: cell.config, dir: cell.dir, resume: resume && existsSync(join(cell.dir, 'run.json')), name: cell.name };
    const child = fork(options.childScript ?? CELL_PROCESS_SCRIPT, [JSON.stringify(input)], {
      execArgv: tsxExecArgv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let log: WriteStream | null = null;
    if (options.logDir) {
      mkdirSync(options.logDir, { recursive: true });
      log = createWriteStream(join(options.logDir, `${cell.name}.log`), { flags: 'a' });
    }
    const output = tail();
    const capture = (chunk: Buffer) => {
      output.push(chunk.toString());
      log?.write(chunk);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    const requestStop = () => {
      if (child.connected) child.send({ type: 'stop' });
    };
    if (options.stopSignal?.aborted) requestStop();
    else options.stopSignal?.addEventListener('abort', requestStop, { once: true });

    let evaluation: RunEvaluation | undefined;
    let error: string | undefined;
    let settled = false;
    const settle = (outcome: CellOutcome) => {
      if (settled) return;
      settled = true;
      options.stopSignal?.removeEventListener('abort', requestStop);
      log?.end();
      resolveOutcome(outcome);
    };
    child.on('message', (raw) => {
      const message = raw as CellMessage;
      // The child knows the cell by the name we gave it; relabel anyway so updates always match the spec.
      const update = { ...message, cell: cell.name };
      if (message.type === 'done') evaluation = message.evaluation;
      if (message.type === 'error') error = message.message;
      options.onUpdate?.(update);
    });
    child.on('error', (err) => {
      const message = `could not start the cell process: ${err.message}`;
      options.onUpdate?.({ type: 'error', cell: cell.name, message });
      settle({ name: cell.name, dir: cell.dir, status: 'failed', error: message });
    });
    // 'close' comes after the exit and after the child's stdio and IPC have drained, so no message is lost.
    child.on('close', (code, signal) => {
      if (evaluation && code === 0) {
        settle({ name: cell.name, dir: cell.dir, status: 'done', evaluation });
        return;
      }
      if (!error) {
        const how = signal ? `was killed by ${signal}` : code === 0 ? 'exited without a result' : `exited with code ${code}`;
        error = `the cell process ${how}${output.value ? `:\n${output.value}` : ''}`;
        options.onUpdate?.({ type: 'error', cell: cell.name, message: error });
      }
      settle({ name: cell.name, dir: cell.dir, status: 'failed', error });
    });
  });
}

/** Runs every cell; resolves with one outcome per cell, in the order given, once all have ended. */
export async function runCells(cells: readonly CellSpec[], options: RunCellsOptions): Promise<CellOutcome[]> {
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const outcomes: CellOutcome[] = new Array(cells.length);
  let next = 0;
  const worker = async () => {
    while (next < cells.length) {
      const index = next++;
      const cell = cells[index];
      const finished = options.resume ? readEvaluation(cell.dir) : null;
      if (finished) {
        options.onUpdate?.({ type: 'skipped', cell: cell.name, evaluation: finished });
        outcomes[index] = { name: cell.name, dir: cell.dir, status: 'skipped', evaluation: finished };
        continue;
      }
      options.onUpdate?.({ type: 'start', cell: cell.name });
      outcomes[index] = await runChild(cell, options.resume, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, cells.length) }, worker));
  return outcomes;
}
