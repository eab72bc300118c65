import { describe, expect, it } from 'vitest';
import type { AlfworldScene } from '../envs/alfworld/index';
import { ALFWORLD_TASK_TYPES } from '../envs/alfworld/task-types';
import type { TextEnvironment } from '../envs/types';
import type { WebShopGoal } from '../envs/webshop/index';
import { resultsOnPage } from '../envs/webshop/shop-state';
import type { EpisodeRecord } from '../learn/records';
import { diagnose, reflectContrastive, type ReflectionInput } from './contrastive';
import { replayActions } from './decisive';
import { alfworldEnv, expertActions, mistakenActions, oracleActions, recordEpisode, sceneOf, searchFailure, standardShop, webshopEnv } from './episodes.fixture';
import { traceMilestones } from './milestones';
import { applyOps, createPool, type InitialRule, type PoolState, type RuleOp } from './pool';
import { ALFWORLD_RULE_TEMPLATES, oracleTemplate, WEBSHOP_RULE_TEMPLATES } from './templates';

interface Pair {
  env: () => TextEnvironment;
  failed: string[];
  reference: string[];
}

const alfworldPair = (scene: AlfworldScene, failed = mistakenActions(scene)): Pair => ({ env: () => alfworldEnv(scene), failed, reference: expertActions(scene) });

function input(pair: Pair, pool: PoolState, options: { iteration?: number; ruleIds?: string[]; failedSplit?: EpisodeRecord['split']; referenceSplit?: EpisodeRecord['split'] } = {}): ReflectionInput {
  const env = pair.env();
  const failed = recordEpisode(env, pair.failed, { id: 'it3-g0-e1', ruleIds: options.ruleIds ?? [], split: options.failedSplit ?? 'train' });
  const reference = recordEpisode(env, pair.reference, { id: 'it3-g0-e0', split: options.referenceSplit ?? 'train' });
  return { iteration: options.iteration ?? 3, failed, reference, failedTrace: traceMilestones(env, pair.failed), referenceTrace: traceMilestones(env, pair.reference), pool };
}

const reflectOn = (pair: Pair, pool: PoolState = createPool(), options: Parameters<typeof input>[2] = {}) => reflectContrastive(input(pair, pool, options));

/** A pool holding what the reflector added for this pair (r1). */
function poolAfterAdd(pair: Pair, start: PoolState = createPool()): PoolState {
  const { ops } = reflectOn(pair, start);
  const result = applyOps(start, ops);
  expect(result.skipped).toEqual([]);
  return result.pool;
}

const PROCEDURE: Record<string, string> = {
  pick_and_place: 'placed',
  look_at_obj_in_light: 'lamp',
  pick_clean_then_place: 'transformed',
  pick_heat_then_place: 'transformed',
  pick_cool_then_place: 'transformed',
  pick_two_obj: 'second',
};

