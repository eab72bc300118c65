/**
 * The rule pool on real IndexedDB: add odd rule text, edit, pin, remove, restore, reload, and
 * import packs (a malformed one is refused with a message and changes nothing).
 */
import { expect, test } from '@playwright/test';
import { artifactPath } from './artifacts';

test('rules survive a reload and odd text is shown literally', async ({ page }) => {
  await page.goto('./#/rules');
  const hostile = '<img src=x onerror="window.__pwned=1"> Heat the egg <b>before</b> placing it.';
  await page.getByLabel('New rule text').fill(hostile);
  await page.getByLabel('Rule task type').selectOption('pick_heat_then_place');
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.getByTestId('rule').filter({ hasText: 'Heat the egg' });
  await expect(rule.locator('.rule-text')).toHaveText(hostile);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // Empty text is refused with a message; nothing is added.
  await page.getByLabel('New rule text').fill('   ');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('alert')).toContainText('Rule text is empty');
  await expect(page.getByTestId('rule')).toHaveCount(1);

  await rule.getByRole('button', { name: 'Edit' }).click();
  // While editing, the text lives in a textarea (not text content): address the only rule directly.
  const editing = page.getByTestId('rule');
  await editing.getByLabel('Rule text').fill('When the task is to heat X: take X first, then go to the microwave before the destination.');
  await editing.getByRole('button', { name: 'Save' }).click();
  const edited = page.getByTestId('rule').filter({ hasText: 'When the task is to heat X' });
  await edited.getByRole('button', { name: 'Pin' }).click();
  await expect(edited.locator('.tag.pin')).toHaveText('pinned');

  await page.reload();
  const persisted = page.getByTestId('rule').filter({ hasText: 'When the task is to heat X' });
  await expect(persisted.locator('.tag.pin')).toHaveText('pinned');
  await persisted.getByRole('button', { name: 'History' }).click();
  await expect(persisted.locator('.rule-history li')).toHaveCount(3);
  await expect(persisted.locator('.rule-history li').first()).toContainText('PIN');

  await persisted.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('rule')).toHaveCount(0);
  await page.getByLabel('Status').selectOption('removed');
  await page.getByTestId('rule').getByRole('button', { name: 'Restore' }).click();
  await page.getByLabel('Status').selectOption('active');
  await expect(page.getByTestId('rule')).toHaveCount(1);
});

test('imports bundled and uploaded packs, refusing malformed files', async ({ page }) => {
  await page.goto('./#/rules');
  await page.getByLabel('Load a bundled pack').selectOption('knowself_alfworld');
  await expect(page.getByRole('status')).toContainText('Imported 24 alfworld rules from knowself_alfworld');
  await expect(page.getByTestId('rule-count')).toHaveText('24 active rules shown');

  await page.getByLabel('Import rule pack').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"env": "alfworld", "rules": [') });
  await expect(page.getByRole('alert')).toContainText('broken.json is not valid JSON');
  await page.getByLabel('Import rule pack').setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from('{"env": "minecraft", "rules": []}') });
  await expect(page.getByRole('alert')).toContainText('wrong.json: field "env" must be one of alfworld, webshop');
  await expect(page.getByTestId('rule-count')).toHaveText('24 active rules shown');

  await page.getByLabel('Load a bundled pack').selectOption('reflexion_webshop');
  await expect(page.getByRole('status')).toContainText('webshop rules from reflexion_webshop');
  await page.getByLabel('Filter rules').fill('price');
  await page.screenshot({ path: artifactPath('rules-view.png'), fullPage: false });
});
