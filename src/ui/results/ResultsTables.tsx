/**
 * The experiment's tables: per method the held-out success with and without rules (95% CI) and the
 * paired difference to base, then success per task type. Under every number, the runs behind it:
 * one link per seed, opening that run in the Lab.
 */
import type { Method } from '../../core/learn/methods';
import type { ExperimentRecord, SeedStatRecord } from '../../db/experiment-schemas';
import { useTrainStore } from '../../store/train-store';
import { hrefFor } from '../router';
import { methodsOf, pct, pp, runsBySeed, taskTypes, withCi } from './results-data';

/** The runs behind a number: each seed's run, with its own value when there is one per seed. */
function RunLinks({ experiment, method, perSeed, format = pct }: { experiment: ExperimentRecord; method: Method; perSeed?: Array<number | null>; format?: (v: number | null) => string }) {
  const select = useTrainStore((s) => s.select);
  return (
    // Inline layout: a row of small links under the number (styles.css is shared; this is all it needs).
    <span className="run-links" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, fontSize: 12 }}>
      {runsBySeed(experiment, method).map(({ seed, runId }, i) =>
        runId ? (
          <a key={seed} href={hrefFor('lab')} onClick={() => select(runId)} title={`Open ${method} seed ${seed} in the Lab`}>
            s{seed}
            {perSeed ? `: ${format(perSeed[i] ?? null)}` : ''}
          </a>
        ) : (
          <span key={seed} className="muted" title="This cell has no run (it failed or did not run)">
            s{seed}: missing
          </span>
        ),
      )}
    </span>
  );
}

function StatCell({ experiment, method, stat, format = pct }: { experiment: ExperimentRecord; method: Method; stat: SeedStatRecord | undefined; format?: (v: number | null) => string }) {
  if (!stat) return <td>—</td>;
  return (
    <td>
      <div>{withCi(stat, format)}</div>
      <RunLinks experiment={experiment} method={method} perSeed={stat.perSeed} format={format} />
    </td>
  );
}

export function ResultsTables({ experiment }: { experiment: ExperimentRecord }) {
  const methods = methodsOf(experiment);
  const types = taskTypes(experiment);
  const { results } = experiment;
  return (
    <>
      <table className="data-table results-table" style={{ marginBottom: 20 }}>
        <caption>
          Held-out success on {results.split}, mean over seeds with the 95% confidence interval; Δ is paired by seed. Each s<i>N</i> link opens that seed's run.
        </caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Success with rules</th>
            <th scope="col">Without rules</th>
            <th scope="col">Δ vs base, with rules</th>
            <th scope="col">Δ vs base, without rules</th>
            <th scope="col">Seeds</th>
          </tr>
        </thead>
        <tbody>
          {methods.map((method) => {
            const m = results.methods[method]!;
            return (
              <tr key={method}>
                <th scope="row">{method}</th>
                <StatCell experiment={experiment} method={method} stat={m.heldOut.withRules} />
                <StatCell experiment={experiment} method={method} stat={m.heldOut.withoutRules} />
                <StatCell experiment={experiment} method={method} stat={m.pairedDiffToBase?.withRules} format={pp} />
                <StatCell experiment={experiment} method={method} stat={m.pairedDiffToBase?.withoutRules} format={pp} />
                <td>
                  {m.runs}/{results.seeds.length}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {types.length > 0 && (
        <table className="data-table results-table" style={{ marginBottom: 20 }}>
          <caption>Held-out success per task type (with rules / without rules), mean over the seeds that had tasks of that type.</caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              {types.map((t) => (
                <th key={t} scope="col">
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {methods.map((method) => (
              <tr key={method}>
                <th scope="row">{method}</th>
                {types.map((t) => {
                  const cell = results.methods[method]!.perTaskType[t];
                  return (
                    <td key={t}>
                      <div>{cell ? `${pct(cell.withRules)} / ${pct(cell.withoutRules)}` : '—'}</div>
                      {cell && <RunLinks experiment={experiment} method={method} />}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results.missing.length > 0 && <p className="error-text">Cells without a result (failed or not run): {results.missing.join(', ')}.</p>}
    </>
  );
}
