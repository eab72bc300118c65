import { describe, expect, it } from 'vitest';
import { createPool, type PoolRule } from '../../core/rules/pool';
import { ANY_TASK, filterRules, lift, NO_FILTER, prepareRules, sortRules, successWith, successWithout, visibleRules } from './filter';

function rule(id: string, change: Omit<Partial<PoolRule>, 'stats'> & { stats?: Partial<PoolRule['stats']> } = {}): PoolRule {
  const base = createPool({ initialRules: [{ env: 'alfworld', taskType: 'pick_heat_then_place', text: `rule ${id}` }] }).rules[0];
  return { ...base, ...change, id, stats: { ...base.stats, ...change.stats } };
}

const rules: PoolRule[] = [
  rule('r1', { text: 'Heat the egg in the microwave before placing it.', importance: 3, stats: { retrieved: 10, successWhenRetrieved: 8, matchedEpisodes: 10, matchedSuccessesWithout: 2, absorption: 0.4 } }),
  rule('r2', { text: 'Look in the drawer first.', family: 'location', origin: 'learner', importance: 5, stats: { retrieved: 4, successWhenRetrieved: 1, matchedEpisodes: 2, matchedSuccessesWithout: 1 } }),
  rule('r3', { env: 'webshop', taskType: null, text: 'Click the option the goal names.', origin: 'import', importance: 2 }),
  rule('r10', { text: 'Old advice.', status: 'removed', importance: 0, stats: { absorption: 0.9 } }),
];

describe('rule filter', () => {
  it('filters by status (active by default), env, task type, origin and family', () => {
    expect(filterRules(rules, NO_FILTER).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(filterRules(rules, { ...NO_FILTER, status: 'all' }).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r10']);
    expect(filterRules(rules, { ...NO_FILTER, env: 'webshop' }).map((r) => r.id)).toEqual(['r3']);
    expect(filterRules(rules, { ...NO_FILTER, taskType: ANY_TASK }).map((r) => r.id)).toEqual(['r3']);
    expect(filterRules(rules, { ...NO_FILTER, taskType: 'pick_heat_then_place' }).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(filterRules(rules, { ...NO_FILTER, origin: 'learner' }).map((r) => r.id)).toEqual(['r2']);
    expect(filterRules(rules, { ...NO_FILTER, family: 'location' }).map((r) => r.id)).toEqual(['r2']);
  });

  it('searches id, text and task type case-insensitively, every word in any order', () => {
    expect(filterRules(rules, { ...NO_FILTER, query: 'MICROWAVE egg' }).map((r) => r.id)).toEqual(['r1']);
    expect(filterRules(rules, { ...NO_FILTER, query: 'egg drawer' })).toEqual([]);
    expect(filterRules(rules, { ...NO_FILTER, query: 'r3' }).map((r) => r.id)).toEqual(['r3']);
    expect(filterRules(rules, { ...NO_FILTER, query: 'heat_then' }).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(filterRules(rules, { ...NO_FILTER, query: '   ' })).toHaveLength(3);
  });

  it('computes success with and without the rule, and their difference', () => {
    expect(successWith(rules[0])).toBe(0.8);
    expect(successWithout(rules[0])).toBe(0.2);
    expect(lift(rules[0])).toBeCloseTo(0.6);
    expect(successWith(rules[2])).toBeNull();
    expect(lift(rules[2])).toBeNull();
  });

  it('sorts by each key, unmeasured rules last in both directions, ties by rule number', () => {
    const all = { ...NO_FILTER, status: 'all' as const };
    expect(visibleRules(rules, all, { key: 'importance', descending: true }).map((r) => r.id)).toEqual(['r2', 'r1', 'r3', 'r10']);
    expect(visibleRules(rules, all, { key: 'importance', descending: false }).map((r) => r.id)).toEqual(['r10', 'r3', 'r1', 'r2']);
    expect(sortRules(rules, { key: 'retrieved', descending: true }).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r10']);
    expect(sortRules(rules, { key: 'successWith', descending: true }).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r10']);
    expect(sortRules(rules, { key: 'successWith', descending: false }).map((r) => r.id)).toEqual(['r2', 'r1', 'r3', 'r10']);
    expect(sortRules(rules, { key: 'successWithout', descending: true }).map((r) => r.id)).toEqual(['r2', 'r1', 'r3', 'r10']);
    expect(sortRules(rules, { key: 'lift', descending: true }).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r10']);
    expect(sortRules(rules, { key: 'absorption', descending: true }).map((r) => r.id)).toEqual(['r10', 'r1', 'r2', 'r3']);
    expect(sortRules(rules, { key: 'id', descending: false }).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r10']);
  });

  it('filters a prepared (sorted) list to the same rules in the same order as filter-then-sort', () => {
    const sort = { key: 'importance' as const, descending: true };
    const prepared = prepareRules(rules, sort);
    for (const query of ['', 'the', 'egg', 'r1']) {
      const filter = { ...NO_FILTER, status: 'all' as const, query };
      expect(filterRules(prepared, filter)).toEqual(sortRules(filterRules(rules, filter), sort));
    }
  });

  it('does not change its input', () => {
    const copy = rules.slice();
    sortRules(rules, { key: 'importance', descending: true });
    expect(rules).toEqual(copy);
  });
});
