/**
 * The Trajectories list's filters: plain functions over episode summaries, so filtering 10,000
 * episodes is one pass in memory and is tested without a browser.
 */
import type { RunEpisodeSummaryRow } from '../../db/schema';

/** What a row of the list needs from its run. */
export interface RunFacts {
  name: string;
  method: string;
}

export interface EpisodeFilter {
  runId: string;
  method: string;
  /** A substring of the task id (case-insensitive). */
  task: string;
  taskType: string;
  outcome: '' | 'success' | 'failure';
  /** An iteration number as typed, '' for any. */
  iteration: string;
  split: string;
}

export const NO_FILTER: EpisodeFilter = { runId: '', method: '', task: '', taskType: '', outcome: '', iteration: '', split: '' };

export function filterEpisodes(episodes: readonly RunEpisodeSummaryRow[], filter: EpisodeFilter, runs: ReadonlyMap<string, RunFacts>): RunEpisodeSummaryRow[] {
  const task = filter.task.trim().toLowerCase();
  const iteration = filter.iteration.trim() === '' ? null : Number(filter.iteration);
  return episodes.filter(
    (e) =>
      (!filter.runId || e.runId === filter.runId) &&
      (!filter.method || runs.get(e.runId)?.method === filter.method) &&
      (!task || e.taskId.toLowerCase().includes(task)) &&
      (!filter.taskType || e.taskType === filter.taskType) &&
      (!filter.outcome || e.success === (filter.outcome === 'success')) &&
      (iteration === null || e.iteration === iteration) &&
      (!filter.split || e.split === filter.split),
  );
}

/** The distinct values each select offers, sorted. */
export function filterChoices(episodes: readonly RunEpisodeSummaryRow[], runs: ReadonlyMap<string, RunFacts>) {
  const taskTypes = new Set<string>();
  const splits = new Set<string>();
  const iterations = new Set<number>();
  const runIds = new Set<string>();
  for (const e of episodes) {
    taskTypes.add(e.taskType);
    splits.add(e.split);
    iterations.add(e.iteration);
    runIds.add(e.runId);
  }
  const methods = new Set([...runIds].map((id) => runs.get(id)?.method).filter((m): m is string => Boolean(m)));
  return {
    runs: [...runIds].map((id) => ({ id, name: runs.get(id)?.name ?? id })).sort((a, b) => a.name.localeCompare(b.name)),
    methods: [...methods].sort(),
    taskTypes: [...taskTypes].sort(),
    splits: [...splits].sort(),
    iterations: [...iterations].sort((a, b) => a - b),
  };
}

/**
 * List order: runs in the order given (newest first), then within a run by iteration, training
 * rollouts before evaluations, then by id in numeric-aware order (it1-g0-e2 before it1-g0-e10).
 */
export function sortEpisodes(episodes: RunEpisodeSummaryRow[], runOrder: readonly string[]): RunEpisodeSummaryRow[] {
  const rank = new Map(runOrder.map((id, i) => [id, i]));
  const collator = new Intl.Collator('en', { numeric: true });
  return episodes.sort(
    (a, b) =>
      (rank.get(a.runId) ?? Infinity) - (rank.get(b.runId) ?? Infinity) ||
      a.runId.localeCompare(b.runId) ||
      a.iteration - b.iteration ||
      (a.purpose === b.purpose ? 0 : a.purpose === 'train' ? -1 : 1) ||
      collator.compare(a.id, b.id),
  );
}
