/**
 * Replays real logged ALFWorld episodes in the simulator inside the worker, step by step, so the
 * Trajectories view can show each logged observation next to the simulator's answer. This is the
 * lab's evidence that its ALFWorld is the real one.
 */
import { type AlfworldScene, createAlfworldEnv, type LoggedEpisode, parseEpisodes } from '../src/core/envs/alfworld';
import type { ReferenceEpisode, ReferenceSet } from '../src/protocol/messages';
import { alfworldSplitPath, scenesById, sceneIdOf } from '../src/core/tasks/alfworld-scenes';
import { fetchDataReader, fetchJson } from './assets';

const SOURCES: Record<ReferenceSet, { episodes: string; scenes: string[] }> = {
  real: {
    episodes: 'data/alfworld/real_episodes_sample.json',
    scenes: [alfworldSplitPath('valid_unseen'), alfworldSplitPath('valid_seen'), alfworldSplitPath('train')],
  },
  react: { episodes: 'data/alfworld/react_transcript_episodes.json', scenes: ['data/alfworld/react_transcript_scenes.json'] },
};

function replayOne(episode: LoggedEpisode & { task_type?: string; agent_model?: string }, scene: AlfworldScene): ReferenceEpisode {
  const env = createAlfworldEnv(scene, { style: 'react', acceptMoveSynonym: false });
  const first = env.reset();
  const expectedStart = episode.initial_observation !== undefined && episode.task !== undefined ? `${episode.initial_observation}\n${episode.task}` : null;
  const steps: ReferenceEpisode['steps'] = [];
  let simulatorWon = false;
  for (const logged of episode.steps) {
    const obs = env.step(logged.action);
    simulatorWon ||= obs.success;
    steps.push({
      action: logged.action,
      logged: logged.observation,
      simulator: obs.text,
      compared: !logged.harness_replaced,
      match: logged.harness_replaced ? null : obs.text === logged.observation,
    });
  }
  return {
    id: episode.id,
    taskType: episode.task_type ?? scene.taskType,
    goal: env.task.goal,
    agent: episode.agent_model ?? 'ReAct (text-davinci-002)',
    loggedWon: episode.won ?? null,
    simulatorWon,
    start: { logged: expectedStart, simulator: first.text, match: expectedStart === null ? null : expectedStart === first.text },
    steps,
  };
}

export async function replayReferenceSet(set: ReferenceSet): Promise<ReferenceEpisode[]> {
  const source = SOURCES[set];
  const episodes = parseEpisodes(await fetchJson(source.episodes), source.episodes);
  const scenes = await scenesById(source.scenes, fetchDataReader);
  return episodes.map((episode) => {
    const scene = scenes.get(sceneIdOf(episode.gamefile));
    if (!scene) throw new Error(`${source.episodes}: episode ${episode.id} names game "${episode.gamefile}", which the lab does not ship`);
    return replayOne(episode, scene);
  });
}
