/**
 * ALFWorld training episodes: the 200 real train games (public/data/alfworld/train.json) plus, when
 * the simulator exports `generateScene`, generated scenes for variety. Only the train split is read.
 */
import { nodeDataReader } from '../../cli/lib/node-data-reader';
import * as alfworld from '../../src/core/envs/alfworld/index';
import type { AlfworldScene } from '../../src/core/envs/alfworld/index';
import { loadAlfworldSplit } from '../../src/core/tasks/alfworld-scenes';
import type { Rng } from '../../src/core/util/rng';
import { buildSearchPrior, conductFor, demonstrate } from './alfworld-demo';
import { drawRules, sourceEpisode, type SourceEpisode } from './corpus';

type SceneGenerator = (seed: number, options?: { taskType?: string }) => AlfworldScene;

/** The simulator's scene generator, if it has one yet. */
function generator(): SceneGenerator | null {
  const g = (alfworld as unknown as { generateScene?: SceneGenerator }).generateScene;
  return typeof g === 'function' ? g : null;
}

export async function* alfworldEpisodes(count: number, rng: Rng): AsyncGenerator<SourceEpisode> {
  const real = await loadAlfworldSplit('train', nodeDataReader());
  const generate = generator();
  // The search order is learned from the real train scenes only.
  const prior = buildSearchPrior(real);
  for (let i = 0; i < count; i++) {
    // Half real games, half generated ones when a generator exists.
    const scene = generate && i % 2 === 1 ? generate(100000 + i, { taskType: alfworld.ALFWORLD_TASK_TYPES[i % 6] }) : real[rng.int(real.length)];
    const draw = drawRules('alfworld', scene.taskType, rng);
    const demo = demonstrate(scene, prior, conductFor(scene.taskType, draw.condition, draw.wrongRuleTaskType), rng);
    if (!demo.success && !demo.mistake) continue; // an unsolvable start: nothing to learn
    yield sourceEpisode('alfworld', scene.taskType, `Your task is to: ${scene.goalText}`, draw, demo);
  }
}
