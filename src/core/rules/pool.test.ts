import { describe, expect, it } from 'vitest';
import { applyOps, createPool, DEFAULT_POOL_CAPACITY, recordEpisodeStats, type RuleOp } from './pool';

describe('createPool', () => {
  it('is empty with capacity 10 per scope by default', () => {
    expect(createPool()).toEqual({ rules: [], versions: [], ops: [], nextId: 1, capacity: DEFAULT_POOL_CAPACITY });
    expect(DEFAULT_POOL_CAPACITY).toBe(10);
    expect(() => createPool({ capacity: 0 })).toThrow(RangeError);
  });

  it("starts from a person's and an import's rules: r1, r2, ... recorded as ADDs with their source", () => {
    const pool = createPool({
      capacity: 4,
      initialRules: [
        { text: '  Heat X  in the microwave. ', env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true },
        { text: 'Check the price.', env: 'webshop', origin: 'import' },
      ],
    });
    expect(pool.rules.map((r) => [r.id, r.text, r.taskType, r.pinned, r.origin, r.family, r.diagnosisKey, r.importance])).toEqual([
      ['r1', 'Heat X in the microwave.', 'pick_heat_then_place', true, 'user', 'user', null, 2],
      ['r2', 'Check the price.', null, false, 'import', 'user', null, 2],
    ]);
    expect(pool.nextId).toBe(3);
    expect(pool.versions.map((v) => [v.ruleId, v.version, v.op, v.provenance.source])).toEqual([['r1', 1, 'ADD', 'user'], ['r2', 1, 'ADD', 'import']]);
    expect(pool.ops.map((o) => [o.seq, o.kind, o.ruleId])).toEqual([[1, 'ADD', 'r1'], [2, 'ADD', 'r2']]);
    // the next learner rule continues the numbering
    const next = applyOps(pool, [{ kind: 'ADD', env: 'webshop', text: 'Click every option.', provenance: { iteration: 1, source: 'reflector' } }]);
    expect(next.applied[0].ruleId).toBe('r3');
  });
});

describe('recordEpisodeStats', () => {
  const ops: RuleOp[] = [
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat rule.', provenance: { iteration: 0, source: 'reflector' } },
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Another heat rule.', provenance: { iteration: 0, source: 'reflector' } },
    { kind: 'ADD', env: 'alfworld', taskType: null, text: 'Any ALFWorld task.', provenance: { iteration: 0, source: 'reflector' } },
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_cool_then_place', text: 'Cool rule.', provenance: { iteration: 0, source: 'reflector' } },
    { kind: 'ADD', env: 'webshop', taskType: null, text: 'Shop rule.', provenance: { iteration: 0, source: 'reflector' } },
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Absorbed heat rule.', provenance: { iteration: 0, source: 'reflector' } },
    { kind: 'ABSORB', ruleId: 'r6', provenance: { iteration: 0, source: 'absorption' } },
  ];
  const pool = applyOps(createPool(), ops).pool;

  it('counts retrievals for the rules in the prompt and matched episodes for the other active rules of the scope', () => {
    let next = recordEpisodeStats(pool, { retrievedRuleIds: ['r1'], success: true, env: 'alfworld', taskType: 'pick_heat_then_place' });
    next = recordEpisodeStats(next, { retrievedRuleIds: ['r1'], success: false, env: 'alfworld', taskType: 'pick_heat_then_place' });
    next = recordEpisodeStats(next, { retrievedRuleIds: [], success: true, env: 'alfworld', taskType: 'pick_heat_then_place' });
    const stats = Object.fromEntries(next.rules.map((r) => [r.id, [r.stats.retrieved, r.stats.successWhenRetrieved, r.stats.matchedEpisodes, r.stats.matchedSuccessesWithout]]));
    expect(stats).toEqual({
      r1: [2, 1, 1, 1],
      r2: [0, 0, 3, 2], // same scope, never retrieved
      r3: [0, 0, 3, 2], // taskType null covers every ALFWorld task
      r4: [0, 0, 0, 0], // another task type
      r5: [0, 0, 0, 0], // another environment
      r6: [0, 0, 0, 0], // absorbed: not in the active pool
    });
  });

  it('is pure', () => {
    const before = structuredClone(pool);
    const next = recordEpisodeStats(pool, { retrievedRuleIds: ['r1'], success: true, env: 'alfworld', taskType: 'pick_heat_then_place' });
    expect(pool).toEqual(before);
    expect(next.versions).toBe(pool.versions); // statistics write no versions
  });
});
