/**
 * One metric of the runs a person ticked, on one chart: a line per run, or, with "Group seeds", a
 * mean line and a min–max band per configuration (the runs that differ only by seed).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { db } from '../../db/instance';
import type { RunRecord } from '../../db/schema';
import { ZERO_BASED_DOMAIN } from '../train/run-stats';
import { perRunRows, seedBandRows, seedGroups } from './overlay';

const COLORS = ['#4f8cff', '#f5a524', '#3ecf8e', '#e5484d', '#a78bfa', '#22d3ee', '#f472b6', '#94a3b8'];
const DEFAULT_METRIC = 'charts/train_success';

export function MetricOverlay({ runs }: { runs: RunRecord[] }) {
  const [metric, setMetric] = useState(DEFAULT_METRIC);
  const [grouped, setGrouped] = useState(false);
  const ids = runs.map((r) => r.id);
  const rows = useLiveQuery(() => db.metrics.where('runId').anyOf(ids).toArray(), [ids.join('\u0000')]);
  if (runs.length === 0) return <p className="muted">Tick runs in the table to overlay one of their metrics here.</p>;
  if (!rows) return null;
  const names = [...new Set(rows.map((r) => r.name))].sort();
  const shown = names.includes(metric) ? metric : (names[0] ?? metric);
  const groups = seedGroups(runs);
  return (
    <figure className="chart overlay" aria-label="Metric across runs">
      <figcaption>
        <label>
          Metric{' '}
          <select aria-label="Metric" value={shown} onChange={(e) => setMetric(e.target.value)}>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} /> Group seeds (mean and min–max band)
        </label>
      </figcaption>
      <div className="overlay-plot">
        <ComposedChart width={640} height={260} data={(grouped ? seedBandRows(rows, shown, groups) : perRunRows(rows, shown, ids)) as Array<Record<string, unknown>>}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="iteration" />
          {/* A metric that is 0 throughout gets the unit range, not recharts' 0–4. */}
          <YAxis width={48} domain={ZERO_BASED_DOMAIN} />
          <Tooltip formatter={(v) => (Array.isArray(v) ? v.map((x) => Number(x).toFixed(3)).join(' – ') : typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <Legend />
          {grouped
            ? groups.flatMap((g, i) => [
                <Area key={`${g.key}:band`} dataKey={`${g.key}:band`} name={`${g.label} range`} stroke="none" fill={COLORS[i % COLORS.length]} fillOpacity={0.2} isAnimationActive={false} connectNulls legendType="none" />,
                <Line key={g.key} dataKey={g.key} name={g.label} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls />,
              ])
            : runs.map((run, i) => <Line key={run.id} dataKey={run.id} name={`${run.name} (${new Date(run.createdAt).toLocaleTimeString()})`} stroke={COLORS[i % COLORS.length]} dot isAnimationActive={false} connectNulls />)}
        </ComposedChart>
      </div>
    </figure>
  );
}
