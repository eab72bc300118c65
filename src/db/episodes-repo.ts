/**
 * Reads of the episodes runs stored, for the Trajectories view: a light summary per episode for the
 * list (kept in runEpisodeSummaries, derived once from each episode), and whole episodes, runs and
 * pools one at a time for replay and comparison.
 */
import type { PoolState } from '../core/rules/pool';
import type { LabDatabase, RunEpisodeRow, RunEpisodeSummaryRow, RunRecord } from './schema';

export function summarizeEpisode(row: RunEpisodeRow): RunEpisodeSummaryRow {
  return {
    runId: row.runId,
    id: row.id,
    taskId: row.taskId,
    env: row.env,
    taskType: row.taskType,
    split: row.split,
    purpose: row.purpose,
    iteration: row.iteration,
    withRules: row.withRules,
    success: row.success,
    reward: row.reward,
    steps: row.steps.length,
  };
}

const keyOf = (runId: string, id: string): string => `${runId}\u0000${id}`;

export interface SyncResult {
  added: number;
  removed: number;
}

/** One sync per database at a time: a second caller (a re-render, a new iteration) waits for the first, then syncs again. */
const inFlight = new WeakMap<LabDatabase, Promise<SyncResult>>();

/**
 * Brings the summaries in line with runEpisodes: summarizes episodes that have none (a new
 * iteration, an imported run), in batches so at most `batch` full episodes are in memory at once, and
 * drops summaries whose episode is gone (a deleted run). Only primary keys are compared, which is
 * cheap even for 10,000 episodes.
 */
export function syncEpisodeSummaries(db: LabDatabase, options: { batch?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<SyncResult> {
  const running = inFlight.get(db);
  // Episodes written since that sync read its keys are only seen by another pass after it.
  if (running) return running.then(() => syncEpisodeSummaries(db, options));
  const next = doSync(db, options).finally(() => inFlight.delete(db));
  inFlight.set(db, next);
  return next;
}

async function doSync(db: LabDatabase, { batch = 200, onProgress }: { batch?: number; onProgress?: (done: number, total: number) => void }): Promise<SyncResult> {
  const [episodeKeys, summaryKeys] = await Promise.all([db.runEpisodes.toCollection().primaryKeys(), db.runEpisodeSummaries.toCollection().primaryKeys()]);
  const have = new Set(summaryKeys.map(([runId, id]) => keyOf(runId, id)));
  const exist = new Set(episodeKeys.map(([runId, id]) => keyOf(runId, id)));
  const missing = episodeKeys.filter(([runId, id]) => !have.has(keyOf(runId, id)));
  const orphans = summaryKeys.filter(([runId, id]) => !exist.has(keyOf(runId, id)));
  if (orphans.length > 0) await db.runEpisodeSummaries.bulkDelete(orphans);
  let added = 0;
  for (let start = 0; start < missing.length; start += batch) {
    const rows = await db.runEpisodes.bulkGet(missing.slice(start, start + batch));
    // An episode deleted between the key read and this one is simply skipped.
    const summaries = rows.filter((r): r is RunEpisodeRow => r !== undefined).map(summarizeEpisode);
    await db.runEpisodeSummaries.bulkPut(summaries);
    added += summaries.length;
    onProgress?.(Math.min(start + batch, missing.length), missing.length);
  }
  return { added, removed: orphans.length };
}

export function listEpisodeSummaries(db: LabDatabase): Promise<RunEpisodeSummaryRow[]> {
  return db.runEpisodeSummaries.toArray();
}

export async function getEpisode(db: LabDatabase, runId: string, episodeId: string): Promise<RunEpisodeRow | null> {
  return (await db.runEpisodes.get([runId, episodeId])) ?? null;
}

export async function getRun(db: LabDatabase, runId: string): Promise<RunRecord | null> {
  return (await db.runs.get(runId)) ?? null;
}

/** The run's pool after its last committed iteration (with every rule version), or null. */
export async function getRunPool(db: LabDatabase, runId: string): Promise<PoolState | null> {
  return (await db.runPools.get(runId))?.pool ?? null;
}

/**
 * The checkpoint JSON the episode was played with: checkpoint N holds the learner state after N
 * committed iterations, which is the state iteration N's rollouts (and the evaluation after N
 * iterations) played with. Falls back to the run's newest checkpoint when that one is missing.
 */
export async function checkpointForEpisode(db: LabDatabase, runId: string, iteration: number): Promise<{ iteration: number; json: string; exact: boolean } | null> {
  const exact = await db.runCheckpoints.get([runId, iteration]);
  if (exact) return { iteration: exact.iteration, json: exact.json, exact: true };
  const latest = await db.runCheckpoints.where('[runId+iteration]').between([runId, -Infinity], [runId, Infinity]).last();
  return latest ? { iteration: latest.iteration, json: latest.json, exact: false } : null;
}
