/**
 * What every text environment exposes to the agent, the learner, the CLI and the UI.
 * Environments are pure TypeScript (no DOM), deterministic given their scene/seed.
 */
export type EnvKind = 'alfworld' | 'webshop';
export type Split = 'train' | 'valid_seen' | 'valid_unseen' | 'test';

export interface TaskInfo {
  /** Stable id, unique within the environment (e.g. the game's folder name, or `webshop:test:17`). */
  id: string;
  env: EnvKind;
  split: Split;
  /** Task family used for rule scoping: ALFWorld's six types; WebShop's product category. */
  taskType: string;
  /** The instruction shown to the agent ("Your task is to: put a clean cloth in cabinet."). */
  goal: string;
}

export interface EnvObservation {
  /** What the environment printed after the last action (or the initial observation at reset). */
  text: string;
  /** Actions the agent may choose from now; anything else is answered as the real environment would. */
  admissibleActions: string[];
  /** Reward of the last step (ALFWorld: 1 on goal; WebShop: the purchase score on Buy Now). */
  reward: number;
  done: boolean;
  /** True when the episode ended in full success (ALFWorld: goal met; WebShop: reward 1). */
  success: boolean;
  /** Steps taken so far in this episode. */
  step: number;
}

export interface TextEnvironment {
  readonly task: TaskInfo;
  readonly maxSteps: number;
  reset(): EnvObservation;
  step(action: string): EnvObservation;
}
