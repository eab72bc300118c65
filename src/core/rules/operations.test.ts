import { describe, expect, it } from 'vitest';
import { applyOps } from './operations';
import { createPool, type PoolState, type Provenance, type RuleOp } from './pool';

const reflector = (iteration = 1): Provenance => ({ iteration, source: 'reflector', failedEpisode: 'it1-g0-e1', referenceEpisode: 'it1-g0-e0', diagnosis: 'test' });
const add = (text: string, taskType: string | null = 'pick_heat_then_place', extra: Partial<RuleOp> = {}): RuleOp => ({ kind: 'ADD', env: 'alfworld', taskType, text, provenance: reflector(), ...extra });
const op = (kind: RuleOp['kind'], ruleId: string, extra: Partial<RuleOp> = {}): RuleOp => ({ kind, ruleId, provenance: reflector(), ...extra });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Applies ops and fails the test on any skip (for the cases that must apply). */
function apply(pool: PoolState, ops: RuleOp[]) {
  const result = applyOps(pool, ops);
  expect(result.skipped).toEqual([]);
  return result;
}

describe('applyOps: ExpeL counting', () => {
  it('starts an ADD at 2, with deterministic ids, a version and the provenance', () => {
    const { pool, applied } = apply(createPool(), [add('Heat X first.'), add('Cool X first.', 'pick_cool_then_place')]);
    expect(pool.rules.map((r) => [r.id, r.importance, r.status, r.origin, r.family])).toEqual([
      ['r1', 2, 'active', 'learner', 'procedure'],
      ['r2', 2, 'active', 'learner', 'procedure'],
    ]);
    expect(pool.nextId).toBe(3);
    expect(applied.map((a) => [a.seq, a.kind, a.ruleId, a.importanceBefore, a.importanceAfter])).toEqual([
      [1, 'ADD', 'r1', null, 2],
      [2, 'ADD', 'r2', null, 2],
    ]);
    expect(applied[0].provenance).toEqual(reflector());
    expect(pool.versions).toEqual([
      { ruleId: 'r1', version: 1, text: 'Heat X first.', importance: 2, status: 'active', op: 'ADD', provenance: reflector() },
      { ruleId: 'r2', version: 1, text: 'Cool X first.', importance: 2, status: 'active', op: 'ADD', provenance: reflector() },
    ]);
  });

  it('adds 1 for UPVOTE and EDIT, subtracts 1 for DOWNVOTE, and removes a rule at 0 with its own REMOVE', () => {
    let { pool } = apply(createPool(), [add('Heat X first.')]);
    ({ pool } = apply(pool, [op('UPVOTE', 'r1'), op('EDIT', 'r1', { text: 'Heat X in the microwave first.' })]));
    expect(pool.rules[0]).toMatchObject({ importance: 4, text: 'Heat X in the microwave first.' });
    const result = apply(pool, [op('DOWNVOTE', 'r1'), op('DOWNVOTE', 'r1'), op('DOWNVOTE', 'r1'), op('DOWNVOTE', 'r1')]);
    expect(result.applied.map((a) => [a.kind, a.importanceAfter, a.statusAfter])).toEqual([
      ['DOWNVOTE', 3, 'active'],
      ['DOWNVOTE', 2, 'active'],
      ['DOWNVOTE', 1, 'active'],
      ['DOWNVOTE', 0, 'active'],
      ['REMOVE', 0, 'removed'],
    ]);
    expect(result.pool.rules[0].status).toBe('removed');
    expect(result.pool.versions.filter((v) => v.ruleId === 'r1').map((v) => [v.version, v.op])).toEqual([
      [1, 'ADD'], [2, 'UPVOTE'], [3, 'EDIT'], [4, 'DOWNVOTE'], [5, 'DOWNVOTE'], [6, 'DOWNVOTE'], [7, 'DOWNVOTE'], [8, 'REMOVE'],
    ]);
    // a removed rule takes no more votes
    const after = applyOps(result.pool, [op('UPVOTE', 'r1')]);
    expect(after.applied).toEqual([]);
    expect(after.skipped[0].reason).toMatch(/r1 is removed/);
  });

  it('turns an ADD of a rule already in scope (normalized, any case) into an UPVOTE; another scope gets its own rule', () => {
    let { pool } = apply(createPool(), [add('Heat X first.')]);
    const result = apply(pool, [add('  heat   x FIRST. '), add('Heat X first.', 'pick_cool_then_place')]);
    expect(result.applied.map((a) => [a.kind, a.requested, a.ruleId])).toEqual([
      ['UPVOTE', 'ADD', 'r1'],
      ['ADD', undefined, 'r2'],
    ]);
    pool = result.pool;
    expect(pool.rules.map((r) => [r.id, r.importance])).toEqual([['r1', 3], ['r2', 2]]);
  });

  it('keeps decisive states: from the ADD, added by later votes, deduplicated, the newest 8', () => {
    const state = (n: number) => ({ taskId: `t${n}`, actions: ['go to fridge 1'], advised: 'open fridge 1' });
    let { pool } = apply(createPool(), [add('Heat X first.', 'pick_heat_then_place', { decisiveState: state(0) })]);
    expect(pool.rules[0].decisiveStates).toEqual([state(0)]);
    ({ pool } = apply(pool, [op('UPVOTE', 'r1', { decisiveState: state(0) }), ...Array.from({ length: 9 }, (_, i) => op('UPVOTE', 'r1', { decisiveState: state(i + 1) }))]));
    expect(pool.rules[0].decisiveStates.map((s) => s.taskId)).toEqual(['t2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
  });
});

describe('applyOps: capacity per scope', () => {
  it('removes the lowest-importance unpinned rule of the scope to make room (ties: least recently updated, then oldest)', () => {
    const start = createPool({ capacity: 3, initialRules: [{ text: 'A person pinned this.', env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true, importance: 1 }] });
    let { pool } = apply(start, [add('Rule two.'), add('Rule three.'), add('Other scope.', 'pick_cool_then_place')]);
    ({ pool } = apply(pool, [op('UPVOTE', 'r2', { provenance: reflector(2) })]));
    // r1 pinned (1), r2 (3, updated at 2), r3 (2): r3 leaves
    let result = apply(pool, [add('Rule five.', 'pick_heat_then_place', { provenance: reflector(3) })]);
    expect(result.applied.map((a) => [a.kind, a.ruleId, a.provenance.source])).toEqual([
      ['REMOVE', 'r3', 'capacity'],
      ['ADD', 'r5', 'reflector'],
    ]);
    expect(result.applied[0].provenance.iteration).toBe(3);
    // r2 (3) and r5 (2): r5 leaves next; the other scope is never touched
    result = apply(result.pool, [add('Rule six.', 'pick_heat_then_place', { provenance: reflector(4) })]);
    expect(result.applied.map((a) => [a.kind, a.ruleId])).toEqual([['REMOVE', 'r5'], ['ADD', 'r6']]);
    expect(result.pool.rules.find((r) => r.id === 'r4')!.status).toBe('active');
    // equal importance and update time: the older id leaves
    result = apply(result.pool, [op('UPVOTE', 'r6', { provenance: reflector(4) }), add('Rule seven.', 'pick_heat_then_place', { provenance: reflector(4) })]);
    expect(result.applied.slice(1).map((a) => [a.kind, a.ruleId])).toEqual([['REMOVE', 'r2'], ['ADD', 'r7']]);
  });

  it("refuses a learner's ADD into a scope full of pinned rules, and lets a person's go over", () => {
    const pinned = ['One.', 'Two.'].map((text) => ({ text, env: 'webshop' as const, pinned: true }));
    const pool = createPool({ capacity: 2, initialRules: pinned });
    const learner = applyOps(pool, [{ kind: 'ADD', env: 'webshop', taskType: null, text: 'Three.', provenance: reflector() }]);
    expect(learner.applied).toEqual([]);
    expect(learner.skipped[0].reason).toMatch(/full of pinned rules/);
    const person = apply(pool, [{ kind: 'ADD', env: 'webshop', taskType: null, text: 'Three.', pinned: true, provenance: { iteration: 1, source: 'user' } }]);
    expect(person.pool.rules.map((r) => [r.id, r.pinned, r.origin, r.family])).toEqual([
      ['r1', true, 'user', 'user'],
      ['r2', true, 'user', 'user'],
      ['r3', true, 'user', 'user'],
    ]);
  });
});

describe('applyOps: MERGE, REMOVE, ABSORB', () => {
  it('MERGE keeps the first id, sums importance, pools counters and states, and removes the others', () => {
    let { pool } = apply(createPool(), [
      add('Heat X first.', 'pick_heat_then_place', { diagnosisKey: 'alfworld:pick_heat_then_place:transformed', decisiveState: { taskId: 'a', actions: [], advised: 'go to microwave 1' } }),
      add('Use the microwave on X.', 'pick_heat_then_place', { decisiveState: { taskId: 'b', actions: [], advised: 'go to microwave 1' } }),
      op('UPVOTE', 'r2'),
    ]);
    pool = { ...pool, rules: pool.rules.map((r) => ({ ...r, stats: { ...r.stats, retrieved: 2, successWhenRetrieved: 1 } })) };
    const result = apply(pool, [{ kind: 'MERGE', mergeIds: ['r1', 'r2'], text: 'When the task is to heat X: take X first, then go to the microwave before the destination.', provenance: reflector(2) }]);
    const [kept, gone] = result.pool.rules;
    expect(kept).toMatchObject({ id: 'r1', status: 'active', importance: 5, diagnosisKey: 'alfworld:pick_heat_then_place:transformed', updatedIteration: 2 });
    expect(kept.text).toMatch(/^When the task is to heat X/);
    expect(kept.stats).toMatchObject({ retrieved: 4, successWhenRetrieved: 2 });
    expect(kept.decisiveStates.map((s) => s.taskId)).toEqual(['a', 'b']);
    expect(gone.status).toBe('removed');
    expect(result.applied).toEqual([expect.objectContaining({ kind: 'MERGE', ruleId: 'r1', mergedIds: ['r2'], importanceBefore: 2, importanceAfter: 5 })]);
    expect(result.pool.versions.slice(-2).map((v) => [v.ruleId, v.op, v.status])).toEqual([['r1', 'MERGE', 'active'], ['r2', 'MERGE', 'removed']]);
  });

  it('MERGE refuses rules of different scopes, or fewer than two', () => {
    const { pool } = apply(createPool(), [add('Heat X first.'), add('Cool X first.', 'pick_cool_then_place')]);
    expect(applyOps(pool, [{ kind: 'MERGE', mergeIds: ['r1', 'r2'], provenance: reflector() }]).skipped[0].reason).toMatch(/different scopes/);
    expect(applyOps(pool, [{ kind: 'MERGE', mergeIds: ['r1'], provenance: reflector() }]).skipped[0].reason).toMatch(/two or more/);
  });

  it('ABSORB takes a rule out of the active pool and keeps it in the history', () => {
    const { pool } = apply(createPool(), [add('Heat X first.')]);
    const result = apply(pool, [op('ABSORB', 'r1', { provenance: { iteration: 4, source: 'absorption', diagnosis: 'absorbed' } })]);
    expect(result.pool.rules[0]).toMatchObject({ status: 'absorbed', importance: 2, updatedIteration: 4 });
    expect(result.pool.versions.at(-1)).toMatchObject({ ruleId: 'r1', version: 2, op: 'ABSORB', status: 'absorbed' });
    expect(result.pool.ops.map((o) => o.kind)).toEqual(['ADD', 'ABSORB']);
  });
});

describe('applyOps: pinned rules and bad ops', () => {
  const start = () => createPool({ initialRules: [{ text: 'Always heat X in the microwave.', env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true }] });

  it('drops every learner op on a pinned rule and reports it', () => {
    const learnerOps: RuleOp[] = [
      op('UPVOTE', 'r1'),
      op('DOWNVOTE', 'r1'),
      op('EDIT', 'r1', { text: 'Something else.' }),
      op('REMOVE', 'r1', { provenance: { iteration: 1, source: 'capacity' } }),
      op('ABSORB', 'r1', { provenance: { iteration: 1, source: 'absorption' } }),
      add('always heat x in the microwave.'),
    ];
    const result = applyOps(start(), learnerOps);
    expect(result.applied).toEqual([]);
    expect(result.skipped.map((s) => s.op.kind)).toEqual(['UPVOTE', 'DOWNVOTE', 'EDIT', 'REMOVE', 'ABSORB', 'ADD']);
    expect(result.skipped[0].reason).toMatch(/pinned/);
    expect(result.pool.rules).toEqual(start().rules);
  });

  it("applies a person's own edit of a pinned rule", () => {
    const result = apply(start(), [op('EDIT', 'r1', { text: 'Heat X in the microwave, then place it.', provenance: { iteration: 2, source: 'user' } })]);
    expect(result.pool.rules[0]).toMatchObject({ text: 'Heat X in the microwave, then place it.', pinned: true, importance: 3 });
  });

  it('skips unknown ids and bad text, and still applies the rest of the batch', () => {
    const result = applyOps(createPool(), [op('UPVOTE', 'r9'), add('   '), add('x'.repeat(3000)), add('Heat X first.'), { kind: 'ADD', text: 'No env.', provenance: reflector() }]);
    expect(result.applied.map((a) => [a.kind, a.ruleId])).toEqual([['ADD', 'r1']]);
    expect(result.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/unknown rule r9/), expect.stringMatching(/empty/), expect.stringMatching(/limit is 2000/), expect.stringMatching(/needs env/)]);
  });
});

describe('applyOps is pure', () => {
  it('never mutates its input (a deep-frozen pool works) and returns a new pool', () => {
    const { pool } = apply(createPool({ capacity: 2 }), [add('Heat X first.'), add('Heat X in the microwave.')]);
    const snapshot = structuredClone(pool);
    deepFreeze(pool);
    const result = apply(pool, [op('UPVOTE', 'r1'), op('EDIT', 'r2', { text: 'Edited.' }), add('Third.'), { kind: 'MERGE', mergeIds: ['r2', 'r3'], provenance: reflector() }]);
    expect(pool).toEqual(snapshot);
    expect(result.pool).not.toBe(pool);
    // r1 made room for r3 (capacity 2; tied with r2, the older leaves), then r3 merged into r2
    expect(result.pool.rules.map((r) => [r.id, r.status])).toEqual([['r1', 'removed'], ['r2', 'active'], ['r3', 'removed']]);
  });
});
