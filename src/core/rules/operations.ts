/**
 * Applying rule operations to a pool (pure: returns a new PoolState; the input is never mutated).
 *
 * ExpeL's counting: ADD starts a rule at importance 2; UPVOTE and EDIT add 1; DOWNVOTE subtracts 1,
 * and a rule that reaches 0 is removed (recorded as its own REMOVE after the DOWNVOTE).
 * - ADD whose text (normalized, lower-cased) equals an active rule of the same scope is applied as
 *   an UPVOTE of that rule (`requested: 'ADD'`).
 * - Capacity is per scope (env, taskType): an ADD into a full scope first removes the unpinned
 *   active rule with the lowest importance (ties: the least recently updated, then the oldest id),
 *   recorded as a REMOVE with source 'capacity'. A scope full of pinned rules refuses a learner's ADD;
 *   a person's ADD then goes over capacity (a person's rules are never dropped to make room).
 * - MERGE keeps the first id and SUMS the importances (each merged rule earned its votes for the same
 *   advice; a max would throw that evidence away and let a capacity removal take the merged rule
 *   early); counters and decisive states are pooled too; the others are marked removed.
 * - ABSORB marks a rule absorbed: it leaves the active pool and stays in the history.
 * - Pinned rules are never changed by the learner's sources (reflector, absorption, capacity): such
 *   an op is skipped and reported. A person's ('user') and an import's ops may change them.
 * - PIN, UNPIN (an active rule) and RESTORE (a removed or absorbed rule back to active, refused when
 *   an active rule of its scope has the same text) are a person's: any other source is skipped.
 * Every applied op is recorded (AppliedOp, with provenance) and writes a RuleVersion per rule it touched.
 */
import type { AppliedOp, DecisiveState, PoolRule, PoolState, Provenance, RuleOp, RuleOpKind, RuleVersion, SkippedOp } from './pool';
import { comparableText, emptyPoolStats, LEARNER_SOURCES, MAX_DECISIVE_STATES, ruleNumber, sameScope } from './pool-helpers';
import { NEW_RULE_IMPORTANCE, normalizeRuleText, type RuleStatus } from './rule';

export interface ApplyResult {
  pool: PoolState;
  applied: AppliedOp[];
  skipped: SkippedOp[];
}

class Skip extends Error {}

const sameState = (a: DecisiveState, b: DecisiveState): boolean =>
  a.taskId === b.taskId && a.advised === b.advised && a.actions.length === b.actions.length && a.actions.every((x, i) => x === b.actions[i]);

/** Adds a decisive state (deduplicated), keeping the newest MAX_DECISIVE_STATES. */
function withState(states: readonly DecisiveState[], state: DecisiveState | undefined): DecisiveState[] {
  if (!state || states.some((s) => sameState(s, state))) return states.slice();
  return [...states, { taskId: state.taskId, actions: [...state.actions], advised: state.advised }].slice(-MAX_DECISIVE_STATES);
}

function normalized(text: unknown, what: string): string {
  try {
    return normalizeRuleText(text);
  } catch (error) {
    throw new Skip(`${what}: ${(error as Error).message}`);
  }
}

