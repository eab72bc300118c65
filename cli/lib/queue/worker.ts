/**
 * A sweep worker: takes cell jobs off the queue and runs each exactly as a local `experiment` does,
 * in a child process through the scheduler's runChild (cell-process.ts → runCell). A cell resumes
 * from the last checkpoint committed in its run directory, so a job retried after a worker died
 * (stalled: its lock expired) neither loses nor repeats an episode.
 *
 * stop() (SIGTERM) asks every running cell to stop after its current iteration, puts those jobs back
 * in the queue without spending an attempt, and closes the worker once they have.
 */
import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type Job, WaitingError, Worker } from 'bullmq';
import { checkpointIteration } from '../../../src/core/learn/run-format';
import { type CellOutcome, readEvaluation, runChild } from '../scheduler';
import { QUEUE_NAME, type QueueConnection } from './connection';
import type { CellJobData, CellJobProgress, CellJobResult } from './jobs';

export interface SweepWorkerOptions {
  connection: QueueConnection;
  /** Cells run at once by this worker, each in its own process. */
  concurrency: number;
  /** How long a job's lock lasts without renewal before the job counts as stalled (BullMQ lockDuration). */
  lockDurationMs: number;
  /** How often this worker looks for stalled jobs (of any worker) to send back to the queue. */
  stalledIntervalMs: number;
  /** Stalls a job survives before it fails (a cell that kills its worker every time must end). */
  maxStalledCount: number;
  /** The child entry (tests point it at a fake); default cell-process.ts. */
  childScript?: string;
  onEvent?: (line: string) => void;
}

export interface SweepWorker {
  /** Resolves once the worker is connected and taking jobs. */
  ready: Promise<void>;
  /** Stop after the current iteration of each running cell; resolves when the worker has closed. */
  stop(): Promise<void>;
  /** Resolves when the worker has closed, for whatever reason. */
  closed: Promise<void>;
}

/** The number of iterations a run directory has committed (0 when none). */
function committedIterations(dir: string): number {
  const checkpoints = join(dir, 'checkpoints');
  if (!existsSync(checkpoints)) return 0;
  return Math.max(0, ...readdirSync(checkpoints).map((n) => checkpointIteration(n) ?? 0));
}

export function startWorker(options: SweepWorkerOptions): SweepWorker {
  const say = options.onEvent ?? (() => {});
  const stopping = new AbortController();
  const id = `${hostname()}:${process.pid}`;

  const runJob = async (job: Job<CellJobData, CellJobResult>, token?: string): Promise<CellJobResult> => {
    const { name, config, dir, experiment } = job.data;
    // Another attempt may already have finished the cell (its worker died before it could report).
    const finished = readEvaluation(dir);
    if (finished) {
      say(`${name}: already evaluated in ${dir}; reporting it`);
      return finished;
    }
    const resume = existsSync(join(dir, 'run.json'));
    const from = resume ? committedIterations(dir) : 0;
    say(`${name}: started (attempt ${job.attemptsMade + 1}${resume ? `, resumes from iteration ${from}` : ''})`);
    let outcome: CellOutcome;
    try {
      outcome = await runChild({ name, config, dir }, resume, {
        childScript: options.childScript,
        logDir: join(experiment, 'logs'),
        stopSignal: stopping.signal,
        onUpdate: (update) => {
          if (update.type !== 'progress') return;
          const progress: CellJobProgress = { phase: update.phase, done: update.done, total: update.total };
          job.updateProgress(progress).catch(() => {}); // progress is a courtesy; the lock and result matter
        },
      });
    } catch (error) {
      // The run directory or log could not be made (storage missing, full or read-only).
      outcome = { name, dir, status: 'failed', error: (error as Error).message };
    }
    if (outcome.status === 'done' && outcome.evaluation) {
      say(`${name}: done`);
      return outcome.evaluation;
    }
    if (stopping.signal.aborted) {
      // Stopped on request after a committed iteration: back to the queue, no attempt spent.
      say(`${name}: stopped after iteration ${committedIterations(dir)}; back in the queue`);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    say(`${name}: failed: ${(outcome.error ?? 'unknown error').split('\n')[0]}`);
    throw new Error(outcome.error ?? 'the cell failed without a message');
  };

  const worker = new Worker<CellJobData, CellJobResult>(QUEUE_NAME, runJob, {
    connection: options.connection.options,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    name: id,
  });
  worker.on('error', (error) => say(`queue error: ${error.message}`));

  let closing: Promise<void> | null = null;
  let closedResolve: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    closedResolve = resolve;
  });
  worker.on('closed', () => closedResolve());
  return {
    ready: worker.waitUntilReady().then(() => undefined),
    closed,
    stop() {
      if (!closing) {
        stopping.abort();
        closing = worker.close().then(() => closedResolve());
      }
      return closing;
    },
  };
}
