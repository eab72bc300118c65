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
  /** Held-out evaluation every this many iterations while training; 0: only after the last. */
  evalEvery: number;
  /** Step limit of every episode; null: the environment's own. */
  maxSteps: number | null;
  /** Where the model runs: the lab's choice for this browser, or forced. */
  backend: 'auto' | 'webgpu' | 'wasm';
  /** The model trained: the embedded one, or the hub model loaded in the Model view. */
  modelId: string;
}

export const EMBEDDED_MODEL = 'jerp-tiny';

/** Offered seeds and budgets; a run reopened with another value shows it as an extra option. */
export const SEED_CHOICES = [1, 2, 3, 4, 5];
export const EPISODE_CHOICES = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** The choices of a select with the current value among them (kept in order). */
export function choicesWith(choices: readonly number[], value: number): number[] {
  return choices.includes(value) ? [...choices] : [...choices, value].sort((a, b) => a - b);
}

export function defaultRunForm(env: EnvKind = 'alfworld', method: Method = 'jerp'): RunForm {
  const d = defaultRunConfig(env, method, 1);
  return { env, method, seed: d.seed, episodes: d.episodes, groupSize: d.groupSize, retrievalMode: d.retrieval.mode, k: d.retrieval.k, heldOutLimit: d.tasks.heldOutLimit, evalEvery: 0, maxSteps: null, backend: 'auto', modelId: EMBEDDED_MODEL };
}

/** The form showing a stored run's settings (a reopened run's form says what that run trains). */
export function formFromRun(config: RunConfig, evalEvery = 0, backend: RunForm['backend'] = 'auto'): RunForm {
  // A run's model is the one it trains; an embedded one is named by its folder.
  return {
    env: config.env,
    method: config.method,
    seed: config.seed,
    episodes: config.episodes,
    groupSize: config.groupSize,
    retrievalMode: config.retrieval.mode,
    k: config.retrieval.k,
    heldOutLimit: config.tasks.heldOutLimit,
    evalEvery,
    maxSteps: config.tasks.maxSteps ?? null,
    backend,
    modelId: config.model.id,
  };
}

export function configFromForm(form: RunForm): RunConfig {
  const d = defaultRunConfig(form.env, form.method, form.seed);
  return { ...d, episodes: form.episodes, groupSize: form.groupSize, retrieval: { mode: form.retrievalMode, k: form.k }, tasks: { ...d.tasks, heldOutLimit: form.heldOutLimit, ...(form.maxSteps !== null ? { maxSteps: form.maxSteps } : {}) } };
}

/** What is wrong with the form, in words, or null. */
export function formProblem(form: RunForm): string | null {
  if (!Number.isInteger(form.seed)) return 'The seed must be a whole number.';
  if (!Number.isInteger(form.groupSize) || form.groupSize < 1) return 'The group size must be a whole number of at least 1.';
  if (!Number.isInteger(form.episodes) || form.episodes < 1) return 'The episode budget must be a whole number of at least 1.';
  if (form.method !== 'base' && form.episodes < form.groupSize) return `The budget (${form.episodes}) is less than one group (${form.groupSize} episodes): no iteration would run.`;
  if (!Number.isInteger(form.k) || form.k < 0) return 'k must be a whole number of at least 0.';
  if (form.heldOutLimit !== null && (!Number.isInteger(form.heldOutLimit) || form.heldOutLimit < 1)) return 'Held-out tasks must be a whole number of at least 1 (or empty for all).';
  if (form.maxSteps !== null && (!Number.isInteger(form.maxSteps) || form.maxSteps < 1)) return 'Steps per episode must be a whole number of at least 1 (or empty for the environment’s own limit).';
  if (!Number.isInteger(form.evalEvery) || form.evalEvery < 0) return 'Evaluate every … iterations must be a whole number of at least 0 (0: only after the last).';
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
  maxSteps: 'Ends every episode after this many steps, below the environment’s own limit (empty: ALFWorld 50, WebShop 15). For quick looks on slow backends; results are not comparable to full-length runs.',
  evalEvery: 'Also evaluate on the held-out tasks every this many iterations while training (0: only after the last). It costs time, not learning: training goes on exactly as without it.',
  modelId: 'The policy model: the embedded jerp-tiny (no network), or a hub model once loaded in the Model view. A run resumes only on the model it started with.',
  backend: 'auto: WebGPU when this browser has a usable adapter, else WASM. Changing it reloads the model on that backend before the run starts.',
};

export const METHOD_HELP: Record<Method, string> = {
  base: 'no learning: the model as it ships',
  'rules-only': 'learns the rule pool, policy frozen (ExpeL-like)',
  'policy-only': 'trains the policy adapter (GRPO), no rules',
  jerp: 'both from the same episodes, with internalization and absorption',
  'jerp-decoupled': 'pool from the initial policy, then frozen while the policy trains',
  'jerp-gigpo': 'JERP with GiGPO’s step-level advantages',
};
