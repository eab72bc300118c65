/**
 * The `llm` reflector's text side: the prompt an instruction-tuned model gets (the failed and the
 * reference trajectory, compactly, and the current rules with their ids) and the strict parser of its
 * reply. One operation per line, in the grammar the prompt states:
 *
 *   ADD [<task type or *>]: <rule text>
 *   EDIT <id>: <rule text>
 *   UPVOTE <id>
 *   DOWNVOTE <id>
 *   MERGE <id>,<id>[,<id>...]: <rule text>
 *   NONE                       (alone: nothing to change)
 *
 * Strict: blank lines are ignored, anything else that is not exactly one of these (a numbered list, a
 * code fence, a comment, an unknown or pinned or inactive id, an unknown task type, empty or
 * oversized text, too many operations) rejects the WHOLE reply with an error naming the line. A
 * reply is applied entirely or not at all, never half.
 */
import { TASK_TYPES } from '../envs/task-types';
import type { EnvKind } from '../envs/types';
import type { EpisodeRecord } from '../learn/records';
import type { PoolRule, PoolState, Provenance, RuleOp } from './pool';
import { normalizeRuleText } from './rule';

/** Longest rule text accepted from a model: a rule is one sentence (the canonical ones are under 130 characters). */
export const MAX_REFLECTOR_RULE_LENGTH = 300;
/** Most operations accepted in one reply. */
export const MAX_REFLECTOR_OPS = 12;
/** Observation characters shown per step in the prompt. */
const OBSERVATION_CHARS = 160;

const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function trajectory(label: string, episode: EpisodeRecord): string {
  const lines = [`${label} (${episode.success ? 'succeeded' : 'failed'}, reward ${episode.reward.toFixed(2)}, ${episode.steps.length} steps)`];
  episode.steps.forEach((step, i) => {
    lines.push(`  ${i + 1}. saw: ${oneLine(step.observation, OBSERVATION_CHARS)}`);
    lines.push(`     did: ${step.action}`);
  });
  return lines.join('\n');
}

const scopeOf = (rule: Pick<PoolRule, 'taskType'>): string => rule.taskType ?? '*';

export function buildReflectorPrompt(failed: EpisodeRecord, reference: EpisodeRecord, rules: readonly PoolRule[]): string {
  const active = rules.filter((r) => r.status === 'active');
  const ruleLines = active.length === 0 ? ['  (none)'] : active.map((r) => `  ${r.id} [${scopeOf(r)}] (importance ${r.importance}${r.pinned ? ', pinned: do not change' : ''}): ${r.text}`);
  return [
    'You improve a list of rules for an agent. Compare a failed attempt with a successful attempt at the same kind of task,',
    'find the first important step the failed attempt missed, and change the rules so the agent does not miss it again.',
    '',
    `Task type: ${failed.taskType}`,
    `Failed attempt's task: ${oneLine(failed.goal, 300)}`,
    trajectory('Failed attempt', failed),
    '',
    `Successful attempt's task: ${oneLine(reference.goal, 300)}`,
    trajectory('Successful attempt', reference),
    '',
    'Current rules (id [task type, * = every task] (importance): text):',
    ...ruleLines,
    '',
    'Reply with operations only, one per line, exactly in one of these forms:',
    'ADD [<task type, or * for every task>]: <rule text>',
    'EDIT <id>: <new rule text>',
    'UPVOTE <id>',
    'DOWNVOTE <id>',
    'MERGE <id>,<id>: <merged rule text>',
    'or the single line NONE when no rule should change.',
    `A rule is one sentence of general advice (at most ${MAX_REFLECTOR_RULE_LENGTH} characters); name objects generally (X, Y), never "apple 2".`,
    'No numbering, no explanations, no other text.',
  ].join('\n');
}

export interface ReflectorParseContext {
  /** The environment of the episodes (needed for ADD [*]; otherwise inferred from the task type). */
  env?: EnvKind;
  iteration?: number;
  failedEpisode?: string;
  referenceEpisode?: string;
}

export type ReflectorParseResult = { ok: true; ops: RuleOp[] } | { ok: false; error: string };

class LineError extends Error {}

const ADD = /^ADD \[([^\]]*)\]:\s*(.*)$/;
const EDIT = /^EDIT (r\d+):\s*(.*)$/;
const VOTE = /^(UPVOTE|DOWNVOTE) (r\d+)$/;
const MERGE = /^MERGE (r\d+(?:, ?r\d+)+):\s*(.*)$/;

