import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRule } from '../core/rules/pool';
import { RuleEditError } from '../core/rules/user-edits';
import { editLibrary, importIntoLibrary, libraryInitialRules, loadLibrary } from './rules-repo';
import { LabDatabase, VERSION_1_STORES } from './schema';

let db: LabDatabase;
let counter = 0;
beforeEach(async () => {
  db = new LabDatabase(`test-${counter++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('rule library', () => {
  it('adds, edits, pins, removes and restores, each recorded as a user operation with a version', async () => {
    const { ruleId } = await editLibrary(db, { kind: 'add', env: 'alfworld', taskType: 'pick_heat_then_place', text: ' Heat the  egg before placing it. ' });
    await editLibrary(db, { kind: 'edit', ruleId, text: 'Heat X in the microwave before putting it down.' });
    await editLibrary(db, { kind: 'pin', ruleId });
    await editLibrary(db, { kind: 'remove', ruleId });
    await editLibrary(db, { kind: 'restore', ruleId });
    const pool = await loadLibrary(db);
    expect(findRule(pool, ruleId)).toMatchObject({ text: 'Heat X in the microwave before putting it down.', status: 'active', pinned: true, origin: 'user', family: 'user' });
    expect(pool.ops.map((o) => [o.kind, o.provenance.source])).toEqual([
      ['ADD', 'user'],
      ['EDIT', 'user'],
      ['PIN', 'user'],
      ['REMOVE', 'user'],
      ['RESTORE', 'user'],
    ]);
    expect(pool.versions.filter((v) => v.ruleId === ruleId).map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    expect(pool.versions[0].text).toBe('Heat the egg before placing it.');
  });

  it('refuses empty text, a duplicate in the same scope and unknown ids, writing nothing', async () => {
    await editLibrary(db, { kind: 'add', env: 'webshop', taskType: null, text: 'Click the size the goal names.' });
    const before = await loadLibrary(db);
    await expect(editLibrary(db, { kind: 'add', env: 'webshop', taskType: null, text: '   ' })).rejects.toThrow(/empty/);
    await expect(editLibrary(db, { kind: 'add', env: 'webshop', taskType: null, text: 'click the SIZE  the goal names.' })).rejects.toBeInstanceOf(RuleEditError);
    await expect(editLibrary(db, { kind: 'edit', ruleId: 'r99', text: 'x' })).rejects.toThrow(new RuleEditError('There is no rule r99 in the library.'));
    expect(await loadLibrary(db)).toEqual(before);
    // Another scope may say the same thing.
    await editLibrary(db, { kind: 'add', env: 'webshop', taskType: 'fashion', text: 'Click the size the goal names.' });
    expect((await loadLibrary(db)).rules).toHaveLength(2);
  });

  it('imports rules once: the same pack again is merged, not doubled', async () => {
    const pack = [
      { env: 'alfworld' as const, taskType: 'pick_clean_then_place', text: 'Clean X in the sinkbasin first.' },
      { env: 'alfworld' as const, taskType: null, text: 'Look in drawers and cabinets.', pinned: true },
      { env: 'alfworld' as const, taskType: null, text: 'look in drawers  and cabinets.' },
    ];
    const first = await importIntoLibrary(db, pack, 'pack.json');
    expect(first).toEqual({ added: ['r1', 'r2'], merged: 1 });
    const second = await importIntoLibrary(db, pack, 'pack.json');
    expect(second).toEqual({ added: [], merged: 3 });
    const pool = await loadLibrary(db);
    expect(pool.rules.map((r) => [r.id, r.origin, r.pinned])).toEqual([
      ['r1', 'import', false],
      ['r2', 'import', true],
    ]);
    expect(pool.ops[0].provenance).toEqual({ iteration: 0, source: 'import', diagnosis: 'imported from pack.json' });
  });

  it('gives a new run its environment’s active library rules, pinned first', async () => {
    await importIntoLibrary(db, [{ env: 'alfworld', taskType: null, text: 'Imported advice.' }], 'p');
    const { ruleId } = await editLibrary(db, { kind: 'add', env: 'alfworld', taskType: 'look_at_obj_in_light', text: 'Use the desklamp.', pinned: true });
    const removed = await editLibrary(db, { kind: 'add', env: 'alfworld', taskType: null, text: 'Removed advice.' });
    await editLibrary(db, { kind: 'remove', ruleId: removed.ruleId });
    await editLibrary(db, { kind: 'add', env: 'webshop', taskType: null, text: 'Buy now.' });
    expect(ruleId).toBe('r2');
    expect(await libraryInitialRules(db, 'alfworld')).toEqual([
      { text: 'Use the desklamp.', env: 'alfworld', taskType: 'look_at_obj_in_light', pinned: true, origin: 'user', importance: 2, family: 'user', diagnosisKey: null },
      { text: 'Imported advice.', env: 'alfworld', taskType: null, pinned: false, origin: 'import', importance: 2, family: 'user', diagnosisKey: null },
    ]);
    expect(await libraryInitialRules(db, 'webshop')).toHaveLength(1);
  });
});

describe('schema version 4 migration', () => {
  it('turns the separate rules and ruleVersions tables into the library pool, keeping state and history', async () => {
    const name = `rules-migrate-${counter++}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(VERSION_1_STORES);
    const stats = { retrieved: 4, successWhenRetrieved: 3, absorption: null };
    await v1.table('rules').bulkAdd([
      { id: 'rule-a', env: 'alfworld', taskType: null, text: 'Edited text.', importance: 2, pinned: true, status: 'active', origin: 'user', createdAt: 10, updatedAt: 30, stats },
      { id: 'pack-b', env: 'webshop', taskType: null, text: 'Imported.', importance: 2, pinned: false, status: 'removed', origin: 'import', createdAt: 20, updatedAt: 40, stats },
    ]);
    await v1.table('ruleVersions').bulkAdd([
      { ruleId: 'rule-a', at: 10, operation: 'ADD', origin: 'user', text: 'First text.', importance: 2, pinned: false, status: 'active' },
      { ruleId: 'pack-b', at: 20, operation: 'IMPORT', origin: 'import', text: 'Imported.', importance: 2, pinned: false, status: 'active', provenance: { note: 'pack p' } },
      { ruleId: 'rule-a', at: 30, operation: 'EDIT', origin: 'user', text: 'Edited text.', importance: 2, pinned: false, status: 'active' },
      { ruleId: 'rule-a', at: 35, operation: 'PIN', origin: 'user', text: 'Edited text.', importance: 2, pinned: true, status: 'active' },
      { ruleId: 'pack-b', at: 40, operation: 'REMOVE', origin: 'user', text: 'Imported.', importance: 2, pinned: false, status: 'removed' },
    ]);
    v1.close();

    const upgraded = new LabDatabase(name);
    await upgraded.open();
    expect(upgraded.tables.map((t) => t.name)).not.toContain('rules');
    const pool = await loadLibrary(upgraded);
    expect(pool.rules.map((r) => [r.id, r.text, r.status, r.pinned, r.origin, r.stats.retrieved])).toEqual([
      ['rule-a', 'Edited text.', 'active', true, 'user', 4],
      ['pack-b', 'Imported.', 'removed', false, 'import', 4],
    ]);
    expect(pool.ops.map((o) => [o.seq, o.kind, o.ruleId, o.provenance.source])).toEqual([
      [1, 'ADD', 'rule-a', 'user'],
      [2, 'ADD', 'pack-b', 'import'],
      [3, 'EDIT', 'rule-a', 'user'],
      [4, 'PIN', 'rule-a', 'user'],
      [5, 'REMOVE', 'pack-b', 'user'],
    ]);
    expect(pool.versions.filter((v) => v.ruleId === 'rule-a').map((v) => [v.version, v.text])).toEqual([
      [1, 'First text.'],
      [2, 'Edited text.'],
      [3, 'Edited text.'],
    ]);
    expect(pool.ops[1].provenance.diagnosis).toBe('pack p');
    // The migrated library takes edits like any other.
    await editLibrary(upgraded, { kind: 'restore', ruleId: 'pack-b' });
    expect(await libraryInitialRules(upgraded, 'webshop')).toHaveLength(1);
    await upgraded.delete();
  });
});
