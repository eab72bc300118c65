/** Live reads of the stored runs and episodes for the Trajectories view (Dexie live queries). */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { PoolState } from '../../core/rules/pool';
import { getEpisode, getRun, getRunPool, listEpisodeSummaries, syncEpisodeSummaries } from '../../db/episodes-repo';
import { db } from '../../db/instance';
import type { RunEpisodeRow, RunEpisodeSummaryRow, RunRecord } from '../../db/schema';
import type { RunFacts } from './episode-filters';

/** Every run's name and method, newest run first. */
export function useRunFacts(): { byId: Map<string, RunFacts>; order: string[] } | undefined {
  const runs = useLiveQuery(() => db.runs.orderBy('createdAt').reverse().toArray(), []);
  return useMemo(() => {
    if (!runs) return undefined;
    return { byId: new Map(runs.map((r) => [r.id, { name: r.name, method: r.config.method }])), order: runs.map((r) => r.id) };
  }, [runs]);
}

/**
 * The summaries of every stored episode, kept in step with runEpisodes: a committed iteration, an
 * imported or a deleted run changes the episode count, and the summaries are then synced (new
 * episodes summarized once, with progress for a large import) and read again, once, after the sync:
 * not after each of its batches.
 */
export function useEpisodeSummaries(): { summaries: RunEpisodeSummaryRow[] | undefined; progress: { done: number; total: number } | null; error: string | null } {
  const episodeCount = useLiveQuery(() => db.runEpisodes.count(), []);
  const [summaries, setSummaries] = useState<RunEpisodeSummaryRow[] | undefined>(undefined);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (episodeCount === undefined) return;
    let alive = true;
    syncEpisodeSummaries(db, { onProgress: (done, total) => alive && setProgress(done < total ? { done, total } : null) })
      .then(() => listEpisodeSummaries(db))
      .then(
        (rows) => {
          if (!alive) return;
          setProgress(null);
          setSummaries(rows);
        },
        (e: unknown) => alive && setError(`Could not read the stored episodes: ${(e as Error).message}`),
      );
    return () => {
      alive = false;
    };
  }, [episodeCount]);
  return { summaries, progress, error };
}

export type StoredEpisode =
  | { state: 'loading' }
  | { state: 'missing-run'; runId: string }
  | { state: 'missing-episode'; run: RunRecord; episodeId: string }
  | { state: 'ready'; run: RunRecord; episode: RunEpisodeRow };

/** One stored episode and its run; an unknown id is a state of its own, never another episode. */
export function useStoredEpisode(runId: string, episodeId: string): StoredEpisode {
  const result = useLiveQuery(async (): Promise<StoredEpisode> => {
    const run = await getRun(db, runId);
    if (!run) return { state: 'missing-run', runId };
    const episode = await getEpisode(db, runId, episodeId);
    return episode ? { state: 'ready', run, episode } : { state: 'missing-episode', run, episodeId };
  }, [runId, episodeId]);
  return result ?? { state: 'loading' };
}

/** The run's pool (rule texts, every version, the operations and their provenance); null when it has none. */
export function useRunPool(runId: string): PoolState | null | undefined {
  return useLiveQuery(() => getRunPool(db, runId), [runId]);
}
