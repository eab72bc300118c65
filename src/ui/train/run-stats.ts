/**
 * Figures the Lab shows from the worker's progress report and the stored metric rows: rates, ETA
 * and chart series. Pure functions, so they are tested without a browser.
 */
import type { TrainProgress } from '../../protocol/messages';
import type { SeedBandPoint } from '../runs/overlay';

export interface Rates {
  episodesPerMinute: number | null;
  decisionsPerSecond: number | null;
  /** Seconds left at the current rate, or null before the first episode of this session. */
  etaSeconds: number | null;
}

export function ratesOf(p: TrainProgress): Rates {
  if (p.sessionEpisodes === 0 || p.sessionMs <= 0) return { episodesPerMinute: null, decisionsPerSecond: null, etaSeconds: null };
  const perMs = p.sessionEpisodes / p.sessionMs;
  return {
    episodesPerMinute: perMs * 60_000,
    decisionsPerSecond: (p.sessionDecisions / p.sessionMs) * 1000,
    etaSeconds: Math.max(0, p.episodesTotal - p.episodesDone) / perMs / 1000,
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export interface MetricPoint {
  iteration: number;
  name: string;
  value: number;
}

/** One row per iteration with a column per wanted metric (recharts' data shape); missing values stay absent. */
export function seriesRows(rows: readonly MetricPoint[], names: readonly string[]): Array<Record<string, number>> {
  const wanted = new Set(names);
  const byIteration = new Map<number, Record<string, number>>();
  for (const r of rows) {
    if (!wanted.has(r.name)) continue;
    let row = byIteration.get(r.iteration);
    if (!row) byIteration.set(r.iteration, (row = { iteration: r.iteration }));
    row[r.name] = r.value;
  }
  return [...byIteration.values()].sort((a, b) => a.iteration - b.iteration);
}

/** The metric names present that start with a prefix (e.g. every `rules/ops/` kind seen so far). */
export function namesWithPrefix(rows: readonly MetricPoint[], prefix: string): string[] {
  return [...new Set(rows.filter((r) => r.name.startsWith(prefix)).map((r) => r.name))].sort();
}

/**
 * Exponential moving average of each series (TensorBoard's smoothing): weight 0 leaves the values,
 * 0.9 follows the trend. Debiased, so the first points are not pulled towards zero.
 */
export function smoothRows(rows: ReadonlyArray<Record<string, number>>, names: readonly string[], weight: number): Array<Record<string, number>> {
  if (weight <= 0) return rows.map((r) => ({ ...r }));
  const state = new Map<string, { last: number; steps: number }>();
  return rows.map((row) => {
    const out: Record<string, number> = { ...row };
    for (const name of names) {
      const value = row[name];
      if (value === undefined || !Number.isFinite(value)) continue;
      const s = state.get(name) ?? { last: 0, steps: 0 };
      s.last = s.last * weight + (1 - weight) * value;
      s.steps++;
      state.set(name, s);
      out[name] = s.last / (1 - weight ** s.steps);
    }
    return out;
  });
}

/** Counts of values in `bins` equal-width bins over [0, 1] (absorption scores are probabilities). */
export function unitHistogram(values: readonly number[], bins: number): Array<{ bin: string; from: number; count: number }> {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]++;
  }
  return counts.map((count, i) => ({ bin: `${(i / bins).toFixed(1)}–${((i + 1) / bins).toFixed(1)}`, from: i / bins, count }));
}

/**
 * Recharts' `interval` for a category axis of `points` ticks that shows about `labels` of them. A
 * fixed interval is laid out without measuring every label's text, which the default
 * ('preserveEnd') does on each redraw.
 */
export function tickInterval(points: number, labels = 6): number {
  return Math.max(0, Math.ceil(points / labels) - 1);
}

export const SEED_MEAN = 'seeds:mean';
export const SEED_RANGE = 'seeds:range';

/**
 * Chart rows with the seeds' mean and range merged in by iteration. Iterations only the other seeds
 * reached get rows of their own, so the band shows where runs of this config went.
 */
export function withSeedBand(
  rows: ReadonlyArray<Record<string, number>>,
  band: readonly SeedBandPoint[],
): Array<Record<string, number | [number, number]>> {
  const byIteration = new Map<number, Record<string, number | [number, number]>>(rows.map((r) => [r.iteration, { ...r }]));
  for (const point of band) {
    let row = byIteration.get(point.iteration);
    if (!row) byIteration.set(point.iteration, (row = { iteration: point.iteration }));
    row[SEED_MEAN] = point.mean;
    row[SEED_RANGE] = point.range;
  }
  return [...byIteration.values()].sort((a, b) => (a.iteration as number) - (b.iteration as number));
}

/**
 * A y-axis domain from 0 (or below, for negative values) to the data's maximum, and 0–1 for a
 * series that is 0 throughout, where recharts would otherwise draw 0–4.
 */
export const ZERO_BASED_DOMAIN: [(min: number) => number, (max: number) => number] = [(min) => Math.min(min, 0), (max) => (max === 0 ? 1 : max)];

/** A chart row: numbers per series, and [min, max] ranges for bands. */
export type ChartRow = Record<string, number | [number, number]>;

/**
 * At most `max` chart rows: consecutive iterations pooled into equal buckets, each series the mean
 * of its values there (a range: the envelope of its ranges), at the bucket's last iteration. A
 * chart's redraw grows with its points, and a 1,000-episode run has over a hundred iterations; a
 * bucket's mean keeps each series' unit.
 */
export function downsampleRows<R extends ChartRow>(rows: readonly R[], max: number): R[] {
  if (rows.length <= max) return rows as R[];
  const size = Math.ceil(rows.length / max);
  const out: R[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const bucket = rows.slice(start, start + size);
    const sums = new Map<string, { sum: number; n: number }>();
    const ranges = new Map<string, [number, number]>();
    for (const row of bucket) {
      for (const [name, value] of Object.entries(row)) {
        if (name === 'iteration') continue;
        if (Array.isArray(value)) {
          const r = ranges.get(name);
          ranges.set(name, r ? [Math.min(r[0], value[0]), Math.max(r[1], value[1])] : [value[0], value[1]]);
        } else if (Number.isFinite(value)) {
          const s = sums.get(name) ?? { sum: 0, n: 0 };
          s.sum += value;
          s.n++;
          sums.set(name, s);
        }
      }
    }
    const row: ChartRow = { iteration: bucket[bucket.length - 1].iteration };
    for (const [name, s] of sums) row[name] = s.sum / s.n;
    for (const [name, r] of ranges) row[name] = r;
    out.push(row as R);
  }
  return out;
}
