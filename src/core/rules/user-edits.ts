/**
 * A person's edits to a run's rule pool, made in the Rules workbench. Each one becomes a pool
 * operation with source 'user' (applyOps), so it lands in the same history as the learner's own
 * operations, with the same versions, and a replay of the ops gives the same pool.
 *
 * Unlike the learner, a person gets a refusal with a reason instead of a silent skip: an ADD that
 * repeats an active rule of its scope would be counted as an UPVOTE by applyOps, which is ExpeL's
 * rule for reflections but not what someone typing a rule means, so it is refused here first.
 */
import type { EnvKind } from '../envs/types';
import { applyOps, type PoolState, type RuleOp } from './pool';
import { comparableText, findRule, sameScope } from './pool-helpers';
import { normalizeRuleText, RuleTextError } from './rule';

export type UserRuleEdit =
  | { kind: 'add'; env: EnvKind; taskType: string | null; text: string; pinned?: boolean }
  | { kind: 'edit'; ruleId: string; text: string }
  | { kind: 'remove'; ruleId: string }
  /** A removed or absorbed rule back to active (how the workbench undoes a delete). */
  | { kind: 'restore'; ruleId: string }
  | { kind: 'pin'; ruleId: string }
  | { kind: 'unpin'; ruleId: string };

/** An edit that cannot be applied; the message is meant for the person who made it. */
export class RuleEditError extends Error {
  override name = 'RuleEditError';
}

const OP_OF: Record<UserRuleEdit['kind'], RuleOp['kind']> = { add: 'ADD', edit: 'EDIT', remove: 'REMOVE', restore: 'RESTORE', pin: 'PIN', unpin: 'UNPIN' };

/**
 * Applies one edit. `iteration` is the run's committed iteration count: the edit is recorded as
 * made after it (and so takes effect from the next decision on). Throws RuleEditError when refused.
 */
export function applyUserEdit(pool: PoolState, edit: UserRuleEdit, iteration: number): { pool: PoolState; ruleId: string } {
  const text = 'text' in edit ? checkedText(edit.text) : undefined;
  if (edit.kind === 'add') refuseDuplicate(pool, edit.env, edit.taskType, text!, null);
  else {
    const rule = findRule(pool, edit.ruleId);
    if (!rule) throw new RuleEditError(`There is no rule ${edit.ruleId} in this run's pool.`);
    if (edit.kind === 'edit') refuseDuplicate(pool, rule.env, rule.taskType, text!, rule.id);
  }
  const op: RuleOp = {
    kind: OP_OF[edit.kind],
    ...(edit.kind === 'add' ? { env: edit.env, taskType: edit.taskType, pinned: edit.pinned === true, family: 'user' as const } : { ruleId: edit.ruleId }),
    ...(text !== undefined ? { text } : {}),
    provenance: { iteration, source: 'user' },
  };
  const result = applyOps(pool, [op]);
  if (result.skipped.length > 0) throw new RuleEditError(sentence(result.skipped[0].reason));
  return { pool: result.pool, ruleId: result.applied[0].ruleId };
}

function checkedText(raw: string): string {
  try {
    return normalizeRuleText(raw);
  } catch (error) {
    if (error instanceof RuleTextError) throw new RuleEditError(error.message);
    throw error;
  }
}

function refuseDuplicate(pool: PoolState, env: EnvKind, taskType: string | null, text: string, except: string | null): void {
  const same = pool.rules.find((r) => r.id !== except && r.status === 'active' && sameScope(r, env, taskType) && comparableText(r.text) === text.toLowerCase());
  if (same) throw new RuleEditError(`Rule ${same.id} already says this for ${env}/${taskType ?? 'every task'}: edit or pin that rule instead.`);
}

function sentence(reason: string): string {
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
}
