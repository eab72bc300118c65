/**
 * Held-out evaluation of a LanguageModel as the agent's policy (greedy decoding): ALFWorld on a real
 * split (valid_unseen: the 134 games the literature reports on) and WebShop on the standard shop's
 * goals (1k-product catalog seed 0, goals seed 0). Rules: none, the oracle rule for the task type
 * (the reflector's canonical phrasing), or a wrong one (another task type's rule).
 */
import { runEpisode, type Trajectory } from '../../src/core/agent/episode';
import { createAlfworldEnv } from '../../src/core/envs/alfworld/index';
import type { TextEnvironment } from '../../src/core/envs/types';
import { type Catalog, createWebShopEnv, type SearchIndex, type WebShopGoal } from '../../src/core/envs/webshop/index';
import type { LanguageModel } from '../../src/core/llm/types';
import { oracleTemplate, wrongTemplates } from '../../src/core/rules/templates';
import { hashString } from '../../src/core/util/rng';
import { type AlfworldSplitName, loadAlfworldSplit } from '../../src/core/tasks/alfworld-scenes';
import { AGENT_WEBSHOP_RENDERER, shopOf, STANDARD_SHOP } from '../../src/core/tasks/shop';
import { nodeDataReader } from './node-data-reader';

export type RulesMode = 'none' | 'oracle' | 'wrong';
export const RULES_MODES: readonly RulesMode[] = ['none', 'oracle', 'wrong'];

export function rulesFor(mode: RulesMode, env: 'alfworld' | 'webshop', taskType: string, taskId: string): string[] {
  if (mode === 'none') return [];
  if (mode === 'oracle') return [oracleTemplate(env, taskType).canonical];
  const wrong = wrongTemplates(env, taskType);
  // A fixed wrong rule per task, so runs are reproducible.
  return [wrong[hashString(taskId) % wrong.length].canonical];
}

export interface EvalResult {
  env: 'alfworld' | 'webshop';
  split: string;
  rules: RulesMode;
  episodes: number;
  successes: number;
  success: number;
  meanReward: number;
  meanSteps: number;
  byTaskType: Record<string, { episodes: number; success: number }>;
  seconds: number;
}

export interface EvalOptions {
  limit?: number;
  onEpisode?: (done: number, total: number, trajectory: Trajectory) => void;
}

async function evaluate(
  env: 'alfworld' | 'webshop',
  split: string,
  mode: RulesMode,
  envs: Array<() => TextEnvironment>,
  model: LanguageModel,
  options: EvalOptions,
): Promise<EvalResult> {
  const started = Date.now();
  const chosen = options.limit ? envs.slice(0, options.limit) : envs;
  const byType: Record<string, { episodes: number; successes: number }> = {};
  let successes = 0;
  let reward = 0;
  let steps = 0;
  for (const [i, make] of chosen.entries()) {
    const e = make();
    const t = await runEpisode(e, model, { rules: rulesFor(mode, env, e.task.taskType, e.task.id) });
    successes += t.success ? 1 : 0;
    reward += t.reward;
    steps += t.steps.length;
    const b = (byType[e.task.taskType] ??= { episodes: 0, successes: 0 });
    b.episodes++;
    b.successes += t.success ? 1 : 0;
    options.onEpisode?.(i + 1, chosen.length, t);
  }
  const n = Math.max(1, chosen.length);
  return {
    env,
    split,
    rules: mode,
    episodes: chosen.length,
    successes,
    success: successes / n,
    meanReward: reward / n,
    meanSteps: steps / n,
    byTaskType: Object.fromEntries(Object.entries(byType).sort().map(([k, v]) => [k, { episodes: v.episodes, success: v.successes / v.episodes }])),
    seconds: (Date.now() - started) / 1000,
  };
}

export async function evalAlfworld(model: LanguageModel, split: AlfworldSplitName, mode: RulesMode, options: EvalOptions = {}): Promise<EvalResult> {
  const scenes = await loadAlfworldSplit(split, nodeDataReader());
  return evaluate('alfworld', split, mode, scenes.map((s) => () => createAlfworldEnv(s, { style: 'react' })), model, options);
}

export type WebShopSplit = 'train' | 'test';

/**
 * The standard shop the embedded model is trained and evaluated on (STANDARD_SHOP: the 1k-product
 * catalog of seed 0, its search index, the goals of seed 0), in the shape the model scripts take:
 * `shop` spreads into createWebShopEnv. Built once (src/core/tasks/shop.ts); shared, never mutate it.
 */
export function standardShop(): { shop: { catalog: Catalog; index: SearchIndex }; goals: Record<WebShopSplit, WebShopGoal[]> } {
  const { catalog, index, goals } = shopOf(STANDARD_SHOP.size, STANDARD_SHOP.seed);
  return { shop: { catalog, index }, goals };
}

export function evalWebShop(model: LanguageModel, split: WebShopSplit, mode: RulesMode, options: EvalOptions = {}): Promise<EvalResult> {
  const { shop, goals: splits } = standardShop();
  const goals = splits[split];
  return evaluate('webshop', split, mode, goals.map((goal) => () => createWebShopEnv({ ...shop, goal, renderer: AGENT_WEBSHOP_RENDERER })), model, options);
}
