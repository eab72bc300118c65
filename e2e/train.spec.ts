/**
 * Training in the browser, end to end on the embedded model (WASM): a tiny JERP run starts from
 * the Lab, commits iterations with live charts, survives a reload (interrupted, then Resume) and a
 * worker crash (one-click Resume) with what was committed unchanged, evaluates on one held-out
 * game, exports as a zip of the CLI's run files, and imports into a fresh profile to the same
 * stored data; a CLI run imports too; the Lab loads the model as it opens, and a load can be cancelled.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { artifactPath } from './artifacts';
import { type Row, storedRows } from './idb';

// Generous: an iteration takes ~10 s on an idle 2-core machine, far longer when it is busy.
const TRAIN_WAIT = 150_000;

/** The first iteration's stored episodes and metric rows (without their write time and key). */
async function storedIteration0(page: Page): Promise<{ episodes: unknown[]; metrics: unknown[] }> {
  const { runEpisodes, metrics } = await storedRows(page, ['runEpisodes', 'metrics']);
  return {
    episodes: runEpisodes.filter((e) => e.iteration === 0 && e.purpose === 'train'),
    metrics: metrics.filter((m) => m.iteration === 0).map(({ name, value, episodes }) => ({ name, value, episodes })),
  };
}

/** Everything stored for the first run named `name` (metrics, episodes, pool), without ids and write times. */
async function storedRun(page: Page, name: string): Promise<unknown> {
  const rows = await storedRows(page, ['runs', 'metrics', 'runEpisodes', 'runPools']);
  const run = rows.runs.filter((r) => r.name === name).sort((a, b) => Number(a.createdAt) - Number(b.createdAt))[0];
  const mine = (list: Row[]) => list.filter((r) => r.runId === run.id);
  const metrics = mine(rows.metrics)
    .map(({ iteration, name: metric, value, episodes }) => ({ iteration, name: metric, value, episodes }))
    .sort((a, b) => Number(a.iteration) - Number(b.iteration) || String(a.name).localeCompare(String(b.name)));
  const episodes = mine(rows.runEpisodes).map(({ runId: _runId, ...e }) => e);
  const pool = mine(rows.runPools).map((p) => p.pool);
  return { config: run.config, iteration: run.iteration, evaluation: { ...(run.evaluation as object), seconds: null }, metrics, episodes, pool };
}

