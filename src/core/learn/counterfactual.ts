/**
 * "Did this rule change the decision?": for one recorded step, the candidate probabilities with the
 * rules that were in its prompt, and with each of them removed in turn. The CLI and the browser's
 * replay both call this; the browser caches the answer per (episode, step).
 */
import { softmax } from '../agent/policy';
import { PromptHistory } from '../agent/promptHistory';
import type { LanguageModel } from '../llm/types';
import type { TaskSource } from '../tasks';
import type { EpisodeRecord } from './records';
import type { DecisionScorer } from './rollout';

export interface Counterfactual {
  actions: string[];
  /** Probabilities with every retrieved rule in the prompt (recomputed, so comparable with the rows below). */
  withRules: number[];
  /** Per retrieved rule id: the probabilities with that rule removed. */
  withoutRule: Record<string, number[]>;
  /** The action taken at the step. */
  chosen: number;
}

export interface CounterfactualInput {
  episode: EpisodeRecord;
  step: number;
  /** Rule text by id (the run's pool, including rules absorbed or removed since). */
  ruleText: (id: string) => string | undefined;
  tasks: TaskSource;
  model: LanguageModel;
  scorer: DecisionScorer;
  /** Temperature of the probabilities (the episode's own, 1 for greedy episodes). */
  temperature: number;
}

export async function counterfactual(input: CounterfactualInput): Promise<Counterfactual> {
  const { episode, step } = input;
  const record = episode.steps[step];
  if (!record) throw new RangeError(`episode ${episode.id} has no step ${step} (it has ${episode.steps.length})`);
  const task = input.tasks.taskById(episode.taskId);
  if (!task) throw new Error(`task ${episode.taskId} of episode ${episode.id} is not in this run's task source`);
  const rules = record.ruleIds.map((id) => ({ id, text: input.ruleText(id) ?? '' })).filter((r) => r.text);
  const probsWith = async (texts: string[]): Promise<number[]> => {
    const env = input.tasks.make(task);
    let obs = env.reset();
    const history = new PromptHistory(episode.goal, texts, obs.text);
    for (const past of episode.steps.slice(0, step)) {
      obs = env.step(past.action);
      history.push(past.action, obs.text);
    }
    const candidates = await input.model.scoreCandidates(history.prefixSegments(), history.candidateSegments(obs.admissibleActions), input.scorer.scoreOptions);
    return softmax(input.scorer.scores(candidates), input.temperature > 0 ? input.temperature : 1);
  };
  const withRules = await probsWith(rules.map((r) => r.text));
  const withoutRule: Record<string, number[]> = {};
  for (const rule of rules) withoutRule[rule.id] = await probsWith(rules.filter((r) => r.id !== rule.id).map((r) => r.text));
  return { actions: record.actions, withRules, withoutRule, chosen: record.chosen };
}