export function applyOps(pool: PoolState, ops: readonly RuleOp[]): ApplyResult {
  // Copy-on-write: the arrays are new, a rule object is replaced (never edited) when it changes.
  const rules = pool.rules.slice();
  const versions = pool.versions.slice();
  const log = pool.ops.slice();
  let nextId = pool.nextId;
  const applied: AppliedOp[] = [];
  const skipped: SkippedOp[] = [];
  const versionOf = new Map<string, number>();
  for (const v of pool.versions) versionOf.set(v.ruleId, Math.max(versionOf.get(v.ruleId) ?? 0, v.version));

  const at = (id: string): number => rules.findIndex((r) => r.id === id);
  const put = (rule: PoolRule): void => {
    const i = at(rule.id);
    if (i < 0) rules.push(rule);
    else rules[i] = rule;
  };
  const version = (rule: PoolRule, op: RuleOpKind, provenance: Provenance): void => {
    const n = (versionOf.get(rule.id) ?? 0) + 1;
    versionOf.set(rule.id, n);
    const v: RuleVersion = { ruleId: rule.id, version: n, text: rule.text, importance: rule.importance, status: rule.status, op, provenance };
    versions.push(v);
  };
  const record = (kind: RuleOpKind, rule: PoolRule, before: number | null, provenance: Provenance, extra: Partial<Pick<AppliedOp, 'requested' | 'mergedIds'>> = {}): void => {
    const entry: AppliedOp = { seq: log.length + 1, kind, ruleId: rule.id, ...extra, text: rule.text, importanceBefore: before, importanceAfter: rule.importance, statusAfter: rule.status, provenance };
    log.push(entry);
    applied.push(entry);
    version(rule, kind, provenance);
  };
  const activeTarget = (op: RuleOp, id: string | undefined): PoolRule => {
    if (!id) throw new Skip(`${op.kind} needs a target rule id`);
    const rule = rules.find((r) => r.id === id);
    if (!rule) throw new Skip(`unknown rule ${id}`);
    if (rule.status !== 'active') throw new Skip(`rule ${id} is ${rule.status}, not active`);
    if (rule.pinned && LEARNER_SOURCES.includes(op.provenance.source)) throw new Skip(`rule ${id} is pinned; the learner (${op.provenance.source}) never changes it`);
    return rule;
  };
  const touched = (rule: PoolRule, provenance: Provenance, change: Partial<PoolRule>): PoolRule => ({ ...rule, ...change, updatedIteration: provenance.iteration });
  const vote = (op: RuleOp, rule: PoolRule, delta: number, requested?: RuleOpKind): void => {
    const p = op.provenance;
    const importance = Math.max(0, rule.importance + delta);
    let next = touched(rule, p, { importance, decisiveStates: withState(rule.decisiveStates, op.decisiveState) });
    // A helpfulness down-vote restarts the window the next verdict is judged on (absorption.ts).
    if (op.kind === 'DOWNVOTE' && p.source === 'absorption') next = { ...next, stats: { ...next.stats, helpfulnessSince: countersOf(next) } };
    put(next);
    record(delta > 0 ? 'UPVOTE' : 'DOWNVOTE', next, rule.importance, p, requested ? { requested } : {});
    if (importance === 0) setStatus(next, 'removed', 'REMOVE', p);
  };
  const setStatus = (rule: PoolRule, status: RuleStatus, kind: RuleOpKind, provenance: Provenance): PoolRule => {
    const next = touched(rule, provenance, { status });
    put(next);
    record(kind, next, rule.importance, provenance);
    return next;
  };

  const apply = (op: RuleOp): void => {
    const p = op.provenance;
    if (!p || typeof p.iteration !== 'number' || !p.source) throw new Skip('an op needs provenance (iteration and source)');
    const learner = LEARNER_SOURCES.includes(p.source);
    switch (op.kind) {
      case 'ADD': {
        if (op.env !== 'alfworld' && op.env !== 'webshop') throw new Skip('ADD needs env');
        const text = normalized(op.text, 'ADD text');
        const taskType = op.taskType ?? null;
        const inScope = rules.filter((r) => r.status === 'active' && sameScope(r, op.env!, taskType));
        const duplicate = inScope.find((r) => comparableText(r.text) === text.toLowerCase());
        if (duplicate) {
          if (duplicate.pinned && learner) throw new Skip(`ADD duplicates pinned rule ${duplicate.id}`);
          vote(op, duplicate, +1, 'ADD');
          return;
        }
        if (inScope.length >= pool.capacity) {
          const evictable = inScope.filter((r) => !r.pinned).sort((a, b) => a.importance - b.importance || a.updatedIteration - b.updatedIteration || ruleNumber(a.id) - ruleNumber(b.id));
          if (evictable.length > 0) {
            const scope = `${op.env}/${taskType ?? '*'}`;
            setStatus(evictable[0], 'removed', 'REMOVE', { iteration: p.iteration, source: 'capacity', diagnosis: `scope ${scope} at capacity ${pool.capacity}: the lowest-importance rule makes room` });
          } else if (learner) {
            throw new Skip(`scope ${op.env}/${taskType ?? '*'} is full of pinned rules (capacity ${pool.capacity})`);
          }
        }
        const origin = p.source === 'user' ? 'user' : p.source === 'import' ? 'import' : 'learner';
        const rule: PoolRule = {
          id: `r${nextId++}`,
          env: op.env,
          taskType,
          text,
          importance: NEW_RULE_IMPORTANCE,
          pinned: !learner && op.pinned === true,
          status: 'active',
          origin,
          family: op.family ?? (origin === 'learner' ? 'procedure' : 'user'),
          diagnosisKey: op.diagnosisKey ?? null,
          createdIteration: p.iteration,
          updatedIteration: p.iteration,
          stats: emptyPoolStats(),
          decisiveStates: withState([], op.decisiveState),
        };
        put(rule);
        record('ADD', rule, null, p);
        return;
      }
      case 'UPVOTE':
        vote(op, activeTarget(op, op.ruleId), +1);
        return;
      case 'DOWNVOTE':
        vote(op, activeTarget(op, op.ruleId), -1);
        return;
      case 'EDIT': {
        const rule = activeTarget(op, op.ruleId);
        const text = normalized(op.text, 'EDIT text');
        const clash = rules.find((r) => r.id !== rule.id && r.status === 'active' && sameScope(r, rule.env, rule.taskType) && comparableText(r.text) === text.toLowerCase());
        if (clash) throw new Skip(`EDIT of ${rule.id} would duplicate rule ${clash.id}`);
        const next = touched(rule, p, {
          text,
          importance: rule.importance + 1,
          ...(op.diagnosisKey !== undefined ? { diagnosisKey: op.diagnosisKey } : {}),
          ...(op.family !== undefined ? { family: op.family } : {}),
          decisiveStates: withState(rule.decisiveStates, op.decisiveState),
          // New text, new evidence: helpfulness is judged from here on.
          stats: { ...rule.stats, helpfulnessSince: countersOf(rule) },
        });
        put(next);
        record('EDIT', next, rule.importance, p);
        return;
      }
      case 'REMOVE':
        setStatus(activeTarget(op, op.ruleId), 'removed', 'REMOVE', p);
        return;
      case 'ABSORB':
        setStatus(activeTarget(op, op.ruleId), 'absorbed', 'ABSORB', p);
        return;
      case 'PIN':
      case 'UNPIN': {
        if (p.source !== 'user') throw new Skip(`${op.kind} is a person's operation (source was ${p.source})`);
        const rule = activeTarget(op, op.ruleId);
        const next = touched(rule, p, { pinned: op.kind === 'PIN' });
        put(next);
        record(op.kind, next, rule.importance, p);
        return;
      }
      case 'RESTORE': {
        if (p.source !== 'user') throw new Skip(`RESTORE is a person's operation (source was ${p.source})`);
        const rule = rules.find((r) => r.id === op.ruleId);
        if (!rule) throw new Skip(`unknown rule ${op.ruleId ?? '(none)'}`);
        if (rule.status === 'active') throw new Skip(`rule ${rule.id} is already active`);
        const clash = rules.find((r) => r.status === 'active' && sameScope(r, rule.env, rule.taskType) && comparableText(r.text) === comparableText(rule.text));
        if (clash) throw new Skip(`restoring ${rule.id} would duplicate active rule ${clash.id}`);
        // A rule voted down to 0 comes back with the importance a new rule starts from.
        setStatus({ ...rule, importance: Math.max(rule.importance, 1) }, 'active', 'RESTORE', p);
        return;
      }
      case 'MERGE': {
        const ids = op.mergeIds ?? [];
        if (new Set(ids).size !== ids.length || ids.length < 2) throw new Skip('MERGE needs two or more distinct rule ids');
        const merged = ids.map((id) => activeTarget(op, id));
        const [kept, ...others] = merged;
        const stray = others.find((r) => !sameScope(r, kept.env, kept.taskType));
        if (stray) throw new Skip(`MERGE of ${stray.id} (${stray.env}/${stray.taskType ?? '*'}) into ${kept.id} (${kept.env}/${kept.taskType ?? '*'}): different scopes`);
        const text = op.text === undefined ? kept.text : normalized(op.text, 'MERGE text');
        let states = kept.decisiveStates.slice();
        for (const r of others) for (const s of r.decisiveStates) states = withState(states, s);
        const sum = (f: 'retrieved' | 'successWhenRetrieved' | 'matchedEpisodes' | 'matchedSuccessesWithout') => merged.reduce((acc, r) => acc + r.stats[f], 0);
        const next = touched(kept, p, {
          text,
          importance: merged.reduce((acc, r) => acc + r.importance, 0),
          diagnosisKey: op.diagnosisKey !== undefined ? op.diagnosisKey : (merged.find((r) => r.diagnosisKey !== null)?.diagnosisKey ?? null),
          decisiveStates: states,
          stats: { ...kept.stats, retrieved: sum('retrieved'), successWhenRetrieved: sum('successWhenRetrieved'), matchedEpisodes: sum('matchedEpisodes'), matchedSuccessesWithout: sum('matchedSuccessesWithout') },
        });
        put(next);
        record('MERGE', next, kept.importance, p, { mergedIds: others.map((r) => r.id) });
        for (const r of others) {
          const gone = touched(r, p, { status: 'removed' });
          put(gone);
          version(gone, 'MERGE', p);
        }
        return;
      }
      default:
        throw new Skip(`unknown op kind ${String((op as { kind: unknown }).kind)}`);
    }
  };

  for (const op of ops) {
    try {
      apply(op);
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipped.push({ op, reason: error.message });
    }
  }
  return { pool: { ...pool, rules, versions, ops: log, nextId }, applied, skipped };
}

function countersOf(rule: PoolRule) {
  const { retrieved, successWhenRetrieved, matchedEpisodes, matchedSuccessesWithout } = rule.stats;
  return { retrieved, successWhenRetrieved, matchedEpisodes, matchedSuccessesWithout };
}
