/**
 * Validation and defaults of a TaskSourceConfig. A bad config is a user's typo in a CLI flag or a
 * stale saved run: it must fail at once with what was expected, never fall back silently.
 */
import type { EnvKind, Split } from '../envs/types';
import { TRAIN_SOURCES, type TaskSourceConfig, type TrainSource } from './types';

const HELD_OUT_SPLITS: Record<EnvKind, readonly Split[]> = {
  alfworld: ['valid_unseen', 'valid_seen'],
  webshop: ['test'],
};

/** WebShop's default held-out size; ALFWorld keeps the whole split. */
const WEBSHOP_HELD_OUT_DEFAULT = 200;

/** Everything but the final heldOutLimit, which needs the split's size: undefined = all. */
export interface CheckedConfig {
  env: EnvKind;
  trainSource: TrainSource;
  heldOutSplit: Split;
  heldOutLimit: number | undefined;
  maxSteps: number | undefined;
}

export function checkTaskSourceConfig(config: TaskSourceConfig): CheckedConfig {
  if (typeof config !== 'object' || config === null) throw new Error('task source config must be an object');
  const { env } = config;
  if (env !== 'alfworld' && env !== 'webshop') throw new Error(`task source: unknown env ${JSON.stringify(env)} (expected "alfworld" or "webshop")`);
  const trainSource = config.trainSource ?? 'real';
  if (!TRAIN_SOURCES.includes(trainSource)) {
    throw new Error(`task source: trainSource must be one of ${TRAIN_SOURCES.join(', ')}, got ${JSON.stringify(trainSource)}`);
  }
  const allowed = HELD_OUT_SPLITS[env];
  const heldOutSplit = config.heldOutSplit ?? allowed[0];
  if (!allowed.includes(heldOutSplit)) {
    throw new Error(`task source: heldOutSplit for ${env} must be ${allowed.map((s) => `"${s}"`).join(' or ')}, got ${JSON.stringify(heldOutSplit)}`);
  }
  const limit = config.heldOutLimit ?? (env === 'webshop' ? WEBSHOP_HELD_OUT_DEFAULT : undefined);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new Error(`task source: heldOutLimit must be a positive integer, got ${JSON.stringify(limit)}`);
  }
  const maxSteps = config.maxSteps ?? undefined;
  if (maxSteps !== undefined && (!Number.isInteger(maxSteps) || maxSteps < 1)) {
    throw new Error(`task source: maxSteps must be a positive integer, got ${JSON.stringify(maxSteps)}`);
  }
  // WebShop has no generated tasks: record what is actually used.
  return { env, trainSource: env === 'webshop' ? 'real' : trainSource, heldOutSplit, heldOutLimit: limit, maxSteps };
}
