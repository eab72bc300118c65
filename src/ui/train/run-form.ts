/**
 * The Lab's run form: which RunConfig fields a person sets, with the CLI's defaults
 * (defaultRunConfig) and one line each on what they do. Everything else keeps its default.
 */
import type { EnvKind } from '../../core/envs/types';
import { defaultRunConfig, type RetrievalMode, type RunConfig } from '../../core/learn/config';
import type { Method } from '../../core/learn/methods';

export interface RunForm {
  env: EnvKind;
  method: Method;
  seed: number;
  episodes: number;
  groupSize: number;
  retrievalMode: RetrievalMode;
  k: number;
  /** Held-out tasks evaluated after training; null: all of the split. */
  heldOutLimit: number | null;
}

export function defaultRunForm(env: EnvKind = 'alfworld', method: Method = 'jerp'): RunForm {
  const d = defaultRunConfig(env, method, 1);
  return { env, method, seed: d.seed, episodes: d.episodes, groupSize: d.groupSize, retrievalMode: d.retrieval.mode, k: d.retrieval.k, heldOutLimit: d.tasks.heldOutLimit };
}

export function configFromForm(form: RunForm): RunConfig {
  const d = defaultRunConfig(form.env, form.method, form.seed);
  return { ...d, episodes: form.episodes, groupSize: form.groupSize, retrieval: { mode: form.retrievalMode, k: form.k }, tasks: { ...d.tasks, heldOutLimit: form.heldOutLimit } };
}

/** What is wrong with the form, in words, or null. */
export function formProblem(form: RunForm): string | null {
  if (!Number.isInteger(form.seed)) return 'The seed must be a whole number.';
  if (!Number.isInteger(form.groupSize) || form.groupSize < 1) return 'The group size must be a whole number of at least 1.';
  if (!Number.isInteger(form.episodes) || form.episodes < 1) return 'The episode budget must be a whole number of at least 1.';
  if (form.method !== 'base' && form.episodes < form.groupSize) return `The budget (${form.episodes}) is less than one group (${form.groupSize} episodes): no iteration would run.`;
  if (!Number.isInteger(form.k) || form.k < 0) return 'k must be a whole number of at least 0.';
  if (form.heldOutLimit !== null && (!Number.isInteger(form.heldOutLimit) || form.heldOutLimit < 1)) return 'Held-out tasks must be a whole number of at least 1 (or empty for all).';
  return null;
}

export const FIELD_HELP: Record<keyof RunForm, string> = {
  env: 'Which simulator the agent trains on: ALFWorld household games or WebShop shopping goals.',
  method: 'What learns from the episodes: nothing, the rule pool, the policy adapter, or both (JERP and its variants).',
  seed: 'Seeds every random draw of the run (tasks, rollouts, adapter init): the same seed replays the same run.',
  episodes: 'Training budget in episodes (rollouts), the same for every method so they compare fairly.',
  groupSize: 'Rollouts per task (GRPO’s G): advantages compare episodes within a group.',
  retrievalMode: 'paper: the top-k rules of the task type, fixed for the episode; relevance: re-ranked by goal and observation every step.',
  k: 'Rules shown in the prompt; the embedded model was trained with at most two.',
  heldOutLimit: 'Held-out tasks evaluated after training, with and without the rules (empty: all; ALFWorld valid_unseen has 134, about a second each on WASM).',
};

export const METHOD_HELP: Record<Method, string> = {
  base: 'no learning: the model as it ships',
  'rules-only': 'learns the rule pool, policy frozen (ExpeL-like)',
  'policy-only': 'trains the policy adapter (GRPO), no rules',
  jerp: 'both from the same episodes, with internalization and absorption',
  'jerp-decoupled': 'pool from the initial policy, then frozen while the policy trains',
  'jerp-gigpo': 'JERP with GiGPO’s step-level advantages',
};
