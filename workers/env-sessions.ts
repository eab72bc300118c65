/**
 * Play sessions in the worker: a person (or the expert) plays one game at a time per session,
 * step by step, from the Lab view. The simulators are the same pure core the CLI and the
 * learner use; this module only keeps the live games and loads the shipped data.
 */
import { type AlfworldEnv, type AlfworldScene, createAlfworldEnv, expertAction, generateScene, parseScene } from '../src/core/envs/alfworld';
import type { EnvSession, EnvOpenParams, TaskListing } from '../src/protocol/messages';
import { fetchJson } from './assets';

type AlfworldSplit = 'train' | 'valid_seen' | 'valid_unseen';

interface LiveSession {
  env: AlfworldEnv;
  state: EnvSession;
}

const sessions = new Map<string, LiveSession>();
const splitCache = new Map<AlfworldSplit, Promise<AlfworldScene[]>>();
let nextSession = 1;

/** Loads and validates one shipped split file (once per worker). */
function loadAlfworldSplit(split: AlfworldSplit): Promise<AlfworldScene[]> {
  let pending = splitCache.get(split);
  if (!pending) {
    const path = `data/alfworld/${split}.json`;
    pending = fetchJson(path).then((json) => {
      const scenes = (json as { scenes?: unknown }).scenes;
      if (!Array.isArray(scenes)) throw new Error(`${path}: field "scenes" must be an array`);
      return scenes.map((scene, i) => parseScene(scene, `${path} scenes[${i}]`));
    });
    // A failed load is not cached, so a retry after fixing the network or files works.
    pending.catch(() => splitCache.delete(split));
    splitCache.set(split, pending);
  }
  return pending;
}

export async function listTasks(split: AlfworldSplit, offset = 0, limit = 1000): Promise<TaskListing> {
  const scenes = await loadAlfworldSplit(split);
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

export async function openSession(params: EnvOpenParams): Promise<EnvSession> {
  if (params.env !== 'alfworld') throw new Error(`Playing ${params.env} in the browser is not available yet.`);
  let scene: AlfworldScene;
  if ('generatedSeed' in params) {
    scene = generateScene(params.generatedSeed, params.taskType ? { taskType: params.taskType } : {});
  } else {
    const scenes = await loadAlfworldSplit(params.split);
    if (!Number.isInteger(params.index) || params.index < 0 || params.index >= scenes.length) {
      throw new RangeError(`Game ${params.index} does not exist: ${params.split} has games 0–${scenes.length - 1}.`);
    }
    scene = scenes[params.index];
  }
  const env = createAlfworldEnv(scene, { style: params.style ?? 'react' });
  const observation = env.reset();
  const sessionId = `s${nextSession++}`;
  const state: EnvSession = { sessionId, task: env.task, initial: observation.text, steps: [], observation, maxSteps: env.maxSteps };
  sessions.set(sessionId, { env, state });
  return state;
}

function sessionOf(sessionId: string): LiveSession {
  const live = sessions.get(sessionId);
  if (!live) throw new Error(`No play session ${sessionId} (it was closed, or the worker restarted).`);
  return live;
}

export function stepSession(sessionId: string, action: string): EnvSession {
  const live = sessionOf(sessionId);
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
  return { action: expertAction(sessionOf(sessionId).env) };
}

export function closeSession(sessionId: string): { closed: boolean } {
  return { closed: sessions.delete(sessionId) };
}