describe('contrastive reflector: ADD, one per ALFWorld task type', () => {
  for (const taskType of ALFWORLD_TASK_TYPES) {
    it(`${taskType}: the typical mistake gets exactly one ADD of the task type's canonical rule`, () => {
      const scene = sceneOf(taskType);
      const pair = alfworldPair(scene);
      const { diagnosis, ops } = reflectOn(pair);
      const key = `alfworld:${taskType}:${PROCEDURE[taskType]}`;
      expect(diagnosis).toMatchObject({ key, milestone: PROCEDURE[taskType], family: 'procedure', env: 'alfworld', taskType });
      expect(ops).toHaveLength(1);
      const [add] = ops;
      expect(add).toMatchObject({ kind: 'ADD', env: 'alfworld', taskType, family: 'procedure', diagnosisKey: key, text: oracleTemplate('alfworld', taskType).canonical });
      // never another task type's advice
      for (const other of ALFWORLD_RULE_TEMPLATES.filter((t) => t.taskType !== taskType)) expect(add.text).not.toBe(other.canonical);
      expect(add.provenance).toEqual({ iteration: 3, failedEpisode: 'it3-g0-e1', referenceEpisode: 'it3-g0-e0', diagnosis: diagnosis!.summary, source: 'reflector' });
      // the decisive state: a prefix of the reference, and the reference's next action, admissible there
      const state = add.decisiveState!;
      expect(state.taskId).toBe(scene.id);
      expect(pair.reference.slice(0, state.actions.length)).toEqual(state.actions);
      expect(state.advised).toBe(pair.reference[state.actions.length]);
      expect(replayActions(alfworldEnv(scene), state.actions).last.admissibleActions).toContain(state.advised);
    });
  }

  it('says what happened in words', () => {
    const { diagnosis } = reflectOn(alfworldPair(sceneOf('pick_heat_then_place')));
    expect(diagnosis!.summary).toBe('the failure took the apple but never heated it; the reference heated it at the microwave at step 7');
    expect(reflectOn(alfworldPair(sceneOf('pick_two_obj'))).diagnosis!.summary).toBe('the failure put it on the desk but never put a second book there; the reference put a second book on the desk at step 8');
  });

  it('advises, in a heat task, the step where the mistake happens (the decisive step of the corpus)', () => {
    const scene = sceneOf('pick_cool_then_place');
    const { ops } = reflectOn(alfworldPair(scene));
    expect(ops[0].decisiveState!.advised).toBe('go to fridge 1');
  });
});

describe('contrastive reflector: search failures', () => {
  it('a failure that never found the object gets no procedure rule, only a location rule of its own family', () => {
    const scene = sceneOf('pick_heat_then_place');
    const { diagnosis, ops } = reflectOn(alfworldPair(scene, searchFailure(scene)));
    expect(diagnosis).toMatchObject({ milestone: 'found', family: 'location', key: 'alfworld:pick_heat_then_place:found:apple' });
    expect(ops).toEqual([
      expect.objectContaining({ kind: 'ADD', taskType: 'pick_heat_then_place', family: 'location', text: 'When the task involves an apple: look for it in the fridge first.' }),
    ]);
    for (const t of [...ALFWORLD_RULE_TEMPLATES, ...WEBSHOP_RULE_TEMPLATES]) expect(ops[0].text).not.toBe(t.canonical);
    // the advice applies where the reference revealed the apple
    expect(ops[0].decisiveState!.advised).toBe('open fridge 1');
  });

  it('a failure that saw the object and never took it gets nothing', () => {
    const scene = sceneOf('pick_heat_then_place');
    const reference = expertActions(scene);
    const sawIt = reference.slice(0, reference.findIndex((a) => a.startsWith('take ')));
    const { diagnosis, ops } = reflectOn(alfworldPair(scene, [...sawIt, 'look']));
    expect(diagnosis).toMatchObject({ milestone: 'taken', text: null });
    expect(ops).toEqual([]);
  });
});

