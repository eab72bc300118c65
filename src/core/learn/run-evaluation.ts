/**
 * A finished run's held-out evaluation: the policy greedy on the held-out tasks, with the pool's
 * rules and without any, as eval.json reports it and with the eval/… metric rows. The same steps
 * as the CLI's cell (cli/lib/cell.ts) takes after its last iteration; the browser worker calls this.
 */
import type { LanguageModel } from '../llm/types';
import type { TaskSource } from '../tasks';
import type { RunConfig } from './config';
import { evaluateHeldOut } from './evaluate';
import type { LearnerState } from './jerp';
import { promptRules } from './prompt-rules';
import { usesRules } from './method-plan';
import { policyScorer } from './policy-state';
import type { EpisodeRecord } from './records';
import type { RunEvaluation } from './summary';

export interface RunEvaluationResult {
  evaluation: RunEvaluation;
  /** Evaluation episodes (purpose `eval`), without rules first. */
  episodes: EpisodeRecord[];
  /** eval/… scalars, written as metric rows of iteration `state.iteration`. */
  metrics: Record<string, number>;
}

export interface RunEvaluationContext {
  model: LanguageModel;
  tasks: TaskSource;
  /** Wall-clock seconds training took (reported in eval.json). */
  trainSeconds: number;
  /** Evaluate on the first N held-out tasks only (tests). */
  limit?: number;
  onEpisode?: (done: number, total: number) => void;
}

export async function evaluateRun(state: LearnerState, config: RunConfig, context: RunEvaluationContext): Promise<RunEvaluationResult> {
  const { model, tasks } = context;
  const started = performance.now();
  const scorer = policyScorer(state.policy, false);
  const heldOut = Math.min(tasks.heldOut.length, context.limit ?? Infinity);
  const hasRules = usesRules(config.method) && state.pool.rules.some((r) => r.status === 'active');
  const total = heldOut * (hasRules ? 2 : 1);
  const withoutRules = await evaluateHeldOut({
    tasks, model, scorer, rulesFor: null, tag: 'norules', iteration: state.iteration, limit: context.limit,
    onEpisode: (done) => context.onEpisode?.(done, total),
  });
  const withRules = hasRules
    ? await evaluateHeldOut({
        tasks, model, scorer, tag: 'rules', iteration: state.iteration, limit: context.limit,
        rulesFor: (task, observation) => promptRules(state.pool, config, task, observation),
        onEpisode: (done) => context.onEpisode?.(heldOut + done, total),
      })
    : withoutRules;
  const count = (status: string) => state.pool.rules.filter((r) => r.status === status).length;
  const evaluation: RunEvaluation = {
    env: config.env,
    split: config.tasks.heldOutSplit,
    method: config.method,
    seed: config.seed,
    episodes: config.episodes,
    iteration: state.iteration,
    withRules: withRules.summary,
    withoutRules: withoutRules.summary,
    rules: { active: count('active'), absorbed: count('absorbed'), removed: count('removed'), pinned: state.pool.rules.filter((r) => r.pinned).length },
    seconds: { train: context.trainSeconds, eval: (performance.now() - started) / 1000 },
  };
  return {
    evaluation,
    episodes: hasRules ? [...withoutRules.episodes, ...withRules.episodes] : withoutRules.episodes,
    metrics: {
      'eval/success_with_rules': evaluation.withRules.success,
      'eval/success_without_rules': evaluation.withoutRules.success,
      'eval/score_with_rules': evaluation.withRules.score,
      'eval/score_without_rules': evaluation.withoutRules.score,
    },
  };
}
