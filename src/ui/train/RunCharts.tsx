/**
 * Live charts of one run from its stored metric rows (the same rows as metrics.csv) and its pool:
 * success (train, and held-out with and without rules), per-task-type success, reward, the policy
 * update, the pool by status, rule operations per iteration, and absorption over time with the
 * distribution of the latest scores. The queries re-run once per committed iteration, not per
 * episode, and animations are off, so the main thread stays smooth while the worker trains.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useDeferredValue, useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { usesRules } from '../../core/learn/method-plan';
import type { Method } from '../../core/learn/methods';
import { db } from '../../db/instance';
import { useTrainStore } from '../../store/train-store';
import { type MetricPoint, namesWithPrefix, seriesRows, smoothRows, unitHistogram } from './run-stats';
import { ChartFigure as Figure } from '../components/ChartFigure';

const COLORS = ['#4f8cff', '#f5a524', '#3ecf8e', '#e5484d', '#a78bfa', '#22d3ee', '#f472b6', '#94a3b8'];
const WIDTH = 340;
const HEIGHT = 180;

function label(name: string): string {
  return name.replace(/^(charts|losses|rules|eval)\//, '').replace(/^train_success\//, '');
}

interface LinesProps {
  title: string;
  rows: MetricPoint[];
  names: string[];
  domain?: [number, number];
  /** EMA weight applied to these series (0: none); held-out points are never smoothed. */
  smoothing?: number;
  note?: string;
  /** Show the figure with its note even before any of its series has a point. */
  always?: boolean;
}

