/**
 * Every run stored in this browser, newest first, with its configuration and status: open it in the
 * Lab, export it as one zip in the CLI's run-file format, import such a file, or delete a run with
 * everything it owns (after a confirmation).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { db } from '../../db/instance';
import { runFiles, zipRunFiles } from '../../db/run-export';
import { importRun } from '../../db/run-import';
import { deleteRun } from '../../db/runs-repo';
import type { RunRecord } from '../../db/schema';
import { useTrainStore } from '../../store/train-store';
import { StorageMeter } from '../components/StorageMeter';
import { MetricOverlay } from '../runs/MetricOverlay';
import { hrefFor } from '../router';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Saves bytes as a download (an object URL on a temporary link: no server round trip). */
function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RunsView() {
  const runs = useLiveQuery(() => db.runs.orderBy('createdAt').reverse().toArray(), []);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [compared, setCompared] = useState<ReadonlySet<string>>(new Set());
  const select = useTrainStore((s) => s.select);
  const toggleCompared = (id: string) =>
    setCompared((set) => {
      const next = new Set(set);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const act = async (action: () => Promise<string>) => {
    // A notice belongs to the action that made it: it clears when the next one starts.
    setNotice(null);
    try {
      setNotice({ kind: 'ok', text: await action() });
    } catch (error) {
      setNotice({ kind: 'error', text: (error as Error).message });
    }
  };
  const exportRun = (run: RunRecord) =>
    act(async () => {
      download(zipRunFiles(await runFiles(db, run.id)), `${run.name}.zip`);
      return `Exported ${run.name}.zip.`;
    });

  return (
    <section>
      <div className="view-header">
        <h1>Runs</h1>
        <p className="muted">
          Experiments stored in this browser. Each keeps its full configuration, metrics, episodes and policy checkpoints. Export writes the CLI's run
          files (run.json, episodes.jsonl, metrics.csv, rules.json, checkpoints/) as one zip; Import reads such a zip, from here or from the CLI.
        </p>
      </div>
      <div className="toolbar">
        <label className="file-button">
          Import run…
          <input
            type="file"
            accept="application/zip,.zip"
            aria-label="Import run"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void act(async () => `Imported ${(await importRun(db, new Uint8Array(await file.arrayBuffer()))).name}.`);
            }}
          />
        </label>
      </div>
      {notice && (
        <p className={notice.kind === 'error' ? 'error-text' : 'muted'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="runs-notice">
          {notice.text}
        </p>
      )}
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
              <th>
                <span className="visually-hidden">Compare</span>
              </th>
              <th>Name</th>
              <th>Status</th>
              <th>Iteration</th>
              <th>Episodes</th>
              <th>Created</th>
              <th>Config</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="run-row">
                <td>
                  <input type="checkbox" aria-label={`Compare ${run.name}`} checked={compared.has(run.id)} onChange={() => toggleCompared(run.id)} />
                </td>
                <td>{run.name}</td>
                <td>
                  {run.status}
                  {run.error ? <div className="error-text">{run.error}</div> : null}
                </td>
                <td>
                  {run.iteration} / {run.totalIterations}
                </td>
                <td>
                  {run.episodesDone} / {run.config.episodes}
                </td>
                <td>{new Date(run.createdAt).toLocaleString()}</td>
                <td>
                  <details>
                    <summary>
                      {run.config.env} · {run.config.method} · seed {run.config.seed} · G={run.config.groupSize}
                    </summary>
                    <code>{JSON.stringify(run.config)}</code>
                  </details>
                </td>
                <td className="rule-actions">
                  <a href={hrefFor('lab')} onClick={() => select(run.id)}>
                    Open in Lab
                  </a>{' '}
                  <button type="button" onClick={() => void exportRun(run)}>
                    Export run
                  </button>{' '}
                  {confirming === run.id ? (
                    <>
                      <button
                        type="button"
                        onClick={() => {
                          setConfirming(null);
                          void act(async () => {
                            await deleteRun(db, run.id);
                            return `Deleted ${run.name}.`;
                          });
                        }}
                      >
                        Confirm delete
                      </button>{' '}
                      <button type="button" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <button type="button" disabled={run.status === 'running'} title={run.status === 'running' ? 'Pause or stop it first' : undefined} onClick={() => setConfirming(run.id)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs && runs.length > 0 && <MetricOverlay runs={runs.filter((r) => compared.has(r.id))} />}
      <StorageMeter refresh={runs?.map((r) => `${r.id}:${r.iteration}`).join(',')} />
    </section>
  );
}
