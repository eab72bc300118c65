/**
 * Live charts of one run from its stored metric rows (the same rows as metrics.csv) and its pool:
 * success (train, and held-out with and without rules), per-task-type success, reward, the policy
 * update, the pool by status, rule operations per iteration, and absorption over time with the
 * distribution of the latest scores. Success and reward carry a band over the other seeds of the
 * run's configuration when there are any.
 *
 * The page stays responsive while the worker trains: the rows are read once per committed iteration
 * (only the new ones), the charts redraw at most every few seconds and one per task, animations are
 * off, legends are plain HTML, tick labels are bare text (never measured) and tooltips mount on hover.
 * While the charts redraw, the page's busy flag is up and the worker's training waits before its next
 * model call (src/page-busy.ts); the first chart waits until the worker has parked, so on a 2-core
 * machine the redraws get a core to themselves.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { memo, startTransition, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { usesRules } from '../../core/learn/method-plan';
import type { Method } from '../../core/learn/methods';
import { db } from '../../db/instance';
import { readRunMetrics } from '../../db/runs-repo';
import type { MetricRecord } from '../../db/schema';
import { pageBusy } from '../../page-busy';
import { useTrainStore } from '../../store/train-store';
import { configKey, type MetricRow, seedBand } from '../runs/overlay';
import { type MetricPoint, namesWithPrefix, SEED_MEAN, SEED_RANGE, seriesRows, smoothRows, tickInterval, unitHistogram, withSeedBand, ZERO_BASED_DOMAIN, downsampleRows } from './run-stats';
import { ChartFigure as Figure } from '../components/ChartFigure';
import { ChartLegend, type LegendItem } from '../components/ChartLegend';
import { useEngaged } from '../components/useEngaged';
import { useThrottled } from '../components/useThrottled';
import { AxisTick } from '../components/AxisTick';

const COLORS = ['#4f8cff', '#f5a524', '#3ecf8e', '#e5484d', '#a78bfa', '#22d3ee', '#f472b6', '#94a3b8'];
const SEED_COLOR = '#94a3b8';
const WIDTH = 340;
const HEIGHT = 180;
/** Points per series at most (a 340 px chart shows no more); longer runs are pooled into buckets. */
const MAX_POINTS = 60;
const POOLED_NOTE = `A long run: each point is the mean over a span of iterations (at most ${MAX_POINTS} points).`;

