/**
 * What a new user ran into in the lab (issue #20), each checked as that user meets it, in real
 * Chromium: the play panel after a failed open and with an empty command, error messages without
 * internal prefixes, a prompt over the model's context, a failed model load, a stale score table,
 * where the model runs (auto and ?backend=webgpu on SwiftShader), load progress rows, and replay
 * steps that were never compared.
 */
import { expect, type Page, test } from '@playwright/test';
import { launchChromium, WEBGPU } from './browsers';
import { artifactPath } from './artifacts';

/** Internal prefixes that must never reach people: the protocol's and an error class name. */
const INTERNAL = /failed in the lab worker|RangeError|Error:/;

/** Loads the embedded model from the Model view; SwiftShader WebGPU on a busy machine needs the longer wait. */
async function loadEmbedded(page: Page, timeout = 60_000) {
  await page.getByRole('button', { name: 'Load embedded model' }).click();
  await expect(page.getByTestId('model-loaded').or(page.getByTestId('model-error'))).toBeVisible({ timeout });
  await expect(page.getByTestId('model-loaded')).toBeVisible();
}

test('play: a failed "open another" keeps the current game playable; an empty command is not sent', async ({ page }) => {
  await page.goto('./#/lab');
  const panel = page.getByRole('article', { name: 'Play a game' });
  await expect(panel.getByText('of 0–133')).toBeVisible();
  await panel.getByRole('button', { name: 'Open game' }).click();
  const task = (await panel.getByTestId('play-task').textContent()) ?? '';
  expect(task).toContain('valid_unseen/');
  await expect(panel.getByTestId('play-status')).toHaveText('Step 0/50');

  // An empty or blank command: Send stays disabled and Enter sends nothing, so no step is used.
  const command = panel.getByLabel('Command', { exact: true });
  await expect(panel.getByRole('button', { name: 'Send' })).toBeDisabled();
  await command.fill('   ');
  await expect(panel.getByRole('button', { name: 'Send' })).toBeDisabled();
  await command.press('Enter');
  await expect(panel.getByTestId('play-status')).toHaveText('Step 0/50');
  await expect(panel.getByTestId('transcript').locator('pre.action')).toHaveCount(0);

  // A game that does not exist: a plain sentence, the technical line behind a disclosure, and the
  // game on screen still answers.
  await panel.getByLabel('Game number').fill('999');
  await panel.getByRole('button', { name: 'Open another' }).click();
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('ALFWorld valid_unseen game 999 does not exist: choose 0–133.');
  await expect(alert.locator('span').first()).not.toHaveText(INTERNAL);
  await alert.getByText('Technical details').click();
  await expect(alert.locator('details code')).toHaveText(/^env\.open failed in the lab worker: RangeError: ALFWorld valid_unseen game 999/);
  await page.screenshot({ path: artifactPath('rough-edges-play-error.png'), fullPage: true });
  await expect(panel.getByTestId('play-task')).toHaveText(task);
  await command.fill('look');
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect(panel.getByTestId('play-status')).toHaveText('Step 1/50');
  await expect(alert).toHaveCount(0);
});

test('model: a prompt over the context is refused with the token count; a failed load keeps the model; a new model clears old scores', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('./#/model');
  await expect(page.getByTestId('model-context')).toHaveText('512 tokens trained, 1,024 at most (a longer prompt is refused)');
  await loadEmbedded(page);
  const playground = page.getByRole('article', { name: 'Score playground' });

  // 20,000 characters of task: refused before the model runs, saying by how much.
  await playground.getByLabel('Task').fill(`put a hot egg in fridge. ${'and then look around the room '.repeat(666)}`.slice(0, 20_000));
  await playground.getByRole('button', { name: 'Score', exact: true }).click();
  const refusal = playground.getByRole('alert');
  await expect(refusal).toContainText(/The prompt exceeds the model's context by [\d,]+ tokens: it is [\d,]+ tokens \(with the longest candidate\) and the model reads at most 1,024\./);
  await expect(refusal).not.toContainText('idx=');
  const [, over, total] = /by ([\d,]+) tokens: it is ([\d,]+) tokens/.exec((await refusal.textContent()) ?? '') ?? [];
  expect(Number(total.replace(/,/g, '')) - 1024).toBe(Number(over.replace(/,/g, '')));
  await expect(playground.getByTestId('scores')).toHaveCount(0);

  // Back to the example: scores appear.
  await playground.getByLabel('Example').selectOption({ index: 0 });
  await playground.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(playground.getByTestId('scores')).toBeVisible({ timeout: 60_000 });

  // A hub model that cannot be fetched (offline): the error is shown, and the loaded model, the
  // playground and its scores stay.
  await page.getByLabel('Hub model id').fill('no-such-owner/no-such-model');
  await page.getByRole('button', { name: 'Load from hub' }).click();
  const loadError = page.getByTestId('model-error');
  await expect(loadError).toContainText('no-such-owner/no-such-model could not be loaded', { timeout: 60_000 });
  await expect(loadError).toContainText('jerp-tiny is still loaded.');
  await expect(loadError.locator('p')).not.toHaveText(/failed in the lab worker/);
  await expect(page.getByTestId('model-loaded')).toContainText('jerp-tiny');
  await expect(playground.getByTestId('scores')).toBeVisible();
  await page.screenshot({ path: artifactPath('rough-edges-failed-load.png'), fullPage: true });
  // The model really is still there: scoring works.
  await playground.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(playground.getByTestId('scores')).toBeVisible();

  // Another model loaded: the old table goes.
  await loadEmbedded(page);
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await expect(playground).toBeVisible();
  await expect(playground.getByTestId('scores')).toHaveCount(0);
});

