import { describe, expect, it } from 'vitest';
import type { MilestoneTrace } from '../../core/rules/milestones';
import type { AppliedOp } from '../../core/rules/pool';
import type { RunEpisodeSummaryRow } from '../../db/schema';
import { alignedRows, spanLength } from './alignment-view';
import { ruleEffects } from './decision-change';
import { filterChoices, filterEpisodes, NO_FILTER, type RunFacts, sortEpisodes } from './episode-filters';
import { suggestPairs } from './pairs';
import { replayKey } from './replay-keys';

function summary(runId: string, id: string, over: Partial<RunEpisodeSummaryRow> = {}): RunEpisodeSummaryRow {
  return { runId, id, taskId: 'train/heat-egg-1', env: 'alfworld', taskType: 'pick_heat_then_place', split: 'train', purpose: 'train', iteration: 0, withRules: true, success: false, reward: 0, steps: 10, ...over };
}

const runs = new Map<string, RunFacts>([
  ['a', { name: 'alfworld-jerp-s1', method: 'jerp' }],
  ['b', { name: 'alfworld-policy-only-s1', method: 'policy-only' }],
]);
const episodes = [
  summary('a', 'it0-g0-e0'),
  summary('a', 'it0-g0-e1', { success: true, reward: 1 }),
  summary('a', 'it2-g0-e0', { iteration: 2, success: true }),
  summary('a', 'it1-g0-e10', { iteration: 1, taskId: 'train/cool-apple-2', taskType: 'pick_cool_then_place' }),
  summary('a', 'it1-g0-e2', { iteration: 1, taskId: 'train/cool-apple-2', taskType: 'pick_cool_then_place' }),
  summary('a', 'eval-rules-x', { purpose: 'eval', split: 'valid_unseen', iteration: 2, taskId: 'valid_unseen/x' }),
  summary('b', 'it0-g0-e0', { success: true }),
];

describe('episode filters', () => {
  it('filters by run, method, task, task type, outcome, iteration and split', () => {
    const ids = (f: Partial<typeof NO_FILTER>) => filterEpisodes(episodes, { ...NO_FILTER, ...f }, runs).map((e) => `${e.runId}/${e.id}`);
    expect(ids({})).toHaveLength(7);
    expect(ids({ runId: 'b' })).toEqual(['b/it0-g0-e0']);
    expect(ids({ method: 'policy-only' })).toEqual(['b/it0-g0-e0']);
    expect(ids({ task: 'COOL-apple' })).toEqual(['a/it1-g0-e10', 'a/it1-g0-e2']);
    expect(ids({ taskType: 'pick_cool_then_place', iteration: '1' })).toHaveLength(2);
    expect(ids({ outcome: 'success', runId: 'a' })).toEqual(['a/it0-g0-e1', 'a/it2-g0-e0']);
    expect(ids({ outcome: 'failure', iteration: '0' })).toEqual(['a/it0-g0-e0']);
    expect(ids({ split: 'valid_unseen' })).toEqual(['a/eval-rules-x']);
    expect(ids({ iteration: ' ' })).toHaveLength(7);
  });
  it('offers the values present and sorts runs, iterations, rollouts before evaluations, ids numerically', () => {
    const choices = filterChoices(episodes, runs);
    expect(choices.methods).toEqual(['jerp', 'policy-only']);
    expect(choices.iterations).toEqual([0, 1, 2]);
    expect(choices.splits).toEqual(['train', 'valid_unseen']);
    const sorted = sortEpisodes([...episodes], ['b', 'a']).map((e) => `${e.runId}/${e.id}`);
    expect(sorted).toEqual(['b/it0-g0-e0', 'a/it0-g0-e0', 'a/it0-g0-e1', 'a/it1-g0-e2', 'a/it1-g0-e10', 'a/it2-g0-e0', 'a/eval-rules-x']);
  });
});

describe('rule effects', () => {
  it('says whether removing a rule changes the most probable action and by how much the taken one moves', () => {
    const { topWith, effects } = ruleEffects({ withRules: [0.2, 0.7, 0.1], withoutRule: { r1: [0.6, 0.3, 0.1], r2: [0.25, 0.65, 0.1] }, chosen: 1 });
    expect(topWith).toBe(1);
    expect(effects[0]).toMatchObject({ ruleId: 'r1', topWithout: 0, changed: true, chosenWith: 0.7, chosenWithout: 0.3 });
    expect(effects[0].delta).toBeCloseTo(0.4);
    expect(effects[1]).toMatchObject({ ruleId: 'r2', topWithout: 1, changed: false });
    expect(effects[1].delta).toBeCloseTo(0.05);
  });
});

function trace(expected: MilestoneTrace['expected'], reached: MilestoneTrace['reached'], steps: number): MilestoneTrace {
  return { env: 'alfworld', taskId: 't', taskType: 'pick_heat_then_place', expected, reached, where: {}, subject: 'Egg', decisive: -1, actions: Array.from({ length: steps }, (_, i) => `a${i}`), success: false };
}

