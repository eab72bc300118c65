/**
 * Held-out evaluation: every held-out task played greedily by the current policy, once with the
 * rules retrieved from the run's pool and once with none. Held-out episodes are recorded (split
 * and all) but never reach the learner: this module returns them to be stored, nothing more.
 */
import type { TextEnvironment } from '../envs/types';
import type { LanguageModel } from '../llm/types';
import type { TaskRef, TaskSource } from '../tasks';
import { failureClassOf } from './failure-class';
import type { EpisodeRecord } from './records';
import { type DecisionScorer, playEpisode, type PromptRule } from './rollout';
import type { EvalSummary, FailureClass } from './summary';

export interface EvaluationOptions {
  tasks: TaskSource;
  model: LanguageModel;
  scorer: DecisionScorer;
  /** The rules in the prompt for a task at a step; null: evaluate without rules. */
  rulesFor: ((task: TaskRef, observation: string, step: number) => readonly PromptRule[]) | null;
  /** Tag of this evaluation in episode ids (e.g. "rules", "norules"). */
  tag: string;
  /** The iteration after which it runs (recorded with each episode). */
  iteration: number;
  /** At most this many held-out tasks (tests use a few). */
  limit?: number;
  onEpisode?: (done: number, total: number) => void;
}

/** ALFWorld answers an impossible command this way; WebShop leaves the page unchanged. */
function isInvalidStep(observation: string, next: string | undefined, action: string): boolean {
  if (next === 'Nothing happens.') return true;
  return action.startsWith('click[') && next !== undefined && next === observation;
}

export async function evaluateHeldOut(options: EvaluationOptions): Promise<{ summary: EvalSummary; episodes: EpisodeRecord[] }> {
  const tasks = options.limit !== undefined ? options.tasks.heldOut.slice(0, options.limit) : options.tasks.heldOut;
  const episodes: EpisodeRecord[] = [];
  const perTaskType: Record<string, { tasks: number; successes: number }> = {};
  const failureClasses: Record<FailureClass, number> = { search: 0, procedure: 0, other: 0 };
  let successes = 0;
  let reward = 0;
  let steps = 0;
  let invalid = 0;
  for (const [i, task] of tasks.entries()) {
    const env: TextEnvironment = options.tasks.make(task);
    const rulesFor = options.rulesFor;
    const record = await playEpisode(env, options.model, {
      scorer: options.scorer,
      temperature: 0,
      rulesAt: rulesFor ? (observation, step) => rulesFor(task, observation, step) : () => [],
      meta: { id: `eval-${options.tag}-${task.id}`, purpose: 'eval', iteration: options.iteration, group: 0, index: i },
    });
    episodes.push(record);
    successes += record.success ? 1 : 0;
    reward += record.reward;
    steps += record.steps.length;
    record.steps.forEach((s, t) => {
      if (isInvalidStep(s.observation, record.steps[t + 1]?.observation, s.action)) invalid++;
    });
    const bucket = (perTaskType[task.taskType] ??= { tasks: 0, successes: 0 });
    bucket.tasks++;
    bucket.successes += record.success ? 1 : 0;
    if (!record.success) failureClasses[failureClassOf(options.tasks.make(task), record)]++;
    options.onEpisode?.(i + 1, tasks.length);
  }
  const n = Math.max(1, tasks.length);
  return {
    episodes,
    summary: {
      tasks: tasks.length,
      success: successes / n,
      score: reward / n,
      perTaskType: Object.fromEntries(Object.entries(perTaskType).sort().map(([k, v]) => [k, { tasks: v.tasks, success: v.successes / v.tasks }])),
      invalidActionRate: invalid / Math.max(1, steps),
      meanSteps: steps / n,
      failureClasses,
    },
  };
}
