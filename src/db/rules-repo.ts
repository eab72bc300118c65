/**
 * The rule library: a person's pinned and imported rules that new runs can start from. It is a
 * PoolState (the learner's own shape) in one `ruleLibrary` row, changed only by the core's pure
 * functions (applyUserEdit for a person's edits, applyOps for imports) inside one transaction, so
 * every change is in its history and a failed write changes nothing.
 */
import type { EnvKind } from '../core/envs/types';
import { applyOps, createPool, type InitialRule, type PoolState, type RuleOp } from '../core/rules/pool';
import { comparableText } from '../core/rules/pool-helpers';
import { applyUserEdit, RuleEditError, type UserRuleEdit } from '../core/rules/user-edits';
import { LIBRARY_CAPACITY } from './library-v4';
import type { LabDatabase } from './schema';

export { LIBRARY_CAPACITY } from './library-v4';
export const LIBRARY_ROW = 'library';

export function emptyLibrary(): PoolState {
  return createPool({ capacity: LIBRARY_CAPACITY });
}

export async function loadLibrary(db: LabDatabase): Promise<PoolState> {
  return (await db.ruleLibrary.get(LIBRARY_ROW))?.pool ?? emptyLibrary();
}

/** Applies a person's edit to the library (RuleEditError with a message when refused; nothing is written then). */
export async function editLibrary(db: LabDatabase, edit: UserRuleEdit, now = Date.now()): Promise<{ pool: PoolState; ruleId: string }> {
  return db.transaction('rw', db.ruleLibrary, async () => {
    let result: { pool: PoolState; ruleId: string };
    try {
      result = applyUserEdit(await loadLibrary(db), edit, 0);
    } catch (error) {
      // applyUserEdit speaks of a run's pool; here the pool is the library.
      if (error instanceof RuleEditError) throw new RuleEditError(error.message.replace("this run's pool", 'the library'));
      throw error;
    }
    await db.ruleLibrary.put({ id: LIBRARY_ROW, pool: result.pool, updatedAt: now });
    return result;
  });
}

export interface ImportOutcome {
  /** Ids of the rules added. */
  added: string[];
  /** Entries whose normalized text an active rule of their scope (or an earlier entry) already had: merged into it, nothing added. */
  merged: number;
}

/**
 * Which entries are new to `pool`: an entry whose normalized text equals an active rule of the
 * same scope, or an earlier entry, is merged (counted, not added), so loading a pack twice adds it once.
 */
export function newEntries(pool: PoolState, entries: readonly InitialRule[]): { fresh: InitialRule[]; merged: number } {
  const seen = new Set(pool.rules.filter((r) => r.status === 'active').map((r) => scopeKey(r.env, r.taskType, r.text)));
  const fresh: InitialRule[] = [];
  for (const entry of entries) {
    const key = scopeKey(entry.env, entry.taskType ?? null, entry.text);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(entry);
  }
  return { fresh, merged: entries.length - fresh.length };
}

function scopeKey(env: EnvKind, taskType: string | null, text: string): string {
  return `${env}\u0000${taskType ?? ''}\u0000${comparableText(text)}`;
}

/** Imports rules (already validated: src/ui/rules/rule-file.ts) into the library in one transaction, merging duplicates. */
export async function importIntoLibrary(db: LabDatabase, entries: readonly InitialRule[], source: string, now = Date.now()): Promise<ImportOutcome> {
  return db.transaction('rw', db.ruleLibrary, async () => {
    const pool = await loadLibrary(db);
    const { fresh, merged } = newEntries(pool, entries);
    const ops: RuleOp[] = fresh.map((e) => ({
      kind: 'ADD',
      env: e.env,
      taskType: e.taskType ?? null,
      text: e.text,
      pinned: e.pinned === true,
      family: e.family ?? 'user',
      ...(e.diagnosisKey !== undefined ? { diagnosisKey: e.diagnosisKey } : {}),
      provenance: { iteration: 0, source: 'import', diagnosis: `imported from ${source}` },
    }));
    const result = applyOps(pool, ops);
    if (result.skipped.length > 0) throw new Error(`Could not import from ${source}: ${result.skipped[0].reason}. Nothing was imported.`);
    await db.ruleLibrary.put({ id: LIBRARY_ROW, pool: result.pool, updatedAt: now });
    return { added: result.applied.map((op) => op.ruleId), merged };
  });
}

/**
 * The rules a new run of `env` starts from: the library's active rules of that environment, pinned
 * ones first (in the run's pool they become r1, r2, ... in this order), each with its scope, pin,
 * origin and importance.
 */
export async function libraryInitialRules(db: LabDatabase, env: EnvKind): Promise<InitialRule[]> {
  const pool = await loadLibrary(db);
  return pool.rules
    .filter((r) => r.status === 'active' && r.env === env)
    .sort((a, b) => Number(b.pinned) - Number(a.pinned))
    .map((r) => ({
      text: r.text,
      env: r.env,
      taskType: r.taskType,
      pinned: r.pinned,
      origin: r.origin === 'import' ? 'import' : 'user',
      importance: r.importance,
      family: r.family,
      diagnosisKey: r.diagnosisKey,
    }));
}
