/**
 * The coordinator's side of a sweep on the queue: enqueue one job per cell (job id = the cell's run
 * name, so adding it twice runs it once), then follow the jobs until every cell has completed or
 * failed for good, relaying each one's state as the same CellUpdates a local run produces. It
 * returns the same CellOutcomes as scheduler.ts's runCells, so `experiment` aggregates both alike.
 */
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { CellOutcome, CellSpec, CellUpdate } from '../scheduler';
import { QUEUE_NAME, type QueueConnection } from './connection';
import { type CellJobData, type CellJobResult, isCellJobProgress } from './jobs';

export interface SweepOptions {
  connection: QueueConnection;
  /** The experiment folder (--out), seen by every worker at the same path. */
  experiment: string;
  /** Tries per cell before it ends as failed (a worker that dies mid-cell does not spend one). */
  attempts: number;
  /** Pause before a failed attempt is retried. */
  backoffMs?: number;
  /** How often job states are read (default 500 ms). */
  pollMs?: number;
  onUpdate?: (update: CellUpdate) => void;
}

type CellJob = Job<CellJobData, CellJobResult>;

const UNFINISHED = new Set(['active', 'waiting', 'wait', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Puts every cell on the queue. A job left from an earlier experiment under the same run name is
 * removed once finished (a different --out is a different cell); one still queued or running is
 * an error, since the queue cannot hold two cells of one name. A failed job of this experiment is
 * retried (the --resume case); a completed one is kept.
 */
async function enqueue(queue: Queue<CellJobData, CellJobResult>, cells: readonly CellSpec[], options: SweepOptions): Promise<void> {
  for (const cell of cells) {
    const existing = (await queue.getJob(cell.name)) as CellJob | undefined;
    if (existing) {
      const state = await existing.getState();
      if (existing.data.dir !== cell.dir) {
        if (UNFINISHED.has(state)) {
          throw new Error(`cell ${cell.name} is ${state} on ${options.connection.display} for another experiment (${existing.data.experiment}); let it finish, or give this sweep its own database (redis://HOST:PORT/DB)`);
        }
        await existing.remove();
      } else {
        if (state === 'failed') await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        continue;
      }
    }
    const data: CellJobData = { name: cell.name, config: cell.config, dir: cell.dir, experiment: options.experiment };
    await queue.add(cell.name, data, {
      jobId: cell.name,
      attempts: options.attempts,
      backoff: { type: 'fixed', delay: options.backoffMs ?? 1000 },
      // Kept, so the coordinator (or a second one) can read the result and a re-add is a no-op.
      removeOnComplete: false,
      removeOnFail: false,
    });
  }
}

interface Tracked {
  state: string;
  attemptsMade: number;
  attemptsStarted: number;
  progress: string;
  stalled: boolean;
  outcome?: CellOutcome;
}

/** Enqueues the cells and resolves with one outcome per cell, in order, once all have ended. */
export async function runCellsOnQueue(cells: readonly CellSpec[], options: SweepOptions): Promise<CellOutcome[]> {
  const connection = options.connection.options;
  const queue = new Queue<CellJobData, CellJobResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const update = options.onUpdate ?? (() => {});
  const tracked = new Map<string, Tracked>(cells.map((c) => [c.name, { state: 'waiting', attemptsMade: 0, attemptsStarted: 0, progress: '', stalled: false }]));
  try {
    await events.waitUntilReady();
    // Only a stall says why a running job went back to the queue; the job's own state does not.
    events.on('stalled', ({ jobId }) => {
      const t = tracked.get(jobId);
      if (t) t.stalled = true;
    });
    await enqueue(queue, cells, options);
    const poll = options.pollMs ?? 500;
    for (;;) {
      for (const cell of cells) {
        const t = tracked.get(cell.name)!;
        if (t.outcome) continue;
        const job = (await queue.getJob(cell.name)) as CellJob | undefined;
        if (!job) {
          t.outcome = { name: cell.name, dir: cell.dir, status: 'failed', error: 'its job disappeared from the queue (removed by hand?)' };
          update({ type: 'error', cell: cell.name, message: t.outcome.error! });
          continue;
        }
        const state = await job.getState();
        follow(cell, job, state, t, update);
      }
      if ([...tracked.values()].every((t) => t.outcome)) break;
      await new Promise((r) => setTimeout(r, poll));
    }
    return cells.map((c) => tracked.get(c.name)!.outcome!);
  } finally {
    await events.close();
    await queue.close();
  }
}

/** Turns one look at a job into the CellUpdates a local run would have given. */
function follow(cell: CellSpec, job: CellJob, state: string, t: Tracked, update: (u: CellUpdate) => void): void {
  const restarted = job.attemptsStarted > t.attemptsStarted && t.state === 'active';
  const leftActive = t.state === 'active' && state !== 'active';
  const finished = state === 'completed' || state === 'failed';
  // A failed attempt is seen by its count, even when the retry began between two looks.
  const attemptFailed = job.attemptsMade > t.attemptsMade && !finished;
  if (((leftActive || restarted) && !finished) || attemptFailed) {
    const reason = attemptFailed
      ? `attempt ${job.attemptsMade} failed: ${(job.failedReason ?? '').split('\n')[0]}; retrying`
      : t.stalled
        ? 'its worker stopped answering (stalled); it resumes from its last committed iteration on the next free worker'
        : 'its worker stopped it after a committed iteration; back in the queue';
    update({ type: 'requeued', cell: cell.name, reason });
    t.stalled = false;
    t.progress = '';
  }
  if (state === 'active' && (t.state !== 'active' || restarted)) update({ type: 'start', cell: cell.name });
  if (state === 'active' && isCellJobProgress(job.progress)) {
    const key = JSON.stringify(job.progress);
    if (key !== t.progress) {
      t.progress = key;
      update({ type: 'progress', cell: cell.name, ...job.progress });
    }
  }
  if (state === 'completed') {
    t.outcome = { name: cell.name, dir: cell.dir, status: 'done', evaluation: job.returnvalue };
    update({ type: 'done', cell: cell.name, evaluation: job.returnvalue });
  } else if (state === 'failed') {
    const error = `${job.failedReason || 'failed without a message'} (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1})`;
    t.outcome = { name: cell.name, dir: cell.dir, status: 'failed', error };
    update({ type: 'error', cell: cell.name, message: error });
  }
  t.state = state;
  t.attemptsMade = job.attemptsMade;
  t.attemptsStarted = job.attemptsStarted;
}
