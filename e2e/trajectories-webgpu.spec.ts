/**
 * The Trajectories view's counterfactual on WebGPU (SwiftShader here, ~1.5 s per decision): the
 * step of a real imported CLI run rescored without its rule, with the rule back in matching the
 * probability recorded when the episode was played on Node.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { launchChromium, WEBGPU } from './browsers';
import { artifactPath } from './artifacts';

const RUN_ZIP = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'trajectories-run.zip');

test('a counterfactual of a stored step runs on WebGPU', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const browser = await launchChromium(WEBGPU);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseURL}?backend=webgpu#/runs`);
    await expect(page.getByTestId('backend')).toHaveText(/^WebGPU/);
    await page.getByLabel('Import run').setInputFiles(RUN_ZIP);
    await expect(page.getByTestId('runs-notice')).toHaveText('Imported alfworld-jerp-s3.');
    await page.goto(`${baseURL}?backend=webgpu#/trajectories`);
    const href = (await page.getByTestId('episode-row').first().getByRole('link').getAttribute('href')) ?? '';
    const runId = /^#\/trajectories\/run\/([^/]+)\//.exec(href)?.[1];
    expect(runId).toBeTruthy();
    await page.goto(`${baseURL}?backend=webgpu#/trajectories/run/${runId}/it1-g0-e2/step/4`);
    await expect(page.getByTestId('replay-step')).toHaveText('Step 4 of 7');
    await page.getByRole('button', { name: 'Compute the counterfactual' }).click();
    const result = page.getByTestId('counterfactual-result');
    await expect(result).toBeVisible({ timeout: 240_000 });
    await expect(result).toContainText('WebGPU');
    const row = result.getByTestId('counterfactual-rule');
    await expect(row).toContainText('r1');
    const percent = (text: string | null) => Number(/(\d+(?:\.\d+)?)%/.exec(text ?? '')?.[1]) / 100;
    const recorded = percent(await page.getByTestId('step-candidates').locator('tr.chosen td').nth(1).textContent());
    const recomputed = percent(await row.locator('td').nth(2).textContent());
    // Recorded on Node's CPU, recomputed on the GPU path: the same to a few tenths of a percent point.
    expect(Math.abs(recorded - recomputed)).toBeLessThan(0.03);
    await page.screenshot({ path: artifactPath('trajectories-counterfactual-webgpu.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
