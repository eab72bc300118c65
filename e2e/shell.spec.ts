/** The app shell: five views reachable by real navigation, and worker crash recovery. */
import { expect, test } from '@playwright/test';
import { artifactPath } from './artifacts';

test('navigates between the five views', async ({ page }) => {
  await page.goto('./');
  const nav = page.getByRole('navigation', { name: 'Views' });
  for (const view of ['Rules', 'Trajectories', 'Runs', 'Model', 'Lab']) {
    await nav.getByRole('link', { name: view }).click();
    await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
    await expect(nav.getByRole('link', { name: view })).toHaveAttribute('aria-current', 'page');
  }
  // A reload keeps the view (hash routes).
  await page.goto('./#/runs');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
});

test('a crashed worker is reported, pending requests fail, and Restart brings it back', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('worker-status')).toHaveText('Worker running');
  await expect(page.getByTestId('backend')).not.toHaveText(/Detecting/);
  // Drive the real client through the page: the crash request is pending when the worker dies.
  const outcome = await page.evaluate(async () => {
    const client = (window as unknown as { __jerpLab: { request(kind: string, params: object): Promise<unknown> } }).__jerpLab;
    try {
      await client.request('debug.crash', {});
      return 'resolved';
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
  expect(outcome).toMatch(/^WorkerCrashedError: debug.crash was interrupted/);
  await expect(page.getByTestId('worker-status')).toContainText('The lab worker stopped');
  await page.screenshot({ path: artifactPath('worker-crashed.png') });
  await page.getByRole('button', { name: 'Restart worker' }).click();
  await expect(page.getByTestId('worker-status')).toHaveText('Worker running');
  await expect(page.getByTestId('backend')).toHaveText(/^(WebGPU|WASM)/);
});