test('trains a tiny run, survives a reload and a crash, resumes it, exports it and imports it elsewhere', async ({ page, browser }) => {
  test.setTimeout(600_000);
  await page.goto('./?backend=wasm#/lab');
  const panel = page.getByRole('article', { name: 'Train' });
  await panel.getByLabel('Environment').selectOption('alfworld');
  await panel.getByLabel('Method').selectOption('jerp');
  await panel.getByLabel('Group size').fill('2');
  // Two iterations of two episodes: the reload below lands while the second is in flight.
  await panel.getByLabel('Episodes').selectOption('4');
  await panel.getByLabel('Held-out tasks').fill('1');
  await panel.getByRole('button', { name: 'Start' }).click();

  await expect(panel.getByTestId('train-iteration')).toHaveText('1 / 2', { timeout: TRAIN_WAIT });
  await expect(panel.getByRole('status')).toContainText('Iteration 1');
  await expect(panel.getByRole('figure', { name: 'Success rate' }).locator('.recharts-line-dot').first()).toBeVisible();
  await expect(panel.getByRole('figure', { name: 'Rule pool' })).toBeVisible();
  await expect(panel.getByRole('figure', { name: 'Absorption' })).toBeVisible();
  await expect(panel.getByTestId('train-backend')).toHaveText('WASM');

  // A reload mid-training loses at most the iteration in flight: the run comes back interrupted.
  const committedBefore = await storedIteration0(page);
  expect(committedBefore.episodes).toHaveLength(2);
  await page.reload();
  await expect(panel.getByTestId('train-run-status')).toContainText('interrupted');
  await expect(panel.getByTestId('train-iteration')).toHaveText('1 / 2');
  // The form shows the reopened run's settings, not the defaults.
  await expect(panel.getByLabel('Episodes')).toHaveValue('4');
  await expect(panel.getByLabel('Group size')).toHaveValue('2');
  await panel.getByRole('button', { name: 'Resume' }).click();
  await expect(panel.getByTestId('train-run-status')).toHaveText('running');

  // The worker crashes mid-iteration: the panel says so, and one click on Resume restarts it and carries on.
  await page.evaluate(() => {
    void (window as unknown as { __jerpLab: { request(kind: string, params: object): Promise<unknown> } }).__jerpLab.request('debug.crash', {}).catch(() => undefined);
  });
  await expect(panel.getByTestId('train-error')).toContainText('The lab worker stopped during training');
  await expect(panel.getByTestId('train-run-status')).toContainText('interrupted');
  await page.screenshot({ path: artifactPath('train-crashed.png'), fullPage: true });
  await panel.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('worker-status')).toHaveText('Worker running');
  await expect(panel.getByTestId('train-iteration')).toHaveText('2 / 2', { timeout: TRAIN_WAIT });
  await expect(panel.getByTestId('train-run-status')).toHaveText('finished', { timeout: TRAIN_WAIT });
  await expect(panel.getByTestId('train-eval')).toContainText('1 valid_unseen tasks');
  await expect(panel.getByTestId('train-episodes')).toHaveText('4 / 4');
  // The chart grew: one dot after the first iteration, a line through both points after the second.
  await expect(panel.getByRole('figure', { name: 'Success rate' }).locator('.recharts-line-curve').first()).toHaveAttribute('d', /^M[\d.,]+L[\d.,]+$/);
  // The held-out scores, with and without rules, join the success chart (charts redraw at most every 3 s).
  await expect(panel.getByRole('figure', { name: 'Success rate' }).getByRole('listitem')).toHaveText(['train_success', 'success_with_rules', 'success_without_rules']);
  await expect(panel.getByTestId('storage-meter')).toContainText('used of');
  // What was committed before the reload and the crash is exactly what the finished run holds.
  expect(await storedIteration0(page)).toEqual(committedBefore);
  await page.screenshot({ path: artifactPath('train-lab.png'), fullPage: true });

  await page.goto('./?backend=wasm#/runs');
  const row = page.getByTestId('run-row').first();
  await expect(row).toContainText('finished');
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Export run' }).click()]);
  expect(download.suggestedFilename()).toBe('alfworld-jerp-s1.zip');
  const zip = readFileSync(await download.path());
  const files = unzipSync(new Uint8Array(zip));
  for (const name of ['run.json', 'episodes.jsonl', 'metrics.csv', 'rules.json', 'eval.json', 'checkpoints/iter-000002.json']) expect(Object.keys(files)).toContain(name);
  const episodes = new TextDecoder().decode(files['episodes.jsonl']).trim().split('\n').map((line) => JSON.parse(line) as { purpose: string });
  expect(episodes.filter((e) => e.purpose === 'train')).toHaveLength(4);
  expect(new TextDecoder().decode(files['metrics.csv'])).toMatch(/^iteration,episodes,name,value\n/);

  // Import: a truncated file is refused with a message and changes nothing; the whole file is a second run.
  await page.getByLabel('Import run').setInputFiles({ name: 'cut.zip', mimeType: 'application/zip', buffer: zip.subarray(0, 200) });
  await expect(page.getByTestId('runs-notice')).toContainText('not a readable zip archive');
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await page.getByLabel('Import run').setInputFiles({ name: 'alfworld-jerp-s1.zip', mimeType: 'application/zip', buffer: zip });
  await expect(page.getByTestId('runs-notice')).toHaveText('Imported alfworld-jerp-s1.');
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  // A run written by the CLI (`experiment`, its run directory zipped) imports the same way.
  await page.getByLabel('Import run').setInputFiles({ name: 'cli-run.zip', mimeType: 'application/zip', buffer: readFileSync(new URL('./fixtures/trajectories-run.zip', import.meta.url)) });
  await expect(page.getByTestId('runs-notice')).toContainText('Imported ');
  await expect(page.getByTestId('run-row')).toHaveCount(3);
  // Overlay one metric of the two copies of the run: the same line twice.
  for (const r of await page.getByTestId('run-row').all()) if ((await r.textContent())?.includes('alfworld-jerp-s1')) await r.getByRole('checkbox').check();
  await expect(page.getByRole('figure', { name: 'Metric across runs' }).locator('.recharts-line')).toHaveCount(2);
  await page.screenshot({ path: artifactPath('train-runs.png'), fullPage: true });

  // A second seed of the same config (here the exported files relabelled seed 2, so its curve equals
  // seed 1's) puts a seed band behind the Lab's success and reward lines; the copy of seed 1 does not count.
  await page.getByLabel('Import run').setInputFiles({ name: 'alfworld-jerp-s2.zip', mimeType: 'application/zip', buffer: Buffer.from(withSeed(zip, 2)) });
  await expect(page.getByTestId('runs-notice')).toHaveText('Imported alfworld-jerp-s2.');
  await page.getByTestId('run-row').filter({ hasText: 'alfworld-jerp-s1' }).first().getByRole('link', { name: 'Open in Lab' }).click();
  const success = page.getByRole('article', { name: 'Train' }).getByRole('figure', { name: 'Success rate' });
  await expect(success.getByRole('listitem')).toContainText(['train_success', '2 seeds: mean', '2 seeds: min–max']);
  await expect(success.locator('.recharts-area')).toHaveCount(1);
  await page.screenshot({ path: artifactPath('train-seed-band.png'), fullPage: true });
  await page.goto('./?backend=wasm#/runs');

  // Export, then import into a fresh profile: the same stored metrics, episodes and pool, so the same charts.
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto('./?backend=wasm#/runs');
    await other.getByLabel('Import run').setInputFiles({ name: 'alfworld-jerp-s1.zip', mimeType: 'application/zip', buffer: zip });
    await expect(other.getByTestId('runs-notice')).toHaveText('Imported alfworld-jerp-s1.');
    expect(await storedRun(other, 'alfworld-jerp-s1')).toEqual(await storedRun(page, 'alfworld-jerp-s1'));
    await other.getByTestId('run-row').first().getByRole('link', { name: 'Open in Lab' }).click();
    // The train success line joins both iterations (a flat line at 0 has no height, so no "visible" box).
    await expect(other.getByRole('article', { name: 'Train' }).getByRole('figure', { name: 'Success rate' }).locator('.recharts-line-curve').first()).toHaveAttribute('d', /^M[\d.,]+L[\d.,]+$/);
    await other.screenshot({ path: artifactPath('train-imported-fresh-profile.png'), fullPage: true });
  } finally {
    await fresh.close();
  }

  // Delete asks first, then removes the run with everything it owns.
  await page.getByTestId('run-row').first().getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('run-row').first().getByRole('button', { name: 'Confirm delete' }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(3);
});

