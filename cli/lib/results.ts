/**
 * An experiment's results over seeds: `results.json` (aggregateResults) and `results.md`
 * (resultsMarkdown), built from the cells' `eval.json` files (RunEvaluation). Pure functions, so the
 * tables can be rebuilt from finished runs without re-running anything.
 *
 * Conventions:
 * - success, score and rates are fractions 0..1; perSeed follows the order of `seeds`, with null
 *   where that seed's cell has no evaluation (failed or not run yet); means and intervals use the
 *   seeds that have one.
 * - `pairedDiffToBase` is present only when `base` is among the methods, and omitted on `base`
 *   itself (its difference to itself is 0 by definition and would only clutter the table).
 * - `invalidActionRate` and `meanSteps` are those of the with-rules evaluation, the method as deployed.
 */
import type { EnvKind, Split } from '../../src/core/envs/types';
import { runName } from '../../src/core/learn/config';
import type { Method } from '../../src/core/learn/methods';
import type { EvalSummary, FailureClass, RunEvaluation } from '../../src/core/learn/summary';
import { ci95, type Interval, mean } from '../../src/core/learn/stats';

export interface SeedStat {
  mean: number;
  ci95: Interval;
  perSeed: Array<number | null>;
}

export interface Conditions<T> {
  withRules: T;
  withoutRules: T;
}

export interface MethodResults {
  /** Seeds with an evaluation. */
  runs: number;
  heldOut: Conditions<SeedStat>;
  /** Mean final reward (WebShop's score; equals success on ALFWorld). */
  score: Conditions<SeedStat>;
  /** This method minus base, paired by seed (only seeds both have). */
  pairedDiffToBase?: Conditions<SeedStat>;
  /** `mean` is the with-rules success (the shape acceptance checks read). */
  perTaskType: Record<string, { mean: number; withRules: number; withoutRules: number }>;
  invalidActionRate: number;
  meanSteps: number;
  absorbedRules: { mean: number; perSeed: Array<number | null> };
  activeRules: { mean: number; perSeed: Array<number | null> };
  /** Mean number of failed held-out episodes per class, over seeds. */
  failureClasses: Conditions<Record<FailureClass, number>>;
}

export interface ExperimentResults {
  env: EnvKind;
  split: Split;
  /** Training episode budget per run. */
  episodes: number;
  seeds: number[];
  methods: Partial<Record<Method, MethodResults>>;
  /** Run names of the cells without an evaluation. */
  missing: string[];
}

export interface ResultsPlan {
  env: EnvKind;
  split: Split;
  episodes: number;
  seeds: number[];
  methods: Method[];
}

const FAILURE_CLASSES: FailureClass[] = ['search', 'procedure', 'other'];

function seedStat(perSeed: Array<number | null>): SeedStat {
  const present = perSeed.filter((v): v is number => v !== null);
  return { mean: mean(present), ci95: ci95(present), perSeed };
}

function meanOf(perSeed: Array<number | null>): number {
  return mean(perSeed.filter((v): v is number => v !== null));
}

/** Differences only where both runs of a seed exist: an unpaired seed says nothing about the gap. */
function pairedStat(a: Array<number | null>, b: Array<number | null>): SeedStat {
  return seedStat(a.map((v, i) => (v === null || b[i] === null ? null : v - (b[i] as number))));
}

function perTaskType(runs: RunEvaluation[]): MethodResults['perTaskType'] {
  const types = new Set<string>();
  for (const e of runs) for (const t of [...Object.keys(e.withRules.perTaskType), ...Object.keys(e.withoutRules.perTaskType)]) types.add(t);
  const out: MethodResults['perTaskType'] = {};
  for (const type of [...types].sort()) {
    // A seed whose held-out tasks had none of this type contributes nothing (not a zero).
    const withRules = meanOf(runs.map((e) => e.withRules.perTaskType[type]?.success ?? null));
    const withoutRules = meanOf(runs.map((e) => e.withoutRules.perTaskType[type]?.success ?? null));
    out[type] = { mean: withRules, withRules, withoutRules };
  }
  return out;
}

function failureClasses(runs: RunEvaluation[], summary: (e: RunEvaluation) => EvalSummary): Record<FailureClass, number> {
  const out = {} as Record<FailureClass, number>;
  for (const c of FAILURE_CLASSES) out[c] = mean(runs.map((e) => summary(e).failureClasses[c] ?? 0));
  return out;
}

