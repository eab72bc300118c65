/**
 * The rules a prompt shows: the run's retrieval mode and k applied to its pool, as the loop, the
 * evaluation and the absorption measurement all retrieve them. Each carries its current version so
 * the step that used it records exactly which text the model read.
 */
import { type PoolState } from '../rules/pool';
import { retrieveRules } from '../rules/retrieval';
import type { TaskRef } from '../tasks';
import type { RunConfig } from './config';
import type { PromptRule } from './rollout';

export function promptRules(pool: PoolState, config: RunConfig, task: Pick<TaskRef, 'env' | 'taskType' | 'goal'>, observation: string): PromptRule[] {
  const retrieved = retrieveRules(pool, { mode: config.retrieval.mode, k: config.retrieval.k, env: task.env, taskType: task.taskType, goal: task.goal, observation });
  if (retrieved.length === 0) return [];
  const versions = latestVersions(pool);
  return retrieved.map((r) => ({ id: r.id, text: r.text, version: versions.get(r.id) ?? 0 }));
}

/** A pool is never mutated (every change makes a new PoolState), so its version table is computed once per pool object. */
const versionTables = new WeakMap<PoolState, Map<string, number>>();

function latestVersions(pool: PoolState): Map<string, number> {
  let table = versionTables.get(pool);
  if (!table) {
    table = new Map();
    for (const v of pool.versions) table.set(v.ruleId, Math.max(table.get(v.ruleId) ?? 0, v.version));
    versionTables.set(pool, table);
  }
  return table;
}
