/**
 * One typed configuration for a run, stored whole in its `run.json`. Every field says what it does;
 * the defaults are the CLI's and the browser's (DESIGN.md §1, issue #18).
 */
import type { EnvKind, Split } from '../envs/types';
import type { TrainSource } from '../tasks';
import type { Method } from './methods';

export type { TrainSource } from '../tasks';

export type RetrievalMode = 'paper' | 'relevance';
export type ReflectorKind = 'contrastive' | 'llm';

export interface RunConfig {
  /** Which simulator the run trains and is evaluated on. */
  env: EnvKind;
  /** What learns (src/core/learn/methods.ts). */
  method: Method;
  /** Seeds every random draw of the run (task sampling, rollouts, adapter init). */
  seed: number;
  /** Training budget in episodes (rollouts); equal across methods. `base` trains on none. */
  episodes: number;
  /** Rollouts per task (GRPO's group size G). */
  groupSize: number;
  /** Tasks per iteration (B); an iteration plays B × G episodes. */
  tasksPerIteration: number;
  /** Sampling temperature τ of training rollouts: π = softmax(score / τ). Evaluation is greedy. */
  temperature: number;
  tasks: {
    /** ALFWorld training tasks: the 200 real train games, generated scenes, or both. */
    trainSource: TrainSource;
    /** Held-out split: ALFWorld valid_unseen (134) or valid_seen (140); WebShop test. */
    heldOutSplit: Split;
    /** Evaluate on the first N held-out tasks (null: all). WebShop asks for 200; the standard shop has 100 test goals, so all 100. */
    heldOutLimit: number | null;
    /** Step limit of every episode, below the environment's own (ALFWorld 50, WebShop 15); absent: the environment's. */
    maxSteps?: number;
  };
  retrieval: {
    /** paper: top-k by importance per task type, fixed for the episode; relevance: re-ranked by goal and observation words every step. */
    mode: RetrievalMode;
    /** Rules in the prompt. The embedded model was trained with at most two rule lines, hence 2. */
    k: number;
  };
  pool: {
    /** Active rules per (env, task type); when full, the least important unpinned rule leaves. */
    capacity: number;
  };
  /** contrastive: deterministic milestone diagnosis (default); llm: an instruction model writes the operations. */
  reflector: ReflectorKind;
  policy: {
    /** LoRA rank r of the output-layer adapter. */
    rank: number;
    /** Adam learning rate. */
    learningRate: number;
    /** Passes over each iteration's samples (E). */
    epochs: number;
    /** Minibatches per epoch (one Adam step each). */
    minibatches: number;
    /**
     * At most this many policy-gradient steps per iteration, drawn uniformly (and half as many
     * internalization steps): the update recomputes 2,048 logits per position, so it is bounded to
     * stay a fraction of the rollouts' time. The mean over a uniform subset is an unbiased estimate
     * of the full batch's.
     */
    maxSamples: number;
    /** PPO clip range ε of the importance ratio. */
    clip: number;
    /** Weight of KL(π_θ ‖ π_initial), computed exactly over each visited state's candidates. */
    klCoef: number;
    /** ε in (R − mean) / (std + ε). */
    advantageEps: number;
    /** λ: weight of internalization (the rule-free prompt pulled toward actions of successful rule-conditioned rollouts). */
    internalizeCoef: number;
    /** Gradients are clipped to this global norm (0: no clipping). */
    maxGradNorm: number;
    /** GiGPO (jerp-gigpo only): discount γ of step returns and weight ω of step-level advantages. */
    gigpo: { gamma: number; omega: number };
  };
  absorption: {
    /** Re-measure every n iterations (0: never). */
    every: number;
    /** A rule counts as absorbed when P(advised action | rule removed) ≥ threshold … */
    threshold: number;
    /** … in this many consecutive measurements. */
    streak: number;
    /** Decisive states measured per rule (the most recent). */
    maxStates: number;
  };
  /** The model the policy runs on (folder under public/models, or a hub id) and its weight dtype. */
  model: { id: string; dtype: string };
}

export function defaultRunConfig(env: EnvKind, method: Method, seed: number): RunConfig {
  return {
    env,
    method,
    seed,
    episodes: 128,
    groupSize: 8,
    tasksPerIteration: 1,
    temperature: 1,
    tasks: { trainSource: 'real', heldOutSplit: env === 'alfworld' ? 'valid_unseen' : 'test', heldOutLimit: env === 'alfworld' ? null : 200 },
    retrieval: { mode: 'paper', k: 2 },
    pool: { capacity: 10 },
    reflector: 'contrastive',
    policy: {
      rank: 8,
      learningRate: 0.003,
      epochs: 1,
      minibatches: 4,
      maxSamples: 64,
      clip: 0.2,
      klCoef: 0.05,
      advantageEps: 1e-6,
      internalizeCoef: 0.5,
      maxGradNorm: 1,
      gigpo: { gamma: 0.95, omega: 1 },
    },
    absorption: { every: 4, threshold: 0.8, streak: 2, maxStates: 4 },
    model: { id: 'jerp-tiny', dtype: 'int8' },
  };
}

/** The deterministic name of a run (its directory name): env, method and seed say everything that differs between cells. */
export function runName(config: Pick<RunConfig, 'env' | 'method' | 'seed'>): string {
  return `${config.env}-${config.method}-s${config.seed}`;
}

/** Iterations in a run's budget. */
export function iterationsFor(config: RunConfig): number {
  return config.method === 'base' ? 0 : Math.floor(config.episodes / (config.groupSize * config.tasksPerIteration));
}
