import { describe, expect, it } from 'vitest';
import { helpfulness, helpfulnessOps, MIN_MATCHED_FOR_VERDICT, MIN_RETRIEVALS_FOR_VERDICT, updateAbsorption } from './absorption';
import { applyOps, createPool, type PoolState, recordEpisodeStats } from './pool';

const learner = { iteration: 0, source: 'reflector' as const };

function pool(): PoolState {
  const start = createPool({ initialRules: [{ text: 'Pinned heat rule.', env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true }] });
  return applyOps(start, [
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat X first.', provenance: learner },
    { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Another heat rule.', provenance: learner },
  ]).pool;
}

describe('updateAbsorption', () => {
  const options = { threshold: 0.8, streak: 2 };

  it('records each score, its history and the streak of scores at or above the threshold', () => {
    let p = pool();
    p = updateAbsorption(p, [{ ruleId: 'r2', score: 0.9 }, { ruleId: 'r3', score: 0.5 }], options, 1).pool;
    p = updateAbsorption(p, [{ ruleId: 'r2', score: 0.7 }, { ruleId: 'r3', score: 0.8 }], options, 2).pool;
    const [, r2, r3] = p.rules;
    expect(r2.stats).toMatchObject({ absorption: 0.7, absorptionStreak: 0, absorptionHistory: [0.9, 0.7] });
    expect(r3.stats).toMatchObject({ absorption: 0.8, absorptionStreak: 1, absorptionHistory: [0.5, 0.8] });
  });

  it('emits ABSORB once the streak reaches m, and applying it takes the rule out of the active pool', () => {
    let p = pool();
    let result = updateAbsorption(p, [{ ruleId: 'r2', score: 0.85 }], options, 1);
    expect(result.ops).toEqual([]);
    result = updateAbsorption(result.pool, [{ ruleId: 'r2', score: 0.95 }], options, 2);
    expect(result.ops).toEqual([{ kind: 'ABSORB', ruleId: 'r2', provenance: { iteration: 2, source: 'absorption', diagnosis: expect.stringMatching(/0\.950.*2 measurements in a row/) } }]);
    p = applyOps(result.pool, result.ops).pool;
    expect(p.rules[1].status).toBe('absorbed');
    // an absorbed rule is no longer measured
    expect(updateAbsorption(p, [{ ruleId: 'r2', score: 1 }], options, 3).pool.rules[1]).toBe(p.rules[1]);
  });

  it('measures pinned rules but never absorbs them', () => {
    let result = updateAbsorption(pool(), [{ ruleId: 'r1', score: 1 }], { threshold: 0.8, streak: 1 }, 1);
    result = updateAbsorption(result.pool, [{ ruleId: 'r1', score: 1 }], { threshold: 0.8, streak: 1 }, 2);
    expect(result.ops).toEqual([]);
    expect(result.pool.rules[0].stats.absorptionStreak).toBe(2);
  });

  it('refuses scores that are not probabilities, and leaves its input alone', () => {
    const p = pool();
    const before = structuredClone(p);
    expect(() => updateAbsorption(p, [{ ruleId: 'r2', score: 1.5 }], options, 1)).toThrow(RangeError);
    expect(() => updateAbsorption(p, [{ ruleId: 'r2', score: Number.NaN }], options, 1)).toThrow(RangeError);
    updateAbsorption(p, [{ ruleId: 'r2', score: 0.9 }], options, 1);
    expect(p).toEqual(before);
  });
});

describe('helpfulness', () => {
  /** n episodes of the heat scope: r2 retrieved in `withRule` of them (successes as given), absent from the others. */
  function play(p: PoolState, withRule: boolean[], without: boolean[]): PoolState {
    for (const success of withRule) p = recordEpisodeStats(p, { retrievedRuleIds: ['r2'], success, env: 'alfworld', taskType: 'pick_heat_then_place' });
    for (const success of without) p = recordEpisodeStats(p, { retrievedRuleIds: [], success, env: 'alfworld', taskType: 'pick_heat_then_place' });
    return p;
  }
  const times = (n: number, value: boolean) => Array.from({ length: n }, () => value);

  it(`gives no verdict before ${MIN_RETRIEVALS_FOR_VERDICT} retrievals and ${MIN_MATCHED_FOR_VERDICT} matched episodes`, () => {
    const p = play(pool(), times(MIN_RETRIEVALS_FOR_VERDICT - 1, false), times(10, true));
    expect(helpfulness(p.rules[1])).toMatchObject({ retrieved: 7, judged: false, helps: null });
    expect(helpfulnessOps(p, 1)).toEqual([]);
    const q = play(pool(), times(10, false), times(MIN_MATCHED_FOR_VERDICT - 1, true));
    expect(helpfulness(q.rules[1]).judged).toBe(false);
  });

  it('down-votes a rule whose retrieval does worse than going without it, once per window', () => {
    let p = play(pool(), [...times(2, true), ...times(6, false)], [...times(3, true), ...times(1, false)]);
    expect(helpfulness(p.rules[1])).toMatchObject({ retrieved: 8, rateWith: 0.25, rateWithout: 0.75, judged: true, helps: false });
    const ops = helpfulnessOps(p, 5);
    // r2 is judged; r3 was never retrieved; the pinned r1 is never down-voted
    expect(ops).toEqual([{ kind: 'DOWNVOTE', ruleId: 'r2', provenance: { iteration: 5, source: 'absorption', diagnosis: 'retrieval stopped helping: success 2/8 with the rule vs 3/4 without it' } }]);
    p = applyOps(p, ops).pool;
    expect(p.rules[1].importance).toBe(1);
    // the down-vote restarted the window: no second verdict on the same episodes
    expect(helpfulness(p.rules[1])).toMatchObject({ retrieved: 0, matched: 0, judged: false });
    expect(helpfulnessOps(p, 6)).toEqual([]);
  });

  it('leaves a rule alone while it helps', () => {
    const p = play(pool(), times(8, true), [...times(2, true), ...times(2, false)]);
    expect(helpfulness(p.rules[1]).helps).toBe(true);
    expect(helpfulnessOps(p, 1)).toEqual([]);
  });
});
