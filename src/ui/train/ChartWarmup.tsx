/**
 * Draws one throwaway chart, hidden, while the page is idle after it opens, so that the first live
 * chart of a run does not pay for compiling the chart code. The first recharts chart a page draws
 * takes about four times as long as the next ones (its code runs for the first time); drawn during a
 * run, that first draw was the longest main-thread task of the run (about 200 ms on a 2-core
 * machine, while the worker held the other core). Once per page: later runs find the code compiled.
 */
import { useEffect, useState } from 'react';
import { Area, Bar, CartesianGrid, ComposedChart, Line, XAxis, YAxis } from 'recharts';
import { AxisTick } from '../components/AxisTick';

let warmed = false;

const ROWS = [
  { iteration: 1, a: 0.2, b: 1 },
  { iteration: 2, a: 0.5, b: 2 },
];

/** Schedules `run` when the page is idle (or soon, where requestIdleCallback is missing). */
function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 200);
  return () => clearTimeout(handle);
}

export function ChartWarmup() {
  const [phase, setPhase] = useState<'waiting' | 'drawing' | 'done'>(warmed ? 'done' : 'waiting');
  useEffect(() => {
    if (phase === 'waiting') return whenIdle(() => setPhase('drawing'));
    if (phase === 'drawing') {
      warmed = true;
      // Removed a task later: its own effects (recharts' store updates) have then run.
      const handle = setTimeout(() => setPhase('done'), 0);
      return () => clearTimeout(handle);
    }
  }, [phase]);
  if (phase !== 'drawing') return null;
  return (
    <div aria-hidden="true" className="chart-warmup">
      <ComposedChart width={120} height={80} data={ROWS}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="iteration" interval={0} tick={AxisTick} />
        <YAxis width={30} interval={0} tick={AxisTick} />
        <Area dataKey="b" stackId="s" type="step" isAnimationActive={false} />
        <Bar dataKey="b" isAnimationActive={false} />
        <Line dataKey="a" isAnimationActive={false} />
      </ComposedChart>
    </div>
  );
}
