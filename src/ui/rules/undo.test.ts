import { describe, expect, it } from 'vitest';
import { createPool, findRule, type PoolState } from '../../core/rules/pool';
import { applyUserEdit, type UserRuleEdit } from '../../core/rules/user-edits';
import { afterRedo, afterUndo, canRedo, canUndo, EMPTY_STACK, entryFor, nextRedo, nextUndo, pushEdit, UNDO_LIMIT, type UndoStack } from './undo';

/** Applies an edit the way the workbench does: to the pool, then onto the stack. */
function edit(state: { pool: PoolState; stack: UndoStack }, e: UserRuleEdit): { pool: PoolState; stack: UndoStack; ruleId: string } {
  const before = 'ruleId' in e ? findRule(state.pool, e.ruleId) : undefined;
  const result = applyUserEdit(state.pool, e, 0);
  return { pool: result.pool, ruleId: result.ruleId, stack: pushEdit(state.stack, entryFor(e, result.ruleId, before)) };
}

function applyAll(pool: PoolState, edits: UserRuleEdit[]): PoolState {
  return edits.reduce((p, e) => applyUserEdit(p, e, 0).pool, pool);
}

describe('undo stack', () => {
  const start = { pool: createPool({ initialRules: [{ env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat the egg first.' }] }), stack: EMPTY_STACK };

  it('undoes an edit by editing back, and redoes it', () => {
    const s = edit(start, { kind: 'edit', ruleId: 'r1', text: 'Take the egg, then heat it in the microwave.' });
    expect(canUndo(s.stack)).toBe(true);
    const undone = applyAll(s.pool, nextUndo(s.stack)!.undo);
    expect(findRule(undone, 'r1')!.text).toBe('Heat the egg first.');
    const stack = afterUndo(s.stack);
    expect(canUndo(stack)).toBe(false);
    expect(canRedo(stack)).toBe(true);
    const redone = applyAll(undone, nextRedo(stack)!.redo);
    expect(findRule(redone, 'r1')!.text).toBe('Take the egg, then heat it in the microwave.');
    expect(afterRedo(stack)).toEqual(s.stack);
    // Every step is a recorded user operation: the history keeps the edit, its undo and its redo.
    expect(redone.ops.slice(-3).map((o) => [o.kind, o.provenance.source])).toEqual([['EDIT', 'user'], ['EDIT', 'user'], ['EDIT', 'user']]);
  });

  it('undoes add, delete, pin and unpin with their inverses; a redone add restores the same rule', () => {
    let s = edit(start, { kind: 'add', env: 'alfworld', taskType: null, text: 'Check the drawers.' });
    const added = s.ruleId;
    let pool = applyAll(s.pool, nextUndo(s.stack)!.undo);
    expect(findRule(pool, added)!.status).toBe('removed');
    pool = applyAll(pool, nextRedo(afterUndo(s.stack))!.redo);
    expect(findRule(pool, added)!.status).toBe('active');
    expect(pool.rules).toHaveLength(2);

    s = edit({ pool, stack: s.stack }, { kind: 'pin', ruleId: 'r1' });
    expect(findRule(applyAll(s.pool, nextUndo(s.stack)!.undo), 'r1')!.pinned).toBe(false);
    s = edit(s, { kind: 'unpin', ruleId: 'r1' });
    expect(findRule(applyAll(s.pool, nextUndo(s.stack)!.undo), 'r1')!.pinned).toBe(true);
    s = edit(s, { kind: 'remove', ruleId: 'r1' });
    expect(findRule(applyAll(s.pool, nextUndo(s.stack)!.undo), 'r1')!.status).toBe('active');
    expect(s.stack.done.map((e) => e.label)).toEqual(['add r2', 'pin of r1', 'unpin of r1', 'delete of r1']);
  });

  it('forgets what was undone once a new edit is made, and keeps the newest entries only', () => {
    const s = edit(start, { kind: 'pin', ruleId: 'r1' });
    const undone = afterUndo(s.stack);
    const next = pushEdit(undone, entryFor({ kind: 'remove', ruleId: 'r1' }, 'r1', undefined));
    expect(canRedo(next)).toBe(false);
    let stack = EMPTY_STACK;
    for (let i = 0; i < UNDO_LIMIT + 5; i++) stack = pushEdit(stack, entryFor({ kind: 'pin', ruleId: `r${i}` }, `r${i}`, undefined));
    expect(stack.done).toHaveLength(UNDO_LIMIT);
    expect(stack.done[0].label).toBe('pin of r5');
    expect(afterUndo(EMPTY_STACK)).toBe(EMPTY_STACK);
  });
});
