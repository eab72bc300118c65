/** Stored episodes of this browser's runs; replay and side-by-side comparison build on this list. */
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/instance';

export function TrajectoriesView({ rest }: { rest: string[] }) {
  const episodes = useLiveQuery(() => db.episodes.orderBy('createdAt').reverse().limit(200).toArray(), []);
  const selected = rest[0];
  return (
    <section>
      <div className="view-header">
        <h1>Trajectories</h1>
        <p className="muted">Every episode the agent played, step by step: the action, what the environment answered, and which rules were in context.</p>
      </div>
      {episodes === undefined ? (
        <p className="muted">Loading…</p>
      ) : episodes.length === 0 ? (
        <p className="empty" data-testid="episodes-empty">
          No episodes stored yet.
        </p>
      ) : (
        <ul className="episode-list">
          {episodes.map((e) => (
            <li key={e.id} className={e.id === selected ? 'selected' : ''}>
              {e.success ? '✓' : '✗'} {e.taskType} · {e.steps.length} steps · reward {e.reward.toFixed(2)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