function label(name: string): string {
  return name.replace(/^(charts|losses|rules|eval)\//, '').replace(/^train_success\//, '');
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((x) => Number(x).toFixed(3)).join(' – ');
  return typeof value === 'number' ? value.toFixed(3) : String(value);
}

/** The other seeds of this run's configuration: their rows of one metric, drawn as a band behind it. */
interface SeedSiblings {
  metric: string;
  /** The other runs' rows of `metric`; this run's own rows are added as they commit. */
  rows: MetricRow[];
  runIds: string[];
}

interface LinesProps {
  title: string;
  rows: readonly MetricPoint[];
  names: string[];
  domain?: [number, number];
  /** EMA weight applied to these series (0: none); held-out points and seed bands are never smoothed. */
  smoothing?: number;
  note?: string;
  runId?: string | null;
  seeds?: SeedSiblings;
}

/**
 * A line chart, drawn even before any of its series has a point (axes only): the chart stays mounted
 * from the page's opening through every run, and new points update it rather than mount it.
 */
function Lines({ title, rows, names, domain, smoothing = 0, note, runId, seeds }: LinesProps) {
  const { engaged, handlers } = useEngaged();
  const present = names.filter((n) => rows.some((r) => r.name === n));
  const smoothed = present.filter((n) => !n.startsWith('eval/'));
  const lines = smoothRows(seriesRows(rows, present), smoothed, smoothing);
  const band =
    seeds && runId
      ? seedBand([...seeds.rows, ...rows.filter((r) => r.name === seeds.metric).map((r) => ({ ...r, runId }))], seeds.metric, [...seeds.runIds, runId])
      : [];
  const merged = band.length > 0 ? withSeedBand(lines, band) : lines;
  const data = downsampleRows(merged, MAX_POINTS);
  const pooled = data.length < merged.length;
  const seedCount = seeds ? seeds.runIds.length + 1 : 0;
  // A series keeps its colour (its place in `names`) whichever others have points yet.
  const colorOf = (n: string) => COLORS[names.indexOf(n) % COLORS.length];
  const legend: LegendItem[] = present.map((n) => ({ label: label(n), color: colorOf(n), dashed: n.startsWith('eval/') }));
  if (band.length > 0) {
    legend.push({ label: `${seedCount} seeds: mean`, color: SEED_COLOR, dashed: true }, { label: `${seedCount} seeds: min–max`, color: SEED_COLOR, band: true });
  }
  return (
    <Figure title={title} note={pooled ? `${note ? `${note} ` : ''}${POOLED_NOTE}` : note} {...handlers}>
      <ComposedChart width={WIDTH} height={HEIGHT} data={data}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} vertical={false} />
        <XAxis dataKey="iteration" interval={tickInterval(data.length)} tick={AxisTick} />
        <YAxis width={40} interval={0} domain={domain ?? ZERO_BASED_DOMAIN} tick={AxisTick} />
        {engaged && <Tooltip formatter={formatValue} />}
        {band.length > 0 && <Area dataKey={SEED_RANGE} name={`${seedCount} seeds: min–max`} stroke="none" fill={SEED_COLOR} fillOpacity={0.25} isAnimationActive={false} connectNulls />}
        {band.length > 0 && <Line dataKey={SEED_MEAN} name={`${seedCount} seeds: mean`} stroke={SEED_COLOR} strokeDasharray="2 2" dot={false} isAnimationActive={false} connectNulls />}
        {present.map((n) => (
          <Line
            key={n}
            dataKey={n}
            name={label(n)}
            stroke={colorOf(n)}
            // A dot per point is a quarter of a chart's redraw: only a series of one point (no line to
            // draw yet, or a held-out score measured once) gets its dot; hovering marks the rest.
            dot={data.filter((row) => row[n] !== undefined).length === 1}
            isAnimationActive={false}
            connectNulls
            strokeDasharray={n.startsWith('eval/') ? '5 3' : undefined}
          />
        ))}
      </ComposedChart>
      <ChartLegend items={legend} />
    </Figure>
  );
}

/** Props equal for a chart's purposes: the same rows object, and arrays with the same items. */
function sameChartProps<P extends object>(a: P, b: P): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof P>;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (key !== 'rows' && Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}

const LinesChart = memo(Lines, sameChartProps);

/**
 * Counts per iteration by kind, stacked. Drawn as step areas (each iteration a flat step, as wide as
 * a bar) rather than stacked bars: a bar chart draws a rectangle component per point and kind, up to
 * 360 of them here, and its redraw took five times a line chart's; an area is one path per kind.
 */
function StackedSteps({ title, rows, names }: { title: string; rows: readonly MetricPoint[]; names: string[] }) {
  const { engaged, handlers } = useEngaged();
  const perIteration = seriesRows(rows, names);
  const data = downsampleRows(perIteration, MAX_POINTS);
  const note = names.length === 0 ? 'None yet.' : data.length < perIteration.length ? POOLED_NOTE : undefined;
  return (
    <Figure title={title} note={note} {...handlers}>
      <ComposedChart width={WIDTH} height={HEIGHT} data={data}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} vertical={false} />
        <XAxis dataKey="iteration" interval={tickInterval(data.length)} tick={AxisTick} />
        <YAxis width={40} allowDecimals={false} interval={0} tick={AxisTick} />
        {engaged && <Tooltip />}
        {names.map((n, i) => (
          <Area
            key={n}
            dataKey={n}
            name={label(n)}
            stackId="ops"
            type="step"
            stroke={COLORS[i % COLORS.length]}
            fill={COLORS[i % COLORS.length]}
            fillOpacity={0.6}
            // A lone iteration has no width to step across: its dot shows it.
            dot={data.length === 1}
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
      <ChartLegend items={names.map((n, i) => ({ label: label(n), color: COLORS[i % COLORS.length], band: true }))} />
    </Figure>
  );
}

const StackedStepsChart = memo(StackedSteps, sameChartProps);

/**
 * Runs `run` in a task of its own after the next animation frame (or after `fallbackMs`, where no
 * frame comes: a hidden tab). Recharts notifies a chart of some of its store updates (axis, legend
 * and series registrations) in the next animation frame, and every chart notified by then redraws in
 * that frame's one task: waiting for the frame keeps each chart's late redraw to itself.
 */
function afterNextFrame(run: () => void, fallbackMs = 100): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    timer = setTimeout(run, 0);
  };
  const frame = requestAnimationFrame(go);
  const fallback = setTimeout(go, fallbackMs);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    clearTimeout(timer);
  };
}

