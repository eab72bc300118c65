/**
 * Turns one demonstration into training sequences in the agent's own prompt format: the episode is
 * replayed through PromptHistory, and the steps that share a history window become one sequence
 * (the prefix of its last step plus that step's action), with every action of the group marked as a
 * target (except the demonstrator's noise detours, which are context only). Each target action is
 * thereby trained in exactly the context the agent will see.
 */
import { PromptHistory } from '../../src/core/agent/promptHistory';

export interface TrainingSequence {
  segs: string[];
  /** Indices into segs of the action segments that are training targets. */
  targets: number[];
  /** The episode's action index of each target (same order as targets). */
  steps: number[];
  /** Index into segs of the decisive step's action when it follows the right rule in the prompt. */
  decisive?: number;
  /** Indices into segs of actions that copy names from the text in view (WebShop click[B0...], ALFWorld take/put). */
  copies?: number[];
  /** The subset of copies that select a WebShop option (train.py weighs them JERP_OPTION_WEIGHT). */
  options?: number[];
}

export interface EpisodeText {
  goal: string;
  rules: readonly string[];
  /** observations[0] is the initial observation; observations[i] follows actions[i-1]. */
  observations: readonly string[];
  actions: readonly string[];
  /** Indices into actions that are context only, never targets (ALFWorld's search detours). */
  detours?: readonly number[];
}

export function episodeSequences(episode: EpisodeText): TrainingSequence[] {
  const history = new PromptHistory(episode.goal, episode.rules, episode.observations[0]);
  const detours = new Set(episode.detours ?? []);
  const out: TrainingSequence[] = [];
  let groupStart = -1;
  let current: TrainingSequence | null = null;
  for (let t = 0; t < episode.actions.length; t++) {
    const start = history.windowStart;
    const prefix = history.prefixSegments();
    if (!current || start !== groupStart) {
      if (current && current.targets.length > 0) out.push(current);
      current = { segs: [], targets: [], steps: [] };
      groupStart = start;
    }
    if (!detours.has(t)) {
      // The latest prefix of the group contains every earlier one of the same window.
      current.segs = [...prefix, ...history.candidateSegments([episode.actions[t]])];
      current.targets.push(prefix.length);
      current.steps.push(t);
    }
    history.push(episode.actions[t], episode.observations[t + 1]);
  }
  if (current && current.targets.length > 0) out.push(current);
  return out;
}
