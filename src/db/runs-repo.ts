/**
 * Training runs in IndexedDB: every write that changes a run is one transaction, so a reload,
 * a crash or a failed write (quota) leaves the run at its last committed iteration and never half
 * of one. The worker calls these while training; the UI calls them to list, delete and mark runs.
 */
import type { RunConfig } from '../core/learn/config';
import type { EpisodeRecord } from '../core/learn/records';
import type { RunEvaluation } from '../core/learn/summary';
import type { PoolState } from '../core/rules/pool';
import type { LabDatabase, MetricRecord, RunRecord, RunStatus } from './schema';

export class RunNotFoundError extends Error {
  override name = 'RunNotFoundError';
}

/** A commit that does not follow the run's last committed iteration (two writers, or a stale loop). */
export class RunCommitConflictError extends Error {
  override name = 'RunCommitConflictError';
}

export interface NewRun {
  id: string;
  name: string;
  config: RunConfig;
  totalIterations: number;
  /** run.json. */
  info: Record<string, unknown>;
  /** JSON of the checkpoint before the first iteration (iteration 0). */
  checkpointJson: string;
  pool: PoolState;
  /** Held-out evaluation every this many iterations while training (0: only after the last). */
  evalEvery?: number;
}

/** Creates a run with its iteration-0 checkpoint and pool, all or nothing. */
export async function createRun(db: LabDatabase, run: NewRun, now = Date.now()): Promise<RunRecord> {
  const record: RunRecord = {
    id: run.id,
    name: run.name,
    createdAt: now,
    updatedAt: now,
    status: 'running',
    config: run.config,
    iteration: 0,
    episodesDone: 0,
    totalIterations: run.totalIterations,
    info: run.info,
    ...(run.evalEvery ? { evalEvery: run.evalEvery } : {}),
  };
  await db.transaction('rw', [db.runs, db.runCheckpoints, db.runPools], async () => {
    await db.runs.add(record);
    await db.runCheckpoints.add({ runId: run.id, iteration: 0, json: run.checkpointJson, createdAt: now });
    await db.runPools.put({ runId: run.id, pool: run.pool, updatedAt: now });
  });
  return record;
}

export interface IterationCommit {
  /** Iterations completed after this one (the checkpoint's iteration). */
  iteration: number;
  episodesDone: number;
  episodes: readonly EpisodeRecord[];
  /** The iteration's namespaced scalars, written with the iteration that produced them (iteration − 1), as metrics.csv does. */
  metrics: Record<string, number>;
  checkpointJson: string;
  pool: PoolState;
  /** The run's status after the commit (running, or paused/finished when the loop ends here). */
  status: RunStatus;
  /** Wall-clock seconds the iteration took. */
  seconds?: number;
}

/**
 * Commits one iteration: its episodes, metric rows, checkpoint, pool and the run row, in one
 * transaction. Anything failing inside (a duplicate episode, quota) rolls all of it back.
 */
export async function commitIteration(db: LabDatabase, runId: string, commit: IterationCommit, now = Date.now()): Promise<void> {
  const produced = commit.iteration - 1;
  const metricRows: MetricRecord[] = Object.entries(commit.metrics)
    .filter(([, value]) => Number.isFinite(value))
    .map(([name, value]) => ({ runId, iteration: produced, name, value, episodes: commit.episodesDone, at: now }));
  await db.transaction('rw', [db.runs, db.runEpisodes, db.metrics, db.runCheckpoints, db.runPools], async () => {
    const run = await db.runs.get(runId);
    if (!run) throw new RunNotFoundError(`Run ${runId} no longer exists (was it deleted?).`);
    if (run.iteration !== produced) {
      throw new RunCommitConflictError(`Run ${runId} has ${run.iteration} committed iterations; iteration ${commit.iteration} cannot follow.`);
    }
    await db.runEpisodes.bulkAdd(commit.episodes.map((e) => ({ ...e, runId })));
    if (metricRows.length > 0) await db.metrics.bulkAdd(metricRows);
    await db.runCheckpoints.add({ runId, iteration: commit.iteration, json: commit.checkpointJson, createdAt: now });
    await db.runPools.put({ runId, pool: commit.pool, updatedAt: now });
    const trainSeconds = (run.trainSeconds ?? 0) + (commit.seconds ?? 0);
    await db.runs.update(runId, { iteration: commit.iteration, episodesDone: commit.episodesDone, status: commit.status, trainSeconds, updatedAt: now });
  });
}

