/**
 * `experiment`: every (method, seed) cell of one environment on equal episode budgets, run in
 * parallel child processes, then aggregated over seeds (issue #18 item 9):
 *
 *   experiment --env alfworld --methods base,jerp --seeds 3 --episodes 160 --jobs 4 --out DIR
 *   experiment --resume DIR
 *   experiment … --queue redis://HOST:PORT/DB --out DIR   (cells as jobs for `worker`s on any machine, docs/scale.md)
 *
 * DIR/experiment.json (written first) holds the whole plan, so --resume continues it exactly: cells
 * with an eval.json are skipped, started ones resume from their checkpoints. Each cell writes its run
 * directory DIR/<runName>; the end writes DIR/results.json and DIR/results.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { EnvKind, Split } from '../../src/core/envs/types';
import { defaultRunConfig, type ReflectorKind, type RetrievalMode, type RunConfig, runName, type TrainSource } from '../../src/core/learn/config';
import { isMethod, METHODS, type Method } from '../../src/core/learn/methods';
import { choiceOption, flag, type ParsedArgs, stringOption } from '../args';
import { type CommandGroup, UsageError } from '../command';
import { ExperimentProgress } from '../lib/experiment-progress';
import { aggregateResults, resultsMarkdown } from '../lib/results';
import { localModelInfo } from '../lib/model-node';
import { type CellOutcome, type CellSpec, runCells } from '../lib/scheduler';
import { assertReachable, parseQueueUrl, type QueueConnection } from '../lib/queue/connection';
import { runCellsOnQueue } from '../lib/queue/coordinator';
import { llmReflectorAvailability } from '../../src/core/rules/llm-reflector';

/** DIR/experiment.json: everything needed to run, resume and aggregate the experiment. */
export interface ExperimentPlan {
  version: 1;
  createdAt: string;
  env: EnvKind;
  split: Split;
  episodes: number;
  seeds: number[];
  methods: Method[];
  /** Run directories are DIR/<name>, kept relative so the folder can be moved between sessions. */
  cells: Array<{ name: string; config: RunConfig }>;
}

const PLAN_OPTIONS = ['env', 'methods', 'seeds', 'episodes', 'group-size', 'temperature', 'retrieval', 'k', 'train-source', 'held-out-split', 'held-out-limit', 'capacity', 'reflector'];
const ALWAYS_OPTIONS = ['jobs', 'json', 'help', 'queue', 'attempts'];

/** An integer option with a lower bound (intOption accepts any integer). */
function boundedInt(args: ParsedArgs, key: string, fallback: number, min: number): number {
  const raw = stringOption(args, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`--${key} must be an integer, got "${raw}"`);
  if (n < min) throw new UsageError(`--${key} must be at least ${min}, got ${n}`);
  return n;
}

/** `--seeds 3` means seeds 1..3; `--seeds 11,12,13` names them. */
export function parseSeeds(raw: string): number[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => !/^\d+$/.test(s))) throw new UsageError(`--seeds must be a count N or a comma list of non-negative integer seeds, got "${raw}"`);
  const numbers = items.map(Number);
  if (items.length === 1 && !raw.includes(',')) {
    if (numbers[0] < 1) throw new UsageError('--seeds N needs N ≥ 1');
    return Array.from({ length: numbers[0] }, (_, i) => i + 1);
  }
  if (new Set(numbers).size !== numbers.length) throw new UsageError(`--seeds lists a seed twice: "${raw}"`);
  return numbers;
}

/** Methods in the canonical order of methods.ts, so every results table reads the same way. */
export function parseMethods(raw: string): Method[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError('--methods needs at least one method');
  for (const name of names) if (!isMethod(name)) throw new UsageError(`unknown method "${name}"; methods: ${METHODS.join(', ')}`);
  if (new Set(names).size !== names.length) throw new UsageError(`--methods lists a method twice: "${raw}"`);
  return METHODS.filter((m) => names.includes(m));
}

function rejectUnknown(args: ParsedArgs, allowed: readonly string[], why: string): void {
  for (const key of Object.keys(args.options)) if (!allowed.includes(key)) throw new UsageError(`--${key} ${why}`);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
}

