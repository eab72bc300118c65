import { describe, expect, it } from 'vitest';
import { createPool, findRule } from './pool';
import { applyUserEdit, RuleEditError } from './user-edits';

const base = () => createPool({ initialRules: [{ text: 'Heat the object in the microwave before placing it.', env: 'alfworld', taskType: 'pick_heat_then_place_in_recep' }] });

describe('applyUserEdit', () => {
  it('adds, edits, pins, unpins, removes and restores, each recorded as a user op with a version', () => {
    let pool = base();
    const added = applyUserEdit(pool, { kind: 'add', env: 'alfworld', taskType: null, text: 'Check drawers before shelves.' }, 3);
    pool = added.pool;
    expect(findRule(pool, added.ruleId)).toMatchObject({ origin: 'user', family: 'user', pinned: false, createdIteration: 3, status: 'active' });
    pool = applyUserEdit(pool, { kind: 'edit', ruleId: added.ruleId, text: '  Check drawers   before cabinets. ' }, 3).pool;
    pool = applyUserEdit(pool, { kind: 'pin', ruleId: added.ruleId }, 4).pool;
    expect(findRule(pool, added.ruleId)).toMatchObject({ text: 'Check drawers before cabinets.', pinned: true });
    pool = applyUserEdit(pool, { kind: 'unpin', ruleId: added.ruleId }, 4).pool;
    pool = applyUserEdit(pool, { kind: 'remove', ruleId: added.ruleId }, 5).pool;
    expect(findRule(pool, added.ruleId)?.status).toBe('removed');
    pool = applyUserEdit(pool, { kind: 'restore', ruleId: added.ruleId }, 5).pool;
    expect(findRule(pool, added.ruleId)).toMatchObject({ status: 'active', pinned: false });
    const history = pool.versions.filter((v) => v.ruleId === added.ruleId);
    expect(history.map((v) => v.op)).toEqual(['ADD', 'EDIT', 'PIN', 'UNPIN', 'REMOVE', 'RESTORE']);
    expect(history.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.every((v) => v.provenance.source === 'user')).toBe(true);
    expect(pool.ops.slice(-6).map((o) => o.kind)).toEqual(['ADD', 'EDIT', 'PIN', 'UNPIN', 'REMOVE', 'RESTORE']);
  });

  it('refuses a duplicate of an active rule in the same scope, case and spacing aside, and leaves the pool unchanged', () => {
    const pool = base();
    const attempt = () => applyUserEdit(pool, { kind: 'add', env: 'alfworld', taskType: 'pick_heat_then_place_in_recep', text: 'heat the object in the  MICROWAVE before placing it.' }, 0);
    expect(attempt).toThrow(RuleEditError);
    expect(attempt).toThrow(/r1 already says this/);
    expect(pool.rules).toHaveLength(1);
    // Another scope may say the same thing.
    expect(applyUserEdit(pool, { kind: 'add', env: 'alfworld', taskType: null, text: 'Heat the object in the microwave before placing it.' }, 0).ruleId).toBe('r2');
  });

  it('refuses an edit that would duplicate another rule, empty or huge text, and unknown ids, with a message', () => {
    let pool = base();
    pool = applyUserEdit(pool, { kind: 'add', env: 'alfworld', taskType: 'pick_heat_then_place_in_recep', text: 'Open the microwave first.' }, 0).pool;
    expect(() => applyUserEdit(pool, { kind: 'edit', ruleId: 'r2', text: 'Heat the object in the microwave before placing it.' }, 0)).toThrow(/r1 already says this/);
    expect(() => applyUserEdit(pool, { kind: 'edit', ruleId: 'r2', text: '   ' }, 0)).toThrow(/empty/);
    expect(() => applyUserEdit(pool, { kind: 'edit', ruleId: 'r2', text: 'x'.repeat(5000) }, 0)).toThrow(/5000 characters/);
    expect(() => applyUserEdit(pool, { kind: 'pin', ruleId: 'r99' }, 0)).toThrow(/no rule r99/);
    expect(() => applyUserEdit(pool, { kind: 'restore', ruleId: 'r2' }, 0)).toThrow(/already active/);
  });

  it('keeps HTML as literal text and drops bidi controls that would reorder what surrounds the rule', () => {
    const { pool, ruleId } = applyUserEdit(base(), { kind: 'add', env: 'webshop', taskType: null, text: '<b>Buy</b> \u202Eit\u202C \u2067now\u2069' }, 0);
    expect(findRule(pool, ruleId)?.text).toBe('<b>Buy</b> it now');
  });

  it('lets a person edit a pinned rule (the learner never may)', () => {
    let pool = applyUserEdit(base(), { kind: 'pin', ruleId: 'r1' }, 1).pool;
    pool = applyUserEdit(pool, { kind: 'edit', ruleId: 'r1', text: 'Heat it in the microwave, then place it.' }, 1).pool;
    expect(findRule(pool, 'r1')).toMatchObject({ pinned: true, text: 'Heat it in the microwave, then place it.' });
  });
});