/**
 * Commits the held-out evaluation after the last iteration: its episodes, the eval/… metric rows
 * (at iteration `evaluation.iteration`, as the CLI writes them), eval.json, and the run finished.
 */
export async function commitEvaluation(
  db: LabDatabase,
  runId: string,
  result: { evaluation: RunEvaluation; episodes: readonly EpisodeRecord[]; metrics: Record<string, number>; episodesDone: number },
  now = Date.now(),
): Promise<void> {
  const rows: MetricRecord[] = Object.entries(result.metrics)
    .filter(([, value]) => Number.isFinite(value))
    .map(([name, value]) => ({ runId, iteration: result.evaluation.iteration, name, value, episodes: result.episodesDone, at: now }));
  await db.transaction('rw', [db.runs, db.runEpisodes, db.metrics], async () => {
    const run = await db.runs.get(runId);
    if (!run) throw new RunNotFoundError(`Run ${runId} no longer exists (was it deleted?).`);
    if (run.evaluation) throw new RunCommitConflictError(`Run ${run.name} is already evaluated.`);
    await db.runEpisodes.bulkAdd(result.episodes.map((e) => ({ ...e, runId })));
    await db.metrics.bulkAdd(rows);
    await db.runs.update(runId, { evaluation: result.evaluation, status: 'finished', updatedAt: now });
  });
}

/**
 * The eval/… metric rows of a held-out evaluation in the middle of a run (or asked for on a paused
 * one), at `iteration`. Evaluating the same iteration again replaces its rows, in one transaction.
 */
export async function commitEvaluationMetrics(db: LabDatabase, runId: string, iteration: number, episodesDone: number, metrics: Record<string, number>, now = Date.now()): Promise<void> {
  const rows: MetricRecord[] = Object.entries(metrics)
    .filter(([, value]) => Number.isFinite(value))
    .map(([name, value]) => ({ runId, iteration, name, value, episodes: episodesDone, at: now }));
  await db.transaction('rw', [db.runs, db.metrics], async () => {
    if (!(await db.runs.get(runId))) throw new RunNotFoundError(`Run ${runId} no longer exists (was it deleted?).`);
    await db.metrics.where('[runId+iteration]').equals([runId, iteration]).filter((m) => m.name.startsWith('eval/')).delete();
    await db.metrics.bulkAdd(rows);
  });
}

/**
 * A run's metric rows in insertion order, given the rows already read (`known`, in that order): only
 * the rows added since are read and appended, so a chart refresh per commit reads one iteration's
 * rows, not the run's. `known` itself comes back when nothing changed (callers keep their draw), and
 * everything is read again when `known` is no longer a prefix of the stored rows (an evaluation
 * replaced its rows, or the run was deleted and imported again): the counts then disagree.
 */
export async function readRunMetrics(db: LabDatabase, runId: string, known: readonly MetricRecord[] = []): Promise<readonly MetricRecord[]> {
  return db.transaction('r', db.metrics, async () => {
    const stored = await db.metrics.where('runId').equals(runId).count();
    const lastId = known.at(-1)?.id;
    if (lastId !== undefined && stored >= known.length) {
      const added = await db.metrics.where(':id').above(lastId).filter((m) => m.runId === runId).toArray();
      if (known.length + added.length === stored) return added.length === 0 ? known : [...known, ...added];
    }
    // The runId index orders a run's rows by primary key: insertion order.
    return db.metrics.where('runId').equals(runId).toArray();
  });
}

