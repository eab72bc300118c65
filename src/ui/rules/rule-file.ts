/**
 * Rule files the workbench imports and exports. One format covers both: a rule pack as the lab
 * bundles them (`{ source, env, rules: [{ text, taskType, meta }] }`) and the workbench's export,
 * where each rule may carry its own env and its pin (`{ format: 'jerp-rule-pack/1', rules: [{ env, text,
 * taskType, pinned, ... }] }`). A run's rules.json reads the same way (its rules carry env and status).
 *
 * The file's structure is checked with zod before anything is written: a malformed file is refused
 * whole with a message naming the field, and nothing changes. A rule whose text is unusable (empty,
 * too long) or whose task type its environment does not have is skipped and reported, so one odd
 * entry never loses the rest. Text is normalized as every rule's is (bidi controls removed).
 */
import { z } from 'zod';
import { TASK_TYPES } from '../../core/envs/task-types';
import type { EnvKind } from '../../core/envs/types';
import type { InitialRule, PoolRule } from '../../core/rules/pool';
import { normalizeRuleText } from '../../core/rules/rule';
import { firstIssue } from '../../db/run-schemas';

/** Not rules.json's 'jerp-rules/1' (a whole pool with its history); that file imports too, its active rules only. */
export const RULES_FILE_FORMAT = 'jerp-rule-pack/1';
/** Largest file read (a pack of 20,000 two-thousand-character rules is about 40 MB; real packs are far smaller). */
export const MAX_RULE_FILE_BYTES = 16 * 2 ** 20;
export const MAX_RULES_PER_FILE = 20_000;

export class RuleFileError extends Error {
  override name = 'RuleFileError';
}

const env = z.enum(['alfworld', 'webshop'], { error: (issue) => `must be one of alfworld, webshop (got ${JSON.stringify(issue.input)})` });

const entrySchema = z.looseObject({
  // Text is checked per entry below (a bad one is skipped, not fatal), so any value passes here.
  text: z.unknown(),
  env: env.optional(),
  taskType: z.string().nullable().optional(),
  pinned: z.boolean().optional(),
  family: z.enum(['procedure', 'location', 'user']).optional(),
  diagnosisKey: z.string().nullable().optional(),
  status: z.enum(['active', 'absorbed', 'removed']).optional(),
});

const fileSchema = z.looseObject({
  format: z.string().optional(),
  source: z.looseObject({ id: z.string().optional() }).optional(),
  env: env.optional(),
  rules: z.array(z.looseObject({}), { error: 'must be an array of rules' }).max(MAX_RULES_PER_FILE, `has more than ${MAX_RULES_PER_FILE} rules`),
});

export interface ParsedRuleFile {
  /** Where the rules came from: the file's source id, else its name. */
  source: string;
  rules: InitialRule[];
  skipped: Array<{ index: number; reason: string }>;
}

/** Parses a rule file's text. Throws RuleFileError (with the file name) when the file as a whole is unusable. */
export function parseRuleFile(text: string, fileName: string): ParsedRuleFile {
  if (text.length > MAX_RULE_FILE_BYTES) throw new RuleFileError(`${fileName} is ${(text.length / 2 ** 20).toFixed(0)} MB; rule files up to ${MAX_RULE_FILE_BYTES / 2 ** 20} MB can be imported.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RuleFileError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RuleFileError(`${fileName}: expected a JSON object with "rules" (and "env").`);
  const file = fileSchema.safeParse(json);
  if (!file.success) throw new RuleFileError(`${fileName}: field ${firstIssue(file.error)}.`);
  const rules: InitialRule[] = [];
  const skipped: ParsedRuleFile['skipped'] = [];
  file.data.rules.forEach((raw, index) => {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) throw new RuleFileError(`${fileName}: field rules.${index}.${firstIssue(entry.error)}.`);
    if (entry.data.status && entry.data.status !== 'active') {
      skipped.push({ index, reason: `rules[${index}] is ${entry.data.status} in its source` });
      return;
    }
    const ruleEnv: EnvKind | undefined = entry.data.env ?? file.data.env;
    if (!ruleEnv) throw new RuleFileError(`${fileName}: rules.${index} has no environment (give the file an "env", or each rule one).`);
    let ruleText: string;
    try {
      ruleText = normalizeRuleText(entry.data.text);
    } catch (error) {
      skipped.push({ index, reason: `rules[${index}].text: ${(error as Error).message}` });
      return;
    }
    const taskType = entry.data.taskType?.trim() || null;
    if (taskType !== null && !TASK_TYPES[ruleEnv].includes(taskType)) {
      skipped.push({ index, reason: `rules[${index}]: ${ruleEnv} has no task type "${taskType}"` });
      return;
    }
    rules.push({
      text: ruleText,
      env: ruleEnv,
      taskType,
      ...(entry.data.pinned !== undefined ? { pinned: entry.data.pinned } : {}),
      ...(entry.data.family !== undefined ? { family: entry.data.family } : {}),
      ...(entry.data.diagnosisKey !== undefined ? { diagnosisKey: entry.data.diagnosisKey } : {}),
    });
  });
  return { source: file.data.source?.id || fileName, rules, skipped };
}

/** The export of some rules, readable by parseRuleFile (and by the CLI's eval --rules when they share one env). */
export function ruleFileOf(rules: readonly PoolRule[], source: string): string {
  const envs = [...new Set(rules.map((r) => r.env))];
  return `${JSON.stringify(
    {
      format: RULES_FILE_FORMAT,
      source: { id: source },
      ...(envs.length === 1 ? { env: envs[0] } : {}),
      rules: rules.map((r) => ({
        env: r.env,
        text: r.text,
        taskType: r.taskType,
        pinned: r.pinned,
        family: r.family,
        diagnosisKey: r.diagnosisKey,
        meta: { id: r.id, origin: r.origin, status: r.status, importance: r.importance },
      })),
    },
    null,
    2,
  )}\n`;
}
