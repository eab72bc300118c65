/**
 * Runs one episode: at each step the agent builds its prompt (task, rules, history window, current
 * observation), scores every admissible action with the model over the shared prefix, and picks
 * greedily or by sampling. Returns the trajectory with the per-step distributions the learner needs.
 */
import type { CandidateScore, LanguageModel, ScoreOptions } from '../llm/types';
import type { EnvObservation, TaskInfo, TextEnvironment } from '../envs/types';
import type { Rng } from '../util/rng';
import { chooseIndex, distribution } from './policy';
import { PromptHistory } from './promptHistory';

export interface EpisodeOptions {
  /** Rules shown in the prompt for the whole episode (the paper's retrieval mode). */
  rules?: readonly string[];
  /** 0 (default): greedy. */
  temperature?: number;
  /** Required when temperature > 0. */
  rng?: Rng;
  /** Defaults to the environment's own limit. */
  maxSteps?: number;
  /** Passed to the model; ask for hidden states/logits when the learner will update the adapter. */
  scoreOptions?: ScoreOptions;
  /** Changes the model's scores before the choice (the policy adapter's hook). Default: identity. */
  adjustScores?: (scores: CandidateScore[], prefix: readonly string[]) => number[];
  /** Called after every step (progress, live UI). */
  onStep?: (step: EpisodeStep, index: number) => void;
}

export interface EpisodeStep {
  /** The observation the agent acted on. */
  observation: string;
  /** The prompt prefix the candidates were scored after. */
  prefix: string[];
  actions: string[];
  scores: number[];
  probs: number[];
  chosen: number;
  action: string;
  /** Kept only when scoreOptions asked for hidden states or logits. */
  candidateScores?: CandidateScore[];
  reward: number;
  done: boolean;
}

export interface Trajectory {
  task: TaskInfo;
  rules: string[];
  initialObservation: string;
  steps: EpisodeStep[];
  success: boolean;
  /** Reward of the last step (ALFWorld: 1 on success; WebShop: the purchase score). */
  reward: number;
}

export async function runEpisode(env: TextEnvironment, model: LanguageModel, options: EpisodeOptions = {}): Promise<Trajectory> {
  const rules = [...(options.rules ?? [])];
  const temperature = options.temperature ?? 0;
  const maxSteps = options.maxSteps ?? env.maxSteps;
  let obs: EnvObservation = env.reset();
  const history = new PromptHistory(env.task.goal, rules, obs.text);
  const trajectory: Trajectory = { task: env.task, rules, initialObservation: obs.text, steps: [], success: false, reward: 0 };
  while (!obs.done && trajectory.steps.length < maxSteps) {
    const actions = obs.admissibleActions;
    if (actions.length === 0) break;
    const prefix = history.prefixSegments();
    const candidateScores = await model.scoreCandidates(prefix, history.candidateSegments(actions), options.scoreOptions);
    const scores = options.adjustScores ? options.adjustScores(candidateScores, prefix) : candidateScores.map((s) => s.logProb);
    const dist = distribution(actions, scores, temperature > 0 ? temperature : 1);
    const chosen = chooseIndex(dist, temperature, options.rng);
    const action = actions[chosen];
    const observation = obs.text;
    obs = env.step(action);
    history.push(action, obs.text);
    const keep = options.scoreOptions?.withHidden || options.scoreOptions?.withLogits;
    const step: EpisodeStep = {
      observation,
      prefix,
      actions: dist.actions,
      scores: dist.scores,
      probs: dist.probs,
      chosen,
      action,
      ...(keep ? { candidateScores } : {}),
      reward: obs.reward,
      done: obs.done,
    };
    trajectory.steps.push(step);
    options.onStep?.(step, trajectory.steps.length - 1);
  }
  trajectory.success = obs.success;
  trajectory.reward = obs.reward;
  return trajectory;
}
