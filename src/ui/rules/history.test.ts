import { describe, expect, it } from 'vitest';
import { applyOps, createPool } from '../../core/rules/pool';
import { applyUserEdit } from '../../core/rules/user-edits';
import { historyOf } from './history';

describe('rule history timeline', () => {
  it('pairs every version with the operation that wrote it, newest first, merges included', () => {
    let pool = createPool({
      initialRules: [
        { env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Heat X first.' },
        { env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Use the microwave.' },
      ],
    });
    const reflector = { iteration: 1, source: 'reflector' as const, failedEpisode: 'it1-g0-e0', referenceEpisode: 'it1-g0-e3', diagnosis: 'never heated it' };
    pool = applyOps(pool, [
      { kind: 'UPVOTE', ruleId: 'r1', provenance: reflector },
      { kind: 'MERGE', mergeIds: ['r1', 'r2'], provenance: { ...reflector, iteration: 2 } },
    ]).pool;
    pool = applyUserEdit(pool, { kind: 'edit', ruleId: 'r1', text: 'Heat X in the microwave first.' }, 2).pool;

    const r1 = historyOf(pool, 'r1');
    expect(r1.map((e) => [e.version.version, e.version.op, e.op?.kind, e.version.provenance.source, e.textChanged])).toEqual([
      [4, 'EDIT', 'EDIT', 'user', true],
      [3, 'MERGE', 'MERGE', 'reflector', false],
      [2, 'UPVOTE', 'UPVOTE', 'reflector', false],
      [1, 'ADD', 'ADD', 'user', true],
    ]);
    expect(r1[1].op?.mergedIds).toEqual(['r2']);
    expect(r1[2].version.provenance).toMatchObject({ failedEpisode: 'it1-g0-e0', referenceEpisode: 'it1-g0-e3', diagnosis: 'never heated it' });

    // The merged rule's own timeline ends with the merge that removed it.
    const r2 = historyOf(pool, 'r2');
    expect(r2.map((e) => [e.version.op, e.op?.kind, e.op?.ruleId, e.version.status])).toEqual([
      ['MERGE', 'MERGE', 'r1', 'removed'],
      ['ADD', 'ADD', 'r2', 'active'],
    ]);
    expect(historyOf(pool, 'r9')).toEqual([]);
  });
});
