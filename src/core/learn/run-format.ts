/**
 * The run-file format as text: the pure formatting and parsing of run.json, episodes.jsonl,
 * metrics.csv, rules.json and checkpoints/iter-NNNNNN.json. The CLI's RunDirectory (files on disk),
 * the browser's export (a zip) and its import all go through these functions, so there is one format.
 */
import type { PoolState } from '../rules/pool';
import type { EpisodeRecord } from './records';

export const METRICS_HEADER = 'iteration,episodes,name,value';
export const RULES_FORMAT = 'jerp-rules/1';
export const RUN_FORMAT = 'jerp-run/1';

export interface MetricRow {
  iteration: number;
  episodes: number;
  name: string;
  value: number;
}

/** checkpoints/iter-000003.json holds the state after 3 completed iterations. */
export function checkpointName(iteration: number): string {
  return `iter-${String(iteration).padStart(6, '0')}.json`;
}

/** The iteration count a checkpoint file name stands for, or null when the name is not one. */
export function checkpointIteration(name: string): number | null {
  const match = /^iter-(\d+)\.json$/.exec(name);
  return match ? Number(match[1]) : null;
}

/** Metric names are ours (no commas), but a task type could carry one: keep the CSV four columns wide. */
export function csvName(name: string): string {
  return name.replace(/[,\n]/g, '_');
}

/** An iteration's metrics as CSV lines (each ending in a newline); non-finite values are left out. */
export function metricLines(iteration: number, episodes: number, metrics: Record<string, number>): string[] {
  return Object.entries(metrics)
    .filter(([, v]) => Number.isFinite(v))
    .map(([name, value]) => `${iteration},${episodes},${csvName(name)},${value}\n`);
}

/** The rows of a metrics.csv text (header skipped, blank lines ignored). */
export function parseMetricsCsv(text: string): MetricRow[] {
  const [, ...rows] = text.split('\n');
  return rows
    .filter((r) => r.trim())
    .map((r) => {
      const [iteration, episodes, name, value] = r.split(',');
      return { iteration: Number(iteration), episodes: Number(episodes), name, value: Number(value) };
    });
}

/** A whole metrics.csv from rows. */
export function formatMetricsCsv(rows: readonly MetricRow[]): string {
  return [METRICS_HEADER, ...rows.map((r) => `${r.iteration},${r.episodes},${csvName(r.name)},${r.value}`)].map((l) => `${l}\n`).join('');
}

/** One line of episodes.jsonl. */
export function episodeLine(episode: EpisodeRecord): string {
  return `${JSON.stringify(episode)}\n`;
}

/** The records of an episodes.jsonl text (blank lines ignored; a malformed line throws with its number). */
export function parseEpisodesJsonl(text: string): unknown[] {
  const out: unknown[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new Error(`line ${i + 1} is not valid JSON`);
    }
  }
  return out;
}

/** run.json, rules.json: pretty JSON with a final newline, as the CLI has always written them. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** rules.json: the pool with every version and applied operation. */
export function rulesFile(pool: PoolState): { format: typeof RULES_FORMAT } & PoolState {
  return { format: RULES_FORMAT, ...pool };
}
