/**
 * A returning visit: the Lab opened twice in one browser profile, as a person comes back to it. Each
 * visit loads the embedded model in the background (as the Lab does when it opens), then trains the
 * tiny run of the other browser benches. Between the visits Chromium closes; its profile stays, the
 * HTTP cache with it, and Chromium's code cache for a wasm module compiled by streaming from it.
 *
 * Reported for each visit: the time from opening the Lab to the model loaded, the CPU that V8's
 * optimizing recompile of ONNX Runtime's wasm took on the renderer's thread pool (from a trace,
 * before Start and from Start to the run's end), the time from Start to the first chart point, and
 * the main thread's long tasks while training. After the first visit: what the origin keeps in
 * Cache Storage (it counts against the storage quota the Lab shows).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright';
import type { Benchmark, BenchRow } from './types';
import { launchChromiumProfile, longTasksSince, observeLongTasks, prepareJerpRun, waitForBackgroundLoad, waitForRunStatus, withServedLab } from './served-lab';
import { type TraceEvent, type WasmTopTierCpu, wasmTopTierCpu } from './trace-tasks';

const GROUP = 2;
const EPISODES = 8;
const START_MARK = 'jerp-bench-start';

interface Visit {
  /** From navigation to the Lab's card saying the model is loaded (page time). */
  modelLoadedMs: number;
  /** The load as the worker timed it (the card's figure): fetching, compiling and instantiating ONNX Runtime, the session, the warm-up. */
  workerLoadMs: number;
  topTier: WasmTopTierCpu;
  firstPointMs: number;
  longTasks: number[];
  cacheStorageBytes: number;
}

/**
 * Traces the page's renderer through CDP (a kept profile has no `browser.startTracing`): the wasm
 * compile (v8.wasm) and the page's performance marks. Returns the function that stops it.
 */
async function startTrace(page: Page): Promise<() => Promise<TraceEvent[]>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['v8.wasm', 'blink.user_timing'] }, transferMode: 'ReportEvents' });
  return async () => {
    await cdp.send('Tracing.end');
    await complete;
    return events;
  };
}

async function visit(url: string, profileDir: string): Promise<Visit> {
  const context = await launchChromiumProfile(profileDir);
  try {
    // The Lab on WASM as openLabOnWasm opens it, with the trace started before the page loads.
    const page = await context.newPage();
    await observeLongTasks(page);
    const stopTrace = await startTrace(page);
    await page.goto(`${url}?backend=wasm#/lab`);
    // Read every 100 ms from navigation on, not after the form's settling time.
    const { at: modelLoadedMs, card } = await waitForBackgroundLoad(page, 100);
    const workerLoad = /\(([\d.]+) s\)/.exec(card);
    if (!workerLoad) throw new Error(`the Lab's card gives no load time: ${card}`);
    const { panel } = await prepareJerpRun(page, { group: GROUP, episodes: EPISODES });
    const from = await page.evaluate((mark) => {
      performance.mark(mark);
      return performance.now();
    }, START_MARK);
    const started = Date.now();
    await panel.getByRole('button', { name: 'Start' }).click();
    // The second visit opens on the first visit's run, its points drawn: wait for this run (its
    // iteration 0), its first commit, then its point (the charts are empty from Start until then).
    await panel.getByRole('status').filter({ hasText: /^Iteration 0 of/ }).waitFor({ timeout: 60_000 });
    await panel.getByRole('status').filter({ hasText: /^Iteration [1-9]/ }).waitFor({ timeout: 600_000 });
    await panel.getByRole('figure', { name: 'Success rate' }).locator('.recharts-line-dot').first().waitFor({ timeout: 600_000 });
    const firstPointMs = Date.now() - started;
    await waitForRunStatus(page, 'finished', 1_800_000);
    const longTasks = await longTasksSince(page, from);
    const cacheStorageBytes = await page.evaluate(async () => {
      const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { caches?: number } };
      return estimate.usageDetails?.caches ?? Number.NaN;
    });
    const events = await stopTrace();
    const mark = events.find((e) => e.name === START_MARK);
    if (!mark) throw new Error('the trace has no Start mark');
    return { modelLoadedMs, workerLoadMs: Number(workerLoad[1]) * 1000, topTier: wasmTopTierCpu(events, mark.ts), firstPointMs, longTasks, cacheStorageBytes };
  } finally {
    await context.close();
  }
}

function rowsFor(label: string, v: Visit): BenchRow[] {
  return [
    { metric: `${label}: Lab opened to its model loaded in the background`, value: v.modelLoadedMs / 1000, unit: 's' },
    { metric: `${label}: the model's load in the worker (the Lab's card)`, value: v.workerLoadMs / 1000, unit: 's' },
    {
      metric: `${label}: V8's optimizing recompile of ONNX Runtime's wasm, CPU on the renderer's thread pool, from opening to Start`,
      value: v.topTier.beforeMs,
      unit: 'ms',
    },
    { metric: `${label}: the same, from Start to the run's end`, value: v.topTier.afterMs, unit: 'ms' },
    { metric: `${label}: Start to first chart point`, value: v.firstPointMs / 1000, unit: 's' },
    {
      metric: `${label}: longest main-thread task while training (Start to the run's end)`,
      value: Math.max(0, ...v.longTasks),
      unit: 'ms',
      note: `${v.longTasks.length} tasks over 50 ms (Long Tasks API)`,
    },
  ];
}

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x the first visit` : '');

const bench: Benchmark = {
  name: 'revisit',
  async run(): Promise<BenchRow[]> {
    if (!existsSync('public/models/jerp-tiny/config.json')) throw new Error('the embedded model is missing (npm run model:build)');
    return withServedLab(async (url) => {
      const profileDir = mkdtempSync(join(tmpdir(), 'jerp-bench-profile-'));
      try {
        const first = await visit(url, profileDir);
        const second = await visit(url, profileDir);
        const secondTotal = second.topTier.beforeMs + second.topTier.afterMs;
        const firstTotal = first.topTier.beforeMs + first.topTier.afterMs;
        return [
          ...rowsFor('first visit (a new profile)', first),
          ...rowsFor('second visit (the same profile)', second),
          { metric: 'second visit: optimizing recompile CPU, whole visit', value: secondTotal, unit: 'ms', note: ratio(secondTotal, firstTotal) },
          { metric: "second visit: the model's load in the worker", value: second.workerLoadMs / 1000, unit: 's', note: ratio(second.workerLoadMs, first.workerLoadMs) },
          { metric: 'second visit: Start to first chart point', value: second.firstPointMs / 1000, unit: 's', note: ratio(second.firstPointMs, first.firstPointMs) },
          {
            metric: "the origin's Cache Storage after the first visit (counted in its storage usage)",
            value: first.cacheStorageBytes / (1024 * 1024),
            unit: 'MiB',
          },
        ];
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
    }, '/tmp/jerp-bench-revisit-dist');
  },
};

export default bench;
