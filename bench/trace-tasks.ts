/**
 * Reads a Chromium trace (the JSON of `browser.startTracing`) for the page's main thread: each task's
 * wall time and thread (CPU) time, and the garbage collection inside it. A task's wall time minus its
 * CPU time is time the OS gave its core to other threads: on a machine with few cores, a task can be
 * long without doing much.
 */

export interface MainThreadTask {
  /** Start, ms after the trace's first main-thread task. */
  at: number;
  wallMs: number;
  /** Thread time (the trace's `tdur`); NaN where the trace has none. */
  cpuMs: number;
  /** Wall time of V8's garbage collections (MajorGC, MinorGC) inside the task. */
  gcMs: number;
}

/** A Chromium trace event, as far as these readers look at it. */
export interface TraceEvent {
  name: string;
  ph?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The renderer main thread's tasks of at least `minMs` wall time, in order. */
export function mainThreadTasks(trace: { traceEvents: TraceEvent[] } | TraceEvent[], minMs: number): MainThreadTask[] {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('the trace has no renderer main thread (CrRendererMain)');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === 'RunTask');
  if (tasks.length === 0) return [];
  const gcs = onMain.filter((e) => e.name === 'MajorGC' || e.name === 'MinorGC');
  const t0 = Math.min(...tasks.map((e) => e.ts));
  return tasks
    .filter((task) => (task.dur ?? 0) >= minMs * 1000)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0);
      const gcUs = gcs.filter((g) => g.ts >= task.ts && g.ts < end).reduce((sum, g) => sum + (g.dur ?? 0), 0);
      return { at: (task.ts - t0) / 1000, wallMs: (task.dur ?? 0) / 1000, cpuMs: task.tdur === undefined ? Number.NaN : task.tdur / 1000, gcMs: gcUs / 1000 };
    });
}

/** CPU time V8 spent compiling wasm functions to its optimizing tier (TurboFan), before and after a moment. */
export interface WasmTopTierCpu {
  beforeMs: number;
  afterMs: number;
}

/**
 * Sums the trace's `wasm.TopTierCompilation` slices (category v8.wasm), on whatever thread ran them
 * (the renderer's thread pool), split at `splitTs` (trace µs) by where each slice starts. Chromium
 * first compiles a wasm module with its baseline compiler and recompiles hot functions with
 * TurboFan while they run: the CPU that recompile takes from the page is what this measures.
 */
export function wasmTopTierCpu(trace: { traceEvents: TraceEvent[] } | TraceEvent[], splitTs: number): WasmTopTierCpu {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  let before = 0;
  let after = 0;
  for (const e of events) {
    if (e.name !== 'wasm.TopTierCompilation' || e.ph !== 'X') continue;
    const cpu = e.tdur ?? e.dur ?? 0;
    if (e.ts < splitTs) before += cpu;
    else after += cpu;
  }
  return { beforeMs: before / 1000, afterMs: after / 1000 };
}
