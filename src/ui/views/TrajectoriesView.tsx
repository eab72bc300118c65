/**
 * Trajectories: the episodes this browser's runs stored, and real logged episodes replayed in the
 * simulator, step by step and side by side.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/instance';
import type { ReferenceSet } from '../../protocol/messages';
import { hrefFor } from '../router';
import { ReferenceEpisodes } from '../trajectories/ReferenceEpisodes';

const REFERENCE_SETS: Array<{ id: ReferenceSet; label: string }> = [
  { id: 'real', label: 'Real episodes (small open models, valid_unseen)' },
  { id: 'react', label: 'ReAct transcripts' },
];

export function TrajectoriesView({ rest }: { rest: string[] }) {
  const tab = rest[0] ?? 'stored';
  return (
    <section>
      <div className="view-header">
        <h1>Trajectories</h1>
        <p className="muted">Every episode step by step: the action, what the environment answered, and which rules were in context.</p>
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
      {tab === 'real' || tab === 'react' ? <ReferenceEpisodes set={tab} selected={rest.slice(1, 3)} /> : <StoredEpisodes />}
    </section>
  );
}

function StoredEpisodes() {
  const episodes = useLiveQuery(() => db.runEpisodes.reverse().limit(200).toArray(), []);
  if (episodes === undefined) return <p className="muted">Loading…</p>;
  if (episodes.length === 0) {
    return (
      <p className="empty" data-testid="episodes-empty">
        No episodes stored yet: training runs store every episode here. Meanwhile, replay the real logged episodes above.
      </p>
    );
  }
  return (
    <ul className="episode-list">
      {episodes.map((e) => (
        <li key={`${e.runId}/${e.id}`}>
          {e.success ? '✓' : '✗'} {e.taskType} · {e.steps.length} steps · reward {e.reward.toFixed(2)}
        </li>
      ))}
    </ul>
  );
}
