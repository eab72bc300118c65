/**
 * Importing an experiment bundle: the zip `npm run cli -- experiment bundle DIR` writes, holding
 * experiment.json, results.json and one run folder per cell (<run name>/run.json, …). Everything is
 * validated first (the plan and results with zod, every run folder with run-import.ts's checks, and
 * that they agree with one another), then written in one transaction: each cell as a run of its
 * own, and the experiment with links to them. A bad bundle changes nothing and gets a message
 * naming the file and what is wrong.
 */
import { strFromU8 } from 'fflate';
import { runName } from '../core/learn/config';
import { type ExperimentPlanRecord, type ExperimentRecord, type ExperimentResultsRecord, experimentPlanSchema, experimentResultsSchema } from './experiment-schemas';
import { type ImportLimits, MAX_IMPORT_BYTES, MAX_UNPACKED_BYTES, type ParsedRun, parseRunFiles, RUN_TABLES, RunImportError, runRecordFor, unzipEntries, writeRun } from './run-import';
import { firstIssue } from './run-schemas';
import type { LabDatabase } from './schema';

const LIMITS: ImportLimits = { maxBytes: MAX_IMPORT_BYTES, maxUnpackedBytes: MAX_UNPACKED_BYTES };

function fail(message: string): never {
  throw new RunImportError(message);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`${file} is not valid JSON (${(error as Error).message}).`);
  }
}

export interface ParsedExperiment {
  plan: ExperimentPlanRecord;
  results: ExperimentResultsRecord;
  /** Cell name → its validated run, for the cells the bundle holds. */
  runs: Map<string, ParsedRun>;
}

/** Validates a bundle completely, without touching the database. */
export function parseExperimentBundle(bytes: Uint8Array, limits: ImportLimits = LIMITS): ParsedExperiment {
  const entries = unzipEntries(bytes, limits, 'an experiment');
  const names = Object.keys(entries);
  // A zipped experiment folder (`name/experiment.json`, …) reads the same as the files at the root.
  const nested = names.filter((n) => /^[^/]+\/experiment\.json$/.test(n));
  const folder = !names.includes('experiment.json') && nested.length === 1 ? nested[0].slice(0, -'experiment.json'.length) : '';
  const files = new Map<string, string>();
  for (const [name, data] of Object.entries(entries)) if (name.startsWith(folder)) files.set(name.slice(folder.length), strFromU8(data));
  if (!files.has('experiment.json')) {
    fail(files.has('run.json') ? 'This is a single run, not an experiment: import it in the Runs view.' : 'The archive has no experiment.json: it is not an experiment bundle (make one with npm run cli -- experiment bundle DIR).');
  }
  if (!files.has('results.json')) fail('The archive has no results.json: the experiment has not finished (its coordinator writes results.json at the end).');

  const plan = experimentPlanSchema.safeParse(parseJson(files.get('experiment.json')!, 'experiment.json'));
  if (!plan.success) fail(`experiment.json: ${firstIssue(plan.error)}.`);
  const results = experimentResultsSchema.safeParse(parseJson(files.get('results.json')!, 'results.json'));
  if (!results.success) fail(`results.json: ${firstIssue(results.error)}.`);
  const p = plan.data as unknown as ExperimentPlanRecord;
  const r = results.data as unknown as ExperimentResultsRecord;
  if (r.env !== p.env) fail(`results.json is for ${r.env}, but experiment.json plans ${p.env}.`);
  if (r.seeds.join(',') !== p.seeds.join(',')) fail(`results.json has seeds ${r.seeds.join(', ')}, but experiment.json plans ${p.seeds.join(', ')}.`);
  for (const method of Object.keys(r.methods)) if (!p.methods.includes(method as never)) fail(`results.json reports method ${method}, which experiment.json does not plan.`);
  for (const [method, m] of Object.entries(r.methods)) {
    if (m!.heldOut.withRules.perSeed.length !== p.seeds.length) fail(`results.json: ${method} has ${m!.heldOut.withRules.perSeed.length} per-seed values for ${p.seeds.length} seeds.`);
  }

  // Files of each cell's run folder, by cell.
  const cells = new Map(p.cells.map((c) => [c.name, c]));
  const byCell = new Map<string, Map<string, string>>();
  for (const [path, text] of files) {
    const slash = path.indexOf('/');
    if (slash < 0) continue; // experiment.json, results.json, results.md
    const cell = path.slice(0, slash);
    if (cell === 'logs') continue;
    if (!cells.has(cell)) fail(`${cell}/ is not a cell of this experiment (experiment.json lists ${[...cells.keys()].join(', ')}).`);
    if (!byCell.has(cell)) byCell.set(cell, new Map());
    byCell.get(cell)!.set(path.slice(slash + 1), text);
  }
  const runs = new Map<string, ParsedRun>();
  for (const [cell, cellFiles] of byCell) {
    let parsed: ParsedRun;
    try {
      parsed = parseRunFiles(cellFiles);
    } catch (error) {
      fail(`${cell}/: ${(error as Error).message}`);
    }
    const planned = cells.get(cell)!.config;
    const { env, method, seed } = parsed.info.config;
    if (runName({ env, method, seed }) !== runName(planned)) fail(`${cell}/run.json is the run ${runName({ env, method, seed })}, not ${cell}.`);
    runs.set(cell, parsed);
  }
  // Every cell the results count must be in the bundle, evaluated: the view links each number to its runs.
  for (const cell of p.cells) {
    if (r.missing.includes(cell.name)) continue;
    const run = runs.get(cell.name);
    if (!run) fail(`The bundle has no ${cell.name}/ folder, yet results.json counts that cell (it is not among the missing).`);
    if (!run.evaluation) fail(`${cell.name}/ has no eval.json, yet results.json counts that cell.`);
  }
  return { plan: p, results: r, runs };
}

/** Imports a validated bundle: every cell as a new run and the experiment, in one transaction. */
export async function importExperiment(db: LabDatabase, bytes: Uint8Array, fileName: string, now = Date.now(), limits: ImportLimits = LIMITS): Promise<ExperimentRecord> {
  const parsed = parseExperimentBundle(bytes, limits);
  const id = `experiment-${now.toString(36)}`;
  const experiment: ExperimentRecord = {
    id,
    name: fileName.replace(/\.zip$/i, '') || id,
    importedAt: now,
    plan: parsed.plan,
    results: parsed.results,
    runs: {},
  };
  await db.transaction('rw', [...RUN_TABLES(db), db.experiments], async () => {
    for (const [cell, run] of parsed.runs) {
      const record = runRecordFor(run, now, `${id}-${cell}`);
      await writeRun(db, record, run, now);
      experiment.runs[cell] = record.id;
    }
    await db.experiments.add(experiment);
  });
  return experiment;
}
