/**
 * The workbench's undo stacks, one per source, kept for the page's lifetime (not the view's): a
 * person can edit a rule, go to the Lab to train a step, and come back to undo the edit.
 */
import { create } from 'zustand';
import { EMPTY_STACK, type UndoStack } from './undo';

interface UndoStore {
  stacks: Record<string, UndoStack>;
  update(key: string, change: (stack: UndoStack) => UndoStack): void;
}

export const useUndoStore = create<UndoStore>((set) => ({
  stacks: {},
  update: (key, change) => set((s) => ({ stacks: { ...s.stacks, [key]: change(s.stacks[key] ?? EMPTY_STACK) } })),
}));