/**
 * The value handed to `count` consumers one at a time: each chart then draws (renders and commits
 * its DOM) in a task of its own, instead of all of them in one long main-thread task. The next
 * hand-over comes after the last one has committed and an animation frame has passed (see
 * afterNextFrame): timers set up front piled up behind a slow chart, and React drew those charts
 * together. This holds for a chart's first draw too (mounting a chart costs more than updating it):
 * a slot is undefined until its first hand-over.
 *
 * From the first hand-over to the last the page's busy flag is up (src/page-busy.ts). While a run
 * trains (`trainingNow`), the first hand-over waits until the worker has finished the model call it
 * was in and parked (at most PARK_WAIT_MS), so no chart draws while inference holds a core.
 */
function useStaggered<T>(value: T, count: number, trainingNow: boolean): Array<T | undefined> {
  const [shown, setShown] = useState<Array<T | undefined>>(() => new Array<T | undefined>(count).fill(undefined));
  const next = shown.findIndex((v) => v !== value);
  const drawing = next !== -1;
  const busy = useRef<(() => void) | null>(null);
  // Read when a sequence starts: a run ending mid-sequence must not restart the wait below.
  const training = useRef(trainingNow);
  useEffect(() => {
    training.current = trainingNow;
  }, [trainingNow]);
  // The worker's answer for this sequence of hand-overs: parked, or given up waiting for.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!drawing) {
      busy.current?.();
      busy.current = null;
      setReady(false);
      return;
    }
    // A hidden tab's charts draw a frame-less 100 ms apart (afterNextFrame); training need not wait on them.
    if (document.visibilityState === 'hidden') {
      setReady(true);
      return;
    }
    busy.current ??= pageBusy.hold();
    if (!training.current) {
      setReady(true);
      return;
    }
    let live = true;
    void pageBusy.workerParked(PARK_WAIT_MS).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [drawing]);
  useEffect(() => () => busy.current?.(), []);
  useEffect(() => {
    if (!drawing || !ready) return;
    return afterNextFrame(() => startTransition(() => setShown((previous) => previous.map((v, i) => (i === next ? value : v)))));
  }, [value, next, drawing, ready]);
  return shown;
}

/**
 * How long the charts' first hand-over waits for the worker to park: about three of its scoring
 * calls on WASM. On a slow backend (a software WebGPU adapter takes over a second a call) the charts
 * draw anyway.
 */
const PARK_WAIT_MS = 250;

/**
 * The latest absorption score of every rule measured so far (from the run's committed pool). The
 * pool is rewritten on every commit, but the scores change only when absorption is measured: the
 * histogram keeps its rows, and so skips its redraw, while they are the same. Before the first
 * measurement it draws empty bins: the chart is then in place, and the first scores update it
 * rather than mount a chart in the middle of the run.
 */
const AbsorptionScores = memo(function AbsorptionScores({ runId, commits }: { runId: string | null; commits: number }) {
  const scores = useLiveQuery(async () => {
    if (runId === null) return [];
    const row = await db.runPools.get(runId);
    return (row?.pool.rules ?? []).map((r) => r.stats.absorption).filter((x): x is number => x !== null);
  }, [runId, commits]);
  const key = scores?.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const bins = useMemo(() => (scores ? { count: scores.length, rows: unitHistogram(scores, 5) } : null), [key]);
  return bins && <ScoresHistogram count={bins.count} rows={bins.rows} />;
});

