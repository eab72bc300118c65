/**
 * Rule packs: JSON files of rules produced elsewhere (another run of this lab, or other agent
 * learning systems such as Reflexion or AutoManual). Format:
 *   { source?: {...}, env: 'alfworld' | 'webshop', rules: [{ text, taskType?, meta? }] }
 * Parsing is strict about structure and forgiving about individual rules: a malformed file is
 * refused with a message naming the field; a bad rule inside a good file is skipped and reported,
 * so one odd entry never loses the rest.
 */
import type { EnvKind } from '../envs/types';
import { normalizeRuleText, RuleTextError } from './rule';

export interface RulePackEntry {
  text: string;
  taskType: string | null;
  meta?: Record<string, unknown>;
}

export interface ParsedRulePack {
  env: EnvKind;
  sourceId: string;
  rules: RulePackEntry[];
  /** Entries that were skipped, with the reason (index into the file's `rules`). */
  skipped: Array<{ index: number; reason: string }>;
}

export class RulePackError extends Error {
  override name = 'RulePackError';
}

const ENVS: readonly EnvKind[] = ['alfworld', 'webshop'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseRulePack(json: unknown, fileName: string): ParsedRulePack {
  if (!isRecord(json)) throw new RulePackError(`${fileName}: expected a JSON object with "env" and "rules".`);
  const env = json.env;
  if (typeof env !== 'string' || !ENVS.includes(env as EnvKind)) {
    throw new RulePackError(`${fileName}: field "env" must be one of ${ENVS.join(', ')} (got ${JSON.stringify(env)}).`);
  }
  if (!Array.isArray(json.rules)) throw new RulePackError(`${fileName}: field "rules" must be an array.`);
  const source = isRecord(json.source) && typeof json.source.id === 'string' ? json.source.id : fileName;
  const rules: RulePackEntry[] = [];
  const skipped: ParsedRulePack['skipped'] = [];
  const seen = new Set<string>();
  json.rules.forEach((entry: unknown, index: number) => {
    if (!isRecord(entry)) {
      skipped.push({ index, reason: `rules[${index}] is not an object` });
      return;
    }
    let text: string;
    try {
      text = normalizeRuleText(entry.text);
    } catch (error) {
      skipped.push({ index, reason: `rules[${index}].text: ${(error as RuleTextError).message}` });
      return;
    }
    if (seen.has(text)) {
      skipped.push({ index, reason: `rules[${index}] duplicates an earlier rule` });
      return;
    }
    seen.add(text);
    const taskType = typeof entry.taskType === 'string' && entry.taskType.trim() ? entry.taskType.trim() : null;
    rules.push({ text, taskType, ...(isRecord(entry.meta) ? { meta: entry.meta } : {}) });
  });
  return { env: env as EnvKind, sourceId: source, rules, skipped };
}
