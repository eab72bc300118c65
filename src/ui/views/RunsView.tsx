/** Every run stored in this browser, newest first, with its configuration. */
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/instance';
import { hrefFor } from '../router';

export function RunsView() {
  const runs = useLiveQuery(() => db.runs.orderBy('createdAt').reverse().toArray(), []);
  return (
    <section>
      <div className="view-header">
        <h1>Runs</h1>
        <p className="muted">Experiments stored in this browser. Each keeps its full configuration, metrics, episodes and policy checkpoints.</p>
      </div>
      {runs === undefined ? (
        <p className="muted">Loading…</p>
      ) : runs.length === 0 ? (
        <p className="empty" data-testid="runs-empty">
          No runs stored yet. Runs appear here once training starts from the <a href={hrefFor('lab')}>Lab</a>.
        </p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Iteration</th>
              <th>Created</th>
              <th>Config</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{run.name}</td>
                <td>{run.status}</td>
                <td>{run.iteration}</td>
                <td>{new Date(run.createdAt).toLocaleString()}</td>
                <td>
                  <code>{JSON.stringify(run.config)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
