import { describe, expect, it } from 'vitest';
import { mainThreadTasks, wasmTopTierCpu } from './trace-tasks';

const MAIN = { pid: 1, tid: 10 };
const OTHER = { pid: 1, tid: 11 };
const meta = [
  { name: 'thread_name', ph: 'M', ...MAIN, ts: 0, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', ...OTHER, ts: 0, args: { name: 'DedicatedWorker thread' } },
];

describe('mainThreadTasks', () => {
  it('gives each main-thread task its wall time, CPU time and the GC inside it', () => {
    const trace = {
      traceEvents: [
        ...meta,
        { name: 'RunTask', ph: 'X', ...MAIN, ts: 1_000_000, dur: 5_000, tdur: 4_000 },
        { name: 'RunTask', ph: 'X', ...MAIN, ts: 1_100_000, dur: 69_000, tdur: 29_000 },
        { name: 'MinorGC', ph: 'X', ...MAIN, ts: 1_110_000, dur: 3_000 },
        { name: 'RunTask', ph: 'X', ...MAIN, ts: 1_300_000, dur: 77_000, tdur: 38_000 },
        { name: 'MajorGC', ph: 'X', ...MAIN, ts: 1_301_000, dur: 70_000 },
        // Another thread's long task is not the page's.
        { name: 'RunTask', ph: 'X', ...OTHER, ts: 1_100_000, dur: 900_000, tdur: 880_000 },
      ],
    };
    expect(mainThreadTasks(trace, 50)).toEqual([
      { at: 100, wallMs: 69, cpuMs: 29, gcMs: 3 },
      { at: 300, wallMs: 77, cpuMs: 38, gcMs: 70 },
    ]);
    expect(mainThreadTasks(trace, 0)).toHaveLength(3);
  });

  it('marks a task without thread time as NaN rather than zero', () => {
    const [task] = mainThreadTasks([...meta, { name: 'RunTask', ph: 'X', ...MAIN, ts: 0, dur: 60_000 }], 50);
    expect(task.cpuMs).toBeNaN();
  });

  it('says so when the trace has no renderer main thread', () => {
    expect(() => mainThreadTasks([], 50)).toThrow(/CrRendererMain/);
  });
});

describe('wasmTopTierCpu', () => {
  it("sums the optimizing compile's thread time on every thread, split where each slice starts", () => {
    const POOL = { pid: 1, tid: 12 };
    const events = [
      ...meta,
      { name: 'wasm.TopTierCompilation', ph: 'X', ...POOL, ts: 1_000, dur: 9_000, tdur: 8_000 },
      { name: 'wasm.TopTierCompilation', ph: 'X', ...OTHER, ts: 4_000, dur: 2_000, tdur: 1_500 },
      // Starts before the split and ends after it: counted before.
      { name: 'wasm.TopTierCompilation', ph: 'X', ...POOL, ts: 9_500, dur: 3_000, tdur: 3_000 },
      { name: 'wasm.TopTierCompilation', ph: 'X', ...POOL, ts: 20_000, dur: 5_000, tdur: 4_000 },
      // No thread time in the trace: its wall time stands in.
      { name: 'wasm.TopTierCompilation', ph: 'X', ...POOL, ts: 30_000, dur: 2_000 },
      // The baseline compile and other slices are not the optimizing tier's.
      { name: 'wasm.CompileBaseline', ph: 'X', ...POOL, ts: 21_000, dur: 50_000, tdur: 50_000 },
      { name: 'RunTask', ph: 'X', ...MAIN, ts: 22_000, dur: 70_000, tdur: 60_000 },
    ];
    expect(wasmTopTierCpu(events, 10_000)).toEqual({ beforeMs: 12.5, afterMs: 6 });
    expect(wasmTopTierCpu({ traceEvents: events }, 0)).toEqual({ beforeMs: 0, afterMs: 18.5 });
  });
});
