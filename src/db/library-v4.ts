/**
 * Schema version 4's migration of the rule library: versions 1 to 3 kept a person's rules in a
 * model of their own (`rules` rows of type Rule, with `ruleVersions` rows); from version 4 the
 * library is a PoolState, the learner's own shape, so one workbench, one edit function
 * (applyUserEdit) and one history timeline serve a run's pool and the library alike.
 *
 * Pure: old rows in, a pool out. Every rule keeps its id, text, scope, pin, status and counters;
 * every old version becomes a RuleVersion and an operation in the pool's log, in time order.
 */
import type { AppliedOp, PoolRule, PoolState, RuleOpKind, RuleVersion } from '../core/rules/pool';
import { emptyPoolStats } from '../core/rules/pool-helpers';
import type { Rule } from '../core/rules/rule';

/** A `ruleVersions` row of schema versions 1–3. */
export interface RuleVersionV1 {
  id?: number;
  ruleId: string;
  at: number;
  operation: string;
  origin: Rule['origin'];
  text: string;
  importance: number;
  pinned: boolean;
  status: Rule['status'];
  provenance?: { note?: string };
}

/** The library holds a person's rules, not a prompt's worth: no scope is capped. */
export const LIBRARY_CAPACITY = 100_000;

const OPS: Record<string, RuleOpKind> = { ADD: 'ADD', IMPORT: 'ADD', EDIT: 'EDIT', PIN: 'PIN', UNPIN: 'UNPIN', REMOVE: 'REMOVE', RESTORE: 'RESTORE' };

export function libraryFromV1(oldRules: readonly Rule[], oldVersions: readonly RuleVersionV1[]): PoolState {
  const ordered = oldRules.slice().sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const rules: PoolRule[] = ordered.map((r) => ({
    id: r.id,
    env: r.env,
    taskType: r.taskType,
    text: r.text,
    importance: r.importance,
    pinned: r.pinned,
    status: r.status,
    origin: r.origin,
    family: 'user',
    diagnosisKey: null,
    createdIteration: 0,
    updatedIteration: 0,
    stats: { ...emptyPoolStats(), retrieved: r.stats?.retrieved ?? 0, successWhenRetrieved: r.stats?.successWhenRetrieved ?? 0, absorption: r.stats?.absorption ?? null },
    decisiveStates: [],
  }));
  const known = new Set(rules.map((r) => r.id));
  // A rule whose history was never written (or lost) still gets its ADD.
  const history = oldVersions.filter((v) => known.has(v.ruleId));
  const withHistory = new Set(history.map((v) => v.ruleId));
  for (const r of ordered) {
    if (!withHistory.has(r.id)) history.push({ ruleId: r.id, at: r.createdAt, operation: 'ADD', origin: r.origin, text: r.text, importance: r.importance, pinned: r.pinned, status: r.status });
  }
  history.sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0));

  const versions: RuleVersion[] = [];
  const ops: AppliedOp[] = [];
  const last = new Map<string, RuleVersionV1>();
  const count = new Map<string, number>();
  for (const v of history) {
    const kind = OPS[v.operation] ?? 'EDIT';
    const provenance = { iteration: 0, source: v.origin === 'import' || v.operation === 'IMPORT' ? ('import' as const) : ('user' as const), ...(v.provenance?.note ? { diagnosis: v.provenance.note } : {}) };
    const version = (count.get(v.ruleId) ?? 0) + 1;
    count.set(v.ruleId, version);
    versions.push({ ruleId: v.ruleId, version, text: v.text, importance: v.importance, status: v.status, op: kind, provenance });
    ops.push({ seq: ops.length + 1, kind, ruleId: v.ruleId, text: v.text, importanceBefore: last.get(v.ruleId)?.importance ?? null, importanceAfter: v.importance, statusAfter: v.status, provenance });
    last.set(v.ruleId, v);
  }
  return { rules, versions, ops, nextId: 1, capacity: LIBRARY_CAPACITY };
}
