/**
 * Training in the browser, end to end on the embedded model (WASM): a tiny JERP run starts from
 * the Lab, commits iterations with live charts, survives a reload as an interrupted run, resumes
 * to completion from its last checkpoint, evaluates on one held-out game, and exports as a zip of
 * the CLI's run files.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { artifactPath } from './artifacts';

test('trains a tiny run, survives a reload, resumes it and exports it', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('./?backend=wasm#/lab');
  const panel = page.getByRole('article', { name: 'Train' });
  await panel.getByLabel('Environment').selectOption('alfworld');
  await panel.getByLabel('Method').selectOption('jerp');
  await panel.getByLabel('Group size').fill('2');
  // Two iterations of two episodes: the reload below lands while the second is in flight.
  await panel.getByLabel('Episode budget').fill('4');
  await panel.getByLabel('Held-out tasks').fill('1');
  await panel.getByRole('button', { name: 'Start' }).click();

  await expect(panel.getByTestId('train-iteration')).toHaveText('1 / 2', { timeout: 45_000 });
  await expect(panel.getByTestId('train-charts').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(panel.getByTestId('train-backend')).toHaveText('WASM');

  // A reload mid-training loses at most the iteration in flight: the run comes back interrupted.
  await page.reload();
  await expect(panel.getByTestId('train-run-status')).toContainText('interrupted');
  await expect(panel.getByTestId('train-iteration')).toHaveText('1 / 2');
  await panel.getByRole('button', { name: 'Resume' }).click();
  await expect(panel.getByTestId('train-iteration')).toHaveText('2 / 2', { timeout: 45_000 });
  await expect(panel.getByTestId('train-run-status')).toHaveText('finished', { timeout: 45_000 });
  await expect(panel.getByTestId('train-eval')).toContainText('1 valid_unseen tasks');
  await expect(panel.getByTestId('train-episodes')).toHaveText('4 / 4');
  await expect(panel.getByRole('figure', { name: 'Success' })).toBeVisible();
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
  await page.screenshot({ path: artifactPath('train-runs.png'), fullPage: true });

  // Delete asks first, then removes the run with everything it owns.
  await page.getByTestId('run-row').first().getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('run-row').first().getByRole('button', { name: 'Confirm delete' }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(1);
});