/** Builds the plan from the flags; every cell's config is the default with the flags applied. */
export function planFromArgs(args: ParsedArgs, now = new Date()): ExperimentPlan {
  const env = choiceOption<EnvKind>(args, 'env', ['alfworld', 'webshop'], 'alfworld');
  const defaults = defaultRunConfig(env, 'base', 1);
  const methods = parseMethods(stringOption(args, 'methods', METHODS.join(',')) as string);
  const seeds = parseSeeds(stringOption(args, 'seeds', '3') as string);
  const groupSize = boundedInt(args, 'group-size', defaults.groupSize, 1);
  const episodes = boundedInt(args, 'episodes', defaults.episodes, 1);
  const perIteration = groupSize * defaults.tasksPerIteration;
  if (episodes < perIteration) throw new UsageError(`--episodes (${episodes}) must be at least one iteration: group size × tasks per iteration = ${perIteration}`);
  const rawTemperature = stringOption(args, 'temperature');
  const temperature = rawTemperature === undefined ? defaults.temperature : Number(rawTemperature);
  if (!Number.isFinite(temperature) || temperature <= 0) throw new UsageError(`--temperature must be a positive number, got "${rawTemperature}"`);
  const retrieval = choiceOption<RetrievalMode>(args, 'retrieval', ['paper', 'relevance'], defaults.retrieval.mode);
  const k = boundedInt(args, 'k', defaults.retrieval.k, 1);
  if (env === 'webshop' && args.options['train-source'] !== undefined) throw new UsageError('--train-source applies to alfworld only');
  const trainSource = choiceOption<TrainSource>(args, 'train-source', ['real', 'generated', 'mixed'], defaults.tasks.trainSource);
  const splits: Split[] = env === 'alfworld' ? ['valid_unseen', 'valid_seen'] : ['test'];
  const split = choiceOption<Split>(args, 'held-out-split', splits, defaults.tasks.heldOutSplit);
  const limitRaw = stringOption(args, 'held-out-limit');
  const heldOutLimit = limitRaw === undefined ? defaults.tasks.heldOutLimit : boundedInt(args, 'held-out-limit', 0, 1);
  const capacity = boundedInt(args, 'capacity', defaults.pool.capacity, 1);
  const reflector = choiceOption<ReflectorKind>(args, 'reflector', ['contrastive', 'llm'], defaults.reflector);
  if (reflector === 'llm') {
    // Say it before any cell starts: the embedded model cannot write reflections.
    const availability = llmReflectorAvailability(localModelInfo(defaults.model.id));
    if (!availability.available) throw new UsageError(`--reflector llm is unavailable: ${availability.reason}`);
  }

  const cells: ExperimentPlan['cells'] = [];
  // Seed-major order: with fewer jobs than cells, every method's first seed finishes early, so a
  // partial experiment already compares methods.
  for (const seed of seeds) {
    for (const method of methods) {
      const base = defaultRunConfig(env, method, seed);
      const config: RunConfig = {
        ...base,
        episodes,
        groupSize,
        temperature,
        tasks: { trainSource, heldOutSplit: split, heldOutLimit },
        retrieval: { mode: retrieval, k },
        pool: { ...base.pool, capacity },
        reflector,
      };
      cells.push({ name: runName(config), config });
    }
  }
  return { version: 1, createdAt: now.toISOString(), env, split, episodes, seeds, methods, cells };
}

export function readPlan(dir: string): ExperimentPlan {
  const file = join(dir, 'experiment.json');
  if (!existsSync(file)) throw new UsageError(`${file} not found: --resume needs the folder an experiment was started in`);
  const plan = JSON.parse(readFileSync(file, 'utf8')) as ExperimentPlan;
  if (plan.version !== 1 || !Array.isArray(plan.cells)) throw new UsageError(`${file} is not an experiment plan this version can read`);
  return plan;
}

export interface ExperimentInvocation {
  plan: ExperimentPlan;
  dir: string;
  resume: boolean;
  jobs: number;
  json: boolean;
  /** Run the cells as jobs on this queue (workers elsewhere) instead of local child processes. */
  queue?: { connection: QueueConnection; attempts: number };
}