function Lines({ title, rows, names, domain, smoothing = 0, note, always }: LinesProps) {
  const present = names.filter((n) => rows.some((r) => r.name === n));
  if (present.length === 0 && !always) return null;
  const smoothed = present.filter((n) => !n.startsWith('eval/'));
  return (
    <Figure title={title} note={note}>
      {present.length > 0 && (
        <LineChart width={WIDTH} height={HEIGHT} data={smoothRows(seriesRows(rows, present), smoothed, smoothing)}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="iteration" />
          <YAxis width={40} {...(domain ? { domain } : {})} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <Legend />
          {present.map((n, i) => (
            <Line key={n} dataKey={n} name={label(n)} stroke={COLORS[i % COLORS.length]} dot isAnimationActive={false} connectNulls strokeDasharray={n.startsWith('eval/') ? '5 3' : undefined} />
          ))}
        </LineChart>
      )}
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

function Bars({ title, rows, names }: { title: string; rows: MetricPoint[]; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <Figure title={title}>
      <BarChart width={WIDTH} height={HEIGHT} data={seriesRows(rows, names)}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="iteration" />
        <YAxis width={40} allowDecimals={false} />
        <Tooltip />
        <Legend />
        {names.map((n, i) => (
          <Bar key={n} dataKey={n} name={label(n)} stackId="ops" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </Figure>
  );
}

const BarsChart = memo(Bars, sameChartProps);

/**
 * The value handed to `count` consumers one macrotask apart: each chart then redraws (renders and
 * commits its DOM) in a task of its own, instead of all of them in one long main-thread task.
 */
function useStaggered<T>(value: T, count: number): T[] {
  const [shown, setShown] = useState<T[]>(() => new Array<T>(count).fill(value));
  useEffect(() => {
    let next = 0;
    let timer: ReturnType<typeof setTimeout>;
    const release = () => {
      const slot = next++;
      setShown((previous) => (previous[slot] === value ? previous : previous.map((v, i) => (i === slot ? value : v))));
      if (next < count) timer = setTimeout(release, 0);
    };
    timer = setTimeout(release, 0);
    return () => clearTimeout(timer);
  }, [value, count]);
  return shown;
}

/** The latest absorption score of every rule measured so far (from the run's committed pool). */
const AbsorptionScores = memo(function AbsorptionScores({ runId, commits }: { runId: string; commits: number }) {
  const scores = useLiveQuery(async () => {
    const row = await db.runPools.get(runId);
    return (row?.pool.rules ?? []).map((r) => r.stats.absorption).filter((x): x is number => x !== null);
  }, [runId, commits]);
  if (!scores || scores.length === 0) return null;
  return (
    <Figure title="Absorption scores" note={`${scores.length} rules measured: P(the advised action | the rule removed), latest measurement each.`}>
      <BarChart width={WIDTH} height={HEIGHT} data={unitHistogram(scores, 5)}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="bin" />
        <YAxis width={40} allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="count" name="rules" fill={COLORS[2]} isAnimationActive={false} />
      </BarChart>
    </Figure>
  );
});

const CHART_SLOTS = 7;

/**
 * Memoized: the Lab re-renders on every progress report (one per episode), the charts only when
 * their rows change (once per committed iteration). The rows are deferred and then handed to the
 * charts one task apart (useStaggered), so a commit's redraw is several short main-thread tasks.
 */
export const RunCharts = memo(function RunCharts({ runId, method, absorptionEvery }: { runId: string; method: Method; absorptionEvery: number }) {
  const commits = useTrainStore((s) => s.commits);
  const [smoothing, setSmoothing] = useState(0);
  const liveRows = useLiveQuery(() => db.metrics.where('runId').equals(runId).toArray(), [runId, commits]);
  const rows = useDeferredValue(liveRows);
  const slot = useStaggered(rows, CHART_SLOTS);
  if (!rows) return null;
  if (rows.length === 0) return <p className="muted">Charts appear once the first iteration is committed.</p>;
  const rules = usesRules(method);
  // Before its first hand-over a chart draws from the rows as they are (its first paint is not delayed).
  const rowsOf = (i: number): MetricPoint[] => slot[i] ?? rows;
  const absorptionRows = rowsOf(6);
  return (
    <>
      <label className="smoothing">
        <span>Smoothing</span>
        <input type="range" min={0} max={0.95} step={0.05} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing" />
        <span>{smoothing.toFixed(2)}</span>
      </label>
      <div className="charts" data-testid="train-charts">
        <LinesChart
          title="Success rate"
          rows={rowsOf(0)}
          names={SUCCESS_NAMES}
          domain={UNIT}
          smoothing={smoothing}
          note="Solid: training rollouts. Dashed: held-out tasks, greedy, with and without the rules."
        />
        <LinesChart
          title="Success by task type"
          rows={rowsOf(1)}
          names={namesWithPrefix(rowsOf(1), 'charts/train_success/')}
          domain={UNIT}
          smoothing={smoothing}
          note="Training rollouts of each task type drawn in an iteration."
        />
        <LinesChart title="Reward" rows={rowsOf(2)} names={REWARD_NAMES} domain={UNIT} smoothing={smoothing} />
        <LinesChart title="Policy update" rows={rowsOf(3)} names={POLICY_NAMES} smoothing={smoothing} />
        {rules && <LinesChart title="Rule pool" rows={rowsOf(4)} names={POOL_NAMES} always />}
        {rules && <BarsChart title="Rule operations" rows={rowsOf(5)} names={namesWithPrefix(rowsOf(5), 'rules/ops/')} />}
        {rules && (
          <LinesChart
            title="Absorption"
            rows={absorptionRows}
            names={ABSORPTION_NAMES}
            always
            note={
              absorptionRows.some((r) => r.name === 'rules/absorption_mean')
                ? 'Absorbed rules, and the mean absorption score of the rules measured.'
                : `Measured every ${absorptionEvery} iterations, from the first rule on: no measurement yet.`
            }
          />
        )}
        {rules && <AbsorptionScores runId={runId} commits={commits} />}
      </div>
    </>
  );
});

const UNIT: [number, number] = [0, 1];
const SUCCESS_NAMES = ['charts/train_success', 'eval/success_with_rules', 'eval/success_without_rules'];
const REWARD_NAMES = ['charts/train_reward'];
const POLICY_NAMES = ['losses/policy_loss', 'losses/kl', 'losses/adapter_norm'];
const POOL_NAMES = ['rules/active', 'rules/absorbed', 'rules/removed', 'rules/pinned'];
const ABSORPTION_NAMES = ['rules/absorbed', 'rules/absorption_mean'];
