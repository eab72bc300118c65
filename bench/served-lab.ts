/**
 * The lab as a person gets it, for browser benchmarks: the production build served by
 * scripts/serve.mjs (COOP/COEP, as in deployment) on a free port, and Debian's Chromium offline.
 */
import { execFileSync, spawn } from 'node:child_process';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright';
// @ts-expect-error plain ESM helper without type declarations
import { findChromium, OFFLINE_CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { freePort } from './free-port';

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: (findChromium as () => string | null)() ?? undefined, args: [...(OFFLINE_CHROMIUM_ARGS as string[]), ...extraArgs] });
}

const LAB_VIEWPORT = { width: 1280, height: 900 };

/**
 * Chromium keeping its profile in `userDataDir` (the HTTP cache, and with it Chromium's code cache),
 * as a person's browser keeps it from one visit to the next. Closing the context closes the browser.
 */
export function launchChromiumProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: (findChromium as () => string | null)() ?? undefined,
    args: [...(OFFLINE_CHROMIUM_ARGS as string[])],
    viewport: LAB_VIEWPORT,
  });
}

/** Builds the app into `dist` (vite's default folder unless given), serves it, and runs `use` with its URL. */
export async function withServedLab<T>(use: (url: string) => Promise<T>, dist?: string): Promise<T> {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', ...(dist ? ['--outDir', dist] : [])], { stdio: 'inherit' });
  const port = await freePort();
  const server = spawn('node', ['scripts/serve.mjs', '--port', String(port), ...(dist ? ['--dir', dist] : [])], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 800));
    return await use(`http://127.0.0.1:${port}/`);
  } finally {
    server.kill();
  }
}

/** Collects, in the page, every main-thread task over 50 ms (the Long Tasks API) with its start. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: Array<{ start: number; duration: number }> = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The durations of the long tasks that started at or after `from` and before `until` (performance.now() in the page). */
export function longTasksSince(page: Page, from: number, until = Number.POSITIVE_INFINITY): Promise<number[]> {
  return page.evaluate(
    ([t, u]) => (window as unknown as { __longTasks: Array<{ start: number; duration: number }> }).__longTasks.filter((x) => x.start >= t && x.start < u).map((x) => x.duration),
    [from, until] as const,
  );
}

/**
 * The Lab at 1280×900 on the WASM backend (`query` adds parameters, e.g. `&threads=2`), its long
 * tasks collected from the page's first script on (observeLongTasks).
 */
export async function openLabOnWasm(browser: Browser, url: string, query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: LAB_VIEWPORT });
  await observeLongTasks(page);
  await page.goto(`${url}?backend=wasm${query}#/lab`);
  return page;
}

/** Records each training iteration's commit time (the worker's `train.iteration` events) in the page. */
export async function recordCommitTimes(page: Page): Promise<void> {
  await page.waitForFunction(() => '__jerpLab' in window);
  await page.evaluate(() => {
    const times: number[] = [];
    const w = window as unknown as { __commitMs: number[]; __jerpLab: { onEvent(listener: (event: { type: string; commitMs?: number }) => void): unknown } };
    w.__commitMs = times;
    w.__jerpLab.onEvent((event) => {
      if (event.type === 'train.iteration' && event.commitMs !== undefined) times.push(event.commitMs);
    });
  });
}

export function commitTimes(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __commitMs: number[] }).__commitMs);
}

/**
 * Reads the text of the element with `testId` every `everyMs` until `decide` returns a value (it
 * throws for a text that ends the wait in failure); resolves to that value and the page time of the
 * read, or null after `timeoutMs`. A locator's wait would poll in the page on every frame, adding
 * main-thread work to what a bench measures.
 */
async function pollText<T>(page: Page, testId: string, everyMs: number, timeoutMs: number, decide: (text: string) => T | undefined): Promise<{ value: T; at: number } | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [text, at] = await page.evaluate((id) => [document.querySelector(`[data-testid=${id}]`)?.textContent ?? '', performance.now()] as const, testId);
    const value = decide(text);
    if (value !== undefined) return { value, at };
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return null;
}

/** Waits for the Lab's run to reach a status, reading it once every 2 s. */
export async function waitForRunStatus(page: Page, status: string, timeoutMs: number): Promise<void> {
  const reached = await pollText(page, 'train-run-status', 2000, timeoutMs, (text) => {
    if (text === status) return true;
    if (/failed/.test(text)) throw new Error(`the run failed: ${text}`);
    return undefined;
  });
  if (!reached) throw new Error(`the run did not reach "${status}" in ${timeoutMs / 1000} s`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** How long a bench lets the Lab settle before pressing Start, as a person reading the form would. */
export const SETTLE_MS = 3000;

/** A Lab ready for Start: its Train panel, and when its background model load had finished (page time, ms after navigation). */
export interface PreparedRun {
  panel: Locator;
  modelLoadedAtMs: number;
}

/**
 * Fills the Lab's Train form for a JERP run on ALFWorld with one held-out task, as the browser benches
 * train it, then lets the page settle: at least SETTLE_MS, and until the model the Lab loads in the
 * background as it opens (train-client.ts, preloadModel) has loaded. The page's opening work is then
 * done before Start: the first render, the charts' first draw, and the model's load and warm-up.
 */
export async function prepareJerpRun(page: Page, run: { group: number; episodes: number; steps?: number }): Promise<PreparedRun> {
  const panel = page.getByRole('article', { name: 'Train' });
  await panel.getByLabel('Method').selectOption('jerp');
  await panel.getByLabel('Group size').fill(String(run.group));
  await panel.getByLabel('Episodes').selectOption(String(run.episodes));
  if (run.steps !== undefined) await panel.getByLabel('Steps per episode').fill(String(run.steps));
  await panel.getByLabel('Held-out tasks').fill('1');
  await page.waitForTimeout(SETTLE_MS);
  const { at: modelLoadedAtMs } = await waitForBackgroundLoad(page);
  return { panel, modelLoadedAtMs };
}

/**
 * Waits until the Lab's card says its model is loaded, reading it every `everyMs`; returns the card's
 * text and about when it said so (page time, ms after navigation).
 */
export async function waitForBackgroundLoad(page: Page, everyMs = 250, timeoutMs = 120_000): Promise<{ card: string; at: number }> {
  const loaded = await pollText(page, 'lab-model', everyMs, timeoutMs, (text) => {
    if (/ is loaded /.test(text)) return text;
    if (/could not be loaded/.test(text)) throw new Error(`the Lab's model did not load: ${text}`);
    return undefined;
  });
  if (!loaded) throw new Error(`the Lab's model was not loaded within ${timeoutMs / 1000} s`);
  return { card: loaded.value, at: loaded.at };
}
