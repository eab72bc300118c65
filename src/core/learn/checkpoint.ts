/**
 * A learner's state as plain JSON (checkpoints/iter-NNNNNN.json, and the browser's checkpoint rows)
 * and back. The RNG needs no state of its own: every iteration draws from createRng(seed, iteration),
 * so the position in the stream is the iteration counter.
 */
import type { PoolState } from '../rules/pool';
import type { LearnerState } from './jerp';
import { type PolicyContext, type PolicyJSON, policyFromJSON, policyToJSON } from './policy-state';
import type { SuccessArchive } from './references';

export const CHECKPOINT_FORMAT = 'jerp-checkpoint/1';

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  iteration: number;
  episodesDone: number;
  /** Where the run's random streams stand: iteration i draws from createRng(`${seed}:iteration:${i}`). */
  rng: { seed: number; iteration: number };
  policy: PolicyJSON | null;
  pool: PoolState;
  archive: SuccessArchive;
}

export function toCheckpoint(state: LearnerState, seed: number): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    iteration: state.iteration,
    episodesDone: state.episodesDone,
    rng: { seed, iteration: state.iteration },
    policy: state.policy ? policyToJSON(state.policy) : null,
    pool: state.pool,
    archive: state.archive,
  };
}

export function fromCheckpoint(checkpoint: Checkpoint, context: PolicyContext): LearnerState {
  if (checkpoint.format !== CHECKPOINT_FORMAT) throw new Error(`checkpoint format "${String(checkpoint.format)}" is not ${CHECKPOINT_FORMAT}`);
  return {
    iteration: checkpoint.iteration,
    episodesDone: checkpoint.episodesDone,
    policy: checkpoint.policy ? policyFromJSON(checkpoint.policy, context) : null,
    pool: checkpoint.pool,
    archive: checkpoint.archive,
  };
}
