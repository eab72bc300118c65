/**
 * Replays logged episodes (the format of real_episodes_sample.json) in the simulator and compares
 * every observation. Steps marked `harness_replaced` are sent to the game but their logged text (the
 * harness's, not the engine's) is not compared. Pure: the caller supplies the scene of each episode.
 */
import { createAlfworldEnv } from './env';
import type { AlfworldScene } from './scene';

export interface LoggedStep {
  action: string;
  observation: string;
  harness_replaced?: boolean;
}

export interface LoggedEpisode {
  id: string;
  gamefile: string;
  initial_observation?: string;
  task?: string;
  steps: LoggedStep[];
  won?: boolean;
}

export interface ReplayMismatch {
  id: string;
  /** 0 = the initial observation / task line; k = the k-th step (1-based). */
  step: number;
  action: string;
  expected: string;
  got: string;
}

export interface ReplayReport {
  episodes: number;
  steps: number;
  compared: number;
  matched: number;
  mismatches: ReplayMismatch[];
  /** Episodes whose logged `won` disagrees with the simulator's. */
  outcomeMismatches: string[];
}

class EpisodeFormatError extends Error {
  override name = 'EpisodeFormatError';
}

/** Validates the episodes file; throws naming the source and the bad field. */
export function parseEpisodes(json: unknown, source: string): LoggedEpisode[] {
  const root = json as { episodes?: unknown };
  const list = Array.isArray(json) ? json : root && Array.isArray(root.episodes) ? root.episodes : null;
  if (!list) throw new EpisodeFormatError(`${source}: expected {"episodes": [...]} or an array of episodes`);
  return list.map((e, i) => {
    const ep = e as Record<string, unknown>;
    const where = `${source}: episodes[${i}]`;
    if (typeof ep?.id !== 'string') throw new EpisodeFormatError(`${where}.id must be a string`);
    if (typeof ep.gamefile !== 'string') throw new EpisodeFormatError(`${where}.gamefile must be a string`);
    if (!Array.isArray(ep.steps)) throw new EpisodeFormatError(`${where}.steps must be an array`);
    ep.steps.forEach((s, k) => {
      const st = s as Record<string, unknown>;
      if (typeof st?.action !== 'string') throw new EpisodeFormatError(`${where}.steps[${k}].action must be a string`);
      if (typeof st.observation !== 'string') throw new EpisodeFormatError(`${where}.steps[${k}].observation must be a string`);
    });
    return ep as unknown as LoggedEpisode;
  });
}

export function replayEpisodes(episodes: readonly LoggedEpisode[], sceneFor: (episode: LoggedEpisode) => AlfworldScene): ReplayReport {
  const report: ReplayReport = { episodes: 0, steps: 0, compared: 0, matched: 0, mismatches: [], outcomeMismatches: [] };
  for (const episode of episodes) {
    const env = createAlfworldEnv(sceneFor(episode), { style: 'react', acceptMoveSynonym: false });
    report.episodes++;
    const first = env.reset();
    if (episode.initial_observation !== undefined && episode.task !== undefined) {
      const expected = `${episode.initial_observation}\n${episode.task}`;
      report.compared++;
      if (expected === first.text) report.matched++;
      else report.mismatches.push({ id: episode.id, step: 0, action: '(reset)', expected, got: first.text });
    }
    let won = false;
    episode.steps.forEach((step, k) => {
      const obs = env.step(step.action);
      won ||= obs.success;
      report.steps++;
      if (step.harness_replaced) return;
      report.compared++;
      if (obs.text === step.observation) report.matched++;
      else report.mismatches.push({ id: episode.id, step: k + 1, action: step.action, expected: step.observation, got: obs.text });
    });
    if (episode.won !== undefined && episode.won !== won) report.outcomeMismatches.push(episode.id);
  }
  return report;
}
