/**
 * The Trajectories view in Chromium, on the production build:
 *  - the list with 10,000 stored episodes: a real CLI run is imported (e2e/fixtures), its episodes
 *    copied in IndexedDB to 10,000 (each copy keeps its first three steps, so the one-time indexing
 *    reads ~40 MB, not the ~600 MB of full 50-step copies), the view indexes them once, then the
 *    list is scrolled by 40 px per frame for 3 s and the frame intervals are recorded;
 *  - a counterfactual of one step (one rule taken out: two scorings of 49 candidates), uncached,
 *    on WASM and on WebGPU (SwiftShader here: a software adapter, so the figure shows the path
 *    works, not GPU speed). The first counterfactual of a session also loads the run's task source
 *    and the policy adapter's output table; the figure is the second, on another step.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright';
import type { Benchmark, BenchRow } from './types';
import { freePort } from './free-port';
import { launchChromium } from './served-lab';

const EPISODES = 10_000;
const RUN_ZIP = resolve('e2e/fixtures/trajectories-run.zip');

async function importRun(page: Page, url: string): Promise<string> {
  await page.goto(`${url}?backend=wasm#/runs`);
  await page.getByLabel('Import run').setInputFiles(RUN_ZIP);
  await page.getByTestId('runs-notice').getByText('Imported').waitFor({ timeout: 60_000 });
  return page.evaluate(async () => {
    const lab = indexedDB.open('jerp-lab');
    const db: IDBDatabase = await new Promise((ok, fail) => ((lab.onsuccess = () => ok(lab.result)), (lab.onerror = () => fail(lab.error))));
    const runs: Array<{ id: string }> = await new Promise((ok) => {
      const r = db.transaction('runs').objectStore('runs').getAll();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return runs[0].id;
  });
}

/** Copies the run's episodes (first three steps each) until the database holds `total`. */
async function fillEpisodes(page: Page, runId: string, total: number): Promise<void> {
  await page.evaluate(
    async ({ runId, total }) => {
      const open = indexedDB.open('jerp-lab');
      const db: IDBDatabase = await new Promise((ok, fail) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => fail(open.error))));
      const originals: Array<Record<string, unknown> & { id: string; steps: unknown[] }> = await new Promise((ok) => {
        const r = db.transaction('runEpisodes').objectStore('runEpisodes').getAll();
        r.onsuccess = () => ok(r.result);
      });
      const missing = total - originals.length;
      for (let start = 0; start < missing; start += 1000) {
        const tx = db.transaction('runEpisodes', 'readwrite');
        const store = tx.objectStore('runEpisodes');
        for (let i = start; i < Math.min(missing, start + 1000); i++) {
          const o = originals[i % originals.length];
          store.put({ ...o, runId, id: `copy${i}-${o.id}`, iteration: i % 50, steps: o.steps.slice(0, 3) });
        }
        await new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
      }
      db.close();
    },
    { runId, total },
  );
}

/**
 * Scrolls the list 40 px per animation frame for 3 s and returns the frame intervals. Passed as
 * source text: tsx names arrow functions with a helper (__name) the page does not have.
 */
const frameScript = (step: number) => `new Promise((done) => {
  const scroller = document.querySelector('[data-testid="episode-scroller"]');
  const frames = [];
  let last = performance.now();
  const until = last + 3000;
  requestAnimationFrame(function tick(now) {
    frames.push(now - last);
    last = now;
    scroller.scrollTop += ${step};
    if (now < until) requestAnimationFrame(tick);
    else done(frames.slice(1));
  });
})`;

/** Frame intervals while scrolling, and on the same page standing still (the machine's own floor). */
async function scrollFrames(page: Page): Promise<{ scrolling: number[]; still: number[] }> {
  const still = (await page.evaluate(frameScript(0))) as number[];
  const scrolling = (await page.evaluate(frameScript(40))) as number[];
  return { scrolling, still };
}

async function counterfactualMs(url: string, args: string[], device: 'wasm' | 'webgpu'): Promise<{ ms: number; device: string }> {
  const browser = await launchChromium(args);
  try {
    const page = await browser.newPage();
    const runId = await importRun(page, url);
    return await page.evaluate(
      async ({ runId, device }) => {
        const lab = (window as unknown as { __jerpLab: { request(kind: string, params: object): Promise<any> } }).__jerpLab;
        await lab.request('model.load', { device });
        // The first one loads the task source and the adapter's table; time the next, on another step.
        await lab.request('episode.counterfactual', { runId, episodeId: 'it1-g0-e2', step: 0 });
        const started = performance.now();
        const result = await lab.request('episode.counterfactual', { runId, episodeId: 'it1-g0-e2', step: 1 });
        return { ms: performance.now() - started, device: result.device as string };
      },
      { runId, device },
    );
  } finally {
    await browser.close();
  }
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

const bench: Benchmark = {
  name: 'trajectories',
  async run(): Promise<BenchRow[]> {
    // Its own build folder, so a bench never overwrites a dist/ that someone is serving.
    const dist = mkdtempSync(join(tmpdir(), 'jerp-bench-dist-'));
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', dist], { stdio: 'inherit' });
    const port = await freePort();
    const server = spawn('node', ['scripts/serve.mjs', '--port', String(port), '--dir', dist], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 800));
      const url = `http://127.0.0.1:${port}/`;
      const browser = await launchChromium();
      let frames: { scrolling: number[]; still: number[] };
      let indexMs: number;
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const runId = await importRun(page, url);
        await fillEpisodes(page, runId, EPISODES);
        const started = Date.now();
        await page.goto(`${url}?backend=wasm#/trajectories`);
        await page.getByTestId('episode-count').getByText(`${EPISODES} episodes`).waitFor({ timeout: 300_000 });
        indexMs = Date.now() - started;
        frames = await scrollFrames(page);
      } finally {
        await browser.close();
      }
      const wasm = await counterfactualMs(url, [], 'wasm');
      const webgpu = await counterfactualMs(url, ['--enable-unsafe-webgpu'], 'webgpu');
      return [
        {
          metric: `Trajectories list, ${EPISODES} episodes: scroll frame interval (40 px/frame for 3 s), mean`,
          value: mean(frames.scrolling),
          unit: 'ms',
          note: `p95 ${percentile(frames.scrolling, 0.95).toFixed(1)} ms, longest ${Math.max(...frames.scrolling).toFixed(1)} ms over ${frames.scrolling.length} frames`,
        },
        {
          metric: 'the same page standing still: frame interval, mean',
          value: mean(frames.still),
          unit: 'ms',
          note: `p95 ${percentile(frames.still, 0.95).toFixed(1)} ms: what this machine gives an idle page`,
        },
        { metric: `Trajectories list, ${EPISODES} episodes: first open (indexing every episode once), to the list drawn`, value: indexMs, unit: 'ms', note: 'later opens read only the summaries' },
        { metric: 'counterfactual of one step (one rule out, 49 candidates), Chromium WASM', value: wasm.ms, unit: 'ms', note: `ran on ${wasm.device}` },
        { metric: `counterfactual of one step, Chromium WebGPU (${webgpu.device === 'webgpu' ? 'SwiftShader' : 'fell back to ' + webgpu.device})`, value: webgpu.ms, unit: 'ms', note: `${(webgpu.ms / wasm.ms).toFixed(1)}x WASM (software adapter)` },
      ];
    } finally {
      server.kill();
      rmSync(dist, { recursive: true, force: true });
    }
  },
};

export default bench;
