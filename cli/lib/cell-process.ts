/**
 * The child-process entry of one experiment cell (forked by scheduler.ts):
 *
 *   process.argv[2] = JSON {config, dir, resume, name?}
 *
 * runs the cell (./cell.ts runCell) and reports CellMessages over IPC (process.send): throttled
 * progress, then `done` with the evaluation (exit 0) or `error` (exit 1). A separate process per cell
 * keeps each run's model runtime, memory and crashes to itself. Run directly (no IPC channel), it
 * prints the messages as JSON lines instead, which helps to debug one cell.
 *
 * The parent may send {type: 'stop'}: the cell then stops after its current iteration (its work up
 * to there is committed) and reports an error saying so. If the parent dies (a queue worker killed
 * with SIGKILL), the IPC channel closes and the child exits at once, so it never writes into a run
 * directory that another worker has taken over.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type RunConfig, runName } from '../../src/core/learn/config';
import type { CellMessage, RunEvaluation } from '../../src/core/learn/summary';

export interface CellProcessInput {
  config: RunConfig;
  dir: string;
  resume: boolean;
  /** The cell's name in messages; defaults to runName(config). */
  name?: string;
}

type Phase = 'train' | 'eval';

/** runCell's contract (cell.ts), restated so this file and its test do not need the runner loaded. */
export type RunCellFn = (options: {
  config: RunConfig;
  dir: string;
  resume: boolean;
  onProgress?: (phase: Phase, done: number, total: number) => void;
  shouldStop?: () => boolean;
}) => Promise<RunEvaluation>;

export type Send = (message: CellMessage) => Promise<void>;

/** At most 5 progress messages a second: a cell can play hundreds of episodes a second when tasks are short. */
export const PROGRESS_INTERVAL_MS = 200;

/**
 * Sends progress at most once per interval; the latest withheld one goes out when the interval ends
 * (so the coordinator always sees where a phase stopped), or at flush(), before done/error.
 */
export function throttledProgress(send: Send, intervalMs = PROGRESS_INTERVAL_MS) {
  let lastSent = -Infinity;
  let pending: CellMessage | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const emit = () => {
    timer = null;
    if (!pending) return;
    const message = pending;
    pending = null;
    lastSent = Date.now();
    void send(message);
  };
  return {
    progress(message: CellMessage) {
      pending = message;
      const wait = lastSent + intervalMs - Date.now();
      if (wait <= 0) emit();
      else timer ??= setTimeout(emit, wait);
    },
    /** Sends the withheld progress now only if the interval allows; otherwise drops it (done supersedes it). */
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (pending && Date.now() - lastSent >= intervalMs) emit();
      pending = null;
    },
  };
}

/** Runs one cell and reports it; returns the exit code. */
export async function runCellProcess(input: CellProcessInput, runCell: RunCellFn, send: Send, shouldStop?: () => boolean): Promise<number> {
  const cell = input.name ?? runName(input.config);
  const throttle = throttledProgress(send);
  try {
    const evaluation = await runCell({
      config: input.config,
      dir: input.dir,
      resume: input.resume,
      onProgress: (phase, done, total) => throttle.progress({ type: 'progress', cell, phase, done, total }),
      shouldStop,
    });
    throttle.stop();
    await send({ type: 'done', cell, evaluation });
    return 0;
  } catch (error) {
    throttle.stop();
    // The stack goes to the cell's log (the coordinator shows the message and points at the log).
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await send({ type: 'error', cell, message: error instanceof Error ? error.message : String(error) });
    return 1;
  }
}

export function parseCellInput(raw: string | undefined): CellProcessInput {
  if (!raw) throw new Error('cell-process: expected a JSON argument {config, dir, resume}');
  const input = JSON.parse(raw) as Partial<CellProcessInput>;
  if (!input.config || typeof input.dir !== 'string') throw new Error('cell-process: the argument needs config and dir');
  return { config: input.config, dir: input.dir, resume: input.resume === true, ...(input.name ? { name: input.name } : {}) };
}

/** process.send with its callback, so exit waits until the message has left. */
export const sendToParent: Send = (message) =>
  new Promise((done) => {
    if (process.send) process.send(message, () => done());
    else {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      done();
    }
  });

async function main(): Promise<void> {
  let cell = 'cell';
  const fail = async (error: unknown) => {
    await sendToParent({ type: 'error', cell, message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  };
  // A stray rejection inside the runtime would otherwise kill the child without a word to the parent.
  process.on('uncaughtException', (error) => void fail(error));
  process.on('unhandledRejection', (error) => void fail(error));
  let stopRequested = false;
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stop') stopRequested = true;
  });
  // The parent is gone: whoever retries this cell owns its directory from now on.
  process.on('disconnect', () => process.exit(1));
  try {
    const input = parseCellInput(process.argv[2]);
    cell = input.name ?? runName(input.config);
    const { runCell } = await import('./cell');
    // Explicit exit: the model runtime may keep handles open after the run.
    process.exit(await runCellProcess(input, runCell, sendToParent, () => stopRequested));
  } catch (error) {
    await fail(error);
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isEntry) void main();
