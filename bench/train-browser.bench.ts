/**
 * Training in the browser against training in Node, on one config, in one run: the Lab in Chromium
 * (WASM, the lab's own worker, started with its Start button) and the CLI's cell (runCell,
 * onnxruntime-node on one thread) train the same tiny JERP run. Reported: the time from pressing
 * Start to the first chart point (model load included, as a person waits for it), and training
 * episodes per minute from each side's own wall-clock of the committed iterations.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { runCell } from '../cli/lib/cell';
import { defaultRunConfig, type RunConfig } from '../src/core/learn/config';
// @ts-expect-error plain ESM helper without type declarations
import { findChromium, OFFLINE_CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { storedRows } from '../e2e/idb';
import type { Benchmark, BenchRow } from './types';
import { freePort } from './free-port';

const GROUP = 2;
const EPISODES = 8;

interface BrowserTiming {
  firstPointMs: number;
  trainSeconds: number;
  episodes: number;
  trainSuccess: number[];
  /** Main-thread long tasks (over 50 ms, the Long Tasks API) while the worker trained, after the first chart point. */
  longTasks: number[];
}

async function trainInChromium(url: string): Promise<BrowserTiming> {
  const browser = await chromium.launch({ executablePath: (findChromium as () => string | null)() ?? undefined, args: OFFLINE_CHROMIUM_ARGS as string[] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Every main-thread task over 50 ms, with when it started.
    await page.addInitScript(() => {
      const tasks: Array<{ start: number; duration: number }> = [];
      (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${url}?backend=wasm#/lab`);
    const panel = page.getByRole('article', { name: 'Train' });
    await panel.getByLabel('Method').selectOption('jerp');
    await panel.getByLabel('Group size').fill(String(GROUP));
    await panel.getByLabel('Episodes').selectOption(String(EPISODES));
    await panel.getByLabel('Held-out tasks').fill('1');
    const started = Date.now();
    await panel.getByRole('button', { name: 'Start' }).click();
    await panel.getByRole('figure', { name: 'Success rate' }).locator('.recharts-line-dot').first().waitFor({ timeout: 600_000 });
    const firstPointMs = Date.now() - started;
    const from = await page.evaluate(() => performance.now());
    await panel.getByTestId('train-run-status').filter({ hasText: /^finished$/ }).waitFor({ timeout: 1_800_000 });
    const longTasks = await page.evaluate((t) => (window as unknown as { __longTasks: Array<{ start: number; duration: number }> }).__longTasks.filter((x) => x.start >= t).map((x) => x.duration), from);
    return {
      firstPointMs,
      longTasks,
      ...(await storedRows(page, ['runs', 'metrics']).then(({ runs: [run], metrics }) => ({
        trainSeconds: Number(run.trainSeconds),
        episodes: Number(run.episodesDone),
        trainSuccess: metrics
          .filter((m) => m.name === 'charts/train_success')
          .sort((a, b) => Number(a.iteration) - Number(b.iteration))
          .map((m) => Number(m.value)),
      }))),
    };
  } finally {
    await browser.close();
  }
}

const bench: Benchmark = {
  name: 'train-browser',
  async run(): Promise<BenchRow[]> {
    if (!existsSync('public/models/jerp-tiny/config.json')) throw new Error('the embedded model is missing (npm run model:build)');
    const base = defaultRunConfig('alfworld', 'jerp', 1);
    const config: RunConfig = { ...base, episodes: EPISODES, groupSize: GROUP, tasks: { ...base.tasks, heldOutLimit: 1 } };

    const dir = mkdtempSync(join(tmpdir(), 'jerp-bench-train-'));
    let nodeSeconds: number;
    try {
      const evaluation = await runCell({ config, dir, resume: false });
      nodeSeconds = evaluation.seconds.train;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
    const port = await freePort();
    const server = spawn('node', ['scripts/serve.mjs', '--port', String(port)], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 800));
      const browser = await trainInChromium(`http://127.0.0.1:${port}/`);
      const browserRate = (browser.episodes / browser.trainSeconds) * 60;
      const nodeRate = (EPISODES / nodeSeconds) * 60;
      return [
        { metric: `Start to first chart point, Chromium WASM (model load + 1 iteration of ${GROUP} episodes)`, value: browser.firstPointMs / 1000, unit: 's' },
        {
          metric: `training episodes/min, Chromium WASM (jerp, G=${GROUP}, ${EPISODES} episodes, ALFWorld)`,
          value: browserRate,
          unit: 'episodes/min',
          note: `${(browserRate / nodeRate).toFixed(2)}x Node; train success per iteration ${browser.trainSuccess.map((x) => x.toFixed(2)).join(' ')}`,
        },
        { metric: 'training episodes/min, Node CPU, 1 thread (the same config, runCell)', value: nodeRate, unit: 'episodes/min' },
        {
          metric: 'longest main-thread task while training (after the first chart point)',
          value: Math.max(0, ...browser.longTasks),
          unit: 'ms',
          note: `${browser.longTasks.length} tasks over 50 ms (Long Tasks API)`,
        },
      ];
    } finally {
      server.kill();
    }
  },
};

export default bench;
