/**
 * Results: experiments imported from a sweep's bundle (`npm run cli -- experiment bundle DIR`), one
 * at a time: per-method held-out success with and without rules and 95% intervals, the paired
 * difference to base, success per task type and learning curves with seed bands. The cells come in
 * as runs of their own (the Runs view lists them), and every number links to the runs behind it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { db } from '../../db/instance';
import { importExperiment } from '../../db/experiment-import';
import { ResultsCharts } from '../results/ResultsCharts';
import { ResultsTables } from '../results/ResultsTables';
import { hrefFor } from '../router';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

export function ResultsView() {
  const experiments = useLiveQuery(() => db.experiments.orderBy('importedAt').reverse().toArray(), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const selected = experiments?.find((e) => e.id === selectedId) ?? experiments?.[0];

  const importFile = async (file: File) => {
    try {
      const experiment = await importExperiment(db, new Uint8Array(await file.arrayBuffer()), file.name);
      setSelectedId(experiment.id);
      setNotice({ kind: 'ok', text: `Imported ${experiment.name}: ${Object.keys(experiment.runs).length} runs.` });
    } catch (error) {
      setNotice({ kind: 'error', text: `Nothing was imported. ${(error as Error).message}` });
    }
  };

  return (
    <section>
      <div className="view-header">
        <h1>Results</h1>
        <p className="muted">
          Experiments over seeds, from the CLI (<code>experiment … --out DIR</code>, locally or on a queue of workers). Bundle one with{' '}
          <code>npm run cli -- experiment bundle DIR</code> and import the zip: its cells become runs in the <a href={hrefFor('runs')}>Runs</a> view.
        </p>
      </div>
      <div className="toolbar">
        <label className="file-button">
          Import experiment…
          <input
            type="file"
            accept="application/zip,.zip"
            aria-label="Import experiment"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
        {experiments && experiments.length > 1 && (
          <label>
            Experiment
            <select value={selected?.id} onChange={(e) => setSelectedId(e.target.value)}>
              {experiments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name} ({new Date(e.importedAt).toLocaleString()})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {notice && (
        <p className={notice.kind === 'error' ? 'error-text' : 'notice'} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {!experiments ? (
        <p className="muted">Loading…</p>
      ) : !selected ? (
        <p className="empty">No experiment imported yet.</p>
      ) : (
        <article aria-label={`Experiment ${selected.name}`}>
          <h2>
            {selected.name}: {selected.results.env} ({selected.results.split})
          </h2>
          <p className="muted">
            {selected.plan.methods.join(', ')} × seeds {selected.plan.seeds.join(', ')}; {selected.results.episodes} training episodes per run.
          </p>
          <ResultsTables experiment={selected} />
          <ResultsCharts experiment={selected} />
        </article>
      )}
    </section>
  );
}
