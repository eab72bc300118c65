/**
 * Test fixtures for the rule tests (never imported by the lab itself; reads files with node:fs):
 * the real ALFWorld train games, the standard 1k WebShop shop, and EpisodeRecords made by playing
 * fixed action lists on the real environments (expert references, mistaken failures).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AlfworldEnv, type AlfworldScene, createAlfworldEnv, expertNext, expertPlan, parseSceneFile } from '../envs/alfworld/index';
import type { TextEnvironment } from '../envs/types';
import { createWebShopEnv, oracleAction, type WebShopEnv, type WebShopGoal } from '../envs/webshop/index';
import { AGENT_WEBSHOP_RENDERER, type Shop, STANDARD_SHOP, shopOf } from '../tasks/shop';
import type { EpisodeRecord } from '../learn/records';
import { createRng } from '../util/rng';
import { alfworldMistakeAt } from './decisive';

let scenes: AlfworldScene[] | null = null;

/** The 200 real ALFWorld train games (public/data/alfworld/train.json). */
export function trainScenes(): AlfworldScene[] {
  scenes ??= parseSceneFile(JSON.parse(readFileSync(join(process.cwd(), 'public/data/alfworld/train.json'), 'utf8')), 'train.json');
  return scenes;
}

/** The first train game of a task type. */
export function sceneOf(taskType: string, nth = 0): AlfworldScene {
  const found = trainScenes().filter((s) => s.taskType === taskType)[nth];
  if (!found) throw new Error(`no train game #${nth} of type ${taskType}`);
  return found;
}

export const alfworldEnv = (scene: AlfworldScene): AlfworldEnv => createAlfworldEnv(scene, { style: 'react' });

/** The search expert's whole plan: a successful reference. */
export const expertActions = (scene: AlfworldScene): string[] => expertPlan(scene);

/** The expert (full knowledge) up to the task type's decisive step, then its typical mistake (decisive.ts). */
export function mistakenActions(scene: AlfworldScene): string[] {
  const env = alfworldEnv(scene);
  let obs = env.reset();
  const actions: string[] = [];
  let puts = 0;
  while (!obs.done) {
    const expert = expertNext(env.world, env.gameState);
    if (expert === null) break;
    const mistake = alfworldMistakeAt(env, obs.admissibleActions, expert, puts, createRng(1));
    for (const action of mistake ?? [expert]) {
      if (action.startsWith('put ')) puts++;
      actions.push(action);
      obs = env.step(action);
    }
    if (mistake) break;
  }
  return actions;
}

/** Walks to receptacles that hold no goal object (never opening anything): the object is never found. */
export function searchFailure(scene: AlfworldScene, steps = 4): string[] {
  const env = alfworldEnv(scene);
  const holdsGoal = new Set(scene.objects.filter((o) => o.type === scene.goal.object).flatMap((o) => o.in));
  return env
    .reset()
    .admissibleActions.filter((a) => a.startsWith('go to '))
    .filter((a) => !holdsGoal.has(scene.receptacles.findIndex((r) => r.name === a.slice(6))))
    .slice(0, steps);
}

/** The standard shop: 1k products (seed 0), its BM25 index and goals (seed 0), built once by the lab's one builder. */
export function standardShop(): Shop {
  return shopOf(STANDARD_SHOP.size, STANDARD_SHOP.seed);
}

export function webshopEnv(goal: WebShopGoal): WebShopEnv {
  const { catalog, index } = standardShop();
  return createWebShopEnv({ catalog, index, goal, renderer: AGENT_WEBSHOP_RENDERER });
}

/** The oracle's actions to the purchase; `override` may replace the oracle's action at a step (return null to keep it). */
export function oracleActions(goal: WebShopGoal, override?: (env: WebShopEnv, oracle: string) => string | null): string[] {
  const env = webshopEnv(goal);
  let obs = env.reset();
  const actions: string[] = [];
  while (!obs.done) {
    const oracle = oracleAction(env);
    const action = override?.(env, oracle) ?? oracle;
    actions.push(action);
    obs = env.step(action);
  }
  return actions;
}

export interface RecordOptions {
  id: string;
  /** Rule ids in the prompt at every step. */
  ruleIds?: string[];
  split?: EpisodeRecord['split'];
  iteration?: number;
}

/** Plays `actions` on a fresh episode of `env` and records it as the learner stores episodes. */
export function recordEpisode(env: TextEnvironment, actions: readonly string[], options: RecordOptions): EpisodeRecord {
  let obs = env.reset();
  const steps: EpisodeRecord['steps'] = [];
  for (const action of actions) {
    const candidates = obs.admissibleActions.includes(action) ? obs.admissibleActions : [...obs.admissibleActions, action];
    const observation = obs.text;
    obs = env.step(action);
    steps.push({
      observation,
      actions: candidates,
      probs: candidates.map(() => 1 / candidates.length),
      chosen: candidates.indexOf(action),
      action,
      ruleIds: options.ruleIds ?? [],
      reward: obs.reward,
      done: obs.done,
    });
  }
  return {
    id: options.id,
    taskId: env.task.id,
    env: env.task.env,
    split: options.split ?? 'train',
    taskType: env.task.taskType,
    goal: env.task.goal,
    purpose: 'train',
    iteration: options.iteration ?? 0,
    group: 0,
    index: 0,
    withRules: (options.ruleIds ?? []).length > 0,
    temperature: 1,
    steps,
    success: obs.success,
    reward: obs.reward,
  };
}