describe('contrastive reflector: UPVOTE, DOWNVOTE, EDIT, MERGE', () => {
  const scene = sceneOf('pick_heat_then_place');
  const pair = alfworldPair(scene);
  const heat = oracleTemplate('alfworld', 'pick_heat_then_place').canonical;

  it('UPVOTE: the same diagnosis again, the rule not in the failed prompt', () => {
    const pool = poolAfterAdd(pair);
    const { ops } = reflectOn(pair, pool);
    expect(ops).toEqual([{ kind: 'UPVOTE', ruleId: 'r1', decisiveState: expect.any(Object), provenance: expect.objectContaining({ source: 'reflector' }) }]);
    expect(applyOps(pool, ops).pool.rules[0].importance).toBe(3);
  });

  it('DOWNVOTE: the rule was in the failed prompt and the episode still failed at its step', () => {
    const pool = poolAfterAdd(pair);
    const { ops } = reflectOn(pair, pool, { ruleIds: ['r1'] });
    expect(ops).toEqual([{ kind: 'DOWNVOTE', ruleId: 'r1', provenance: expect.objectContaining({ failedEpisode: 'it3-g0-e1' }) }]);
    expect(applyOps(pool, ops).pool.rules[0].importance).toBe(1);
  });

  it("EDIT: a person's rule about the same step gets the model's phrasing and the diagnosis key", () => {
    const rules: InitialRule[] = [
      { text: 'Open drawers to find what you need.', env: 'alfworld', taskType: 'pick_heat_then_place' },
      { text: 'Remember to warm the food in the Microwave.', env: 'alfworld', taskType: 'pick_heat_then_place', origin: 'import' },
    ];
    const pool = createPool({ initialRules: rules });
    const { ops } = reflectOn(pair, pool);
    expect(ops).toEqual([expect.objectContaining({ kind: 'EDIT', ruleId: 'r2', text: heat, diagnosisKey: 'alfworld:pick_heat_then_place:transformed', family: 'procedure' })]);
    const edited = applyOps(pool, ops).pool.rules[1];
    expect(edited).toMatchObject({ text: heat, importance: 3, diagnosisKey: 'alfworld:pick_heat_then_place:transformed', origin: 'import' });
    // next time it is that rule's diagnosis: an UPVOTE
    expect(reflectOn(pair, applyOps(pool, ops).pool).ops).toEqual([expect.objectContaining({ kind: 'UPVOTE', ruleId: 'r2' })]);
  });

  it("EDIT never touches a pinned rule, another scope's rule or an unrelated one: then it is an ADD", () => {
    const rules: InitialRule[] = [
      { text: 'Heat things in the microwave.', env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true },
      { text: 'Heat things in the microwave.', env: 'alfworld', taskType: 'pick_cool_then_place' },
      { text: 'Open drawers to find what you need.', env: 'alfworld', taskType: 'pick_heat_then_place' },
    ];
    expect(reflectOn(pair, createPool({ initialRules: rules })).ops).toEqual([expect.objectContaining({ kind: 'ADD', text: heat })]);
  });

  it('MERGE: two active rules share the diagnosis key', () => {
    const start = poolAfterAdd(pair);
    const other: RuleOp = { kind: 'ADD', env: 'alfworld', taskType: 'pick_heat_then_place', text: 'Use the microwave on X before placing it.', diagnosisKey: 'alfworld:pick_heat_then_place:transformed', provenance: { iteration: 2, source: 'reflector' } };
    const pool = applyOps(start, [other]).pool;
    const { ops } = reflectOn(pair, pool, { ruleIds: ['r2'] });
    expect(ops).toEqual([expect.objectContaining({ kind: 'MERGE', mergeIds: ['r1', 'r2'], text: heat, diagnosisKey: 'alfworld:pick_heat_then_place:transformed' })]);
    const merged = applyOps(pool, ops).pool;
    expect(merged.rules.map((r) => [r.id, r.status, r.importance, r.text])).toEqual([
      ['r1', 'active', 4, heat],
      ['r2', 'removed', 2, 'Use the microwave on X before placing it.'],
    ]);
  });

  it('leaves a pinned rule that already says it alone (no ADD of a copy, no vote)', () => {
    const pool = createPool({ initialRules: [{ text: heat, env: 'alfworld', taskType: 'pick_heat_then_place', pinned: true }] });
    expect(reflectOn(pair, pool).ops).toEqual([]);
    expect(reflectOn(pair, pool, { ruleIds: ['r1'] }).ops).toEqual([]);
  });

  it('a run of reflections: ADD, UPVOTE, then DOWNVOTE while the rule is in the prompt', () => {
    let pool = createPool();
    const kinds: string[] = [];
    for (const ruleIds of [[], [], ['r1']]) {
      const { ops } = reflectOn(pair, pool, { ruleIds });
      kinds.push(...ops.map((o) => o.kind));
      pool = applyOps(pool, ops).pool;
    }
    expect(kinds).toEqual(['ADD', 'UPVOTE', 'DOWNVOTE']);
    expect(pool.rules[0].importance).toBe(2);
    expect(pool.versions.map((v) => v.op)).toEqual(['ADD', 'UPVOTE', 'DOWNVOTE']);
  });
});

