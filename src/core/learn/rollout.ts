/**
 * One episode played by the learning agent: at each step the retrieved rules go into the prompt,
 * the model scores every admissible action over the shared prefix, the policy head adjusts the
 * scores, and the action is sampled (training) or taken greedily (evaluation). Returns the stored
 * record (episodes.jsonl) and, for training, the compact per-step features the policy update needs.
 *
 * Unlike src/core/agent/episode.ts (fixed rules, no adapter), rules here may change from step to step
 * (the `relevance` retrieval mode) and every step remembers which rule ids it saw.
 */
import { chooseIndex, softmax } from '../agent/policy';
import { PromptHistory } from '../agent/promptHistory';
import type { EnvObservation, TextEnvironment } from '../envs/types';
import type { CandidateScore, LanguageModel, ScoreOptions } from '../llm/types';
import type { Rng } from '../util/rng';
import type { EpisodeRecord, StepRecord } from './records';

/** A rule as the prompt shows it. */
export interface PromptRule {
  id: string;
  text: string;
  /** The rule's version in its pool (recorded with the step; absent for rules from outside a pool). */
  version?: number;
}

/** Turns the model's candidate scores into the policy's scores (the trainable head's hook). */
export interface DecisionScorer {
  /** What to ask the model for (hidden states and logits when the head is trained or not at its initial value). */
  readonly scoreOptions: ScoreOptions;
  /** The policy's score of each candidate. */
  scores(candidates: CandidateScore[]): number[];
}

/** The unadapted policy: a candidate's score is its summed token log-probs. */
export const BASE_SCORER: DecisionScorer = { scoreOptions: {}, scores: (candidates) => candidates.map((c) => c.logProb) };

export interface RolloutOptions {
  scorer: DecisionScorer;
  /** 0: greedy (evaluation); > 0: sample from softmax(score / temperature) with `rng`. */
  temperature: number;
  rng?: Rng;
  /** The rules in the prompt at a step (paper mode returns the same rules every step). */
  rulesAt: (observation: string, step: number) => readonly PromptRule[];
  /** GiGPO's anchor: a key of the environment state each step is taken from. */
  stateKey?: (env: TextEnvironment) => string;
  /** Called with every decision's raw scores and the exact probabilities sampled from (the learner keeps training features). */
  onDecision?: (candidates: CandidateScore[], probs: number[], step: number) => void;
  /** Identity of the record. */
  meta: Pick<EpisodeRecord, 'id' | 'purpose' | 'iteration' | 'group' | 'index'>;
}

/** Probabilities are stored rounded: six decimals is far below what any chart or replay shows. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The prompt of an episode whose rules may change between steps: the history is rebuilt from the
 * steps so far whenever the rule set changes (the KV cache then restarts; with fixed rules it never does).
 */
class RuledPrompt {
  private readonly steps: Array<{ action: string; observation: string }> = [];
  private history: PromptHistory | null = null;
  private rulesKey = '';

  constructor(
    private readonly goal: string,
    private readonly initialObservation: string,
  ) {}

  use(rules: readonly PromptRule[]): PromptHistory {
    const key = rules.map((r) => `${r.id}\u0000${r.text}`).join('\u0001');
    if (!this.history || key !== this.rulesKey) {
      this.history = new PromptHistory(this.goal, rules.map((r) => r.text), this.initialObservation);
      for (const s of this.steps) this.history.push(s.action, s.observation);
      this.rulesKey = key;
    }
    return this.history;
  }

  push(action: string, observation: string): void {
    this.steps.push({ action, observation });
    this.history?.push(action, observation);
  }
}

export async function playEpisode(env: TextEnvironment, model: LanguageModel, options: RolloutOptions): Promise<EpisodeRecord> {
  let obs: EnvObservation = env.reset();
  const prompt = new RuledPrompt(env.task.goal, obs.text);
  const steps: StepRecord[] = [];
  let withRules = false;
  while (!obs.done && steps.length < env.maxSteps) {
    const actions = obs.admissibleActions;
    if (actions.length === 0) break;
    const rules = options.rulesAt(obs.text, steps.length);
    if (rules.length > 0) withRules = true;
    const history = prompt.use(rules);
    const stateKey = options.stateKey?.(env);
    const candidates = await model.scoreCandidates(history.prefixSegments(), history.candidateSegments(actions), options.scorer.scoreOptions);
    const scores = options.scorer.scores(candidates);
    const probs = softmax(scores, options.temperature > 0 ? options.temperature : 1);
    options.onDecision?.(candidates, probs, steps.length);
    const chosen = chooseIndex({ actions, scores, probs }, options.temperature, options.rng);
    const observation = obs.text;
    const action = actions[chosen];
    obs = env.step(action);
    prompt.push(action, obs.text);
    steps.push({
      observation,
      actions: [...actions],
      probs: probs.map(round6),
      chosen,
      action,
      ruleIds: rules.map((r) => r.id),
      ...(rules.some((r) => r.version !== undefined) ? { ruleVersions: rules.map((r) => r.version ?? 0) } : {}),
      reward: obs.reward,
      done: obs.done,
      ...(stateKey !== undefined ? { stateKey } : {}),
    });
  }
  return {
    ...options.meta,
    taskId: env.task.id,
    env: env.task.env,
    split: env.task.split,
    taskType: env.task.taskType,
    goal: env.task.goal,
    withRules,
    temperature: options.temperature,
    steps,
    success: obs.success,
    reward: obs.reward,
  };
}

/**
 * Scores the steps of a recorded episode again under another prompt (the internalization term's
 * rule-free prompt, absorption's prompt without one rule): replays the actions and returns each
 * step's candidate scores as the model gives them.
 */
export async function rescoreEpisode(
  env: TextEnvironment,
  model: LanguageModel,
  actions: readonly string[],
  rules: readonly string[],
  scoreOptions: ScoreOptions,
): Promise<Array<{ actions: string[]; chosen: number; candidates: CandidateScore[] }>> {
  let obs = env.reset();
  const history = new PromptHistory(env.task.goal, rules, obs.text);
  const out: Array<{ actions: string[]; chosen: number; candidates: CandidateScore[] }> = [];
  for (const action of actions) {
    const admissible = obs.admissibleActions;
    const chosen = admissible.indexOf(action);
    if (chosen < 0) throw new Error(`rescoreEpisode: "${action}" is not admissible at step ${out.length} of ${env.task.id}`);
    const candidates = await model.scoreCandidates(history.prefixSegments(), history.candidateSegments(admissible), scoreOptions);
    out.push({ actions: [...admissible], chosen, candidates });
    obs = env.step(action);
    history.push(action, obs.text);
  }
  return out;
}
