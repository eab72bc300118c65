/**
 * The rules a prompt shows: the run's retrieval mode and k applied to its pool, as the loop, the
 * evaluation and the absorption measurement all retrieve them.
 */
import { type PoolState } from '../rules/pool';
import { retrieveRules } from '../rules/retrieval';
import type { TaskRef } from '../tasks';
import type { RunConfig } from './config';
import type { PromptRule } from './rollout';

export function promptRules(pool: PoolState, config: RunConfig, task: Pick<TaskRef, 'env' | 'taskType' | 'goal'>, observation: string): PromptRule[] {
  return retrieveRules(pool, { mode: config.retrieval.mode, k: config.retrieval.k, env: task.env, taskType: task.taskType, goal: task.goal, observation }).map((r) => ({ id: r.id, text: r.text }));
}
