/**
 * Play sessions in the worker: a person (or the expert) plays one ALFWorld game or WebShop goal per session,
 * step by step, from the Lab view. The simulators are the same pure core the CLI and the
 * learner use; this module only keeps the live games and loads the shipped data.
 */
import { type AlfworldScene, createAlfworldEnv, expertAction, generateScene } from '../src/core/envs/alfworld';
import type { TextEnvironment } from '../src/core/envs/types';
import { createWebShopEnv, oracleAction } from '../src/core/envs/webshop';
import { type AlfworldSplitName, loadAlfworldSplit } from '../src/core/tasks/alfworld-scenes';
import { AGENT_WEBSHOP_RENDERER, shopOf } from '../src/core/tasks/shop';
import type { EnvSession, EnvOpenParams, TaskListing } from '../src/protocol/messages';
import { fetchDataReader } from './assets';

interface LiveSession {
  env: TextEnvironment;
  /** The environment's expert (ALFWorld's planner, WebShop's oracle) for this game. */
  expert: () => string;
  state: EnvSession;
}

const sessions = new Map<string, LiveSession>();
let nextSession = 1;

export async function listWebShopGoals(products: number, split: 'train' | 'test', offset = 0, limit = 1000): Promise<TaskListing> {
  // The generated catalog of that size, seed 0 as the CLI's default, built once per worker.
  const goals = shopOf(products, 0).goals[split];
  return {
    count: goals.length,
    tasks: goals.slice(offset, offset + limit).map((goal, i) => ({ index: offset + i, id: goal.id, taskType: goal.category, goal: goal.instruction_text })),
  };
}

export async function listTasks(split: AlfworldSplitName, offset = 0, limit = 1000): Promise<TaskListing> {
  const scenes = await loadAlfworldSplit(split, fetchDataReader);
  return {
    count: scenes.length,
    tasks: scenes.slice(offset, offset + limit).map((scene, i) => ({
      index: offset + i,
      id: scene.id,
      taskType: scene.taskType,
      goal: scene.goalText,
    })),
  };
}

function checkIndex(index: number, count: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${what} ${index} does not exist: choose 0–${count - 1}.`);
  }
}

function startSession(env: TextEnvironment, expert: () => string): EnvSession {
  const observation = env.reset();
  const sessionId = `s${nextSession++}`;
  const state: EnvSession = { sessionId, task: env.task, initial: observation.text, steps: [], observation, maxSteps: env.maxSteps };
  sessions.set(sessionId, { env, expert, state });
  return state;
}

export async function openSession(params: EnvOpenParams): Promise<EnvSession> {
  if (params.env === 'webshop') {
    const shop = shopOf(params.products, 0);
    const goals = shop.goals[params.split];
    checkIndex(params.index, goals.length, `WebShop ${params.split} goal`);
    const env = createWebShopEnv({ catalog: shop.catalog, index: shop.index, goal: goals[params.index], renderer: params.renderer ?? AGENT_WEBSHOP_RENDERER });
    return startSession(env, () => oracleAction(env));
  }
  let scene: AlfworldScene;
  if ('generatedSeed' in params) {
    scene = generateScene(params.generatedSeed, params.taskType ? { taskType: params.taskType } : {});
  } else {
    const scenes = await loadAlfworldSplit(params.split, fetchDataReader);
    checkIndex(params.index, scenes.length, `ALFWorld ${params.split} game`);
    scene = scenes[params.index];
  }
  const env = createAlfworldEnv(scene, { style: params.style ?? 'react' });
  return startSession(env, () => expertAction(env));
}

/** The session asked for is gone (closed, or the worker restarted): the UI drops its copy of the game. */
export class PlaySessionGoneError extends Error {
  override name = 'PlaySessionGoneError';
}

/** An empty command: refused before the game sees it, so it uses up no step. */
export class EmptyCommandError extends Error {
  override name = 'EmptyCommandError';
}

function sessionOf(sessionId: string): LiveSession {
  const live = sessions.get(sessionId);
  if (!live) throw new PlaySessionGoneError('This game is no longer open (it was closed, or the lab worker restarted). Open a game again.');
  return live;
}

export function stepSession(sessionId: string, rawAction: string): EnvSession {
  const live = sessionOf(sessionId);
  const action = rawAction.trim();
  if (!action) throw new EmptyCommandError('Type a command first: an empty command is not sent and uses no step.');
  if (live.state.observation.done) return live.state;
  const observation = live.env.step(action);
  live.state = {
    ...live.state,
    observation,
    steps: [...live.state.steps, { action, observation: observation.text, reward: observation.reward }],
  };
  return live.state;
}

export function expertSuggestion(sessionId: string): { action: string } {
  return { action: sessionOf(sessionId).expert() };
}

export function closeSession(sessionId: string): { closed: boolean } {
  return { closed: sessions.delete(sessionId) };
}
