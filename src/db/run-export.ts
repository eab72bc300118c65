/**
 * A stored run as its run files (the CLI's format: run.json, episodes.jsonl, metrics.csv, rules.json,
 * checkpoints/iter-NNNNNN.json, eval.json once evaluated), built from IndexedDB rows with the shared formatters of
 * src/core/learn/run-format.ts, and zipped into one file for download.
 */
import { strToU8, zipSync } from 'fflate';
import type { EpisodeRecord } from '../core/learn/records';
import { checkpointName, episodeLine, formatMetricsCsv, prettyJson, rulesFile } from '../core/learn/run-format';
import { RunNotFoundError } from './runs-repo';
import type { LabDatabase } from './schema';

/** Path inside the run directory → file text. */
export type RunFiles = Record<string, string>;

export async function runFiles(db: LabDatabase, runId: string): Promise<RunFiles> {
  return db.transaction('r', [db.runs, db.runEpisodes, db.metrics, db.runCheckpoints, db.runPools], async () => {
    const run = await db.runs.get(runId);
    if (!run) throw new RunNotFoundError(`Run ${runId} no longer exists (was it deleted?).`);
    const episodes = await db.runEpisodes.where('runId').equals(runId).toArray();
    // The CLI appends in play order: rollouts by iteration, group and index, evaluations after them.
    episodes.sort((a, b) => Number(a.purpose === 'eval') - Number(b.purpose === 'eval') || a.iteration - b.iteration || a.group - b.group || a.index - b.index);
    const metrics = (await db.metrics.where('runId').equals(runId).toArray()).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    const checkpoints = await db.runCheckpoints.where('runId').equals(runId).toArray();
    const pool = await db.runPools.get(runId);
    const files: RunFiles = {
      'run.json': prettyJson(run.info),
      'episodes.jsonl': episodes.map(({ runId: _owner, ...record }) => episodeLine(record as EpisodeRecord)).join(''),
      'metrics.csv': formatMetricsCsv(metrics.map((m) => ({ iteration: m.iteration, episodes: m.episodes, name: m.name, value: m.value }))),
    };
    if (pool) files['rules.json'] = prettyJson(rulesFile(pool.pool));
    if (run.evaluation) files['eval.json'] = prettyJson(run.evaluation);
    for (const c of checkpoints) files[`checkpoints/${checkpointName(c.iteration)}`] = c.json;
    return files;
  });
}

/** The run files as one zip, the files at its root (unzipped, it is a run directory the CLI can read). */
export function zipRunFiles(files: RunFiles): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)])), { level: 6 });
}
