/**
 * Playing a real ALFWorld game by hand in the browser: the worker loads the shipped converted
 * games, answers commands with the engine's text, and the expert finishes the game.
 */
import { expect, test } from '@playwright/test';
import { artifactPath } from './artifacts';

test('plays a real valid_unseen game by hand and lets the expert finish it', async ({ page }) => {
  await page.goto('./#/lab');
  const panel = page.getByRole('article', { name: 'Play a game' });
  await expect(panel.getByText('of 0–133')).toBeVisible();
  await panel.getByLabel('Game number').fill('3');
  await panel.getByRole('button', { name: 'Open game' }).click();
  await expect(panel.getByTestId('transcript')).toContainText('Your task is to:');
  await expect(panel.getByTestId('play-task')).toContainText('valid_unseen/');

  // Anything that is not an admissible command gets the real engine's answer.
  await panel.getByLabel('Command', { exact: true }).fill('FLY TO THE MOON');
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect(panel.getByTestId('transcript')).toContainText('> FLY TO THE MOON');
  await expect(panel.getByTestId('transcript').locator('pre').last()).toHaveText('Nothing happens.');
  await expect(panel.getByTestId('play-status')).toContainText('Step 1/50');

  // Clicking an admissible command plays it.
  await panel.getByText(/admissible commands/).click();
  await panel.getByLabel('Filter commands').fill('inventory');
  await panel.getByRole('button', { name: 'inventory' }).click();
  await expect(panel.getByTestId('transcript').locator('pre').last()).toHaveText('You are not carrying anything.');

  for (let i = 0; i < 48; i++) {
    if (/Goal reached/.test((await panel.getByTestId('play-status').textContent()) ?? '')) break;
    await panel.getByRole('button', { name: 'Expert step' }).click();
    await expect(panel.getByTestId('play-status')).toContainText(`Step ${i + 3}/50`);
  }
  await expect(panel.getByTestId('play-status')).toContainText('Goal reached (reward 1)');
  await page.screenshot({ path: artifactPath('play-alfworld.png'), fullPage: true });
});

test('shops a WebShop test goal: an unknown click changes nothing, the oracle buys with reward 1', async ({ page }) => {
  await page.goto('./#/lab');
  const panel = page.getByRole('article', { name: 'Play a game' });
  await panel.getByLabel('Games').selectOption('webshop-test');
  await expect(panel.getByText(/of 0–\d+/)).toBeVisible();
  await panel.getByRole('button', { name: 'Open game' }).click();
  await expect(panel.getByTestId('play-task')).toContainText('webshop:test:0');
  await expect(panel.getByTestId('transcript')).toContainText('Instruction:');

  await panel.getByLabel('Command', { exact: true }).fill('click[No Such Button]');
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect(panel.getByTestId('play-status')).toContainText('Step 1/15');

  for (let i = 0; i < 14; i++) {
    if (/Goal reached|Bought/.test((await panel.getByTestId('play-status').textContent()) ?? '')) break;
    await panel.getByRole('button', { name: 'Expert step' }).click();
    await expect(panel.getByTestId('play-status')).toContainText(`Step ${i + 2}/15`);
  }
  await expect(panel.getByTestId('play-status')).toContainText('Goal reached (reward 1)');
  await page.screenshot({ path: artifactPath('play-webshop.png'), fullPage: true });
});