describe('aligned rows', () => {
  const expected: MilestoneTrace['expected'] = ['found', 'taken', 'transformed', 'placed'];
  it('cuts each episode at its milestones and marks the first divergence', () => {
    const failed = trace(expected, { found: 2, taken: 2 }, 8);
    const reference = trace(expected, { found: 1, taken: 3, transformed: 6, placed: 9 }, 10);
    const rows = alignedRows({ a: failed, b: reference, divergence: { milestone: 'transformed', missedBy: 'a' } }, 8, 10);
    expect(rows.map((r) => r.milestone)).toEqual(['found', 'taken', 'transformed', 'placed', null]);
    expect(rows[0].a).toEqual({ from: 0, to: 2, reachedAt: 2 });
    // Taken at the same step as found: an empty span, reached at step 2.
    expect(rows[1].a).toEqual({ from: 3, to: 2, reachedAt: 2 });
    expect(spanLength(rows[1].a)).toBe(0);
    expect(rows[2]).toMatchObject({ divergence: true, a: { from: 3, to: 2 }, b: { from: 4, to: 6, reachedAt: 6 } });
    expect(rows[2].a.reachedAt).toBeUndefined();
    // The failure's remaining steps all fall after its last milestone.
    expect(rows[4]).toEqual({ milestone: null, a: { from: 3, to: 7 }, b: { from: 10, to: 9 }, divergence: false });
    expect(rows.filter((r) => r.divergence)).toHaveLength(1);
    // Every step of each episode is in exactly one row.
    expect(rows.reduce((n, r) => n + spanLength(r.a), 0)).toBe(8);
    expect(rows.reduce((n, r) => n + spanLength(r.b), 0)).toBe(10);
  });
  it('keeps a milestone that held before any step as an empty span reached at -1', () => {
    const rows = alignedRows({ a: trace(['found', 'taken', 'placed', 'second'], { placed: -1 }, 3), b: trace(['found', 'taken', 'placed', 'second'], {}, 2), divergence: null }, 3, 2);
    expect(rows[2].a).toEqual({ from: 0, to: -1, reachedAt: -1 });
    expect(rows[4].a).toEqual({ from: 0, to: 2 });
  });
});

describe('pair suggestions', () => {
  const op = (kind: AppliedOp['kind'], ruleId: string, failed: string, reference: string): AppliedOp => ({
    seq: 1, kind, ruleId, text: 'x', importanceBefore: null, importanceAfter: 1, statusAfter: 'active', provenance: { iteration: 0, failedEpisode: failed, referenceEpisode: reference, source: 'reflector' },
  });
  it('offers the reflector\'s reference first, then the same task later in training, under another method, and the other outcome', () => {
    const current = episodes[0];
    const pairs = suggestPairs(current, episodes, runs, [op('ADD', 'r1', 'it0-g0-e0', 'it0-g0-e1')]);
    expect(pairs.map((p) => `${p.runId}/${p.episodeId}`)).toEqual(['a/it0-g0-e1', 'a/it2-g0-e0', 'b/it0-g0-e0']);
    expect(pairs[0].label).toBe('reference the reflector used (ADD r1)');
    expect(pairs[1].label).toContain('after training: iteration 2');
    expect(pairs[2].label).toContain('policy-only');
  });
  it('pairs an evaluation with the same task played without the rules', () => {
    const withRules = summary('a', 'eval-rules-t', { purpose: 'eval', split: 'valid_unseen', iteration: 2, taskId: 'valid_unseen/t' });
    const without = summary('a', 'eval-norules-t', { purpose: 'eval', split: 'valid_unseen', iteration: 2, taskId: 'valid_unseen/t', withRules: false, success: true });
    const pairs = suggestPairs(withRules, [...episodes, withRules, without], runs, []);
    expect(pairs[0]).toEqual({ label: 'same task without rules, success', runId: 'a', episodeId: 'eval-norules-t' });
  });
  it('from a reference, offers the failure it explained', () => {
    const pairs = suggestPairs(episodes[1], episodes, runs, [op('UPVOTE', 'r2', 'it0-g0-e0', 'it0-g0-e1')]);
    expect(pairs[0]).toEqual({ label: 'failure it was the reference for (UPVOTE r2)', runId: 'a', episodeId: 'it0-g0-e0' });
  });
});

describe('replay keys', () => {
  const key = (k: string, target: { tagName?: string; isContentEditable?: boolean } | null = { tagName: 'BODY' }, mods = {}) =>
    replayKey({ key: k, target, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
  it('maps Space, ← and → on the page, and leaves fields and modified keys alone', () => {
    expect(key(' ')).toBe('toggle');
    expect(key('ArrowLeft')).toBe('previous');
    expect(key('ArrowRight', { tagName: 'BUTTON' })).toBe('next');
    expect(key('ArrowRight', { tagName: 'INPUT' })).toBeNull();
    expect(key(' ', { tagName: 'TEXTAREA' })).toBeNull();
    expect(key('ArrowLeft', { tagName: 'SELECT' })).toBeNull();
    expect(key(' ', { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(key('ArrowLeft', { tagName: 'BODY' }, { altKey: true })).toBeNull();
    expect(key('a')).toBeNull();
  });
});
