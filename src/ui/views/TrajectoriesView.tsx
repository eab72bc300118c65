/**
 * Trajectories: the episodes this browser's runs stored (a filterable list, a replay with
 * counterfactuals, a milestone-aligned comparison; every place linkable), and real logged episodes
 * replayed in the simulator.
 */
import type { ReferenceSet } from '../../protocol/messages';
import { hrefFor } from '../router';
import { EpisodeList } from '../trajectories/EpisodeList';
import { parseTrajectoryRoute } from '../trajectories/links';
import { ReferenceEpisodes } from '../trajectories/ReferenceEpisodes';
import { StoredEpisodePage } from '../trajectories/StoredEpisodePage';
import { useEpisodeSummaries, useRunFacts } from '../trajectories/use-stored';
import '../trajectories/trajectories.css';

const REFERENCE_SETS: Array<{ id: ReferenceSet; label: string }> = [
  { id: 'real', label: 'Real episodes (small open models, valid_unseen)' },
  { id: 'react', label: 'ReAct transcripts' },
];

export function TrajectoriesView({ rest }: { rest: string[] }) {
  const location = parseTrajectoryRoute(rest);
  const tab = location ? 'stored' : (rest[0] ?? 'stored');
  return (
    <section>
      <div className="view-header">
        <h1>Trajectories</h1>
        <p className="muted">Every episode step by step: what the agent saw, which rules were in its prompt, and what it weighed.</p>
      </div>
      <nav className="tabs" aria-label="Episode sources">
        <a href={hrefFor('trajectories')} aria-current={tab === 'stored' ? 'page' : undefined}>
          This browser's runs
        </a>
        {REFERENCE_SETS.map((s) => (
          <a key={s.id} href={hrefFor('trajectories', s.id)} aria-current={tab === s.id ? 'page' : undefined}>
            {s.label}
          </a>
        ))}
      </nav>
      {tab === 'real' || tab === 'react' ? (
        <ReferenceEpisodes set={tab} selected={rest.slice(1, 3)} />
      ) : location ? (
        <StoredEpisodePage location={location} />
      ) : rest.length > 0 ? (
        <p className="error-text" role="alert" data-testid="unknown-id">
          “{rest.join('/')}” is not a place in Trajectories. <a href={hrefFor('trajectories')}>See all stored episodes</a>.
        </p>
      ) : (
        <StoredEpisodes />
      )}
    </section>
  );
}

function StoredEpisodes() {
  const { summaries, progress, error } = useEpisodeSummaries();
  const runs = useRunFacts();
  if (error) return <p className="error-text" role="alert">{error}</p>;
  const indexing = progress && (
    <p className="muted" role="status">
      Indexing stored episodes (once per episode): {progress.done} of {progress.total}…
    </p>
  );
  if (summaries === undefined || runs === undefined) return indexing || <p className="muted">Loading…</p>;
  if (summaries.length === 0 && !progress) {
    return (
      <p className="empty" data-testid="episodes-empty">
        No episodes stored yet: training runs store every episode here. Meanwhile, replay the real logged episodes above.
      </p>
    );
  }
  return (
    <>
      {indexing}
      <EpisodeList summaries={summaries} runs={runs} />
    </>
  );
}
