import { describe, expect, it } from 'vitest';
import { applyOps, createPool, type InitialRule, type RuleOp } from './pool';
import { contentWords, retrieveRules } from './retrieval';
import { ALFWORLD_RULE_TEMPLATES } from './templates';

const learner = { iteration: 0, source: 'reflector' as const };

function poolWith(ops: RuleOp[], initialRules: InitialRule[] = []) {
  const result = applyOps(createPool({ initialRules }), ops);
  expect(result.skipped).toEqual([]);
  return result.pool;
}

describe("retrieveRules 'paper'", () => {
  it('takes the top-k active rules of the task type or of the whole environment by importance, older first on ties', () => {
    const pool = poolWith([
      { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat one.', provenance: learner },
      { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat two.', provenance: learner },
      { kind: 'ADD', env: 'alfworld', taskType: null, text: 'Any task.', provenance: learner },
      { kind: 'ADD', env: 'alfworld', taskType: 'pick_cool_then_place', text: 'Cool.', provenance: learner },
      { kind: 'ADD', env: 'webshop', taskType: null, text: 'Shop.', provenance: learner },
      { kind: 'UPVOTE', ruleId: 'r2', provenance: learner },
      { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Absorbed.', provenance: learner },
      { kind: 'UPVOTE', ruleId: 'r6', provenance: learner },
      { kind: 'UPVOTE', ruleId: 'r6', provenance: learner },
      { kind: 'ABSORB', ruleId: 'r6', provenance: { iteration: 0, source: 'absorption' } },
    ]);
    const query = { mode: 'paper' as const, env: 'alfworld' as const, taskType: 'pick_heat_then_place', goal: 'Your task is to: put a hot apple in fridge.' };
    expect(retrieveRules(pool, query).map((r) => r.id)).toEqual(['r2', 'r1']); // default k = 2
    expect(retrieveRules(pool, { ...query, k: 3 }).map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
    expect(retrieveRules(pool, { ...query, k: 10 }).map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
    // the observation does not matter: fixed for the episode
    expect(retrieveRules(pool, { ...query, observation: 'You see a cool fridge.' }).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(retrieveRules(pool, { ...query, env: 'webshop', taskType: 'food' }).map((r) => r.id)).toEqual(['r5']);
  });

  it('always includes pinned rules in scope, in addition to k', () => {
    const pool = poolWith(
      [
        { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat one.', provenance: learner },
        { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat two.', provenance: learner },
      ],
      [
        { text: 'Pinned heat rule.', env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true, importance: 1 },
        { text: 'Pinned cool rule.', env: 'alfworld', taskType: 'pick_cool_then_place', pinned: true },
      ],
    );
    const got = retrieveRules(pool, { mode: 'paper', k: 1, env: 'alfworld', taskType: 'pick_heat_then_place', goal: '' });
    expect(got.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(retrieveRules(pool, { mode: 'paper', k: 0, env: 'alfworld', taskType: 'pick_heat_then_place', goal: '' }).map((r) => r.id)).toEqual(['r1']);
  });
});

describe("retrieveRules 'relevance'", () => {
  it('ranks by word overlap with the goal and the current observation, then importance', () => {
    const ops: RuleOp[] = ALFWORLD_RULE_TEMPLATES.map((t) => ({ kind: 'ADD', env: 'alfworld', taskType: null, text: t.canonical, provenance: learner }));
    ops.push({ kind: 'UPVOTE', ruleId: 'r1', provenance: learner }, { kind: 'UPVOTE', ruleId: 'r1', provenance: learner });
    const pool = poolWith(ops);
    const base = { mode: 'relevance' as const, k: 1, env: 'alfworld' as const, taskType: 'pick_heat_then_place' };
    const pick = (goal: string, observation?: string) => retrieveRules(pool, { ...base, goal, ...(observation ? { observation } : {}) })[0].text;
    expect(pick('Your task is to: heat some egg and put it in garbagecan.')).toMatch(/heat X/);
    expect(pick('Your task is to: look at bowl under the desklamp.')).toMatch(/under the lamp/);
    expect(pick('Your task is to: put a cool mug in shelf.')).toMatch(/cool X/);
    // no overlap at all: importance decides (r1 was up-voted)
    expect(pick('zzz')).toBe(ALFWORLD_RULE_TEMPLATES[0].canonical);
    // the observation counts too
    expect(pick('zzz', 'You arrive at the sinkbasin 1. On the sinkbasin 1, you see nothing.')).toMatch(/clean X/);
  });

  it('reads content words only', () => {
    expect([...contentWords('When the task is to heat X: go to the Microwave 1.')]).toEqual(['heat', 'microwave']);
  });
});
