/**
 * Training runs on WebGPU too: the same Lab, in a Chromium launched with --enable-unsafe-webgpu
 * (a software SwiftShader adapter here, ~1.5 s per decision), on a run small enough for that: one
 * iteration of a group of two, four steps per episode, one held-out game.
 */
import { expect, test } from '@playwright/test';
import { launchChromium, WEBGPU } from './browsers';
import { artifactPath } from './artifacts';

test('a tiny JERP run trains and evaluates on WebGPU', async ({ baseURL }) => {
  test.setTimeout(600_000);
  const browser = await launchChromium(WEBGPU);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseURL}?backend=webgpu#/lab`);
    await expect(page.getByTestId('backend')).toHaveText(/^WebGPU/);
    const panel = page.getByRole('article', { name: 'Train' });
    await panel.getByLabel('Environment').selectOption('alfworld');
    await panel.getByLabel('Method').selectOption('jerp');
    await panel.getByLabel('Group size').fill('2');
    await panel.getByLabel('Episodes').selectOption('2');
    await panel.getByLabel('Steps per episode').fill('4');
    await panel.getByLabel('Held-out tasks').fill('1');
    await panel.getByLabel('Backend').selectOption('webgpu');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(panel.getByTestId('train-backend')).toHaveText('WebGPU', { timeout: 240_000 });
    await expect(panel.getByTestId('train-run-status')).toHaveText('finished', { timeout: 400_000 });
    await expect(panel.getByRole('status')).toContainText('Iteration 1 of 1');
    await expect(panel.getByTestId('train-episodes')).toHaveText('2 / 2');
    await expect(panel.getByTestId('train-eval')).toContainText('1 valid_unseen tasks');
    await expect(panel.getByRole('figure', { name: 'Success rate' }).locator('.recharts-line-dot').first()).toBeVisible();
    await page.screenshot({ path: artifactPath('train-webgpu.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
