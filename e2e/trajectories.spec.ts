/**
 * Real logged ALFWorld episodes replayed in the browser's simulator: every compared observation is
 * identical, and two episodes open side by side with their first divergence marked.
 */
import { expect, test } from '@playwright/test';
import { artifactPath } from './artifacts';

test('replays the real logged episodes with every observation identical', async ({ page }) => {
  await page.goto('./#/trajectories/real');
  const summary = page.getByTestId('replay-summary');
  await expect(summary).toContainText('12 episodes');
  const text = (await summary.textContent()) ?? '';
  const [, matched, compared] = /(\d+)\/(\d+) observations identical/.exec(text) ?? [];
  expect(Number(compared)).toBeGreaterThan(250);
  expect(matched).toBe(compared);

  // Open a won and a failed episode of the same task type side by side.
  const rows = page.getByTestId('reference-episode');
  const first = rows.filter({ hasText: 'look_at_obj_in_light' }).first();
  await first.getByRole('link').first().click();
  await expect(page.getByRole('region', { name: /^Replay of/ })).toHaveCount(1);
  const other = rows.filter({ hasText: 'look_at_obj_in_light' }).nth(1);
  await other.getByRole('link', { name: /compare with/ }).click();
  await expect(page.getByRole('region', { name: /^Replay of/ })).toHaveCount(2);
  await expect(page.getByText('first divergence').first()).toBeVisible();
  await page.screenshot({ path: artifactPath('trajectories-compare.png'), fullPage: false });
});

test('replays the ReAct transcripts identically', async ({ page }) => {
  await page.goto('./#/trajectories/react');
  const summary = page.getByTestId('replay-summary');
  await expect(summary).toContainText('12 episodes');
  const [, matched, compared] = /(\d+)\/(\d+) observations identical/.exec((await summary.textContent()) ?? '') ?? [];
  expect(Number(compared)).toBeGreaterThan(100);
  expect(matched).toBe(compared);
});
