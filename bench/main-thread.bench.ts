/**
 * What the page's long tasks are made of while the worker trains: the tiny run of train-browser
 * (ALFWorld, jerp, G = 2, 8 episodes, WASM on the default threads), traced in Chromium from the Start
 * click to the run's end. For the main thread's tasks over 50 ms of wall time it reports their CPU
 * (thread) time and how much of them was garbage collection, next to what the Long Tasks API (the
 * other benches' measure) saw in the same run: the API does not report V8's GC tasks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, longTasksSince, openLabOnWasm, prepareJerpRun, waitForRunStatus, withServedLab } from './served-lab';
import { type MainThreadTask, mainThreadTasks } from './trace-tasks';
import type { Benchmark, BenchRow } from './types';

const LONG_MS = 50;
const TRACE_SETTLE_MS = 1000;

const bench: Benchmark = {
  name: 'main-thread',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'jerp-bench-trace-'));
    const tracePath = join(dir, 'trace.json');
    try {
      return await withServedLab(async (url) => {
        const browser = await launchChromium();
        try {
          const page = await openLabOnWasm(browser, url);
          const { panel } = await prepareJerpRun(page, { group: 2, episodes: 8 });
          // `disabled-by-default-devtools.timeline` gives each task its thread time (tdur).
          await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
          // Tracing starts with a task of its own on the main thread (~100 ms, at its first ms): it is not
          // the page's, and Start is pressed once it has passed.
          await page.waitForTimeout(TRACE_SETTLE_MS);
          const from = await page.evaluate(() => performance.now());
          await panel.getByRole('button', { name: 'Start' }).click();
          await waitForRunStatus(page, 'finished', 1_800_000);
          await browser.stopTracing();
          const apiTasks = await longTasksSince(page, from);
          const traced = mainThreadTasks(JSON.parse(readFileSync(tracePath, 'utf8')), 0).filter((t) => t.at > TRACE_SETTLE_MS / 2);
          const long = traced.filter((t) => t.wallMs > LONG_MS);
          const mostlyGc = (t: MainThreadTask) => t.gcMs > t.wallMs / 2;
          const gcLong = long.filter(mostlyGc);
          const worst = long.reduce<(typeof long)[number] | undefined>((a, t) => (a && a.wallMs >= t.wallMs ? a : t), undefined);
          const maxCpu = Math.max(0, ...traced.map((t) => t.cpuMs).filter((x) => Number.isFinite(x)));
          return [
            {
              metric: 'main-thread tasks over 50 ms, traced (Start to the run\'s end)',
              value: long.length,
              unit: 'tasks',
              note: `${gcLong.length} of them mostly garbage collection; wall/CPU ms: ${long.map((t) => `${t.wallMs.toFixed(0)}/${t.cpuMs.toFixed(0)}${mostlyGc(t) ? ' (GC)' : ''}`).join(', ') || 'none'}`,
            },
            { metric: 'the longest traced task: wall time', value: worst?.wallMs ?? 0, unit: 'ms', note: worst ? `CPU ${worst.cpuMs.toFixed(0)} ms, GC ${worst.gcMs.toFixed(0)} ms` : 'no task over 50 ms' },
            { metric: 'the most CPU time of any main-thread task', value: maxCpu, unit: 'ms', note: `${traced.length} tasks traced` },
            { metric: 'tasks over 50 ms seen by the Long Tasks API in the same run', value: apiTasks.length, unit: 'tasks', note: `longest ${Math.max(0, ...apiTasks).toFixed(0)} ms` },
          ];
        } finally {
          await browser.close();
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
