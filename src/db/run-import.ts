/**
 * Importing a run file (the zip Export run writes, or a CLI run directory zipped): everything is
 * unpacked and validated first — sizes, required files, each file's shape, the checkpoints'
 * consistency — and only then written, in one transaction. A bad file changes nothing and gets a
 * message naming the file and what is wrong with it.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { Checkpoint } from '../core/learn/checkpoint';
import { iterationsFor, type RunConfig } from '../core/learn/config';
import type { RunEvaluation } from '../core/learn/summary';
import type { EpisodeRecord } from '../core/learn/records';
import { checkpointIteration, METRICS_HEADER, parseEpisodesJsonl, parseMetricsCsv } from '../core/learn/run-format';
import type { PoolState } from '../core/rules/pool';
import { checkpointSchema, episodeSchema, evaluationSchema, firstIssue, rulesFileSchema, runInfoSchema } from './run-schemas';
import type { LabDatabase, MetricRecord, RunRecord } from './schema';

/** Largest zip accepted, and largest total once unpacked (a zip bomb is refused before it is inflated). */
export const MAX_IMPORT_BYTES = 256 * 2 ** 20;
export const MAX_UNPACKED_BYTES = 1024 * 2 ** 20;

export class RunImportError extends Error {
  override name = 'RunImportError';
}

function fail(message: string): never {
  throw new RunImportError(message);
}

/** The archive's files by their path in the run directory (a single top-level folder is stripped). */
export interface ImportLimits {
  maxBytes: number;
  maxUnpackedBytes: number;
}