export function aggregateResults(evaluations: readonly RunEvaluation[], plan: ResultsPlan): ExperimentResults {
  const bySeed = (method: Method) => plan.seeds.map((seed) => evaluations.find((e) => e.method === method && e.seed === seed && e.env === plan.env) ?? null);
  const series = (cells: Array<RunEvaluation | null>, pick: (e: RunEvaluation) => number) => cells.map((e) => (e ? pick(e) : null));
  const base = plan.methods.includes('base') ? bySeed('base') : null;
  const methods: ExperimentResults['methods'] = {};
  const missing: string[] = [];
  for (const method of plan.methods) {
    const cells = bySeed(method);
    cells.forEach((e, i) => {
      if (!e) missing.push(runName({ env: plan.env, method, seed: plan.seeds[i] }));
    });
    const runs = cells.filter((e): e is RunEvaluation => e !== null);
    const result: MethodResults = {
      runs: runs.length,
      heldOut: {
        withRules: seedStat(series(cells, (e) => e.withRules.success)),
        withoutRules: seedStat(series(cells, (e) => e.withoutRules.success)),
      },
      score: {
        withRules: seedStat(series(cells, (e) => e.withRules.score)),
        withoutRules: seedStat(series(cells, (e) => e.withoutRules.score)),
      },
      perTaskType: perTaskType(runs),
      invalidActionRate: mean(runs.map((e) => e.withRules.invalidActionRate)),
      meanSteps: mean(runs.map((e) => e.withRules.meanSteps)),
      absorbedRules: { mean: meanOf(series(cells, (e) => e.rules.absorbed)), perSeed: series(cells, (e) => e.rules.absorbed) },
      activeRules: { mean: meanOf(series(cells, (e) => e.rules.active)), perSeed: series(cells, (e) => e.rules.active) },
      failureClasses: {
        withRules: failureClasses(runs, (e) => e.withRules),
        withoutRules: failureClasses(runs, (e) => e.withoutRules),
      },
    };
    if (base && method !== 'base') {
      result.pairedDiffToBase = {
        withRules: pairedStat(series(cells, (e) => e.withRules.success), series(base, (e) => e.withRules.success)),
        withoutRules: pairedStat(series(cells, (e) => e.withoutRules.success), series(base, (e) => e.withoutRules.success)),
      };
    }
    methods[method] = result;
  }
  return { env: plan.env, split: plan.split, episodes: plan.episodes, seeds: [...plan.seeds], methods, missing };
}

// ---- results.md ----

const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '—');
const num = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '—');
const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)}`;

/** "41.2% [35.0, 47.4]": the interval in the same percentage units, without repeating the sign. */
function withCi(s: SeedStat): string {
  if (!Number.isFinite(s.mean)) return '—';
  return `${pct(s.mean)} [${(100 * s.ci95[0]).toFixed(1)}, ${(100 * s.ci95[1]).toFixed(1)}]`;
}

/** "+5.2 pp [−1.0, +11.4]": percentage points, signed so a gain and a loss read differently. */
function diffCi(s: SeedStat | undefined): string {
  if (!s || !Number.isFinite(s.mean)) return '—';
  return `${signed(s.mean)} pp [${signed(s.ci95[0])}, ${signed(s.ci95[1])}]`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function resultsMarkdown(results: ExperimentResults): string {
  const entries = Object.entries(results.methods) as Array<[Method, MethodResults]>;
  const webshop = results.env === 'webshop';
  const lines = [
    `# Results: ${results.env} (${results.split})`,
    '',
    `${results.episodes} training episodes per run; seeds ${results.seeds.join(', ')}. Means over seeds with 95% confidence intervals (Student's t); Δ is paired by seed.`,
    '',
  ];
  const header = ['Method', 'Held-out success, rules (95% CI)', 'Without rules (95% CI)', 'Δ vs base, rules (95% CI)'];
  if (webshop) header.push('Score, rules (95% CI)');
  header.push('Invalid actions', 'Mean steps', 'Absorbed rules', 'Seeds');
  lines.push(
    ...table(
      header,
      entries.map(([name, m]) => [
        name,
        withCi(m.heldOut.withRules),
        withCi(m.heldOut.withoutRules),
        diffCi(m.pairedDiffToBase?.withRules),
        ...(webshop ? [withCi(m.score.withRules)] : []),
        pct(m.invalidActionRate),
        num(m.meanSteps),
        num(m.absorbedRules.mean),
        `${m.runs}/${results.seeds.length}`,
      ]),
    ),
  );

  const types = [...new Set(entries.flatMap(([, m]) => Object.keys(m.perTaskType)))].sort();
  if (types.length > 0) {
    lines.push('', '## Success per task type (with rules / without rules)', '');
    lines.push(...table(['Method', ...types], entries.map(([name, m]) => [name, ...types.map((t) => (m.perTaskType[t] ? `${pct(m.perTaskType[t].withRules)} / ${pct(m.perTaskType[t].withoutRules)}` : '—'))])));
  }

  lines.push('', '## Failure classes (mean failed held-out episodes per run)', '');
  const classHeader = ['Method', ...FAILURE_CLASSES.map((c) => `${c}, rules`), ...FAILURE_CLASSES.map((c) => `${c}, no rules`)];
  lines.push(
    ...table(
      classHeader,
      entries.map(([name, m]) => [name, ...FAILURE_CLASSES.map((c) => num(m.failureClasses.withRules[c])), ...FAILURE_CLASSES.map((c) => num(m.failureClasses.withoutRules[c]))]),
    ),
  );
  if (results.missing.length > 0) lines.push('', `Missing runs (no evaluation): ${results.missing.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
