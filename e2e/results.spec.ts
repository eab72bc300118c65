/**
 * The Results view (issue #21): a malformed bundle is refused with a message and changes nothing;
 * a real sweep's bundle (WebShop, base and rules-only × 2 seeds, run on the queue; made by
 * `experiment bundle`) imports, and shows the table, the 95% CI bars and links to the runs behind
 * every number. Keeps a screenshot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { artifactPath } from './artifacts';

const bundle = readFileSync(join(process.cwd(), 'e2e', 'fixtures', 'sweep-webshop.zip'));

test('imports a sweep and shows its table, CI bars and runs', async ({ page }) => {
  await page.goto('./#/results');
  await expect(page.getByRole('heading', { level: 1, name: 'Results' })).toBeVisible();
  await expect(page.getByText('No experiment imported yet.')).toBeVisible();

  const input = page.getByLabel('Import experiment');
  await input.setInputFiles({ name: 'cut.zip', mimeType: 'application/zip', buffer: bundle.subarray(0, 300) });
  await expect(page.getByRole('alert')).toContainText('Nothing was imported.');
  await expect(page.getByText('No experiment imported yet.')).toBeVisible();

  await input.setInputFiles({ name: 'sweep-webshop.zip', mimeType: 'application/zip', buffer: bundle });
  await expect(page.getByRole('status')).toHaveText('Imported sweep-webshop: 4 runs.');
  const experiment = page.getByRole('article', { name: 'Experiment sweep-webshop' });
  await expect(experiment.getByRole('heading', { name: 'sweep-webshop: webshop (test)' })).toBeVisible();

  // The table: one row per method, the paired difference only for rules-only, links to each seed's run.
  const table = experiment.getByRole('table').first();
  await expect(table.getByRole('rowheader')).toHaveText(['base', 'rules-only']);
  const rulesOnly = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'rules-only' }) });
  await expect(rulesOnly.getByRole('cell').nth(2)).toContainText('pp');
  await expect(rulesOnly.getByRole('link', { name: /^s1: / }).first()).toBeVisible();
  await expect(experiment.getByRole('table').nth(1).getByRole('columnheader')).toContainText(['Method', 'fashion', 'food', 'furniture']);

  // The charts: figures named by their titles; the success and score bars carry their CI error bars.
  for (const title of ['Held-out success with 95% CI', 'Held-out score with 95% CI', 'Paired difference to base', 'Learning curves']) {
    await expect(experiment.getByRole('figure', { name: title })).toBeVisible();
  }
  // Two conditions × two methods, one error bar each. (This tiny model solves no held-out task, so
  // the success bars have no height, and recharts draws no interval on them (seen: none in the DOM);
  // the score, WebShop's partial reward, has bars and so its CI bars.)
  await expect(experiment.getByRole('figure', { name: 'Held-out score with 95% CI' }).locator('.recharts-errorBar')).toHaveCount(4);
  await expect(experiment.getByRole('figure', { name: 'Held-out success with 95% CI' }).locator('.recharts-bar')).toHaveCount(2);
  await expect(experiment.getByRole('figure', { name: 'Learning curves' }).locator('.recharts-line')).toHaveCount(1);
  await page.screenshot({ path: artifactPath('results.png'), fullPage: true });

  // The cells are runs too, and a number's link opens its run.
  await rulesOnly.getByRole('link', { name: /^s2: / }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lab' })).toBeVisible();
  await page.goto('./#/runs');
  for (const cell of ['webshop-base-s1', 'webshop-base-s2', 'webshop-rules-only-s1', 'webshop-rules-only-s2']) {
    await expect(page.getByRole('cell', { name: cell, exact: true })).toBeVisible();
  }
});