const ScoresHistogram = memo(function ScoresHistogram({ count, rows }: { count: number; rows: ReturnType<typeof unitHistogram> }) {
  const { engaged, handlers } = useEngaged();
  const note =
    count > 0
      ? `The absorption score of each of the ${count} rules measured, P(the advised action | the rule removed), latest measurement each.`
      : 'The absorption score of each rule measured: none measured yet.';
  // Its title leaves out "Absorption": a figure is found by a substring of its name, and "Absorption" is the chart above.
  return (
    <Figure title="Rule scores" note={note} {...handlers}>
      <BarChart width={WIDTH} height={HEIGHT} data={rows}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} vertical={false} />
        <XAxis dataKey="bin" interval={0} tick={AxisTick} />
        <YAxis width={40} allowDecimals={false} interval={0} tick={AxisTick} domain={count > 0 ? undefined : UNIT} />
        {engaged && <Tooltip />}
        <Bar dataKey="count" name="rules" fill={COLORS[2]} isAnimationActive={false} />
      </BarChart>
    </Figure>
  );
});

const CHART_SLOTS = 8;

/**
 * The charts redraw at most this often. On a fast backend iterations commit every second or two, and
 * redrawing every chart on each is then most of the page's main-thread work, and most of its garbage
 * (whose collections are the longest pauses). A commit after a quiet spell still shows at once.
 */
const CHART_REFRESH_MS = 3000;

/** The metrics drawn with a band over the other seeds of the run's configuration. */
const BANDED = ['charts/train_success', 'charts/train_reward'] as const;

/**
 * The other seeds of this run's configuration (runs whose config differs only by seed): their rows
 * of the banded metrics, read once per run shown (they are not the run being trained).
 */
function useSeedSiblings(runId: string | null): Record<string, SeedSiblings> | null {
  const [siblings, setSiblings] = useState<Record<string, SeedSiblings> | null>(null);
  useEffect(() => {
    let live = true;
    setSiblings(null);
    if (runId === null) return;
    void (async () => {
      const run = await db.runs.get(runId);
      if (!run) return;
      const key = configKey(run.config);
      // One run per other seed: a second copy of a seed (an import of the same run) is not another seed.
      const bySeed = new Map<number, string>();
      for (const other of await db.runs.toArray()) {
        if (other.config.seed !== run.config.seed && configKey(other.config) === key && !bySeed.has(other.config.seed)) bySeed.set(other.config.seed, other.id);
      }
      const runIds = [...bySeed.values()];
      if (runIds.length === 0 || !live) return;
      const wanted = new Set<string>(BANDED);
      const rows = await db.metrics.where('runId').anyOf(runIds).filter((m) => wanted.has(m.name)).toArray();
      if (live) setSiblings(Object.fromEntries(BANDED.map((metric) => [metric, { metric, runIds, rows: rows.filter((r) => r.name === metric) }])));
    })();
    return () => {
      live = false;
    };
  }, [runId]);
  return siblings;
}

/**
 * The run's metric rows, live. The query re-runs on the commit counter and on Dexie's own change
 * notice from the worker, and reads only the rows added since its last answer (readRunMetrics): a
 * long run's refresh reads one iteration's rows, and an unchanged answer keeps its array, so the
 * charts skip their redraw.
 */
function useRunMetrics(runId: string | null, commits: number): RunRows | undefined {
  const known = useRef<{ runId: string; rows: readonly MetricRecord[] } | null>(null);
  return useLiveQuery(async (): Promise<RunRows> => {
    if (runId === null) return { runId, rows: NO_ROWS };
    const rows = await readRunMetrics(db, runId, known.current?.runId === runId ? known.current.rows : []);
    known.current = { runId, rows };
    return { runId, rows };
  }, [runId, commits]);
}

/** A run's metric rows, with the run they belong to (null: no run). */
interface RunRows {
  runId: string | null;
  rows: readonly MetricPoint[];
}

const runOf = (answer: RunRows | undefined) => answer?.runId;

/**
 * Memoized: the Lab re-renders on every progress report (one per episode), the charts only when
 * their rows change (once per committed iteration, at most once per CHART_REFRESH_MS). The rows are
 * deferred and then handed to the charts one task apart (useStaggered), so a commit's redraw is
 * several short main-thread tasks.
 *
 * The charts are drawn, empty, before there is a run (`runId` null), and stay mounted from one run
 * to the next: mounting a chart costs several times an update (its store, its registrations, its
 * first layout), and a run's first commit used to mount them all, the longest tasks of a run.
 */
