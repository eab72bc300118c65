/**
 * Every stored episode of every run, filtered, in a virtualized list: only the rows in view are in
 * the DOM, so 10,000 episodes scroll like 10. Each row links to the episode's replay; rows wrap on
 * narrow screens and are measured as they are drawn.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { RunEpisodeSummaryRow } from '../../db/schema';
import { type EpisodeFilter, filterChoices, filterEpisodes, NO_FILTER, type RunFacts, sortEpisodes } from './episode-filters';
import { trajectoryHref } from './links';

/** A row's height before it is measured (rows wrap on narrow screens and are measured once drawn). */
const ROW_HEIGHT = 56;

export function EpisodeList({ summaries, runs }: { summaries: RunEpisodeSummaryRow[]; runs: { byId: Map<string, RunFacts>; order: string[] } }) {
  const [filter, setFilter] = useState<EpisodeFilter>(NO_FILTER);
  const sorted = useMemo(() => sortEpisodes([...summaries], runs.order), [summaries, runs.order]);
  const choices = useMemo(() => filterChoices(summaries, runs.byId), [summaries, runs.byId]);
  const shown = useMemo(() => filterEpisodes(sorted, filter, runs.byId), [sorted, filter, runs.byId]);
  const set = (patch: Partial<EpisodeFilter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <div className="episode-browser">
      <form className="episode-filters" aria-label="Episode filters" onSubmit={(e) => e.preventDefault()}>
        <Select label="Run" value={filter.runId} onChange={(runId) => set({ runId })} options={choices.runs.map((r) => [r.id, r.name])} />
        <Select label="Method" value={filter.method} onChange={(method) => set({ method })} options={choices.methods.map((m) => [m, m])} />
        <label>
          Task
          <input type="search" value={filter.task} placeholder="part of a task id" onChange={(e) => set({ task: e.target.value })} />
        </label>
        <Select label="Task type" value={filter.taskType} onChange={(taskType) => set({ taskType })} options={choices.taskTypes.map((t) => [t, t])} />
        <Select label="Outcome" value={filter.outcome} onChange={(outcome) => set({ outcome: outcome as EpisodeFilter['outcome'] })} options={[['success', 'success'], ['failure', 'failure']]} />
        <Select label="Iteration" value={filter.iteration} onChange={(iteration) => set({ iteration })} options={choices.iterations.map((i) => [String(i), String(i)])} />
        <Select label="Split" value={filter.split} onChange={(split) => set({ split })} options={choices.splits.map((s) => [s, s])} />
        <button type="button" onClick={() => setFilter(NO_FILTER)} disabled={Object.values(filter).every((v) => v === '')}>
          Clear filters
        </button>
      </form>
      <p className="muted" data-testid="episode-count" aria-live="polite">
        {shown.length === summaries.length ? `${summaries.length} episodes` : `${shown.length} of ${summaries.length} episodes`}
      </p>
      {shown.length === 0 ? <p className="empty">No episode matches these filters.</p> : <Rows episodes={shown} runs={runs.byId} />}
    </div>
  );
}

function Select({ label, value, onChange, options }: { label: string; value: string; onChange: (value: string) => void; options: Array<[string, string]> }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Rows({ episodes, runs }: { episodes: RunEpisodeSummaryRow[]; runs: Map<string, RunFacts> }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: episodes.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  return (
    <div ref={scroller} className="episode-scroller" data-testid="episode-scroller" tabIndex={0} role="region" aria-label="Stored episodes">
      <div role="list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const e = episodes[item.index];
          const run = runs.get(e.runId);
          return (
            <div
              key={`${e.runId}/${e.id}`}
              ref={virtualizer.measureElement}
              data-index={item.index}
              role="listitem"
              aria-setsize={episodes.length}
              aria-posinset={item.index + 1}
              className="episode-row"
              data-testid="episode-row"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              <a href={trajectoryHref({ runId: e.runId, episodeId: e.id })}>
                <span className={e.success ? 'outcome good' : 'outcome bad'}>{e.success ? '✓ success' : '✗ failure'}</span> <strong>{e.taskType}</strong> · {e.id}
              </a>
              <span className="muted episode-row-facts">
                {run?.name ?? e.runId} · {run?.method ?? '?'} · iteration {e.iteration} · {e.split} · {e.steps} steps · reward {e.reward.toFixed(2)}
                {e.withRules ? '' : ' · no rules'}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