const LIMITS: ImportLimits = { maxBytes: MAX_IMPORT_BYTES, maxUnpackedBytes: MAX_UNPACKED_BYTES };

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`;
}

/** Every entry of a zip by its path (directories dropped), within the size limits. */
export function unzipEntries(bytes: Uint8Array, limits: ImportLimits = LIMITS, what = 'a run'): Record<string, Uint8Array> {
  if (bytes.length > limits.maxBytes) fail(`The file is ${mib(bytes.length)}; ${what === 'a run' ? 'runs' : 'files'} up to ${mib(limits.maxBytes)} can be imported.`);
  let unpacked = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > limits.maxUnpackedBytes) fail(`The archive unpacks to more than ${mib(limits.maxUnpackedBytes)}; that is not ${what} this lab can hold.`);
        return !file.name.endsWith('/');
      },
    });
  } catch (error) {
    if (error instanceof RunImportError) throw error;
    fail(`The file is not a readable zip archive (truncated or corrupt): ${(error as Error).message}.`);
  }
}

function unpack(bytes: Uint8Array, limits: ImportLimits): Map<string, string> {
  const entries = unzipEntries(bytes, limits);
  // A zipped run directory (`name/run.json`, …) reads the same as the files at the root.
  const names = Object.keys(entries);
  const nested = names.filter((n) => /^[^/]+\/run\.json$/.test(n));
  const folder = !names.includes('run.json') && nested.length === 1 ? nested[0].slice(0, -'run.json'.length) : '';
  const files = new Map<string, string>();
  for (const [name, data] of Object.entries(entries)) {
    if (folder && !name.startsWith(folder)) continue;
    files.set(name.slice(folder.length), strFromU8(data));
  }
  return files;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`${file} is not valid JSON (${(error as Error).message}).`);
  }
}

export interface ParsedRun {
  info: Record<string, unknown> & { name: string; config: RunConfig };
  episodes: EpisodeRecord[];
  metrics: Array<{ iteration: number; episodes: number; name: string; value: number }>;
  checkpoints: Array<{ iteration: number; json: string }>;
  pool: PoolState;
  evaluation?: RunEvaluation;
}

/** Validates a run archive completely, without touching the database. */
export function parseRunArchive(bytes: Uint8Array, limits: ImportLimits = LIMITS): ParsedRun {
  return parseRunFiles(unpack(bytes, limits));
}

/** Validates a run directory's files (path in the directory → text); throws RunImportError naming what is wrong. */
export function parseRunFiles(files: ReadonlyMap<string, string>): ParsedRun {
  for (const required of ['run.json', 'episodes.jsonl', 'metrics.csv']) if (!files.has(required)) fail(`The archive has no ${required}: it is not a run (expected run.json, episodes.jsonl, metrics.csv, checkpoints/).`);

  const info = runInfoSchema.safeParse(parseJson(files.get('run.json')!, 'run.json'));
  if (!info.success) fail(`run.json: ${firstIssue(info.error)}.`);
  const config = info.data.config as unknown as RunConfig;

  let lines: unknown[];
  try {
    lines = parseEpisodesJsonl(files.get('episodes.jsonl')!);
  } catch (error) {
    fail(`episodes.jsonl: ${(error as Error).message} (the file may be truncated).`);
  }
  const ids = new Set<string>();
  const episodes = lines.map((line, i) => {
    const parsed = episodeSchema.safeParse(line);
    if (!parsed.success) fail(`episodes.jsonl line ${i + 1}: ${firstIssue(parsed.error)}.`);
    if (ids.has(parsed.data.id)) fail(`episodes.jsonl line ${i + 1}: episode id "${parsed.data.id}" appears twice.`);
    ids.add(parsed.data.id);
    return parsed.data as unknown as EpisodeRecord;
  });

  const csv = files.get('metrics.csv')!;
  if (!csv.startsWith(METRICS_HEADER)) fail(`metrics.csv must start with the header "${METRICS_HEADER}".`);
  const metrics = parseMetricsCsv(csv);
  metrics.forEach((m, i) => {
    if (!Number.isInteger(m.iteration) || m.iteration < 0 || !Number.isFinite(m.episodes) || !m.name || !Number.isFinite(m.value)) {
      fail(`metrics.csv row ${i + 2} is not "iteration,episodes,name,value" with numbers (the file may be truncated).`);
    }
  });

  const checkpoints: ParsedRun['checkpoints'] = [];
  let latest: Checkpoint | null = null;
  for (const [path, text] of files) {
    if (!path.startsWith('checkpoints/')) continue;
    const name = path.slice('checkpoints/'.length);
    const iteration = checkpointIteration(name);
    if (iteration === null) continue;
    const parsed = checkpointSchema.safeParse(parseJson(text, path));
    if (!parsed.success) fail(`${path}: ${firstIssue(parsed.error)}.`);
    if (parsed.data.iteration !== iteration) fail(`${path} holds iteration ${parsed.data.iteration}, not ${iteration}.`);
    if (parsed.data.rng.seed !== config.seed) fail(`${path} was made with seed ${parsed.data.rng.seed}, but run.json says ${config.seed}.`);
    checkpoints.push({ iteration, json: text });
    if (!latest || iteration > latest.iteration) latest = parsed.data as unknown as Checkpoint;
  }
  if (!latest) fail('The archive has no checkpoints/iter-NNNNNN.json: there is no state to resume or inspect.');
  if (latest.iteration > iterationsFor(config)) fail(`The newest checkpoint is iteration ${latest.iteration}, beyond the ${iterationsFor(config)} iterations the configuration allows.`);

  let pool = latest.pool;
  if (files.has('rules.json')) {
    const rules = rulesFileSchema.safeParse(parseJson(files.get('rules.json')!, 'rules.json'));
    if (!rules.success) fail(`rules.json: ${firstIssue(rules.error)}.`);
    const { format: _format, ...rest } = rules.data;
    pool = rest as unknown as PoolState;
  }
  let evaluation: RunEvaluation | undefined;
  if (files.has('eval.json')) {
    const parsed = evaluationSchema.safeParse(parseJson(files.get('eval.json')!, 'eval.json'));
    if (!parsed.success) fail(`eval.json: ${firstIssue(parsed.error)}.`);
    evaluation = parsed.data as unknown as RunEvaluation;
  }
  return { info: info.data as unknown as ParsedRun['info'], episodes, metrics, checkpoints, pool, ...(evaluation ? { evaluation } : {}) };
}

/** Imports a validated run as a new run (its own id), in one transaction. Returns the stored run. */
export async function importRun(db: LabDatabase, bytes: Uint8Array, now = Date.now(), limits: ImportLimits = LIMITS): Promise<RunRecord> {
  const parsed = parseRunArchive(bytes, limits);
  const run = runRecordFor(parsed, now);
  await db.transaction('rw', RUN_TABLES(db), () => writeRun(db, run, parsed, now));
  return run;
}

/** The tables a run import writes (for a caller's own transaction around writeRun). */
export const RUN_TABLES = (db: LabDatabase) => [db.runs, db.runEpisodes, db.metrics, db.runCheckpoints, db.runPools];

/** The stored run a validated archive becomes: a new id, finished when trained and evaluated, else paused. */
export function runRecordFor(parsed: ParsedRun, now: number, id = `${parsed.info.name}-import-${now.toString(36)}`): RunRecord {
  const iteration = Math.max(...parsed.checkpoints.map((c) => c.iteration));
  const latest = JSON.parse(parsed.checkpoints.find((c) => c.iteration === iteration)!.json) as Checkpoint;
  const total = iterationsFor(parsed.info.config);
  return {
    id,
    name: parsed.info.name,
    createdAt: now,
    updatedAt: now,
    // Finished once trained and evaluated; otherwise it can be resumed here.
    status: iteration >= total && parsed.evaluation ? 'finished' : 'paused',
    config: parsed.info.config,
    iteration,
    episodesDone: latest.episodesDone,
    totalIterations: total,
    info: parsed.info,
    ...(parsed.evaluation ? { evaluation: parsed.evaluation } : {}),
  };
}

/** Writes a validated run; call inside a transaction over RUN_TABLES, so it lands whole or not at all. */
export async function writeRun(db: LabDatabase, run: RunRecord, parsed: ParsedRun, now: number): Promise<void> {
  const metricRows: MetricRecord[] = parsed.metrics.map((m) => ({ runId: run.id, ...m, at: now }));
  await db.runs.add(run);
  await db.runEpisodes.bulkAdd(parsed.episodes.map((e) => ({ ...e, runId: run.id })));
  await db.metrics.bulkAdd(metricRows);
  await db.runCheckpoints.bulkAdd(parsed.checkpoints.map((c) => ({ runId: run.id, iteration: c.iteration, json: c.json, createdAt: now })));
  await db.runPools.put({ runId: run.id, pool: parsed.pool, updatedAt: now });
}
