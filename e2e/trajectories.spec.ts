/**
 * Real logged ALFWorld episodes replayed in the browser's simulator: every compared observation is
 * identical, and two episodes open side by side with their first divergence marked. Then a real
 * run's stored episodes: the list, a keyboard replay, a counterfactual on the embedded model, a
 * failure compared with its reference on milestones, and a copied link that reopens the same step.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
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

/**
 * A real CLI run, imported the way a person imports one: made by
 *   npm run cli -- experiment --env alfworld --methods jerp --seeds 3,4 --episodes 8 --group-size 4 \
 *     --train-source generated --held-out-limit 1 --out DIR
 * and its seed-3 run zipped (DIR/alfworld-jerp-s3, 782 KB with its three checkpoints). Its first iteration's failures led the contrastive reflector
 * to add r1 (failure it0-g0-e1, reference it0-g0-e0); the second iteration's rollouts had r1 in
 * their prompts.
 */
const RUN_ZIP = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'trajectories-run.zip');

async function importFixtureRun(page: Page): Promise<string> {
  await page.goto('./?backend=wasm#/runs');
  await page.getByLabel('Import run').setInputFiles(RUN_ZIP);
  await expect(page.getByTestId('runs-notice')).toHaveText('Imported alfworld-jerp-s3.');
  await page.goto('./?backend=wasm#/trajectories');
  const first = page.getByTestId('episode-row').first().getByRole('link');
  const href = (await first.getAttribute('href')) ?? '';
  const runId = /^#\/trajectories\/run\/([^/]+)\//.exec(href)?.[1];
  expect(runId).toBeTruthy();
  return decodeURIComponent(runId!);
}

/** The percentage at the start of a text ("62%", "0.4%"), as a fraction. */
function fraction(text: string): number {
  const m = /(\d+(?:\.\d+)?)%/.exec(text);
  expect(m, `no percentage in "${text}"`).not.toBeNull();
  return Number(m![1]) / 100;
}

test('lists, replays, explains and compares the episodes of an imported run, and links to a step', async ({ page, context }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const runId = await importFixtureRun(page);

  // The list: every stored episode, filtered without reloading anything.
  await expect(page.getByTestId('episode-count')).toHaveText(/^\d+ episodes$/);
  await page.getByLabel('Outcome').selectOption('failure');
  await page.getByLabel('Iteration').selectOption('0');
  await expect(page.getByTestId('episode-count')).toHaveText(/^3 of \d+ episodes$/);
  await page.screenshot({ path: artifactPath('trajectories-list-1280.png') });

  // Replay with the keyboard an episode whose prompts held r1.
  await page.goto(`./?backend=wasm#/trajectories/run/${runId}/it1-g0-e2`);
  const replay = page.getByRole('region', { name: 'Replay of it1-g0-e2' });
  await expect(page.getByTestId('replay-step')).toHaveText('Step 1 of 7');
  const firstObservation = await page.getByTestId('step-observation').textContent();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('replay-step')).toHaveText('Step 3 of 7');
  await expect(page).toHaveURL(/\/it1-g0-e2\/step\/3$/);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('replay-step')).toHaveText('Step 2 of 7');
  expect(await page.getByTestId('step-observation').textContent()).not.toBe(firstObservation);
  // Space plays even when focus is on a replay button (it does not press that button too).
  await replay.getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('replay-step')).toHaveText('Step 3 of 7');
  await page.keyboard.press(' ');
  await expect(replay.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByTestId('replay-step')).toHaveText('Step 4 of 7');
  await page.keyboard.press(' ');
  await expect(replay.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByTestId('replay-step')).toHaveText(/^Step [4-7] of 7$/);
  // Every step of this episode had r1 in its prompt.
  await expect(page.getByTestId('step-rules')).toContainText('r1');
  await expect(page.getByTestId('step-rules')).toContainText('as the model read it');

  // The counterfactual: r1 taken out of the prompt, on the embedded model in the worker.
  await page.getByRole('button', { name: 'Compute the counterfactual' }).click();
  const result = page.getByTestId('counterfactual-result');
  await expect(result).toBeVisible({ timeout: 45_000 });
  const row = result.getByTestId('counterfactual-rule');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('r1');
  await expect(row).toContainText(/Changed the decision|Did not change the decision/);
  // With r1 back in, the recomputed probability of the taken action is the one recorded when the
  // episode was played (same model, same checkpoint's policy, same rule text).
  const recorded = fraction((await page.getByTestId('step-candidates').locator('tr.chosen td').nth(1).textContent()) ?? '');
  const recomputed = fraction((await row.locator('td').nth(2).textContent()) ?? '');
  expect(Math.abs(recorded - recomputed)).toBeLessThan(0.02);
  await page.screenshot({ path: artifactPath('trajectories-counterfactual-1280.png'), fullPage: true });

  // Compare the failure behind r1 with the reference the reflector used.
  await page.goto(`./?backend=wasm#/trajectories/run/${runId}/it0-g0-e1`);
  await page.getByRole('link', { name: /reference the reflector used \(ADD r1\)/ }).click();
  const compare = page.getByRole('region', { name: 'Comparison of it0-g0-e1 and it0-g0-e0' });
  await expect(compare.getByTestId('divergence-row')).toBeVisible({ timeout: 30_000 });
  await expect(compare.getByTestId('divergence-row')).toContainText('first decisive divergence');
  await expect(compare.getByTestId('divergence-summary')).toContainText("The reflector's diagnosis: the failure");
  await expect(compare.getByText(/decisive step: the reflector's advice applies here/)).toBeVisible();
  // Step the failure to step 5 from the aligned view, then open the copied link in a new page.
  await compare.getByTestId('aligned').locator('.aligned-steps').first().getByRole('link').nth(4).click();
  await expect(page.getByTestId('replay-step')).toHaveText('Step 5 of 50');
  await page.screenshot({ path: artifactPath('trajectories-compare-1280.png'), fullPage: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link to this step' }).click();
  await expect(page.getByText('Copied.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  expect(link).toContain('/step/5/vs/');
  const other = await context.newPage();
  await other.setViewportSize({ width: 390, height: 844 });
  await other.goto(link);
  await expect(other.getByTestId('replay-step')).toHaveText('Step 5 of 50');
  await expect(other.getByRole('region', { name: 'Comparison of it0-g0-e1 and it0-g0-e0' }).getByTestId('divergence-row')).toBeVisible({ timeout: 30_000 });
  expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await other.screenshot({ path: artifactPath('trajectories-compare-390.png'), fullPage: true });

  // An unknown id says so instead of showing another episode.
  await other.goto(`./?backend=wasm#/trajectories/run/${runId}/it9-g9-e9/step/3`);
  await expect(other.getByTestId('unknown-id')).toContainText('has no episode “it9-g9-e9”');
  await other.goto('./?backend=wasm#/trajectories/run/no-such-run/it0-g0-e0');
  await expect(other.getByTestId('unknown-id')).toContainText('run “no-such-run”, which is not in this browser');
  await other.goto('./?backend=wasm#/trajectories');
  await expect(other.getByTestId('episode-row').first()).toBeVisible();
  expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await other.screenshot({ path: artifactPath('trajectories-list-390.png'), fullPage: true });
});