export async function setRunStatus(db: LabDatabase, runId: string, status: RunStatus, error?: string, now = Date.now()): Promise<void> {
  const changed = await db.runs.update(runId, { status, updatedAt: now, ...(error !== undefined ? { error } : {}) });
  if (changed === 0) throw new RunNotFoundError(`Run ${runId} no longer exists (was it deleted?).`);
}

/** One run this tab was training, cut off by its worker's crash: `interrupted` if still marked running. */
export async function markRunInterrupted(db: LabDatabase, runId: string, now = Date.now()): Promise<boolean> {
  return (await db.runs.where('id').equals(runId).filter((run) => run.status === 'running').modify({ status: 'interrupted', updatedAt: now })) > 0;
}

/** The Web Lock a worker holds while it trains a run: another tab sees the run is alive, not cut off. */
export function runLockName(runId: string): string {
  return `jerp-lab-run:${runId}`;
}

/**
 * At app start (or after this tab's worker crashed) a run still marked running was cut off by a
 * reload or a crash, unless a worker, in this tab or another, still holds its lock (`training`
 * says which): those become `interrupted` (resumable from their last checkpoint). Returns how many.
 */
export async function markInterruptedRuns(db: LabDatabase, training: ReadonlySet<string> = new Set(), now = Date.now()): Promise<number> {
  return db.runs
    .where('status')
    .equals('running')
    .filter((run) => !training.has(run.id))
    .modify({ status: 'interrupted', updatedAt: now });
}

/** The run's newest committed checkpoint (JSON text) with the run itself. */
export async function latestCheckpoint(db: LabDatabase, runId: string): Promise<{ run: RunRecord; iteration: number; json: string }> {
  return db.transaction('r', [db.runs, db.runCheckpoints], async () => {
    const run = await db.runs.get(runId);
    if (!run) throw new RunNotFoundError(`Run ${runId} no longer exists (was it deleted?).`);
    const row = await db.runCheckpoints.where('[runId+iteration]').equals([runId, run.iteration]).first();
    if (!row) throw new RunNotFoundError(`Run ${run.name} has no checkpoint for iteration ${run.iteration}.`);
    return { run, iteration: row.iteration, json: row.json };
  });
}

/**
 * Changes a run's rule pool outside an iteration (a person's edit in the Rules workbench): the pool
 * row and the newest checkpoint's pool are rewritten together, in one transaction, so a resume after
 * a reload starts from the edited pool. `change` gets the committed pool and the run (its
 * `iteration` is the checkpoint's) and returns the new pool, or throws and nothing is written.
 */
export async function updateRunPool(db: LabDatabase, runId: string, change: (pool: PoolState, run: RunRecord) => PoolState, now = Date.now()): Promise<PoolState> {
  return db.transaction('rw', [db.runs, db.runCheckpoints, db.runPools], async () => {
    const run = await db.runs.get(runId);
    if (!run) throw new RunNotFoundError(`Run ${runId} no longer exists (was it deleted?).`);
    const row = await db.runCheckpoints.where('[runId+iteration]').equals([runId, run.iteration]).first();
    if (!row) throw new RunNotFoundError(`Run ${run.name} has no checkpoint for iteration ${run.iteration}.`);
    const checkpoint = JSON.parse(row.json) as { pool: PoolState };
    const pool = change(checkpoint.pool, run);
    await db.runCheckpoints.put({ ...row, json: JSON.stringify({ ...checkpoint, pool }) });
    await db.runPools.put({ runId, pool, updatedAt: now });
    await db.runs.update(runId, { updatedAt: now });
    return pool;
  });
}

/** Deletes a run and everything it owns, in one transaction. */
export async function deleteRun(db: LabDatabase, runId: string): Promise<void> {
  await db.transaction('rw', [db.runs, db.runEpisodes, db.metrics, db.runCheckpoints, db.runPools], async () => {
    await db.runEpisodes.where('runId').equals(runId).delete();
    await db.metrics.where('runId').equals(runId).delete();
    await db.runCheckpoints.where('runId').equals(runId).delete();
    await db.runPools.delete(runId);
    await db.runs.delete(runId);
  });
}
