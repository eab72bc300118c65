/**
 * Undo and redo of a person's own edits in the rule workbench. Undo is applied as inverse edits
 * (edit back, restore, unpin, ...) through the same path as any edit, so it is recorded in the
 * pool's history like everything else and a training run sees it at its next decision; nothing is
 * rewound. The learner's operations never enter this stack: they carry their provenance instead.
 *
 * Pure: a stack is plain data, every function returns a new one.
 */
import type { PoolRule } from '../../core/rules/pool';
import type { UserRuleEdit } from '../../core/rules/user-edits';

export interface UndoEntry {
  /** What the edit did, for the Undo/Redo buttons' titles and the notice. */
  label: string;
  /** The edits that take it back, applied in order. */
  undo: UserRuleEdit[];
  /** The edits that make it again, applied in order. */
  redo: UserRuleEdit[];
}

export interface UndoStack {
  done: UndoEntry[];
  undone: UndoEntry[];
}

export const EMPTY_STACK: UndoStack = { done: [], undone: [] };
/** Edits remembered per source; older ones drop off. */
export const UNDO_LIMIT = 100;

/**
 * The entry for an applied edit. `before` is the rule as it was (absent for an add), `ruleId` the
 * rule the edit touched (an add's new id). A re-done add restores the same rule rather than adding
 * a new one, so later entries that name its id stay valid.
 */
export function entryFor(edit: UserRuleEdit, ruleId: string, before: PoolRule | undefined): UndoEntry {
  switch (edit.kind) {
    case 'add':
      return { label: `add ${ruleId}`, undo: [{ kind: 'remove', ruleId }], redo: [{ kind: 'restore', ruleId }] };
    case 'edit':
      if (!before) throw new Error(`entryFor: the edit of ${ruleId} needs the rule as it was`);
      return { label: `edit of ${ruleId}`, undo: [{ kind: 'edit', ruleId, text: before.text }], redo: [{ kind: 'edit', ruleId, text: edit.text }] };
    case 'remove':
      return { label: `delete of ${ruleId}`, undo: [{ kind: 'restore', ruleId }], redo: [{ kind: 'remove', ruleId }] };
    case 'restore':
      return { label: `restore of ${ruleId}`, undo: [{ kind: 'remove', ruleId }], redo: [{ kind: 'restore', ruleId }] };
    case 'pin':
      return { label: `pin of ${ruleId}`, undo: [{ kind: 'unpin', ruleId }], redo: [{ kind: 'pin', ruleId }] };
    case 'unpin':
      return { label: `unpin of ${ruleId}`, undo: [{ kind: 'pin', ruleId }], redo: [{ kind: 'unpin', ruleId }] };
  }
}

/** A new edit: remembered for undo; whatever was undone can no longer be redone. */
export function pushEdit(stack: UndoStack, entry: UndoEntry): UndoStack {
  return { done: [...stack.done, entry].slice(-UNDO_LIMIT), undone: [] };
}

export function canUndo(stack: UndoStack): boolean {
  return stack.done.length > 0;
}

export function canRedo(stack: UndoStack): boolean {
  return stack.undone.length > 0;
}

/** The entry to undo next (its `undo` edits still have to be applied), or null. */
export function nextUndo(stack: UndoStack): UndoEntry | null {
  return stack.done.at(-1) ?? null;
}

export function nextRedo(stack: UndoStack): UndoEntry | null {
  return stack.undone.at(-1) ?? null;
}

/** The stack after the next undo was applied. (When applying it fails, keep the stack as it was.) */
export function afterUndo(stack: UndoStack): UndoStack {
  const entry = nextUndo(stack);
  return entry ? { done: stack.done.slice(0, -1), undone: [...stack.undone, entry] } : stack;
}

export function afterRedo(stack: UndoStack): UndoStack {
  const entry = nextRedo(stack);
  return entry ? { done: [...stack.done, entry], undone: stack.undone.slice(0, -1) } : stack;
}
