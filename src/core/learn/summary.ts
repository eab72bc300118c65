/**
 * What a finished run reports about itself: `eval.json` in its run directory. The experiment
 * command aggregates these over seeds into `results.json` / `results.md`.
 */
import type { EnvKind, Split } from '../envs/types';
import type { Method } from './methods';

/** Failure classes read off the milestones (src/core/rules/milestones.ts) of a failed episode. */
export type FailureClass =
  /** ALFWorld: the goal object was never found or taken; WebShop: never reached a right product. */
  | 'search'
  /** A procedure step was missed (not transformed, no lamp, wrong place, no second object; WebShop: a named option skipped). */
  | 'procedure'
  /** Every milestone but the last, yet the goal was not met (e.g. ran out of steps at the end; WebShop: bought with a partial score). */
  | 'other';

export interface EvalSummary {
  /** Held-out tasks evaluated. */
  tasks: number;
  /** Fraction of tasks solved (WebShop: reward 1). */
  success: number;
  /** Mean final reward (WebShop's score; equals success on ALFWorld). */
  score: number;
  perTaskType: Record<string, { tasks: number; success: number }>;
  /** Fraction of steps whose observation was "Nothing happens." or an unchanged page. */
  invalidActionRate: number;
  meanSteps: number;
  failureClasses: Record<FailureClass, number>;
}

export interface RunEvaluation {
  env: EnvKind;
  split: Split;
  method: Method;
  seed: number;
  /** Training episode budget of the run. */
  episodes: number;
  /** Iterations the run completed before this evaluation. */
  iteration: number;
  /** Rules in the prompt (retrieved from the run's pool). */
  withRules: EvalSummary;
  /** The same tasks with no rules: what the policy does unaided. */
  withoutRules: EvalSummary;
  rules: { active: number; absorbed: number; removed: number; pinned: number };
  /** Wall-clock seconds of training and of evaluation. */
  seconds: { train: number; eval: number };
}

/**
 * Messages a cell's child process sends to the experiment coordinator (process.send). A cell is one
 * (env, method, seed) run writing its run directory.
 */
export type CellMessage =
  | { type: 'progress'; cell: string; phase: 'train' | 'eval'; done: number; total: number }
  | { type: 'done'; cell: string; evaluation: RunEvaluation }
  | { type: 'error'; cell: string; message: string };
