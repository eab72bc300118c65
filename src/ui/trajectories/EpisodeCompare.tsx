/**
 * Two stored episodes side by side, aligned on milestones by the worker (the reflector's own
 * alignment), the first decisive divergence marked. Steps link into the replay: the left column's to
 * this replay, the right column's to the other episode's replay compared back with this one.
 */
import { useEffect, useState } from 'react';
import type { RunEpisodeRow } from '../../db/schema';
import { labClient } from '../../lab-client';
import type { EpisodeAlignment, EpisodeRef } from '../../protocol/messages';
import { describeError } from '../components/ErrorBanner';
import { alignedRows, type StepSpan, spanLength } from './alignment-view';
import { trajectoryHref } from './links';

type Alignment = { phase: 'loading' } | { phase: 'done'; alignment: EpisodeAlignment } | { phase: 'failed'; message: string };

export function EpisodeCompare({ a, b, step }: { a: RunEpisodeRow; b: RunEpisodeRow; step: number }) {
  const [state, setState] = useState<Alignment>({ phase: 'loading' });
  useEffect(() => {
    let alive = true;
    setState({ phase: 'loading' });
    labClient.request('episode.align', { a: { runId: a.runId, episodeId: a.id }, b: { runId: b.runId, episodeId: b.id } }).then(
      (alignment) => alive && setState({ phase: 'done', alignment }),
      (error: unknown) => alive && setState({ phase: 'failed', message: describeError(error) }),
    );
    return () => {
      alive = false;
    };
  }, [a.runId, a.id, b.runId, b.id]);

  const refA: EpisodeRef = { runId: a.runId, episodeId: a.id };
  return (
    <section className="card compare" aria-label={`Comparison of ${a.id} and ${b.id}`}>
      <header className="compare-header">
        <h2>Compared on milestones</h2>
        <a href={trajectoryHref({ ...refA, step })}>Close the comparison</a>
      </header>
      {state.phase === 'loading' && <p className="muted">Replaying both episodes in their environments and aligning them…</p>}
      {state.phase === 'failed' && (
        <p className="error-text" role="alert">
          {state.message}
        </p>
      )}
      {state.phase === 'done' && <Aligned a={a} b={b} alignment={state.alignment} step={step} />}
    </section>
  );
}

function Aligned({ a, b, alignment, step }: { a: RunEpisodeRow; b: RunEpisodeRow; alignment: EpisodeAlignment; step: number }) {
  const rows = alignedRows(alignment, a.steps.length, b.steps.length);
  const { divergence, diagnosis } = alignment;
  const decisive = { a: diagnosis?.reference === 'a' ? diagnosis.decisiveStep : null, b: diagnosis?.reference === 'b' ? diagnosis.decisiveStep : null };
  const linkA = (i: number) => trajectoryHref({ runId: a.runId, episodeId: a.id, step: i, compare: { runId: b.runId, episodeId: b.id } });
  const linkB = (i: number) => trajectoryHref({ runId: b.runId, episodeId: b.id, step: i, compare: { runId: a.runId, episodeId: a.id } });
  return (
    <>
      {!alignment.comparable && <p className="warn-text">These episodes cannot be aligned on milestones: {alignment.reason}. Each is shown with its own milestones.</p>}
      {divergence ? (
        <p data-testid="divergence-summary" className="wrap">
          First decisive divergence: <strong>{divergence.milestone}</strong>, reached by {divergence.missedBy === 'a' ? 'the right' : 'the left'} episode only.
          {diagnosis && <> The reflector's diagnosis: {diagnosis.summary}.</>}
        </p>
      ) : (
        alignment.comparable && <p data-testid="divergence-summary">No divergence: both episodes reached the same milestones.</p>
      )}
      <div className="aligned" data-testid="aligned">
        <div className="aligned-head">
          <EpisodeHead e={a} side="Left" />
          <EpisodeHead e={b} side="Right" />
        </div>
        {rows.map((row) => (
          <div key={row.milestone ?? 'tail'} className="aligned-block">
            <div className="aligned-steps">
              <Steps e={a} span={row.a} current={step} decisive={decisive.a} link={linkA} />
              <Steps e={b} span={row.b} current={-1} decisive={decisive.b} link={linkB} />
            </div>
            <div className={row.divergence ? 'milestone-row divergence' : 'milestone-row'} data-testid={row.divergence ? 'divergence-row' : undefined}>
              <span>{row.milestone === null ? endCell(a) : milestoneCell(row.milestone, row.a)}</span>
              <span>{row.milestone === null ? endCell(b) : milestoneCell(row.milestone, row.b)}</span>
              {row.divergence && <span className="divergence-mark">first decisive divergence</span>}
            </div>
          </div>
        ))}
      </div>
    </>
  );
}

function EpisodeHead({ e, side }: { e: RunEpisodeRow; side: string }) {
  return (
    <div className="wrap">
      <span className="muted">{side}:</span> <span className={e.success ? 'outcome good' : 'outcome bad'}>{e.success ? '✓' : '✗'}</span> {e.id} <span className="muted">({e.steps.length} steps)</span>
    </div>
  );
}

function endCell(e: RunEpisodeRow): string {
  return `end: ${e.success ? 'success' : 'failure'} after ${e.steps.length} steps`;
}

function milestoneCell(milestone: string, span: StepSpan): string {
  if (span.reachedAt === undefined) return `✗ ${milestone} never reached`;
  return span.reachedAt < 0 ? `✓ ${milestone} from the start` : `✓ ${milestone} at step ${span.reachedAt + 1}`;
}

function Steps({ e, span, current, decisive, link }: { e: RunEpisodeRow; span: StepSpan; current: number; decisive: number | null; link: (i: number) => string }) {
  const n = spanLength(span);
  if (n === 0) return <div className="aligned-step-list" />;
  return (
    <ol className="aligned-step-list" start={span.from + 1}>
      {Array.from({ length: n }, (_, k) => span.from + k).map((i) => (
        <li key={i} className={i === current ? 'current' : undefined}>
          <a href={link(i)} aria-current={i === current ? 'step' : undefined}>
            {e.steps[i].action}
          </a>
          {i === decisive && <span className="decisive-mark"> ← decisive step: the reflector's advice applies here</span>}
        </li>
      ))}
    </ol>
  );
}
