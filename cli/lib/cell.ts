/**
 * One experiment cell in Node: a (env, method, seed) run from its first iteration (or its last
 * checkpoint) to its held-out evaluation, writing its run directory as it goes. The experiment
 * command runs cells in child processes (cell-process.ts); tests call runCell directly.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Checkpoint, fromCheckpoint, toCheckpoint } from '../../src/core/learn/checkpoint';
import type { RunConfig } from '../../src/core/learn/config';
import { iterationsFor, type LearnerState, runIteration } from '../../src/core/learn/jerp';
import { evaluateRun } from '../../src/core/learn/run-evaluation';
import { rulesFile } from '../../src/core/learn/run-format';
import { hasPolicyHead, usesRules } from '../../src/core/learn/method-plan';
import { assertReflectorAvailable } from '../../src/core/learn/reflect';
import { createPolicyState, type PolicyContext, policyDescription } from '../../src/core/learn/policy-state';
import type { RunEvaluation } from '../../src/core/learn/summary';
import type { LanguageModel } from '../../src/core/llm/types';
import { readOutputTable } from '../../src/core/llm/output-table';
import { createPool, type PoolState } from '../../src/core/rules/pool';
import { loadTaskSource, type TaskSource } from '../../src/core/tasks';
import { loadNodeModel, MODELS_DIR, onnxFile } from './model-node';
import { nodeDataReader } from './node-data-reader';
import { RunDirectory } from './run-files';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CellOptions {
  config: RunConfig;
  /** The run directory. */
  dir: string;
  /** Continue from the last committed checkpoint in `dir` (a fresh start when there is none). */
  resume: boolean;
  onProgress?: (phase: 'train' | 'eval', done: number, total: number) => void;
  /** Stop after this many iterations in total (tests of resume); the run is then left unevaluated. */
  stopAfter?: number;
  /** Evaluate on the first N held-out tasks only (tests). */
  evalLimit?: number;
  /** A model already loaded (tests share one); default: load the config's model with one ONNX Runtime thread. */
  model?: LanguageModel;
  /** Rules the run's pool starts from (the user's pinned or imported rules). */
  initialPool?: PoolState;
  /**
   * Asked between iterations (after each commit) and before the evaluation: true stops the run
   * there with CellStopped, so a worker told to stop (SIGTERM) loses no committed work.
   */
  shouldStop?: () => boolean;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function packageVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  return { 'jerp-lab': pkg.version, '@huggingface/transformers': pkg.dependencies['@huggingface/transformers'], node: process.version };
}

/** What makes a run reproducible, stored in run.json. */
function runInfo(config: RunConfig, model: LanguageModel, tasks: TaskSource, policy: string): Record<string, unknown> {
  return {
    format: 'jerp-run/1',
    name: `${config.env}-${config.method}-s${config.seed}`,
    config,
    seed: config.seed,
    model: { id: model.info.id, dtype: model.info.dtype, device: model.info.device, params: model.info.params, hasHiddenState: model.info.hasHiddenState },
    policy,
    versions: packageVersions(),
    data: tasks.dataVersion,
    gitCommit: gitCommit(),
    createdAt: new Date().toISOString(),
  };
}

export async function policyContextFor(config: RunConfig, model: LanguageModel): Promise<PolicyContext> {
  if (!model.info.hasHiddenState) return { outputTable: null, vocabSize: model.info.vocabSize };
  const file = onnxFile(join(MODELS_DIR, config.model.id), model.info.dtype);
  return { outputTable: readOutputTable(new Uint8Array(readFileSync(file))), vocabSize: model.info.vocabSize };
}

export async function runCell(options: CellOptions): Promise<RunEvaluation> {
  const { config } = options;
  const run = new RunDirectory(options.dir);
  const model = options.model ?? (await loadNodeModel({ id: config.model.id, dtype: config.model.dtype, threads: 1 }));
  try {
    const tasks = await loadTaskSource({ env: config.env, ...config.tasks, heldOutLimit: config.tasks.heldOutLimit ?? undefined }, nodeDataReader());
    if (usesRules(config.method)) assertReflectorAvailable(config.reflector, model);
    const policyContext = await policyContextFor(config, model);
    const total = iterationsFor(config);
    const trainStarted = performance.now();

    let state: LearnerState | null = null;
    const last = options.resume ? run.latestCheckpoint<Checkpoint>() : null;
    if (last) {
      run.truncateTo(last.completed);
      state = fromCheckpoint(last.checkpoint, policyContext);
    } else {
      run.create();
      state = {
        iteration: 0,
        episodesDone: 0,
        policy: hasPolicyHead(config.method) ? createPolicyState(config, policyContext) : null,
        pool: options.initialPool ?? createPool({ capacity: config.pool.capacity }),
        archive: {},
      };
      run.writeRunInfo(runInfo(config, model, tasks, policyDescription(state.policy, model.info)));
      run.writeCheckpoint(0, toCheckpoint(state, config.seed));
    }

    const stopAt = Math.min(total, options.stopAfter ?? total);
    const perIteration = config.groupSize * config.tasksPerIteration;
    while (state.iteration < stopAt) {
      if (options.shouldStop?.()) throw new CellStopped(state.iteration);
      let inIteration = 0;
      const result = await runIteration(state, config, {
        model,
        tasks,
        onEpisode: () => options.onProgress?.('train', state!.episodesDone + ++inIteration, total * perIteration),
      });
      run.appendEpisodes(result.episodes);
      run.appendMetrics(state.iteration, result.state.episodesDone, result.metrics);
      run.appendRejectedReflections(state.iteration, result.rejectedReflections);
      run.writeCheckpoint(result.state.iteration, toCheckpoint(result.state, config.seed));
      state = result.state;
      run.writeRules(rulesFile(state.pool));
    }
    if (state.iteration < total || options.shouldStop?.()) throw new CellStopped(state.iteration);
    const trainSeconds = (performance.now() - trainStarted) / 1000;

    // Held-out evaluation: the policy greedy, with the pool's rules and without any.
    const { evaluation, episodes, metrics } = await evaluateRun(state, config, {
      model,
      tasks,
      trainSeconds,
      limit: options.evalLimit,
      onEpisode: (done, total) => options.onProgress?.('eval', done, total),
    });
    run.appendEpisodes(episodes);
    run.appendMetrics(state.iteration, state.episodesDone, metrics);
    run.writeRules(rulesFile(state.pool));
    run.writeEvaluation(evaluation);
    return evaluation;
  } finally {
    if (!options.model) await model.dispose();
  }
}


/** A run stopped on purpose before its budget (stopAfter): nothing to evaluate yet. */
export class CellStopped extends Error {
  override name = 'CellStopped';
  constructor(readonly completed: number) {
    super(`stopped after ${completed} iterations`);
  }
}
