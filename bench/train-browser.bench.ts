/**
 * Training in the browser against training in Node, on one config, in one run: the Lab in Chromium
 * (WASM, the lab's own worker, started with its Start button) and the CLI's cell (runCell,
 * onnxruntime-node on one thread) train the same tiny JERP run. The Lab runs twice: with its
 * default WASM threads (the cores but one, leaving one to the page) and with every core
 * (`?threads=N`). Reported for each: the time from opening the Lab until the model it loads in the
 * background has loaded, the time from pressing Start to the first chart point (the model loaded by
 * then: benches press Start once it has), training episodes per minute from the committed
 * iterations' wall-clock, the longest main-thread task from Start to the run's end, and the commit
 * time of an iteration.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCell } from '../cli/lib/cell';
import { defaultRunConfig, type RunConfig } from '../src/core/learn/config';
import { storedRows } from '../e2e/idb';
import type { Benchmark, BenchRow } from './types';
import { commitTimes, launchChromium, longTasksSince, median, openLabOnWasm, prepareJerpRun, recordCommitTimes, waitForRunStatus, withServedLab } from './served-lab';

const GROUP = 2;
const EPISODES = 8;

interface BrowserTiming {
  threads: number;
  /** From navigation to the Lab's background model load having finished (its load and warm-up). */
  modelLoadedMs: number;
  firstPointMs: number;
  trainSeconds: number;
  episodes: number;
  trainSuccess: number[];
  /** Main-thread long tasks (over 50 ms, the Long Tasks API) from the Start click to the run's end: the model load, the charts' first draw and every commit. */
  longTasks: number[];
  /** Main-thread long tasks while the page opened, before Start (module evaluation, the first render, the charts' first draw). */
  openingTasks: number[];
  commitMs: number[];
}

async function trainInChromium(url: string, threads?: number): Promise<BrowserTiming> {
  const browser = await launchChromium();
  try {
    const page = await openLabOnWasm(browser, url, threads ? `&threads=${threads}` : '');
    await recordCommitTimes(page);
    // A person reads the form before pressing Start: the page's own opening work (the charts' first draw
    // among it) is done by then, and is reported on its own.
    const { panel, modelLoadedAtMs } = await prepareJerpRun(page, { group: GROUP, episodes: EPISODES });
    const started = Date.now();
    const from = await page.evaluate(() => performance.now());
    const openingTasks = await longTasksSince(page, 0, from);
    await panel.getByRole('button', { name: 'Start' }).click();
    await panel.getByRole('figure', { name: 'Success rate' }).locator('.recharts-line-dot').first().waitFor({ timeout: 600_000 });
    const firstPointMs = Date.now() - started;
    await waitForRunStatus(page, 'finished', 1_800_000);
    const longTasks = await longTasksSince(page, from);
    const statusBar = (await page.getByTestId('backend').textContent()) ?? '';
    const { runs: [run], metrics } = await storedRows(page, ['runs', 'metrics']);
    return {
      openingTasks,
      modelLoadedMs: modelLoadedAtMs,
      threads: Number(/(\d+) threads?/.exec(statusBar)?.[1] ?? Number.NaN),
      firstPointMs,
      longTasks,
      commitMs: await commitTimes(page),
      trainSeconds: Number(run.trainSeconds),
      episodes: Number(run.episodesDone),
      trainSuccess: metrics
        .filter((m) => m.name === 'charts/train_success')
        .sort((a, b) => Number(a.iteration) - Number(b.iteration))
        .map((m) => Number(m.value)),
    };
  } finally {
    await browser.close();
  }
}

function rowsFor(label: string, timing: BrowserTiming, nodeRate: number): BenchRow[] {
  const rate = (timing.episodes / timing.trainSeconds) * 60;
  return [
    { metric: `${label}: Lab opened to its model loaded in the background (load and warm-up)`, value: timing.modelLoadedMs / 1000, unit: 's' },
    { metric: `${label}: Start to first chart point (1 iteration of ${GROUP} episodes; the model loaded before Start)`, value: timing.firstPointMs / 1000, unit: 's' },
    {
      metric: `${label}: training episodes/min (jerp, G=${GROUP}, ${EPISODES} episodes, ALFWorld)`,
      value: rate,
      unit: 'episodes/min',
      note: `${(rate / nodeRate).toFixed(2)}x Node; train success per iteration ${timing.trainSuccess.map((x) => x.toFixed(2)).join(' ')}`,
    },
    {
      metric: `${label}: longest main-thread task while training (Start to the run's end)`,
      value: Math.max(0, ...timing.longTasks),
      unit: 'ms',
      note: `${timing.longTasks.length} tasks over 50 ms (Long Tasks API)`,
    },
    {
      metric: `${label}: longest main-thread task while the Lab opens (before Start)`,
      value: Math.max(0, ...timing.openingTasks),
      unit: 'ms',
      note: `${timing.openingTasks.length} tasks over 50 ms`,
    },
    { metric: `${label}: committing one iteration to IndexedDB (median of ${timing.commitMs.length})`, value: median(timing.commitMs), unit: 'ms', note: `max ${Math.max(...timing.commitMs).toFixed(0)} ms` },
  ];
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
    const nodeRate = (EPISODES / nodeSeconds) * 60;

    return withServedLab(async (url) => {
      const lab = await trainInChromium(url);
      // Chromium's navigator.hardwareConcurrency: the machine's logical cores.
      const cores = cpus().length;
      const allCores = await trainInChromium(url, cores);
      return [
        ...rowsFor(`Chromium WASM, ${lab.threads} thread(s) (default: the cores but one)`, lab, nodeRate),
        ...rowsFor(`Chromium WASM, ${allCores.threads} thread(s) (every core, ?threads=${cores})`, allCores, nodeRate),
        { metric: 'training episodes/min, Node CPU, 1 thread (the same config, runCell)', value: nodeRate, unit: 'episodes/min' },
      ];
    });
  },
};

export default bench;
