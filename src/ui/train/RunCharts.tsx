/**
 * Live charts of one run from its stored metric rows (the same rows as metrics.csv): success,
 * reward, policy losses, the pool by status and rule operations per iteration. The query re-runs
 * once per committed iteration, not per episode, and animations are off, so the main thread stays
 * smooth while the worker trains.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { db } from '../../db/instance';
import { useTrainStore } from '../../store/train-store';
import { type MetricPoint, namesWithPrefix, seriesRows } from './run-stats';

const COLORS = ['#4f8cff', '#f5a524', '#3ecf8e', '#e5484d', '#a78bfa', '#22d3ee'];
const WIDTH = 340;
const HEIGHT = 180;

function label(name: string): string {
  return name.replace(/^(charts|losses|rules|eval)\//, '');
}

function Lines({ title, rows, names, domain }: { title: string; rows: MetricPoint[]; names: string[]; domain?: [number, number] }) {
  const present = names.filter((n) => rows.some((r) => r.name === n));
  if (present.length === 0) return null;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <LineChart width={WIDTH} height={HEIGHT} data={seriesRows(rows, present)}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="iteration" />
        <YAxis width={40} {...(domain ? { domain } : {})} />
        <Tooltip />
        <Legend />
        {present.map((n, i) => (
          <Line key={n} dataKey={n} name={label(n)} stroke={COLORS[i % COLORS.length]} dot isAnimationActive={false} connectNulls />
        ))}
      </LineChart>
    </figure>
  );
}

function Bars({ title, rows, names }: { title: string; rows: MetricPoint[]; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
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
    </figure>
  );
}

export function RunCharts({ runId }: { runId: string }) {
  const commits = useTrainStore((s) => s.commits);
  const rows = useLiveQuery(() => db.metrics.where('runId').equals(runId).toArray(), [runId, commits]);
  if (!rows) return null;
  if (rows.length === 0) return <p className="muted">Charts appear once the first iteration is committed.</p>;
  return (
    <div className="charts" data-testid="train-charts">
      <Lines title="Success" rows={rows} names={['charts/train_success', 'eval/success_with_rules', 'eval/success_without_rules']} domain={[0, 1]} />
      <Lines title="Reward" rows={rows} names={['charts/train_reward']} domain={[0, 1]} />
      <Lines title="Policy update" rows={rows} names={['losses/policy_loss', 'losses/kl', 'losses/adapter_norm']} />
      <Lines title="Rule pool" rows={rows} names={['rules/active', 'rules/absorbed', 'rules/removed', 'rules/pinned']} />
      <Bars title="Rule operations" rows={rows} names={namesWithPrefix(rows, 'rules/ops/')} />
    </div>
  );
}
