/**
 * The lab must work with no network: every request the page and its worker make goes to the lab's
 * own server on 127.0.0.1. Anything else is aborted and fails the test.
 */
import { expect, test } from '@playwright/test';

test('the page and its worker request nothing outside the lab server', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
  await page.goto('./#/lab');
  await expect(page.getByTestId('backend')).toHaveText(/^(WebGPU|WASM)/);
  // Exercise the worker's data paths too: a real game, the reference replay, a rule pack.
  const panel = page.getByRole('article', { name: 'Play a game' });
  await panel.getByRole('button', { name: 'Open game' }).click();
  await expect(panel.getByTestId('transcript')).toContainText('Your task is to:');
  await page.goto('./#/trajectories/real');
  await expect(page.getByTestId('replay-summary')).toContainText('12 episodes');
  await page.goto('./#/rules');
  await page.getByLabel('Load a bundled pack').selectOption('knowself_webshop');
  await expect(page.getByRole('status')).toContainText('Imported 10 rules from knowself_webshop');
  expect(outside).toEqual([]);
});
