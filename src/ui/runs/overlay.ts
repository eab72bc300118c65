/**
 * One metric across several runs, as chart rows: one column per run, or, with seeds grouped, one
 * mean line and a min–max band per configuration (runs that differ only by seed). Pure, so it is
 * tested without a browser.
 */
import type { RunConfig } from '../../core/learn/config';

export interface OverlayRun {
  id: string;
  name: string;
  config: RunConfig;
}

export interface MetricRow {
  runId: string;
  iteration: number;
  name: string;
  value: number;
}

/** Everything about a run's configuration except its seed: runs with the same key are seeds of one config. */
export function configKey(config: RunConfig): string {
  const { seed: _seed, ...rest } = config;
  return stableJson(rest);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface SeedGroup {
  key: string;
  /** e.g. "alfworld · jerp · G=8 · 128 episodes (3 seeds)". */
  label: string;
  runIds: string[];
}

/** Runs grouped by configuration, in the order their first run appears. */
export function seedGroups(runs: readonly OverlayRun[]): SeedGroup[] {
  const groups = new Map<string, SeedGroup>();
  for (const run of runs) {
    const key = configKey(run.config);
    let group = groups.get(key);
    if (!group) {
      const c = run.config;
      group = { key, label: `${c.env} · ${c.method} · G=${c.groupSize} · ${c.episodes} episodes`, runIds: [] };
      groups.set(key, group);
    }
    group.runIds.push(run.id);
  }
  for (const g of groups.values()) g.label += ` (${g.runIds.length} seed${g.runIds.length === 1 ? '' : 's'})`;
  return [...groups.values()];
}

/** Rows {iteration, [runId]: value}: one line per run. */
export function perRunRows(rows: readonly MetricRow[], metric: string, runIds: readonly string[]): Array<Record<string, number>> {
  const wanted = new Set(runIds);
  const byIteration = new Map<number, Record<string, number>>();
  for (const r of rows) {
    if (r.name !== metric || !wanted.has(r.runId) || !Number.isFinite(r.value)) continue;
    let row = byIteration.get(r.iteration);
    if (!row) byIteration.set(r.iteration, (row = { iteration: r.iteration }));
    row[r.runId] = r.value;
  }
  return [...byIteration.values()].sort((a, b) => a.iteration - b.iteration);
}

/** A group's line and band at one iteration: over the seeds that have a value there. */
export type BandRow = { iteration: number } & Record<string, number | [number, number]>;

/**
 * Rows {iteration, [key]: mean, [key + ':band']: [min, max], [key + ':n']: seeds}: one mean line and
 * band per group, from the seeds that reached each iteration.
 */
export function seedBandRows(rows: readonly MetricRow[], metric: string, groups: readonly SeedGroup[]): BandRow[] {
  const groupOf = new Map<string, string>();
  for (const g of groups) for (const id of g.runIds) groupOf.set(id, g.key);
  const values = new Map<number, Map<string, number[]>>();
  for (const r of rows) {
    const key = groupOf.get(r.runId);
    if (r.name !== metric || key === undefined || !Number.isFinite(r.value)) continue;
    let at = values.get(r.iteration);
    if (!at) values.set(r.iteration, (at = new Map()));
    at.set(key, [...(at.get(key) ?? []), r.value]);
  }
  return [...values.entries()]
    .sort(([a], [b]) => a - b)
    .map(([iteration, byGroup]) => {
      const row: BandRow = { iteration };
      for (const [key, list] of byGroup) {
        row[key] = list.reduce((s, v) => s + v, 0) / list.length;
        row[`${key}:band`] = [Math.min(...list), Math.max(...list)];
        row[`${key}:n`] = list.length;
      }
      return row;
    });
}

/** One iteration of the seeds of a config: their mean, min–max range and how many reached it. */
export interface SeedBandPoint {
  iteration: number;
  mean: number;
  range: [number, number];
  seeds: number;
}

/** One metric's mean and min–max range over the given runs (the seeds of one config), per iteration. */
export function seedBand(rows: readonly MetricRow[], metric: string, runIds: readonly string[]): SeedBandPoint[] {
  const key = 'seeds';
  return seedBandRows(rows, metric, [{ key, label: key, runIds: [...runIds] }]).map((row) => ({
    iteration: row.iteration,
    mean: row[key] as number,
    range: row[`${key}:band`] as [number, number],
    seeds: row[`${key}:n`] as number,
  }));
}
