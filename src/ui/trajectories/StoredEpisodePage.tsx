/**
 * A stored episode opened from a link (#/trajectories/run/<run>/<episode>[/step/N][/vs/…]): its
 * replay, and the episode it is compared with. Unknown ids get a message saying which id is unknown.
 */
import { useCallback, useMemo } from 'react';
import type { RunEpisodeSummaryRow } from '../../db/schema';
import { hrefFor } from '../router';
import { CopyLink } from './CopyLink';
import { EpisodeCompare } from './EpisodeCompare';
import { EpisodeReplay } from './EpisodeReplay';
import { type TrajectoryLocation, trajectoryHref } from './links';
import { suggestPairs } from './pairs';
import { type StoredEpisode, useEpisodeSummaries, useRunFacts, useRunPool, useStoredEpisode } from './use-stored';
import type { PoolState } from '../../core/rules/pool';

export function StoredEpisodePage({ location }: { location: TrajectoryLocation }) {
  const main = useStoredEpisode(location.runId, location.episodeId);
  const other = useStoredEpisode(location.compare?.runId ?? '', location.compare?.episodeId ?? '');
  const pool = useRunPool(location.runId);
  const step = location.step ?? 0;
  const onStep = useCallback((to: number) => window.location.replace(trajectoryHref({ ...location, step: to })), [location]);

  const back = (
    <p className="episode-nav">
      <a href={hrefFor('trajectories')}>← All stored episodes</a>
      {main.state === 'ready' && <CopyLink />}
    </p>
  );
  if (main.state !== 'ready') return <>{back}<Missing found={main} role="episode" /></>;
  const steps = main.episode.steps.length;
  return (
    <div className="stored-episode">
      {back}
      {steps > 0 && step >= steps && (
        <p className="warn-text" role="status">
          This link names step {step + 1}, but episode {main.episode.id} has {steps} steps: showing its last step.
        </p>
      )}
      <div className={location.compare ? 'episode-layout with-compare' : 'episode-layout'}>
        <EpisodeReplay key={`${main.run.id}/${main.episode.id}`} run={main.run} episode={main.episode} pool={pool ?? null} step={Math.min(step, Math.max(steps - 1, 0))} onStep={onStep} />
        {location.compare ? (
          other.state === 'ready' ? (
            <EpisodeCompare a={main.episode} b={other.episode} step={Math.min(step, Math.max(steps - 1, 0))} />
          ) : (
            <section className="card" aria-label="Comparison">
              <Missing found={other} role="compared episode" />
              <a href={trajectoryHref({ runId: location.runId, episodeId: location.episodeId, step })}>Close the comparison</a>
            </section>
          )
        ) : (
          <PairPicker location={location} pool={pool ?? null} />
        )}
      </div>
    </div>
  );
}

function Missing({ found, role }: { found: StoredEpisode; role: string }) {
  if (found.state === 'loading') return <p className="muted">Loading…</p>;
  if (found.state === 'missing-run') {
    return (
      <p className="error-text" role="alert" data-testid="unknown-id">
        The link's {role} belongs to run “{found.runId}”, which is not in this browser: it was deleted, or the link comes from another browser (export the run there and import it here).
      </p>
    );
  }
  if (found.state === 'missing-episode') {
    return (
      <p className="error-text" role="alert" data-testid="unknown-id">
        Run {found.run.name} has no episode “{found.episodeId}” (the link's {role}).
      </p>
    );
  }
  return null;
}

/** The pairs worth comparing with the open episode, one click each. */
function PairPicker({ location, pool }: { location: TrajectoryLocation; pool: PoolState | null }) {
  const { summaries } = useEpisodeSummaries();
  const runs = useRunFacts();
  const pairs = useMemo(() => {
    const current = summaries?.find((s: RunEpisodeSummaryRow) => s.runId === location.runId && s.id === location.episodeId);
    if (!current || !runs) return null;
    return suggestPairs(current, summaries!, runs.byId, pool?.ops ?? []);
  }, [summaries, runs, pool, location.runId, location.episodeId]);
  return (
    <section className="card pair-picker" aria-label="Compare with">
      <h2>Compare with…</h2>
      {pairs === null ? (
        <p className="muted">Looking for related episodes…</p>
      ) : pairs.length === 0 ? (
        <p className="muted">No related episode is stored: no reflection used this one, and no other episode has its task or task type.</p>
      ) : (
        <ul className="pair-list" data-testid="pair-list">
          {pairs.map((p) => (
            <li key={`${p.runId}/${p.episodeId}`}>
              <a href={trajectoryHref({ runId: location.runId, episodeId: location.episodeId, step: location.step, compare: { runId: p.runId, episodeId: p.episodeId } })}>{p.label}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