export function parseReflectorOutput(text: string, pool: PoolState, context: ReflectorParseContext = {}): ReflectorParseResult {
  if (typeof text !== 'string') return { ok: false, error: 'reflector output is not text' };
  const provenance: Provenance = {
    iteration: context.iteration ?? 0,
    source: 'reflector',
    ...(context.failedEpisode ? { failedEpisode: context.failedEpisode } : {}),
    ...(context.referenceEpisode ? { referenceEpisode: context.referenceEpisode } : {}),
    diagnosis: 'llm reflector',
  };
  const lines = text.split(/\r?\n/).map((line, i) => ({ n: i + 1, line: line.trim() })).filter((l) => l.line !== '');
  if (lines.length === 0) return { ok: false, error: 'reflector output is empty (expected operations, or NONE)' };
  if (lines.length === 1 && lines[0].line === 'NONE') return { ok: true, ops: [] };
  if (lines.length > MAX_REFLECTOR_OPS) return { ok: false, error: `reflector output has ${lines.length} operations; at most ${MAX_REFLECTOR_OPS} are accepted` };

  const target = (id: string): PoolRule => {
    const rule = pool.rules.find((r) => r.id === id);
    if (!rule) throw new LineError(`unknown rule id ${id}`);
    if (rule.status !== 'active') throw new LineError(`rule ${id} is ${rule.status}, not active`);
    if (rule.pinned) throw new LineError(`rule ${id} is pinned and cannot be changed by the reflector`);
    return rule;
  };
  const ruleText = (raw: string): string => {
    let out: string;
    try {
      out = normalizeRuleText(raw);
    } catch (error) {
      throw new LineError((error as Error).message);
    }
    if (out.length > MAX_REFLECTOR_RULE_LENGTH) throw new LineError(`rule text is ${out.length} characters; at most ${MAX_REFLECTOR_RULE_LENGTH}`);
    return out;
  };
  const envFor = (scope: string): EnvKind => {
    if (context.env) return context.env;
    const env = (Object.keys(TASK_TYPES) as EnvKind[]).find((e) => TASK_TYPES[e].includes(scope));
    if (!env) throw new LineError(`ADD [${scope}] does not say which environment it is for`);
    return env;
  };

  const ops: RuleOp[] = [];
  for (const { n, line } of lines) {
    try {
      let m: RegExpExecArray | null;
      if ((m = ADD.exec(line))) {
        const scope = m[1].trim();
        const env = envFor(scope);
        if (scope !== '*' && !TASK_TYPES[env].includes(scope)) throw new LineError(`unknown ${env} task type "${scope}" (expected * or one of ${TASK_TYPES[env].join(', ')})`);
        ops.push({ kind: 'ADD', env, taskType: scope === '*' ? null : scope, text: ruleText(m[2]), provenance });
      } else if ((m = EDIT.exec(line))) {
        ops.push({ kind: 'EDIT', ruleId: target(m[1]).id, text: ruleText(m[2]), provenance });
      } else if ((m = VOTE.exec(line))) {
        ops.push({ kind: m[1] as 'UPVOTE' | 'DOWNVOTE', ruleId: target(m[2]).id, provenance });
      } else if ((m = MERGE.exec(line))) {
        const ids = m[1].split(',').map((s) => s.trim());
        if (new Set(ids).size !== ids.length) throw new LineError('MERGE names a rule twice');
        const rules = ids.map(target);
        const stray = rules.find((r) => r.env !== rules[0].env || r.taskType !== rules[0].taskType);
        if (stray) throw new LineError(`MERGE of rules with different scopes (${rules[0].id} and ${stray.id})`);
        ops.push({ kind: 'MERGE', mergeIds: ids, text: ruleText(m[2]), provenance });
      } else if (line === 'NONE') {
        throw new LineError('NONE must be the only line');
      } else {
        throw new LineError('not an operation (expected ADD [type]: text, EDIT id: text, UPVOTE id, DOWNVOTE id, MERGE id,id: text or NONE)');
      }
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      const shown = line.length > 80 ? `${line.slice(0, 79)}…` : line;
      return { ok: false, error: `line ${n}: ${error.message}: "${shown}"` };
    }
  }
  return { ok: true, ops };
}

export type ReflectorAvailability = { available: true } | { available: false; reason: string };

/** Smallest model trusted to follow the reflection instruction and the grammar. */
export const MIN_REFLECTOR_PARAMS = 100e6;

/**
 * Whether the `llm` reflector can run on a model. The embedded jerp-tiny (2.4M parameters) was
 * trained only to score the agent's candidate actions: it cannot read a reflection instruction, let
 * alone answer in the grammar. Hub models qualify when instruction-tuned and large enough.
 */
export function llmReflectorAvailability(modelInfo: { id: string; params: number }): ReflectorAvailability {
  const { id, params } = modelInfo;
  const size = params >= 1e9 ? `${(params / 1e9).toFixed(1)}B` : `${(params / 1e6).toFixed(1)}M`;
  if (/jerp-tiny/i.test(id)) {
    return { available: false, reason: `${id} (${size} parameters) was trained only to score actions in the agent's prompt; it cannot follow a reflection instruction. Use the contrastive reflector, or load an instruction-tuned hub model.` };
  }
  if (!(params >= MIN_REFLECTOR_PARAMS)) {
    return { available: false, reason: `${id} has ${size} parameters; the llm reflector needs an instruction-tuned model of at least ${MIN_REFLECTOR_PARAMS / 1e6}M. Use the contrastive reflector.` };
  }
  if (!/instruct|chat|(^|[-_/])it($|[-_/])/i.test(id)) {
    return { available: false, reason: `${id} does not look instruction-tuned (no "instruct"/"chat"/"-it" in its id); the llm reflector needs a model that follows instructions. Use the contrastive reflector.` };
  }
  return { available: true };
}
