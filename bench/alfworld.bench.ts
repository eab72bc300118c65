/**
 * ALFWorld simulator cost: steps per second for random-admissible and expert play (each step
 * includes computing the admissible commands, as the agent needs them), reset cost, and memory per
 * live game. Run on the real valid_unseen games. The ratio to a training step is printed once a
 * model step time is known (JERP_TRAIN_STEP_MS, in milliseconds).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Benchmark, BenchRow } from './types';
import { createAlfworldEnv, expertAction, generateScene } from '../src/core/envs/alfworld/index';
import { createRng } from '../src/core/util/rng';
import { nodeDataReader } from '../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../src/core/tasks/alfworld-scenes';

function timeIt(fn: () => number): { seconds: number; count: number } {
  const start = performance.now();
  const count = fn();
  return { seconds: (performance.now() - start) / 1000, count };
}

const bench: Benchmark = {
  name: 'alfworld',
  async run(): Promise<BenchRow[]> {
    const scenes = await loadAlfworldSplit('valid_unseen', nodeDataReader());
    const rng = createRng(1);
    const random = timeIt(() => {
      let steps = 0;
      for (let round = 0; round < 5; round++) {
        for (const scene of scenes) {
          const env = createAlfworldEnv(scene);
          let obs = env.reset();
          while (!obs.done) {
            obs = env.step(rng.pick(obs.admissibleActions));
            steps++;
          }
        }
      }
      return steps;
    });
    const expertRun = (mode: 'search' | 'oracle') =>
      timeIt(() => {
        let steps = 0;
        for (let round = 0; round < 10; round++) {
          for (const scene of scenes) {
            const env = createAlfworldEnv(scene);
            let obs = env.reset();
            while (!obs.done) {
              obs = env.step(expertAction(env, { mode }));
              steps++;
            }
          }
        }
        return steps;
      });
    const expert = expertRun('search');
    const oracle = expertRun('oracle');
    const envs = scenes.map((s) => createAlfworldEnv(s));
    const resets = timeIt(() => {
      let n = 0;
      for (let round = 0; round < 20; round++) for (const env of envs) (env.reset(), n++);
      return n;
    });
    const generated = timeIt(() => {
      for (let seed = 0; seed < 500; seed++) generateScene(seed);
      return 500;
    });
    // Memory: many live games (scenes shared, as in a batch), each after a reset and a few steps.
    // A collector we can call (as with --expose-gc) so the heap difference is the live games only.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as (() => void) | undefined;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const live = [];
    for (let i = 0; i < 2000; i++) {
      const env = createAlfworldEnv(scenes[i % scenes.length]);
      env.reset();
      env.step('look');
      live.push(env);
    }
    gc?.();
    const perGame = (process.memoryUsage().heapUsed - before) / live.length;
    const stepUs = (random.seconds / random.count) * 1e6;
    const trainStepMs = Number(process.env.JERP_TRAIN_STEP_MS);
    const rows: BenchRow[] = [
      { metric: 'steps/s, random admissible play', value: random.count / random.seconds, unit: 'steps/s', note: `${random.count} steps on ${scenes.length} valid_unseen games; ${stepUs.toFixed(1)} µs/step` },
      { metric: 'steps/s, expert play (search)', value: expert.count / expert.seconds, unit: 'steps/s', note: `${expert.count} steps incl. planning` },
      { metric: 'steps/s, expert play (oracle)', value: oracle.count / oracle.seconds, unit: 'steps/s', note: `${oracle.count} steps incl. planning` },
      { metric: 'reset cost', value: (resets.seconds / resets.count) * 1e6, unit: 'µs' },
      { metric: 'scene generation', value: (generated.seconds / generated.count) * 1e6, unit: 'µs/scene' },
      { metric: 'memory per live game', value: perGame / 1024, unit: 'KiB', note: gc ? 'after gc' : 'no --expose-gc: approximate' },
    ];
    if (Number.isFinite(trainStepMs) && trainStepMs > 0) {
      rows.push({ metric: 'simulator time / training step', value: (stepUs / 1000 / trainStepMs) * 100, unit: '%', note: `training step ${trainStepMs} ms (target < 1%)` });
    }
    return rows;
  },
};

export default bench;