test('load progress: every file row puts its bar at the same place and its size inside the card', async ({ page }) => {
  // Hold the weights back a moment so the progress rows can be measured while they show.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.context().route('**/onnx/model_int8.onnx', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./#/model');
  await page.getByRole('button', { name: 'Load embedded model' }).click();
  const rows = page.getByTestId('model-progress').locator('.progress-row');
  // The tokenizer and config files have loaded (the weights' row appears once their response starts).
  await expect(rows.filter({ hasText: /^config\.json/ })).toHaveCount(1, { timeout: 30_000 });
  await expect(rows.filter({ hasText: 'tokenizer.json' })).toHaveCount(1);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    const boxes = await rows.evaluateAll((elements) =>
      elements.map((row) => {
        const card = row.closest('.card')!.getBoundingClientRect();
        const bar = row.querySelector('progress')!.getBoundingClientRect();
        const size = row.querySelector('.progress-size')!.getBoundingClientRect();
        return { barLeft: bar.left, barRight: bar.right, sizeRight: size.right, cardRight: card.right };
      }),
    );
    expect(new Set(boxes.map((b) => Math.round(b.barLeft))).size, `bars start at one x at ${width} px`).toBe(1);
    expect(new Set(boxes.map((b) => Math.round(b.barRight))).size, `bars end at one x at ${width} px`).toBe(1);
    for (const b of boxes) expect(b.sizeRight, `file size inside its card at ${width} px`).toBeLessThanOrEqual(b.cardRight);
    await page.screenshot({ path: artifactPath(`rough-edges-progress-${width}.png`) });
  }
  release();
  await expect(page.getByTestId('model-loaded')).toBeVisible({ timeout: 60_000 });
});

test('replay: steps whose logged text was never compared are not shown as errors', async ({ page }) => {
  await page.goto('./#/trajectories/real');
  await expect(page.getByTestId('replay-summary')).toContainText('12 episodes');
  const id = await page.evaluate(async () => {
    const lab = (window as unknown as { __jerpLab: { request(kind: string, params: object): Promise<unknown> } }).__jerpLab;
    const episodes = (await lab.request('replay.reference', { set: 'real' })) as Array<{ id: string; steps: Array<{ match: boolean | null }> }>;
    return episodes.find((e) => e.steps.some((s) => s.match === null))?.id;
  });
  expect(id, 'a real episode with harness text').toBeTruthy();
  await page.goto(`./#/trajectories/real/${encodeURIComponent(id!)}`);
  const uncompared = page.getByTestId('replay-step').filter({ hasText: '(harness text, not compared)' });
  await expect(uncompared.first()).toBeVisible();
  const logged = uncompared.first().locator('pre', { hasText: /^logged/ });
  await expect(logged).toHaveText(/^logged \(not compared\): /);
  await expect(logged).not.toHaveClass(/\blogged\b/);
  // Muted grey (--muted), not the mismatch red (--bad).
  await expect(logged).toHaveCSS('color', 'rgb(139, 152, 168)');
});

for (const variant of [
  { query: '', card: /^Model inference will run on WASM: the WebGPU adapter is software/, device: 'WASM' },
  { query: '?backend=webgpu', card: /^Model inference will run on WebGPU: chosen with \?backend=webgpu/, device: 'WebGPU' },
]) {
  test(`SwiftShader WebGPU${variant.query ? ` with ${variant.query}` : ', auto'}: the Lab card says ${variant.device} and the model loads there`, async ({ baseURL }) => {
    test.setTimeout(300_000);
    const browser = await launchChromium(WEBGPU);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      // WebGPU runs under the server's Content-Security-Policy too: nothing it needs may be refused.
      const refused: string[] = [];
      page.on('console', (m) => void (/Content[- ]Security[- ]Policy/i.test(m.text()) && refused.push(m.text())));
      await page.goto(`${baseURL}${variant.query}#/lab`);
      await expect(page.getByTestId('backend')).toHaveText(/^WebGPU/);
      await expect(page.getByTestId('lab-backend')).toHaveText(variant.card);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Model' }).click();
      await loadEmbedded(page, 180_000);
      await expect(page.getByTestId('model-device')).toHaveText(variant.device);
      await page.getByRole('button', { name: 'Score', exact: true }).click();
      await expect(page.getByTestId('scores')).toBeVisible({ timeout: 90_000 });
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });
}
