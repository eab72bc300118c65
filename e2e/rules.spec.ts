/**
 * The rule workbench on real IndexedDB: the library (add odd rule text, a refused add that keeps
 * its draft, edit, pin, delete, restore, undo and redo, reload), rule files (a pack imported
 * twice is merged, not doubled; a malformed one is refused with a message and changes nothing),
 * and a real run's learned rule: edited and pinned, then a training step reads the edited text.
 *
 * fixtures/rules-run.zip is a real CLI run (`experiment --env alfworld --methods jerp --seeds 78
 * --episodes 6 --group-size 2 --held-out-limit 1`, three iterations of two episodes) cut after its first committed iteration (its
 * checkpoints 0 and 1, iteration 0's episodes and metrics, rules.json = checkpoint 1's pool): the
 * reflector learned r1 for pick_clean_then_place there, and the next iteration draws that task type again,
 * so the step trained here retrieves r1 (and, one iteration short of the budget, no evaluation follows).
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { artifactPath } from './artifacts';

const ruleRow = (page: Page, text: string) => page.getByTestId('rule').filter({ hasText: text });

test('library rules: odd text, refused adds keep the draft, edit, pin, delete, undo and redo, reload', async ({ page }) => {
  await page.goto('./#/rules');
  const hostile = '<img src=x onerror="window.__pwned=1"> Heat the egg <b>before</b> placing it.';
  await page.getByLabel('New rule text').fill(hostile);
  await page.getByLabel('Rule task type').selectOption('pick_heat_then_place');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText(/Added r1\./);
  const rule = ruleRow(page, 'Heat the egg');
  await expect(rule.locator('.rule-text')).toHaveText(hostile);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByLabel('New rule text')).toHaveValue('');

  // Empty text and a duplicate in the same scope are refused with a message; the draft stays to fix; the notice is gone.
  await page.getByLabel('New rule text').fill('   ');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('alert')).toContainText('Rule text is empty');
  await expect(page.getByTestId('rules-notice')).toHaveCount(0);
  const duplicate = '<IMG src=x onerror="window.__pwned=1">   heat the egg <b>before</b> placing it.';
  await page.getByLabel('New rule text').fill(duplicate);
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('alert')).toContainText('Rule r1 already says this for alfworld/pick_heat_then_place');
  await expect(page.getByLabel('New rule text')).toHaveValue(duplicate);
  await expect(page.getByTestId('rule-count')).toHaveText('1 of 1 rules shown');

  // Right-to-left override characters are neutralized: stored and shown without them.
  await page.getByLabel('New rule text').fill('Use the \u202edesklamp\u202c to look at X.');
  await page.getByLabel('Rule task type').selectOption('look_at_obj_in_light');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(ruleRow(page, 'desklamp').locator('.rule-text')).toHaveText('Use the desklamp to look at X.');

  // Edit in place (a refused save keeps the draft in the box), then pin.
  await rule.getByRole('button', { name: 'Edit r1' }).click();
  await page.getByLabel('Text of r1').fill('x'.repeat(2500));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('Rule text is 2500 characters; the limit is 2000');
  await expect(page.getByLabel('Text of r1')).toHaveValue('x'.repeat(2500));
  await page.getByLabel('Text of r1').fill('When the task is to heat X: take X first, then go to the microwave before the destination.');
  await page.getByRole('button', { name: 'Save' }).click();
  const edited = ruleRow(page, 'When the task is to heat X');
  await expect(edited).toHaveCount(1);
  await edited.getByRole('button', { name: 'Pin r1' }).click();
  await expect(edited.locator('.tag.pin')).toHaveText('pinned');

  // Undo (keyboard and button) takes back the pin, then the edit; redo makes the edit again.
  await page.locator('body').press('Control+z');
  await expect(page.getByTestId('rules-notice')).toHaveText('Undid the pin of r1.');
  await expect(edited.locator('.tag.pin')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText('Undid the edit of r1.');
  await expect(ruleRow(page, 'r1').locator('.rule-text')).toHaveText(hostile);
  await page.locator('body').press('Control+Shift+z');
  await expect(page.getByTestId('rules-notice')).toHaveText('Redid the edit of r1.');
  await expect(ruleRow(page, 'r1').locator('.rule-text')).toContainText('When the task is to heat X');
  await ruleRow(page, 'r1').getByRole('button', { name: 'Pin r1' }).click();

  await page.reload();
  const persisted = ruleRow(page, 'When the task is to heat X');
  await expect(persisted.locator('.tag.pin')).toHaveText('pinned');
  await persisted.getByRole('button', { name: 'History of r1' }).click();
  const history = page.getByRole('region', { name: 'History of r1' }).getByTestId('history-entry');
  // ADD, EDIT, PIN, UNPIN (undo), EDIT (undo), EDIT (redo), PIN: every step is in the history, newest first.
  await expect(history).toHaveCount(7);
  await expect(history.first()).toContainText('PIN');
  await expect(history.first()).toContainText('your edit');

  // Delete, then bring it back from the removed rules.
  await persisted.getByRole('button', { name: 'Delete r1' }).click();
  await expect(page.getByTestId('rule-count')).toHaveText('1 of 2 rules shown');
  await page.getByLabel('Status').selectOption('removed');
  await ruleRow(page, 'r1').getByRole('button', { name: 'Restore r1' }).click();
  await page.getByLabel('Status').selectOption('active');
  await expect(page.getByTestId('rule-count')).toHaveText('2 of 2 rules shown');
});

test('rule files: a pack loaded twice is merged, malformed files change nothing, export reads back', async ({ page }) => {
  await page.goto('./#/rules');
  await page.getByLabel('Load a bundled pack').selectOption('knowself_alfworld');
  await expect(page.getByTestId('rules-notice')).toHaveText('Imported 24 rules from knowself_alfworld into the library.');
  await expect(page.getByTestId('rule-count')).toHaveText('24 of 24 rules shown');
  await page.getByLabel('Load a bundled pack').selectOption('knowself_alfworld');
  await expect(page.getByTestId('rules-notice')).toHaveText('Imported 0 rules from knowself_alfworld into the library; 24 already there (merged).');
  await expect(page.getByTestId('rule-count')).toHaveText('24 of 24 rules shown');

  await page.getByLabel('Import rule pack').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"env": "alfworld", "rules": [') });
  await expect(page.getByRole('alert')).toContainText('broken.json is not valid JSON');
  await page.getByLabel('Import rule pack').setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from('{"env": "minecraft", "rules": []}') });
  await expect(page.getByRole('alert')).toContainText('wrong.json: field env: must be one of alfworld, webshop (got "minecraft")');
  await expect(page.getByTestId('rule-count')).toHaveText('24 of 24 rules shown');

  // Export what is shown (filtered), and import it back: every rule is already there.
  await page.getByLabel('Filter rules').fill('receptacle');
  const shown = Number((await page.getByTestId('rule-count').textContent())!.split(' ')[0]);
  expect(shown).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export shown' }).click()]);
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'))) as { rules: unknown[] };
  expect(exported.rules).toHaveLength(shown);
  await page.getByLabel('Import rule pack').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(page.getByTestId('rules-notice')).toHaveText(`Imported 0 rules from library into the library; ${shown} already there (merged).`);

  await page.getByLabel('Load a bundled pack').selectOption('reflexion_webshop');
  await expect(page.getByTestId('rules-notice')).toContainText('rules from reflexion_webshop into the library');
  await page.getByLabel('Filter rules').fill('price');
  await page.getByTestId('rule').first().getByRole('button', { name: /^History of / }).click();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: artifactPath('rules-view.png'), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: artifactPath('rules-view-390.png'), fullPage: false });
  await page.getByRole('table', { name: 'Rules' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifactPath('rules-view-390-table.png'), fullPage: false });
});

test("a run's learned rule: provenance, edit and pin, a later training step reads the edited text, undo", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('./?backend=wasm#/runs');
  await page.getByLabel('Import run').setInputFiles({ name: 'rules-run.zip', mimeType: 'application/zip', buffer: readFileSync(new URL('./fixtures/rules-run.zip', import.meta.url)) });
  await expect(page.getByTestId('runs-notice')).toHaveText('Imported alfworld-jerp-s78.');

  await page.goto('./?backend=wasm#/rules');
  const option = page.getByLabel('Source').locator('option', { hasText: 'alfworld-jerp-s78' });
  const runId = (await option.getAttribute('value'))!.slice('run:'.length);
  await page.getByLabel('Source').selectOption(`run:${runId}`);
  await expect(page).toHaveURL(new RegExp(`#/rules/run/${runId}$`));
  const learned = page.getByTestId('rule').filter({ hasText: 'r1' });
  await expect(learned).toContainText('learner');
  const original = (await learned.locator('.rule-text').textContent())!;
  expect(original).toContain('When the task is to clean X');

  // Its history: the reflector's operations, with the diagnosis and links to the episodes behind them.
  await learned.getByRole('button', { name: 'History of r1' }).click();
  const history = page.getByRole('region', { name: 'History of r1' });
  await expect(history).toContainText('not undoable');
  const added = history.getByTestId('history-entry').last();
  await expect(added).toContainText('ADD');
  await expect(added).toContainText('the reflector');
  await expect(added).toContainText('Diagnosis: the failure');
  const compare = added.getByRole('link', { name: 'Compare the two' });
  await expect(compare).toHaveAttribute('href', new RegExp(`^#/trajectories/run/${runId}/it0-g\\d-e\\d/vs/${runId}/it0-g\\d-e\\d$`));
  await page.getByRole('button', { name: 'Close history' }).click();

  // Edit it in place and pin it: both go through the worker and are committed with the run's checkpoint.
  const edited = 'When the task is to clean X: take X to the sinkbasin, clean it there, then go to the destination (edited by hand).';
  await learned.getByRole('button', { name: 'Edit r1' }).click();
  await page.getByLabel('Text of r1').fill(edited);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText('Saved r1.');
  await learned.getByRole('button', { name: 'Pin r1' }).click();
  await expect(learned.locator('.tag.pin')).toHaveText('pinned');
  await expect(learned.locator('.rule-text')).toHaveText(edited);

  // One training iteration from the Lab: its steps read r1 at the edited version.
  await page.goto('./?backend=wasm#/lab');
  const panel = page.getByRole('article', { name: 'Train' });
  await expect(panel.getByTestId('train-iteration')).toHaveText('1 / 3');
  await panel.getByRole('button', { name: 'Step' }).click();
  await expect(panel.getByTestId('train-iteration')).toHaveText('2 / 3', { timeout: 150_000 });
  await expect(panel.getByTestId('train-run-status')).toContainText('paused');
  const read = await page.evaluate(async (id) => {
    const open = indexedDB.open('jerp-lab');
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = idb.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    type Step = { ruleIds: string[]; ruleVersions?: number[] };
    const episodes = (await all<{ runId: string; iteration: number; purpose: string; steps: Step[] }>('runEpisodes')).filter((e) => e.runId === id && e.iteration === 1 && e.purpose === 'train');
    const pool = (await all<{ runId: string; pool: { versions: Array<{ ruleId: string; version: number; text: string }> } }>('runPools')).find((p) => p.runId === id)!.pool;
    const versions = new Set<number>();
    for (const e of episodes) for (const step of e.steps) step.ruleIds.forEach((rule, i) => rule === 'r1' && versions.add(step.ruleVersions![i]));
    return { episodes: episodes.length, texts: [...versions].map((v) => pool.versions.find((x) => x.ruleId === 'r1' && x.version === v)!.text) };
  }, runId);
  expect(read.episodes).toBe(2);
  expect(read.texts).toEqual([edited]);

  // Back in the workbench the edit is still undoable (undo goes pin first, then the edit), as inverse edits.
  await page.goto(`./?backend=wasm#/rules/run/${runId}`);
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText('Undid the pin of r1.');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText('Undid the edit of r1.');
  await expect(learned.locator('.rule-text')).toHaveText(original);
  await page.setViewportSize({ width: 1280, height: 900 });
  await learned.getByRole('button', { name: 'History of r1' }).click();
  await page.screenshot({ path: artifactPath('rules-run.png'), fullPage: false });
});