test('the Lab loads the embedded model as it opens, and Start trains on it without loading it again', async ({ page }) => {
  await page.goto('./?backend=wasm#/lab');
  await expect(page.getByTestId('lab-model')).toHaveText(/^jerp-tiny is loaded on WASM \(\d+\.\d s\)\.$/, { timeout: 60_000 });
  // Every request the page sends the worker from here on.
  await page.evaluate(() => {
    const lab = (window as unknown as { __jerpLab: { request: (kind: string, params: unknown) => Promise<unknown> } }).__jerpLab;
    const kinds: string[] = [];
    (window as unknown as { __kinds: string[] }).__kinds = kinds;
    const request = lab.request.bind(lab);
    lab.request = (kind, params) => (kinds.push(kind), request(kind, params));
  });
  const panel = page.getByRole('article', { name: 'Train' });
  await panel.getByLabel('Episodes').selectOption('2');
  await panel.getByLabel('Group size').fill('2');
  await panel.getByRole('button', { name: 'Start' }).click();
  await expect(panel.getByRole('status')).toHaveText(/^Iteration \d+ of 1 /, { timeout: TRAIN_WAIT });
  const kinds = await page.evaluate(() => (window as unknown as { __kinds: string[] }).__kinds);
  expect(kinds).toContain('train.start');
  expect(kinds).not.toContain('model.load');
});

test('a model load can be cancelled: the worker restarts and nothing is started', async ({ page }) => {
  await page.goto('./?backend=wasm#/lab');
  const panel = page.getByRole('article', { name: 'Train' });
  await panel.getByRole('button', { name: 'Start' }).click();
  await panel.getByRole('button', { name: 'Cancel load' }).click();
  await expect(panel.getByTestId('train-error')).toHaveText('Loading the model was cancelled: nothing was started.');
  await expect(page.getByTestId('worker-status')).toHaveText('Worker running');
  await expect(panel.getByTestId('train-status')).toHaveCount(0);
});

/** An exported run's files as another seed's: run.json's name and seed, and each checkpoint's seed. */
function withSeed(zip: Buffer, seed: number): Uint8Array {
  const files = unzipSync(new Uint8Array(zip));
  const edit = <T>(name: string, change: (json: T) => void) => {
    const json = JSON.parse(new TextDecoder().decode(files[name])) as T;
    change(json);
    files[name] = strToU8(JSON.stringify(json));
  };
  edit<{ name: string; config: { seed: number } }>('run.json', (run) => {
    run.name = run.name.replace(/-s\d+$/, `-s${seed}`);
    run.config.seed = seed;
  });
  for (const name of Object.keys(files)) {
    if (name.startsWith('checkpoints/')) edit<{ rng: { seed: number } }>(name, (checkpoint) => (checkpoint.rng.seed = seed));
  }
  return zipSync(files);
}
