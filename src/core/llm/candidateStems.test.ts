import { describe, expect, it } from 'vitest';
import { MIN_STEM_SAVING, planStems } from './candidateStems';

describe('planStems', () => {
  it('groups candidates by their shared leading tokens, stopping short of each last token', () => {
    // " go to cabinet 1\n"-like rows: [go, to, cabinet, n, \n]
    const go = (r: number, n: number) => [1, 2, r, n, 9];
    const candidates = [go(10, 1), go(10, 2), go(11, 1), go(12, 1), go(13, 1), go(14, 1), [5, 6, 9], [7, 9]];
    expect(planStems(candidates)).toEqual([{ stem: [1, 2], members: [0, 1, 2, 3, 4, 5] }]);
  });

  it('keeps a group only when its stem saves at least MIN_STEM_SAVING fed tokens', () => {
    const few = [[1, 2, 3, 9], [1, 2, 4, 9]];
    expect((few.length - 1) * 2).toBeLessThan(MIN_STEM_SAVING);
    expect(planStems(few)).toEqual([]);
    expect(planStems(few, 2)).toEqual([{ stem: [1, 2], members: [0, 1] }]);
  });

  it('never puts a member whole into the stem: a candidate that is a prefix of others keeps its last token', () => {
    const candidates = [[1, 2], [1, 2, 3, 4], [1, 2, 3, 5]];
    const [group] = planStems(candidates, 1);
    expect(group.stem).toEqual([1]);
    for (const m of group.members) expect(candidates[m].length).toBeGreaterThan(group.stem.length);
  });

  it('ignores one-token candidates and groups of one', () => {
    expect(planStems([[1], [1], [2, 3], [4, 5]], 0)).toEqual([]);
  });

  it('plans several groups when several stems pay', () => {
    const a = (n: number) => [1, 2, 3, n, 9];
    const b = (n: number) => [4, 5, 6, n, 9];
    const groups = planStems([a(1), b(1), a(2), b(2), a(3), b(3), a(4), b(4), a(5), b(5)], 8);
    expect(groups).toEqual([
      { stem: [1, 2, 3], members: [0, 2, 4, 6, 8] },
      { stem: [4, 5, 6], members: [1, 3, 5, 7, 9] },
    ]);
  });
});
