/**
 * What a run stores about each episode: one line of `episodes.jsonl` (the run-file format shared by
 * the CLI, the worker and the browser's import). Plain JSON data only, so a record round-trips through
 * a file or IndexedDB unchanged.
 */
import type { EnvKind, Split } from '../envs/types';

export interface StepRecord {
  /** The observation the agent acted on. */
  observation: string;
  /** The admissible actions (candidates) scored at this step. */
  actions: string[];
  /** The policy's probabilities over `actions` when the step was taken (π_old of the update). */
  probs: number[];
  /** Index into `actions` of the action taken. */
  chosen: number;
  action: string;
  /** Ids of the rules in the prompt at this step. */
  ruleIds: string[];
  /**
   * The version of each of those rules (parallel to ruleIds): the text the model read is the pool's
   * RuleVersion {ruleId, version}, so a replay shows a rule as it was at that step, even after edits.
   */
  ruleVersions?: number[];
  /** Reward the environment returned for this step. */
  reward: number;
  done: boolean;
  /** The environment state the step was taken from (GiGPO's anchor key), when the environment exposes one. */
  stateKey?: string;
}

/** Why an episode was played: to train on (rollouts of the training split) or to evaluate. */
export type EpisodePurpose = 'train' | 'eval';

export interface EpisodeRecord {
  /** Unique within a run: `it<iteration>-g<group>-e<index>` for rollouts, `eval-<tag>-<task>` for evaluations. */
  id: string;
  taskId: string;
  env: EnvKind;
  /** The task's split: a held-out split never feeds the learner. */
  split: Split;
  taskType: string;
  goal: string;
  purpose: EpisodePurpose;
  /** Iteration that produced it (rollouts), or the iteration after which it was evaluated. */
  iteration: number;
  /** Index of the task's group within the iteration (rollouts), 0 for evaluations. */
  group: number;
  /** Index within the group. */
  index: number;
  /** Whether rules were retrieved into the prompt. */
  withRules: boolean;
  /** Sampling temperature (0 = greedy). */
  temperature: number;
  steps: StepRecord[];
  success: boolean;
  /** Final reward (ALFWorld: 1 on success; WebShop: the purchase score). */
  reward: number;
}
