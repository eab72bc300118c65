/**
 * What the worker's replay requests share: a stored episode and its run read from IndexedDB (with a
 * clear message for an unknown id), and the run's task source, loaded once per task configuration.
 */
import type { RunConfig } from '../src/core/learn/config';
import type { TaskSource } from '../src/core/tasks';
import { getEpisode, getRun } from '../src/db/episodes-repo';
import { db } from '../src/db/instance';
import type { RunEpisodeRow, RunRecord } from '../src/db/schema';
import type { EpisodeRef } from '../src/protocol/messages';
import { loadRunTasks } from './trainer-setup';

export class StoredEpisodeNotFoundError extends Error {
  override name = 'StoredEpisodeNotFoundError';
}

export async function loadStoredEpisode(ref: EpisodeRef): Promise<{ run: RunRecord; episode: RunEpisodeRow }> {
  const run = await getRun(db, ref.runId);
  if (!run) throw new StoredEpisodeNotFoundError(`There is no run "${ref.runId}" in this browser.`);
  const episode = await getEpisode(db, ref.runId, ref.episodeId);
  if (!episode) throw new StoredEpisodeNotFoundError(`Run ${run.name} has no episode "${ref.episodeId}".`);
  return { run, episode };
}

const taskSources = new Map<string, Promise<TaskSource>>();

/** Runs with the same environment and task settings share one task source (loading one parses the shipped data). */
export function runTaskSource(config: RunConfig): Promise<TaskSource> {
  const key = JSON.stringify([config.env, config.tasks]);
  let source = taskSources.get(key);
  if (!source) {
    source = loadRunTasks(config);
    taskSources.set(key, source);
    source.catch(() => taskSources.delete(key));
  }
  return source;
}
