/**
 * The two places the workbench edits rules: the pool of one run, and the library new runs start
 * from. A run's edits go to the lab worker (`rules.edit`), which applies them to the pool it is
 * training with, if it is, so they take effect at the next decision, and commits them to IndexedDB.
 * The library is edited here, in one Dexie transaction. Both apply the core's applyUserEdit.
 */
import type { InitialRule, PoolState } from '../../core/rules/pool';
import { RuleEditError, type UserRuleEdit } from '../../core/rules/user-edits';
import { db } from '../../db/instance';
import { editLibrary, type ImportOutcome, importIntoLibrary, newEntries } from '../../db/rules-repo';
import { labClient } from '../../lab-client';

export type RuleSource = { kind: 'library' } | { kind: 'run'; runId: string };

export const LIBRARY: RuleSource = { kind: 'library' };

/** A key per source (undo stacks are kept per source). */
export function sourceKey(source: RuleSource): string {
  return source.kind === 'library' ? 'library' : `run:${source.runId}`;
}

export function applyEdit(source: RuleSource, edit: UserRuleEdit): Promise<{ pool: PoolState; ruleId: string }> {
  return source.kind === 'library' ? editLibrary(db, edit) : labClient.request('rules.edit', { runId: source.runId, edit });
}

/**
 * Imports rules into a source, merging those whose normalized text its scope already has. The
 * library takes them in one transaction; a run takes them one `rules.edit` at a time, since each
 * must reach a training worker's live pool (a duplicate refused there counts as merged too).
 */
export async function importRules(source: RuleSource, pool: PoolState, rules: readonly InitialRule[], from: string): Promise<ImportOutcome> {
  if (source.kind === 'library') return importIntoLibrary(db, rules, from);
  const { fresh, merged } = newEntries(pool, rules);
  const outcome: ImportOutcome = { added: [], merged };
  for (const rule of fresh) {
    try {
      const { ruleId } = await applyEdit(source, { kind: 'add', env: rule.env, taskType: rule.taskType ?? null, text: rule.text, pinned: rule.pinned === true });
      outcome.added.push(ruleId);
    } catch (error) {
      if (!(error instanceof RuleEditError) && (error as Error).name !== 'RuleEditError') throw error;
      outcome.merged += 1;
    }
  }
  return outcome;
}
