/**
 * The Results view's numbers, from an imported experiment (its results.json and its runs' metric
 * rows): chart rows with 95% intervals as ErrorBar offsets, and learning curves averaged over seeds
 * with the seeds' range as a band. Pure functions, so they are tested without a browser.
 */
import type { Method } from '../../core/learn/methods';
import type { ExperimentRecord, SeedStatRecord } from '../../db/experiment-schemas';

/** A bar with its interval: `err` is [below, above] the mean, as recharts' ErrorBar reads it. */
export interface CiPoint {
  mean: number | null;
  err: [number, number] | null;
}

export function ciPoint(stat: SeedStatRecord | undefined): CiPoint {
  if (!stat || stat.mean === null) return { mean: null, err: null };
  const [low, high] = stat.ci95;
  return { mean: stat.mean, err: low === null || high === null ? null : [stat.mean - low, high - stat.mean] };
}

export function methodsOf(experiment: ExperimentRecord): Method[] {
  return experiment.plan.methods.filter((m) => experiment.results.methods[m]);
}

/** One row per method: held-out success with and without rules, each with its interval. */
export function successRows(experiment: ExperimentRecord) {
  return methodsOf(experiment).map((method) => {
    const m = experiment.results.methods[method]!;
    const withRules = ciPoint(m.heldOut.withRules);
    const withoutRules = ciPoint(m.heldOut.withoutRules);
    return { method, withRules: withRules.mean, withRulesErr: withRules.err, withoutRules: withoutRules.mean, withoutRulesErr: withoutRules.err };
  });
}

/** One row per method other than base: the paired difference to base, with and without rules. */
export function diffRows(experiment: ExperimentRecord) {
  return methodsOf(experiment)
    .filter((method) => experiment.results.methods[method]!.pairedDiffToBase)
    .map((method) => {
      const d = experiment.results.methods[method]!.pairedDiffToBase!;
      const withRules = ciPoint(d.withRules);
      const withoutRules = ciPoint(d.withoutRules);
      return { method, withRules: withRules.mean, withRulesErr: withRules.err, withoutRules: withoutRules.mean, withoutRulesErr: withoutRules.err };
    });
}

export function taskTypes(experiment: ExperimentRecord): string[] {
  return [...new Set(methodsOf(experiment).flatMap((m) => Object.keys(experiment.results.methods[m]!.perTaskType)))].sort();
}

/** The run behind each seed of a method (undefined where that cell has none). */
export function runsBySeed(experiment: ExperimentRecord, method: Method): Array<{ seed: number; runId: string | undefined }> {
  return experiment.plan.seeds.map((seed) => {
    const cell = experiment.plan.cells.find((c) => c.config.method === method && c.config.seed === seed);
    return { seed, runId: cell ? experiment.runs[cell.name] : undefined };
  });
}

export interface CurvePoint {
  /** Training episodes played when the value was recorded. */
  episodes: number;
  /** Per method: mean over the seeds that have a value at this point, and [min, max] over them. */
  [key: string]: number | [number, number];
}

/**
 * Learning curves: per method, the metric (e.g. `charts/train_success`) at each training point,
 * averaged over seeds, with the seeds' [min, max] as the band. Keys: `<method>` and `<method> band`.
 */
export function learningCurves(series: Array<{ method: Method; points: Array<{ episodes: number; value: number }> }>): CurvePoint[] {
  const byEpisodes = new Map<number, Map<Method, number[]>>();
  for (const { method, points } of series) {
    for (const p of points) {
      if (!byEpisodes.has(p.episodes)) byEpisodes.set(p.episodes, new Map());
      const at = byEpisodes.get(p.episodes)!;
      at.set(method, [...(at.get(method) ?? []), p.value]);
    }
  }
  return [...byEpisodes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([episodes, at]) => {
      const point: CurvePoint = { episodes };
      for (const [method, values] of at) {
        point[method] = values.reduce((s, v) => s + v, 0) / values.length;
        point[`${method} band`] = [Math.min(...values), Math.max(...values)];
      }
      return point;
    });
}

export const pct = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(100 * v).toFixed(1)}%`);

/** "+5.0 pp": percentage points with a sign, so a gain and a loss read differently. */
export const pp = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)} pp`);

export function withCi(stat: SeedStatRecord | undefined, format: (v: number | null) => string = pct): string {
  if (!stat || stat.mean === null) return '—';
  const [low, high] = stat.ci95;
  return low === null || high === null ? format(stat.mean) : `${format(stat.mean)} [${format(low)}, ${format(high)}]`;
}
