/**
 * Every change a person makes to the rule pool, each in one transaction that also writes a
 * RuleVersion, so the history is complete and a failed write changes nothing.
 * The learner's operations (ADD, EDIT, UPVOTE, …) will go through the same tables with their
 * provenance.
 */
import type { EnvKind } from '../core/envs/types';
import { emptyStats, NEW_RULE_IMPORTANCE, normalizeRuleText, type Rule } from '../core/rules/rule';
import type { ParsedRulePack } from '../core/rules/rulepack';
import type { LabDatabase, RuleVersion } from './schema';

function versionOf(rule: Rule, operation: string, at: number, provenance?: RuleVersion['provenance']): RuleVersion {
  return {
    ruleId: rule.id,
    at,
    operation,
    origin: rule.origin,
    text: rule.text,
    importance: rule.importance,
    pinned: rule.pinned,
    status: rule.status,
    ...(provenance ? { provenance } : {}),
  };
}

export class RuleNotFoundError extends Error {
  override name = 'RuleNotFoundError';
}

function newRuleId(): string {
  return `rule-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface NewRuleInput {
  env: EnvKind;
  taskType: string | null;
  text: string;
  pinned?: boolean;
}

export async function addUserRule(db: LabDatabase, input: NewRuleInput, now = Date.now()): Promise<Rule> {
  const rule: Rule = {
    id: newRuleId(),
    env: input.env,
    taskType: input.taskType,
    text: normalizeRuleText(input.text),
    importance: NEW_RULE_IMPORTANCE,
    pinned: input.pinned ?? false,
    status: 'active',
    origin: 'user',
    createdAt: now,
    updatedAt: now,
    stats: emptyStats(),
  };
  await db.transaction('rw', db.rules, db.ruleVersions, async () => {
    await db.rules.add(rule);
    await db.ruleVersions.add(versionOf(rule, 'ADD', now));
  });
  return rule;
}

async function updateRule(
  db: LabDatabase,
  id: string,
  operation: string,
  change: (rule: Rule) => Rule,
  now: number,
): Promise<Rule> {
  return db.transaction('rw', db.rules, db.ruleVersions, async () => {
    const current = await db.rules.get(id);
    if (!current) throw new RuleNotFoundError(`Rule ${id} no longer exists (deleted in another tab?).`);
    const next = { ...change(current), updatedAt: now };
    await db.rules.put(next);
    await db.ruleVersions.add(versionOf({ ...next, origin: 'user' }, operation, now));
    return next;
  });
}

/** A person's edit: new text (validated) and optionally a new scope. */
export function editRuleText(db: LabDatabase, id: string, text: string, taskType?: string | null, now = Date.now()): Promise<Rule> {
  const normalized = normalizeRuleText(text);
  return updateRule(db, id, 'EDIT', (rule) => ({ ...rule, text: normalized, ...(taskType !== undefined ? { taskType } : {}) }), now);
}

export function setRulePinned(db: LabDatabase, id: string, pinned: boolean, now = Date.now()): Promise<Rule> {
  return updateRule(db, id, pinned ? 'PIN' : 'UNPIN', (rule) => ({ ...rule, pinned }), now);
}

/** Removes a rule from the active pool; its history stays, so the removal can be undone. */
export function removeRule(db: LabDatabase, id: string, now = Date.now()): Promise<Rule> {
  return updateRule(db, id, 'REMOVE', (rule) => ({ ...rule, status: 'removed', pinned: false }), now);
}

export function restoreRule(db: LabDatabase, id: string, now = Date.now()): Promise<Rule> {
  return updateRule(db, id, 'RESTORE', (rule) => ({ ...rule, status: 'active', importance: Math.max(rule.importance, 1) }), now);
}

/** Imports a parsed pack in one transaction: all of it lands, or none of it does. */
export async function importRulePack(db: LabDatabase, pack: ParsedRulePack, now = Date.now()): Promise<Rule[]> {
  const rules: Rule[] = pack.rules.map((entry, index) => ({
    id: `${pack.sourceId}-${now.toString(36)}-${index}`,
    env: pack.env,
    taskType: entry.taskType,
    text: entry.text,
    importance: NEW_RULE_IMPORTANCE,
    pinned: false,
    status: 'active',
    origin: 'import',
    createdAt: now,
    updatedAt: now,
    stats: emptyStats(),
    meta: { pack: pack.sourceId, ...(entry.meta ?? {}) },
  }));
  await db.transaction('rw', db.rules, db.ruleVersions, async () => {
    await db.rules.bulkAdd(rules);
    await db.ruleVersions.bulkAdd(rules.map((rule) => versionOf(rule, 'IMPORT', now, { note: `pack ${pack.sourceId}` })));
  });
  return rules;
}
