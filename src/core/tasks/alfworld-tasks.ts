/**
 * ALFWorld's task source: the 200 real train games and/or generated scenes for training, a real
 * validation split held out. Environments use the 'react' style (what the embedded model reads)
 * and report the ref's split explicitly, so env.task always equals the TaskRef it was made from.
 */
import { createAlfworldEnv } from '../envs/alfworld/env';
import { generateScene } from '../envs/alfworld/generate';
import type { AlfworldScene } from '../envs/alfworld/scene';
import { ALFWORLD_TASK_TYPES } from '../envs/alfworld/task-types';
import type { Split, TextEnvironment } from '../envs/types';
import type { Rng } from '../util/rng';
import { type AlfworldSplitName, loadAlfworldSplit } from './alfworld-scenes';
import type { CheckedConfig } from './config';
import type { DataReader } from './data-reader';
import { checkCount, drawDistinct } from './draw';
import { Fnv64 } from './fnv64';
import type { TaskRef, TaskSource } from './types';

/** The generator's own scene id for a scene generated with an explicit task type. */
const GENERATED_ID = /^generated\/([a-z_]+)\/(\d+)$/;
/** Seeds are drawn below 2^31 so an id round-trips through Number exactly. */
const SEED_RANGE = 2 ** 31;
/** Generated scenes kept for make(): a group's G rollouts of one task reuse one scene (and its built world). */
const GENERATED_CACHE = 256;

function refOf(scene: AlfworldScene, split: Split): TaskRef {
  // The env's goal line (env.ts); the task source tests check that make(ref).task.goal equals it.
  return { id: scene.id, env: 'alfworld', split, taskType: scene.taskType, goal: `Your task is to: ${scene.goalText}` };
}

/** Seed and task type of a generated-scene id, or null for any other id. */
function parseGeneratedId(id: string): { seed: number; taskType: string } | null {
  const m = GENERATED_ID.exec(id);
  if (!m || !ALFWORLD_TASK_TYPES.includes(m[1] as (typeof ALFWORLD_TASK_TYPES)[number])) return null;
  const seed = Number(m[2]);
  return Number.isSafeInteger(seed) ? { seed, taskType: m[1] } : null;
}

export async function loadAlfworldTasks(config: CheckedConfig, reader: DataReader): Promise<TaskSource> {
  const heldOutSplit = config.heldOutSplit as AlfworldSplitName;
  const [train, held] = await Promise.all([loadAlfworldSplit('train', reader), loadAlfworldSplit(heldOutSplit, reader)]);
  const limit = Math.min(config.heldOutLimit ?? held.length, held.length);
  const heldScenes = held.slice(0, limit);
  const trainRefs = train.map((scene) => refOf(scene, 'train'));
  const heldOut = heldScenes.map((scene) => refOf(scene, heldOutSplit));
  // Real scenes by id, with the split their ref carries: the train games and the held-out games kept.
  const known = new Map<string, { scene: AlfworldScene; split: Split }>();
  for (const scene of train) known.set(scene.id, { scene, split: 'train' });
  for (const scene of heldScenes) {
    if (known.has(scene.id)) throw new Error(`ALFWorld game ${scene.id} is both a train game and a ${heldOutSplit} game`);
    known.set(scene.id, { scene, split: heldOutSplit });
  }
  const generated = new Map<string, AlfworldScene>();

  const generatedScene = (seed: number, taskType: string): AlfworldScene => {
    const id = `generated/${taskType}/${seed}`;
    // Least recently used goes first: re-inserting a hit moves it to the end of the Map's order.
    const scene = generated.get(id) ?? generateScene(seed, { taskType });
    generated.delete(id);
    generated.set(id, scene);
    if (generated.size > GENERATED_CACHE) generated.delete(generated.keys().next().value as string);
    return scene;
  };

  /** n generated tasks: random seeds, the six task types in turn from a random start (n ≥ 6 covers all). */
  const drawGenerated = (rng: Rng, n: number): TaskRef[] => {
    const start = rng.int(ALFWORLD_TASK_TYPES.length);
    return Array.from({ length: n }, (_, i) => {
      const taskType = ALFWORLD_TASK_TYPES[(start + i) % ALFWORLD_TASK_TYPES.length];
      return refOf(generatedScene(rng.int(SEED_RANGE), taskType), 'train');
    });
  };

  const resolved = Object.freeze({ env: 'alfworld' as const, trainSource: config.trainSource, heldOutSplit, heldOutLimit: limit, ...(config.maxSteps !== undefined ? { maxSteps: config.maxSteps } : {}) });
  const steps = config.maxSteps !== undefined ? { maxSteps: config.maxSteps } : {};
  let dataVersion: string | null = null;
  const fingerprint = (): string => {
    const h = new Fnv64().string(JSON.stringify(resolved));
    for (const scene of [...train, ...heldScenes]) h.string(JSON.stringify(scene));
    // Generated scenes depend on the generator and its fitted prior: a few samples stand for them.
    if (config.trainSource !== 'real') for (const taskType of ALFWORLD_TASK_TYPES) h.string(JSON.stringify(generateScene(0, { taskType })));
    return `alfworld:${h.hex()}`;
  };

  const taskById = (id: string): TaskRef | undefined => {
    const gen = parseGeneratedId(id);
    if (gen) return refOf(generatedScene(gen.seed, gen.taskType), 'train');
    const entry = known.get(id);
    return entry && refOf(entry.scene, entry.split);
  };

  return {
    env: 'alfworld',
    config: resolved,
    heldOut,
    get dataVersion() {
      return (dataVersion ??= fingerprint());
    },
    taskById,
    sampleTrain(rng, n) {
      checkCount(n);
      if (config.trainSource === 'real') return drawDistinct(rng, trainRefs, n);
      if (config.trainSource === 'generated') return drawGenerated(rng, n);
      // Mixed: half and half; an odd n's last task is real or generated by a coin flip, so a batch of one is not always real.
      const generatedCount = Math.floor(n / 2) + (n % 2 === 1 && rng.next() < 0.5 ? 1 : 0);
      const real = drawDistinct(rng, trainRefs, n - generatedCount);
      return rng.shuffle([...real, ...drawGenerated(rng, generatedCount)]);
    },
    make(task): TextEnvironment {
      if (task.env !== 'alfworld') throw new Error(`ALFWorld task source cannot make a ${task.env} task (${task.id})`);
      const gen = parseGeneratedId(task.id);
      if (gen) {
        if (task.split !== 'train') throw new Error(`generated ALFWorld scene ${task.id} is a train task, not ${task.split}`);
        return createAlfworldEnv(generatedScene(gen.seed, gen.taskType), { style: 'react', split: 'train', ...steps });
      }
      const entry = known.get(task.id);
      if (!entry) {
        throw new Error(`unknown ALFWorld task "${task.id}": not a train game, a generated scene or one of the ${heldOut.length} ${heldOutSplit} games of this task source`);
      }
      if (entry.split !== task.split) throw new Error(`ALFWorld task ${task.id} is a ${entry.split} task, not ${task.split}`);
      return createAlfworldEnv(entry.scene, { style: 'react', split: entry.split, ...steps });
    },
    isTrain(task) {
      if (task.split !== 'train') return false;
      return known.get(task.id)?.split === 'train' || parseGeneratedId(task.id) !== null;
    },
  };
}
