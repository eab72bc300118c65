/**
 * One rule's history as a timeline, newest first: every version and the operation that made it,
 * who made it (a person's edit, the reflector, an absorption or helpfulness measurement, a
 * capacity removal, an import), and for the learner's operations their provenance: the iteration,
 * the diagnosis, and links to the failed and reference episodes that caused it.
 */
import { historyOf, sourceLabel } from '../rules/history';
import type { PoolState, ProvenanceSource } from '../../core/rules/pool';
import { trajectoryHref } from '../trajectories/links';

/**
 * When in the run, counted as the Lab counts (iteration 1 is the first): the learner's operations
 * carry the 0-based iteration they were made in, a person's edits the number of iterations committed
 * before them.
 */
function whenInRun(source: ProvenanceSource, iteration: number): string {
  return source === 'user' || source === 'import' ? `after iteration ${iteration}` : `in iteration ${iteration + 1}`;
}

interface Props {
  pool: PoolState;
  ruleId: string;
  /** The run whose episodes provenance links open; null for the library (it has no episodes). */
  runId: string | null;
}

export function RuleHistory({ pool, ruleId, runId }: Props) {
  const entries = historyOf(pool, ruleId);
  if (entries.length === 0) return <p className="muted">No history recorded for {ruleId}.</p>;
  return (
    <ol className="rule-history" aria-label={`History of ${ruleId}`}>
      {entries.map(({ version, op, textChanged }) => {
        const p = version.provenance;
        return (
          <li key={version.version} className={p.source === 'user' ? 'by-user' : ''} data-testid="history-entry">
            <div className="history-head">
              <span className="tag">v{version.version}</span>
              <span className="tag op">{version.op}</span>
              {op?.requested && op.requested !== op.kind && <span className="tag" title="What the reflector asked for">asked {op.requested}</span>}
              <span>{sourceLabel(p.source)}</span>
              <span className="muted">
                {runId ? `${whenInRun(p.source, p.iteration)} · ` : ''}★ {op?.importanceBefore ?? '–'} → {version.importance} · {version.status}
              </span>
            </div>
            {textChanged && (
              <p className="rule-text" dir="auto">
                <bdi>{version.text}</bdi>
              </p>
            )}
            {op?.mergedIds && op.mergedIds.length > 0 && <p className="muted">Merged {op.mergedIds.join(', ')} into this rule.</p>}
            {p.diagnosis && (
              <p className="diagnosis">
                <span className="muted">Diagnosis: </span>
                <bdi>{p.diagnosis}</bdi>
              </p>
            )}
            {runId && (p.failedEpisode || p.referenceEpisode) && (
              <p className="provenance-links">
                {p.failedEpisode && <a href={trajectoryHref({ runId, episodeId: p.failedEpisode })}>Failed episode {p.failedEpisode}</a>}
                {p.referenceEpisode && <a href={trajectoryHref({ runId, episodeId: p.referenceEpisode })}>Reference {p.referenceEpisode}</a>}
                {p.failedEpisode && p.referenceEpisode && (
                  <a href={trajectoryHref({ runId, episodeId: p.failedEpisode, compare: { runId, episodeId: p.referenceEpisode } })}>Compare the two</a>
                )}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