describe('contrastive reflector: WebShop', () => {
  const { goals } = standardShop();
  const withOptions = goals.train.find((g) => Object.keys(g.goal_options).length > 0)!;
  const shared = WEBSHOP_RULE_TEMPLATES[0].canonical;
  const shopPair = (goal: WebShopGoal, failed: string[]): Pair => ({ env: () => webshopEnv(goal), failed, reference: oracleActions(goal) });

  it('a purchase that skipped a named option gets the shared WebShop rule, scoped to every task', () => {
    const skipped = oracleActions(withOptions, (e) => (e.state().page === 'item' && e.state().asin === withOptions.asin ? 'click[Buy Now]' : null));
    const { diagnosis, ops } = reflectOn(shopPair(withOptions, skipped));
    expect(diagnosis).toMatchObject({ key: 'webshop:*:options', milestone: 'options', env: 'webshop', taskType: null });
    expect(diagnosis!.summary).toMatch(/^the failure opened a product of the right kind within the price bound but never selected every option the instruction names; the reference selected every option/);
    expect(ops).toEqual([expect.objectContaining({ kind: 'ADD', env: 'webshop', taskType: null, text: shared, diagnosisKey: 'webshop:*:options' })]);
    // advised where the reference chose the first named option on the product's page
    const state = ops[0].decisiveState!;
    expect(Object.values(withOptions.goal_options).map((v) => `click[${v}]`)).toContain(state.advised);
  });

  it('a product over the price bound gets the same rule (an UPVOTE once it is in the pool)', () => {
    const goal = goals.train.find((g) => {
      if (Object.keys(g.goal_options).length > 0) return false;
      const env = webshopEnv(g);
      env.reset();
      env.step(oracleActions(g)[0]);
      return resultsOnPage(env.state()).some((p) => p.price > g.price_upper);
    })!;
    const overPrice = oracleActions(goal, (e, oracle) => {
      const s = e.state();
      if (s.page === 'results' && oracle === `click[${goal.asin}]`) return `click[${resultsOnPage(s).find((p) => p.price > goal.price_upper)!.asin}]`;
      return s.page === 'item' ? 'click[Buy Now]' : null;
    });
    const pair = shopPair(goal, overPrice);
    const { diagnosis, ops } = reflectOn(pair);
    expect(diagnosis).toMatchObject({ key: 'webshop:*:product', milestone: 'product' });
    expect(ops).toEqual([expect.objectContaining({ kind: 'ADD', text: shared, diagnosisKey: 'webshop:*:product' })]);
    const skipped = oracleActions(withOptions, (e) => (e.state().page === 'item' && e.state().asin === withOptions.asin ? 'click[Buy Now]' : null));
    const pool = poolAfterAdd(shopPair(withOptions, skipped));
    expect(reflectOn(pair, pool).ops).toEqual([expect.objectContaining({ kind: 'UPVOTE', ruleId: 'r1' })]);
  });
});

describe('contrastive reflector: guards', () => {
  const pair = alfworldPair(sceneOf('pick_clean_then_place'));

  it('refuses held-out episodes as the failure or the reference', () => {
    expect(() => reflectOn(pair, createPool(), { failedSplit: 'valid_unseen' })).toThrow(/held-out guard/);
    expect(() => reflectOn(pair, createPool(), { referenceSplit: 'valid_seen' })).toThrow(/held-out guard/);
    expect(() => diagnose(input(pair, createPool(), { failedSplit: 'test' }))).toThrow(/held-out guard/);
  });

  it('refuses traces of another task, and pairs of different ALFWorld task types', () => {
    const good = input(pair, createPool());
    const other = input(alfworldPair(sceneOf('pick_heat_then_place')), createPool());
    expect(() => diagnose({ ...good, referenceTrace: other.referenceTrace })).toThrow(/another task/);
    expect(() => diagnose({ ...good, reference: other.reference, referenceTrace: other.referenceTrace })).toThrow(/pick_heat_then_place reference/);
  });

  it('has nothing to say when the failure missed nothing the reference reached', () => {
    const scene = sceneOf('pick_clean_then_place');
    expect(reflectOn({ env: () => alfworldEnv(scene), failed: expertActions(scene), reference: expertActions(scene) })).toEqual({ diagnosis: null, ops: [] });
  });
});
