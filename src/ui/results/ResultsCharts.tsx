/**
 * The experiment's charts: held-out success (and WebShop's score) per method with and without
 * rules, each bar with its 95% interval over seeds (ErrorBar); the paired difference to base; and
 * training success over episodes, the mean over seeds with the seeds' range as a band. Every chart
 * is a figure named by its title, as in the Lab's run charts.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, ErrorBar, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Method } from '../../core/learn/methods';
import { db } from '../../db/instance';
import type { ExperimentRecord } from '../../db/experiment-schemas';
import { ciPoint, diffRows, learningCurves, methodsOf, runsBySeed, successRows } from './results-data';
import { ChartFigure as Figure } from '../components/ChartFigure';

const COLORS = ['#4f8cff', '#f5a524', '#3ecf8e', '#e5484d', '#a78bfa', '#22d3ee'];
const WIDTH = 420;
const HEIGHT = 220;
const percent = (v: unknown) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : Array.isArray(v) ? v.map((x) => `${(100 * Number(x)).toFixed(1)}%`).join(' – ') : String(v));

type CiRow = { method: string; withRules: number | null; withRulesErr: [number, number] | null; withoutRules: number | null; withoutRulesErr: [number, number] | null };

function CiBars({ title, rows, domain, note }: { title: string; rows: CiRow[]; domain: [number, number]; note: string }) {
  return (
    <Figure title={title} note={note}>
      <BarChart width={WIDTH} height={HEIGHT} data={rows}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="method" />
        <YAxis width={48} domain={domain} tickFormatter={(v: number) => `${Math.round(100 * v)}%`} />
        <Tooltip formatter={percent} />
        <Legend />
        <ReferenceLine y={0} stroke="#94a3b8" />
        <Bar dataKey="withRules" name="with rules" fill={COLORS[0]} isAnimationActive={false}>
          <ErrorBar dataKey="withRulesErr" width={6} stroke="#e2e8f0" strokeWidth={1.5} />
        </Bar>
        <Bar dataKey="withoutRules" name="without rules" fill={COLORS[1]} isAnimationActive={false}>
          <ErrorBar dataKey="withoutRulesErr" width={6} stroke="#e2e8f0" strokeWidth={1.5} />
        </Bar>
      </BarChart>
    </Figure>
  );
}

function scoreRows(experiment: ExperimentRecord): CiRow[] {
  return methodsOf(experiment).map((method) => {
    const m = experiment.results.methods[method]!;
    const w = ciPoint(m.score.withRules);
    const wo = ciPoint(m.score.withoutRules);
    return { method, withRules: w.mean, withRulesErr: w.err, withoutRules: wo.mean, withoutRulesErr: wo.err };
  });
}

/** Training success over episodes: mean over seeds (line) and the seeds' range (band). */
function LearningCurves({ experiment }: { experiment: ExperimentRecord }) {
  const methods = methodsOf(experiment).filter((m) => m !== 'base'); // base does not train
  const series = useLiveQuery(
    () =>
      Promise.all(
        methods.flatMap((method) =>
          runsBySeed(experiment, method)
            .filter((r) => r.runId)
            .map(async (r) => ({
              method,
              points: (await db.metrics.where('[runId+name]').equals([r.runId!, 'charts/train_success']).toArray()).map((m) => ({ episodes: m.episodes, value: m.value })),
            })),
        ),
      ),
    [experiment.id],
  );
  if (!series) return null;
  const rows = learningCurves(series);
  return (
    <Figure title="Learning curves" note={`Training success per iteration against episodes played: the line is the mean over seeds, the band the lowest to highest seed. ${methods.length === 0 ? 'Only base was run, and it does not train.' : ''}`}>
      <ComposedChart width={WIDTH} height={HEIGHT} data={rows}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="episodes" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
        <YAxis width={48} domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(100 * v)}%`} />
        <Tooltip formatter={percent} />
        <Legend />
        {methods.map((method: Method, i) => (
          <Area key={`${method} band`} dataKey={`${method} band`} name={`${method} (seed range)`} stroke="none" fill={COLORS[i % COLORS.length]} fillOpacity={0.2} isAnimationActive={false} legendType="none" />
        ))}
        {methods.map((method: Method, i) => (
          <Line key={method} dataKey={method} name={method} stroke={COLORS[i % COLORS.length]} dot isAnimationActive={false} />
        ))}
      </ComposedChart>
    </Figure>
  );
}

export function ResultsCharts({ experiment }: { experiment: ExperimentRecord }) {
  const diffs = diffRows(experiment);
  const seeds = experiment.plan.seeds.length;
  const ciNote = `Means over ${seeds} seed${seeds === 1 ? '' : 's'}; bars show the 95% confidence interval (Student's t).`;
  return (
    <div className="charts">
      <CiBars title="Held-out success with 95% CI" rows={successRows(experiment)} domain={[0, 1]} note={ciNote} />
      {experiment.plan.env === 'webshop' && <CiBars title="Held-out score with 95% CI" rows={scoreRows(experiment)} domain={[0, 1]} note="WebShop's final reward (partial credit for a partly matching product)." />}
      {diffs.length > 0 && <CiBars title="Paired difference to base" rows={diffs} domain={[-1, 1]} note="Each method's success minus base's, seed by seed; 95% interval of the paired differences." />}
      <LearningCurves experiment={experiment} />
    </div>
  );
}