export const RunCharts = memo(function RunCharts({ runId, method, absorptionEvery }: { runId: string | null; method: Method; absorptionEvery: number | null }) {
  const commits = useTrainStore((s) => s.commits);
  const trainingNow = useTrainStore((s) => s.progress?.status === 'running' && s.progress.runId === runId);
  const [smoothing, setSmoothing] = useState(0);
  // A run's own rows (or none before a run): another run's rows show at once, past the throttle.
  const rows = useDeferredValue(useThrottled(useRunMetrics(runId, commits), CHART_REFRESH_MS, runOf)?.rows ?? NO_ROWS);
  const slot = useStaggered(rows, CHART_SLOTS, trainingNow);
  const seeds = useSeedSiblings(runId);
  const rules = usesRules(method);
  // A chart is mounted at its first hand-over, one per task; from then on it keeps its last rows until the next.
  const rowsOf = (i: number): readonly MetricPoint[] => slot[i] ?? NO_ROWS;
  const drawn = (i: number) => slot[i] !== undefined;
  const absorptionRows = rowsOf(6);
  return (
    <>
      {rows.length === 0 && <p className="muted">{runId === null ? 'The charts of a run fill in as it trains.' : 'Charts fill in once the first iteration is committed.'}</p>}
      <label className="smoothing">
        <span>Smoothing</span>
        <input type="range" min={0} max={0.95} step={0.05} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing" />
        <span>{smoothing.toFixed(2)}</span>
      </label>
      <div className="charts" data-testid="train-charts">
        {drawn(0) && (
          <LinesChart
            title="Success rate"
            rows={rowsOf(0)}
            names={SUCCESS_NAMES}
            runId={runId}
            seeds={seeds?.['charts/train_success']}
            domain={UNIT}
            smoothing={smoothing}
            note="Solid: training rollouts. Dashed: held-out tasks, greedy, with and without the rules."
          />
        )}
        {drawn(1) && (
          <LinesChart
            title="Success by task type"
            rows={rowsOf(1)}
            names={namesWithPrefix(rowsOf(1), 'charts/train_success/')}
            domain={UNIT}
            smoothing={smoothing}
            note="Training rollouts of each task type drawn in an iteration."
          />
        )}
        {drawn(2) && <LinesChart title="Reward" rows={rowsOf(2)} names={REWARD_NAMES} domain={UNIT} smoothing={smoothing} runId={runId} seeds={seeds?.['charts/train_reward']} />}
        {drawn(3) && <LinesChart title="Policy update" rows={rowsOf(3)} names={POLICY_NAMES} smoothing={smoothing} />}
        {rules && drawn(4) && <LinesChart title="Rule pool" rows={rowsOf(4)} names={POOL_NAMES} />}
        {rules && drawn(5) && <StackedStepsChart title="Rule operations" rows={rowsOf(5)} names={namesWithPrefix(rowsOf(5), 'rules/ops/')} />}
        {rules && drawn(6) && (
          <LinesChart
            title="Absorption"
            rows={absorptionRows}
            names={ABSORPTION_NAMES}
            note={
              absorptionRows.some((r) => r.name === 'rules/absorption_mean')
                ? 'Absorbed rules, and the mean absorption score of the rules measured.'
                : `Measured ${absorptionEvery === null ? 'every few' : `every ${absorptionEvery}`} iterations, from the first rule on: no measurement yet.`
            }
          />
        )}
        {rules && drawn(7) && <AbsorptionScores runId={runId} commits={commits} />}
      </div>
    </>
  );
});

const NO_ROWS: readonly MetricPoint[] = [];
const UNIT: [number, number] = [0, 1];
const SUCCESS_NAMES = ['charts/train_success', 'eval/success_with_rules', 'eval/success_without_rules'];
const REWARD_NAMES = ['charts/train_reward'];
const POLICY_NAMES = ['losses/policy_loss', 'losses/kl', 'losses/adapter_norm'];
const POOL_NAMES = ['rules/active', 'rules/absorbed', 'rules/removed', 'rules/pinned'];
const ABSORPTION_NAMES = ['rules/absorbed', 'rules/absorption_mean'];
