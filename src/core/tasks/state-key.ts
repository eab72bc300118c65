/**
 * A compact key of an environment's current state: GiGPO's anchor. Two steps taken from the same
 * state in different rollouts of one task get the same key, whatever path led there, so their
 * actions can be compared in one step-level group. Only the world's state counts (not the step
 * number, the last observation text or what the agent has seen), and the task id is mixed in so
 * keys of different tasks never meet.
 */
import { AlfworldEnv } from '../envs/alfworld/env';
import type { GameState } from '../envs/alfworld/state';
import type { TextEnvironment } from '../envs/types';
import type { WebShopEnv } from '../envs/webshop/index';
import { Fnv64 } from './fnv64';

function alfworldKey(taskId: string, s: GameState): string {
  const h = new Fnv64().string(taskId).int(s.agentLoc).int(s.held);
  // Every fluent of the game (state.ts); lengths first, so arrays cannot shift into each other.
  for (const facts of [s.opened, s.inRec, s.notIn, s.at, s.clean, s.hot, s.cool, s.toggled, s.sliced]) h.int(facts.length).bytes(facts);
  return h.hex();
}

function webshopKey(taskId: string, env: WebShopEnv): string {
  const s = env.state();
  // The results follow from the keywords (search is deterministic), so the keywords stand for them.
  // Options sorted by name: choosing color then size reaches the same state as size then color.
  const options = Object.keys(s.options)
    .sort()
    .map((name) => [name, s.options[name]]);
  const fields = [s.page, s.keywords, s.pageNumber, s.asin, options, s.sub];
  return new Fnv64().string(taskId).string(JSON.stringify(fields)).hex();
}

function isWebShopEnv(env: TextEnvironment): env is WebShopEnv {
  return env.task.env === 'webshop' && typeof (env as Partial<WebShopEnv>).state === 'function';
}

/** 16 hex digits naming the environment's current state (deterministic across runs and machines). */
export function stateKey(env: TextEnvironment): string {
  if (env instanceof AlfworldEnv) return alfworldKey(env.task.id, env.gameState);
  if (isWebShopEnv(env)) return webshopKey(env.task.id, env);
  throw new Error(`stateKey: no state key for ${env.task.env} environment ${env.task.id}`);
}
