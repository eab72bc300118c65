/**
 * The learner in Node on ALFWorld: one training iteration (a group of 8 rollouts) of every method
 * from the same state, with the time split between the model, the simulator, the policy update and
 * the reflection; the update's time as a fraction of the rollouts'; peak memory per iteration and
 * the bytes of the policy's training features; and a tiny experiment run with --jobs 2 vs --jobs 1.
 * The episode count of one iteration is small, so read episodes per minute as an order of magnitude.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyContextFor } from '../cli/lib/cell';
import { loadNodeModel } from '../cli/lib/model-node';
import { nodeDataReader } from '../cli/lib/node-data-reader';
import type { TextEnvironment } from '../src/core/envs/types';
import { defaultRunConfig } from '../src/core/learn/config';
import { type LearnerState, runIteration } from '../src/core/learn/jerp';
import { hasPolicyHead } from '../src/core/learn/method-plan';
import { METHODS } from '../src/core/learn/methods';
import { createPolicyState } from '../src/core/learn/policy-state';
import { evaluateHeldOut } from '../src/core/learn/evaluate';
import { BASE_SCORER } from '../src/core/learn/rollout';
import type { LanguageModel } from '../src/core/llm/types';
import { createPool } from '../src/core/rules/pool';
import { loadTaskSource, type TaskSource } from '../src/core/tasks';
import type { Benchmark, BenchRow } from './types';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Seconds spent inside the model's scoring and the simulator's steps. */
interface Clock {
  model: number;
  simulator: number;
}

/** The model with its scoring timed (everything else passes through). */
function timedModel(model: LanguageModel, clock: Clock): LanguageModel {
  return new Proxy(model, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'scoreCandidates') {
        return async (...args: Parameters<LanguageModel['scoreCandidates']>) => {
          const t = performance.now();
          try {
            return await target.scoreCandidates(...args);
          } finally {
            clock.model += (performance.now() - t) / 1000;
          }
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function timedEnv(env: TextEnvironment, clock: Clock): TextEnvironment {
  return new Proxy(env, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'step' || prop === 'reset') {
        return (...args: unknown[]) => {
          const t = performance.now();
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            clock.simulator += (performance.now() - t) / 1000;
          }
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function pct(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1e-9, whole)).toFixed(0)}%`;
}

/** Wall seconds of a tiny experiment (two rules-only cells) with the given --jobs. */
function experimentSeconds(jobs: number): number {
  const out = mkdtempSync(join(tmpdir(), 'jerp-bench-exp-'));
  try {
    const started = performance.now();
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'experiment', '--env', 'alfworld', '--methods', 'rules-only', '--seeds', '1,2', '--episodes', '16', '--held-out-limit', '12', '--jobs', String(jobs), '--out', join(out, 'exp'), '--json'],
      { cwd: REPO, stdio: ['ignore', 'ignore', 'ignore'] },
    );
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'learn',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const clock: Clock = { model: 0, simulator: 0 };
    const loaded = await loadNodeModel({ threads: 1 });
    const model = timedModel(loaded, clock);
    const realTasks = await loadTaskSource({ env: 'alfworld' }, nodeDataReader());
    const tasks: TaskSource = { ...realTasks, make: (task) => timedEnv(realTasks.make(task), clock) };
    let peakRss = process.memoryUsage().rss;
    try {
      for (const method of METHODS) {
        const config = { ...defaultRunConfig('alfworld', method, 1), groupSize: 8 };
        clock.model = 0;
        clock.simulator = 0;
        const rssBefore = process.memoryUsage().rss;
        const started = performance.now();
        let episodes: number;
        let metrics: Record<string, number> = {};
        if (method === 'base') {
          // base never trains: its figure is held-out play (greedy), the same 8 games every run.
          const subset: TaskSource = { ...tasks, heldOut: tasks.heldOut.filter((_, i) => i % 17 === 0).slice(0, 8) };
          episodes = (await evaluateHeldOut({ tasks: subset, model, scorer: BASE_SCORER, rulesFor: null, tag: 'bench', iteration: 0 })).episodes.length;
        } else {
          const context = await policyContextFor(config, loaded);
          const state: LearnerState = {
            iteration: 0,
            episodesDone: 0,
            policy: hasPolicyHead(method) ? createPolicyState(config, context) : null,
            pool: createPool(),
            archive: {},
          };
          // Iteration 8 for every method: the same drawn task (draws depend on seed and iteration), and
          // jerp-decoupled's policy phase (the second half of its 16 iterations).
          const result = await runIteration({ ...state, iteration: 8 }, config, { model, tasks });
          episodes = result.episodes.length;
          metrics = result.metrics;
        }
        const seconds = (performance.now() - started) / 1000;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        const update = metrics['time/update_s'] ?? 0;
        const reflect = (metrics['time/reflect_s'] ?? 0) + (metrics['time/absorb_s'] ?? 0);
        const rollout = metrics['time/rollout_s'] ?? seconds;
        rows.push({
          metric: `episodes per minute, ${method}${method === 'base' ? ' (greedy held-out play)' : ' (training iteration 8 from a fresh state, G = 8)'}`,
          value: (60 * episodes) / seconds,
          unit: 'episodes/min',
          note: `model ${pct(clock.model, seconds)} · simulator ${pct(clock.simulator, seconds)} · update ${pct(update, seconds)} · reflection ${pct(reflect, seconds)}; update / rollouts = ${(update / rollout).toFixed(2)}; RSS +${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MiB${metrics['memory/policy_features_mib'] !== undefined ? `, training features ${metrics['memory/policy_features_mib'].toFixed(1)} MiB` : ''}`,
        });
      }
      rows.push({ metric: 'peak RSS over these iterations (Node, one process)', value: peakRss / 2 ** 20, unit: 'MiB' });
    } finally {
      await loaded.dispose();
    }
    const one = experimentSeconds(1);
    const two = experimentSeconds(2);
    rows.push({ metric: 'experiment of 2 cells (rules-only × 2 seeds, 16 episodes, 12 held-out games), --jobs 1', value: one, unit: 's' });
    rows.push({ metric: 'the same, --jobs 2', value: two, unit: 's', note: `--jobs 2 is ${(one / two).toFixed(2)}x faster` });
    return rows;
  },
};

export default bench;