function queueFromArgs(args: ParsedArgs): ExperimentInvocation['queue'] {
  const raw = stringOption(args, 'queue');
  if (raw === undefined) {
    if (args.options.attempts !== undefined) throw new UsageError('--attempts applies to --queue only');
    return undefined;
  }
  if (args.options.jobs !== undefined) throw new UsageError('--jobs applies to local runs; with --queue, each worker\'s --concurrency sets how many cells run at once');
  let connection: QueueConnection;
  try {
    connection = parseQueueUrl(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { connection, attempts: boundedInt(args, 'attempts', 3, 1) };
}

/** Reads the flags: a new experiment (--out) or a resumed one (--resume, which takes its plan from disk). */
export function parseExperimentArgs(args: ParsedArgs): ExperimentInvocation {
  const resumeDir = stringOption(args, 'resume');
  const out = stringOption(args, 'out');
  const jobs = boundedInt(args, 'jobs', availableParallelism(), 1);
  const json = flag(args, 'json');
  if (resumeDir !== undefined) {
    rejectUnknown(args, [...ALWAYS_OPTIONS, 'resume'], 'cannot be combined with --resume: the stored plan (experiment.json) fixes the experiment');
    const dir = resolve(resumeDir);
    return { plan: readPlan(dir), dir, resume: true, jobs, json, queue: queueFromArgs(args) };
  }
  rejectUnknown(args, [...PLAN_OPTIONS, ...ALWAYS_OPTIONS, 'out'], 'is not an experiment option');
  if (out === undefined) throw new UsageError('--out DIR is required (or --resume DIR to continue an experiment)');
  const dir = resolve(out);
  if (existsSync(join(dir, 'experiment.json'))) throw new UsageError(`${dir} already holds an experiment; continue it with --resume ${out}`);
  return { plan: planFromArgs(args), dir, resume: false, jobs, json, queue: queueFromArgs(args) };
}

const USAGE =
  'experiment [--env alfworld|webshop] [--methods base,rules-only,...] [--seeds N|S1,S2,...] [--episodes N] [--group-size G] [--temperature T] ' +
  '[--retrieval paper|relevance] [--k K] [--train-source real|generated|mixed] [--held-out-split SPLIT] [--held-out-limit N] [--capacity C] ' +
  '[--reflector contrastive|llm] [--jobs N | --queue redis://HOST:PORT/DB [--attempts N]] --out DIR [--json]  |  experiment --resume DIR [--jobs N | --queue URL] [--json]';

const group: CommandGroup & { defaultSubcommand: string } = {
  summary: 'Compare methods over seeds: run every (method, seed) cell in parallel and aggregate the results',
  defaultSubcommand: 'run',
  subcommands: {
    run: {
      summary: 'Run (or --resume) an experiment; writes DIR/experiment.json, a run folder per cell, DIR/results.json and results.md',
      usage: USAGE,
      async run(args, io) {
        const { plan, dir, resume, jobs, json, queue } = parseExperimentArgs(args);
        // Before anything is written: an unreachable queue leaves no half-started experiment behind.
        if (queue) await assertReachable(queue.connection);
        mkdirSync(dir, { recursive: true });
        if (!resume) writeFileSync(join(dir, 'experiment.json'), `${JSON.stringify(plan, null, 2)}\n`);
        const cells: CellSpec[] = plan.cells.map((c) => ({ ...c, dir: join(dir, c.name) }));
        const where = queue ? `as jobs on ${queue.connection.display} (start workers with: npm run cli -- worker --queue ${queue.connection.display})` : `${Math.min(jobs, cells.length)} at a time`;
        io.error(`experiment ${dir}: ${cells.length} cells (${plan.methods.join(', ')} × seeds ${plan.seeds.join(', ')}), ${where}`);
        // Through io, like every other line the command prints (and so tests see the per-cell states).
        const progress = new ExperimentProgress(cells, { write: (text: string) => io.error(text.replace(/\n$/, '')), isTTY: io.isTTY });
        const onUpdate = (u: Parameters<ExperimentProgress['update']>[0]) => progress.update(u);
        const outcomes: CellOutcome[] = queue
          ? await runCellsOnQueue(cells, { connection: queue.connection, experiment: dir, attempts: queue.attempts, onUpdate })
          : await runCells(cells, { jobs, resume, logDir: join(dir, 'logs'), onUpdate });
        progress.finish();

        const evaluations = outcomes.flatMap((o) => (o.evaluation ? [o.evaluation] : []));
        const results = aggregateResults(evaluations, plan);
        writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
        const markdown = resultsMarkdown(results);
        writeFileSync(join(dir, 'results.md'), markdown);
        const failed = outcomes.filter((o) => o.status === 'failed');
        for (const f of failed) io.error(`cell ${f.name} failed: ${f.error} (log: ${join(dir, 'logs', `${f.name}.log`)})`);
        if (json) io.json(results);
        else {
          io.log(markdown);
          io.log(`Wrote ${join(dir, 'results.json')} and results.md${failed.length ? `; ${failed.length} cell(s) failed: rerun with --resume ${dir}${queue ? ` --queue ${queue.connection.display}` : ''}` : ''}`);
        }
        return failed.length > 0 ? 1 : 0;
      },
    },
    bundle: {
      summary: "Zip a finished experiment (plan, results, every cell's run files) for the lab's Results view",
      usage: 'experiment bundle DIR [--out FILE.zip] [--json]',
      async run(args, io) {
        rejectUnknown({ ...args, positionals: [] }, ['out', 'json', 'help'], 'is not a bundle option');
        if (args.positionals.length !== 1) throw new UsageError('experiment bundle takes one experiment folder');
        const dir = resolve(args.positionals[0]);
        const file = resolve(stringOption(args, 'out') ?? `${dir}.zip`);
        const { bundleExperiment } = await import('../lib/experiment-bundle');
        const { zip, cells } = bundleExperiment(dir);
        writeFileSync(file, zip);
        if (flag(args, 'json')) io.json({ file, cells, bytes: zip.length });
        else io.log(`Wrote ${file} (${cells} cells, ${(zip.length / 2 ** 20).toFixed(2)} MiB): import it in the lab's Results view`);
        return 0;
      },
    },
  },
};

export default group;
