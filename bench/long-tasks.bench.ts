/**
 * How often the page has a main-thread task over 50 ms while the worker trains: the tiny run of
 * train-browser (ALFWorld, jerp, G = 2, 8 episodes, WASM on the default threads) from Start to the
 * run's end, RUNS times, each in a fresh Chromium, untraced (tracing adds main-thread work of its
 * own). The Long Tasks API is the measure, as a page would see it; it does not report V8's GC tasks
 * (the main-thread bench traces those). One run rarely shows a long task: the count over several is
 * the figure to compare.
 */
import { launchChromium, longTasksSince, openLabOnWasm, prepareJerpRun, waitForRunStatus, withServedLab } from './served-lab';
import type { Benchmark, BenchRow } from './types';

const RUNS = 5;

async function longTasksOfOneRun(url: string): Promise<number[]> {
  const browser = await launchChromium();
  try {
    const page = await openLabOnWasm(browser, url);
    const { panel } = await prepareJerpRun(page, { group: 2, episodes: 8 });
    const from = await page.evaluate(() => performance.now());
    await panel.getByRole('button', { name: 'Start' }).click();
    await waitForRunStatus(page, 'finished', 1_800_000);
    return await longTasksSince(page, from);
  } finally {
    await browser.close();
  }
}

const bench: Benchmark = {
  name: 'long-tasks',
  async run(): Promise<BenchRow[]> {
    return withServedLab(async (url) => {
      const runs: number[][] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await longTasksOfOneRun(url));
      const all = runs.flat();
      return [
        {
          metric: `runs with a main-thread task over 50 ms while training (Long Tasks API, of ${RUNS})`,
          value: runs.filter((tasks) => tasks.length > 0).length,
          unit: 'runs',
          note: `per run: ${runs.map((tasks) => (tasks.length === 0 ? 'none' : tasks.map((d) => `${d.toFixed(0)} ms`).join(' + '))).join(' · ')}`,
        },
        { metric: 'the longest such task over all runs', value: Math.max(0, ...all), unit: 'ms', note: `${all.length} tasks over 50 ms in all` },
      ];
    });
  },
};

export default bench;
