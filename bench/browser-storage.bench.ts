/**
 * A long run in the Lab: 1,024 training episodes of JERP on ALFWorld (G = 8, 128 iterations),
 * trained in Chromium (WASM) by the lab's own worker and committed to IndexedDB as a person's run
 * is. Episodes are cut at a few steps so the run fits a benchmark's time; bytes are also reported
 * per stored step, which is what grows with episode length. Reported after the run: IndexedDB
 * bytes, the page's JS heap after a garbage collection, the commit time of an iteration early and
 * late in the run (does it grow with the stored data?), and the main thread's longest task.
 */
import { existsSync } from 'node:fs';
import { storedRows } from '../e2e/idb';
import type { Benchmark, BenchRow } from './types';
import { commitTimes, launchChromium, longTasksSince, median, openLabOnWasm, prepareJerpRun, recordCommitTimes, waitForRunStatus, withServedLab } from './served-lab';

const EPISODES = 1024;
const GROUP = 8;
const STEPS = 4;

const MiB = 1024 * 1024;

const bench: Benchmark = {
  name: 'browser-storage',
  async run(): Promise<BenchRow[]> {
    if (!existsSync('public/models/jerp-tiny/config.json')) throw new Error('the embedded model is missing (npm run model:build)');
    return withServedLab(async (url) => {
      const browser = await launchChromium();
      try {
        const page = await openLabOnWasm(browser, url);
        await recordCommitTimes(page);
        const idbBytes = () =>
          page.evaluate(async () => {
            const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
            return { usage: e.usage ?? 0, indexedDB: e.usageDetails?.indexedDB };
          });
        const before = await idbBytes();
        // Long tasks count from the Start click on (the model has loaded by then: prepareJerpRun): the first commit is part of a run.
        const { panel } = await prepareJerpRun(page, { group: GROUP, episodes: EPISODES, steps: STEPS });
        const from = await page.evaluate(() => performance.now());
        await panel.getByRole('button', { name: 'Start' }).click();
        await waitForRunStatus(page, 'finished', 3_600_000);
        const wallSeconds = (await page.evaluate(() => performance.now()) - from) / 1000;
        const longTasks = await longTasksSince(page, from);
        const commits = await commitTimes(page);

        const estimate = await idbBytes();
        const { runs: [run], runEpisodes, runCheckpoints, metrics } = await storedRows(page, ['runs', 'runEpisodes', 'runCheckpoints', 'metrics']);
        const steps = runEpisodes.reduce((sum, e) => sum + (e.steps as unknown[]).length, 0);
        // What the bytes are made of, as JSON text (IndexedDB stores structured clones, compressed).
        const jsonMiB = (rows: unknown[]) => rows.reduce<number>((sum, row) => sum + JSON.stringify(row).length, 0) / MiB;
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
        const bytes = estimate.indexedDB !== undefined ? estimate.indexedDB - (before.indexedDB ?? 0) : estimate.usage - before.usage;
        const early = median(commits.slice(0, 10));
        const late = median(commits.slice(-10));
        return [
          {
            metric: `IndexedDB after ${run.episodesDone} training episodes (${runEpisodes.length} stored with the held-out ones, ${steps} steps; jerp, G=${GROUP}, at most ${STEPS} steps each)`,
            value: bytes / MiB,
            unit: 'MiB',
            note:
              `${((bytes / runEpisodes.length) / 1024).toFixed(1)} KiB per episode (${estimate.indexedDB !== undefined ? 'usageDetails.indexedDB' : 'storage usage'}); ` +
              `as JSON: episodes ${jsonMiB(runEpisodes).toFixed(1)} MiB (${((jsonMiB(runEpisodes) * 1024) / steps).toFixed(2)} KiB per step), ` +
              `${runCheckpoints.length} checkpoints ${jsonMiB(runCheckpoints).toFixed(1)} MiB, ${metrics.length} metric rows ${jsonMiB(metrics).toFixed(1)} MiB`,
          },
          { metric: 'the page\'s JS heap after the run (after a garbage collection)', value: usedSize / MiB, unit: 'MiB' },
          {
            metric: `committing one iteration to IndexedDB, median of the last 10 of ${commits.length}`,
            value: late,
            unit: 'ms',
            note: `first 10: ${early.toFixed(0)} ms; slowest ${Math.max(...commits).toFixed(0)} ms`,
          },
          {
            metric: 'longest main-thread task while training (Start to the run\'s end)',
            value: Math.max(0, ...longTasks),
            unit: 'ms',
            note: `${longTasks.length} tasks over 50 ms in ${(wallSeconds / 60).toFixed(1)} min (Long Tasks API)`,
          },
          { metric: 'training episodes/min over the run', value: (Number(run.episodesDone) / Number(run.trainSeconds)) * 60, unit: 'episodes/min' },
        ];
      } finally {
        await browser.close();
      }
    }, '/tmp/jerp-bench-storage-dist');
  },
};

export default bench;
