import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuleTextError } from '../core/rules/rule';
import { parseRulePack } from '../core/rules/rulepack';
import { addUserRule, editRuleText, importRulePack, removeRule, restoreRule, RuleNotFoundError, setRulePinned } from './rules-repo';
import { LabDatabase } from './schema';

let db: LabDatabase;
let counter = 0;
beforeEach(async () => {
  db = new LabDatabase(`test-${counter++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('rules repository', () => {
  it('adds, edits, pins, removes and restores with a version per change', async () => {
    const rule = await addUserRule(db, { env: 'alfworld', taskType: 'pick_heat_then_place', text: ' Heat the  egg before placing it. ' }, 1000);
    expect(rule).toMatchObject({ text: 'Heat the egg before placing it.', importance: 2, status: 'active', origin: 'user' });
    await editRuleText(db, rule.id, 'Heat X in the microwave before putting it down.', undefined, 2000);
    await setRulePinned(db, rule.id, true, 3000);
    await removeRule(db, rule.id, 4000);
    const removed = await db.rules.get(rule.id);
    expect(removed).toMatchObject({ status: 'removed', pinned: false, text: 'Heat X in the microwave before putting it down.', updatedAt: 4000 });
    await restoreRule(db, rule.id, 5000);
    const versions = await db.ruleVersions.where('ruleId').equals(rule.id).sortBy('at');
    expect(versions.map((v) => v.operation)).toEqual(['ADD', 'EDIT', 'PIN', 'REMOVE', 'RESTORE']);
    expect(versions[0].text).toBe('Heat the egg before placing it.');
    expect((await db.rules.get(rule.id))?.status).toBe('active');
  });

  it('rejects empty text and unknown ids without writing anything', async () => {
    await expect(addUserRule(db, { env: 'webshop', taskType: null, text: '   ' })).rejects.toBeInstanceOf(RuleTextError);
    await expect(editRuleText(db, 'missing', 'text')).rejects.toBeInstanceOf(RuleNotFoundError);
    expect(await db.rules.count()).toBe(0);
    expect(await db.ruleVersions.count()).toBe(0);
  });

  it('imports a pack atomically: a failure leaves the pool as it was', async () => {
    const pack = parseRulePack({ env: 'alfworld', source: { id: 'p' }, rules: [{ text: 'a' }, { text: 'b' }] }, 'p.json');
    const imported = await importRulePack(db, pack, 10);
    expect(imported.map((r) => r.text)).toEqual(['a', 'b']);
    expect(await db.ruleVersions.count()).toBe(2);
    // Same ids again: bulkAdd fails on the first duplicate key, and the transaction rolls back.
    await expect(importRulePack(db, pack, 10)).rejects.toThrow();
    expect(await db.rules.count()).toBe(2);
    expect(await db.ruleVersions.count()).toBe(2);
  });
});
