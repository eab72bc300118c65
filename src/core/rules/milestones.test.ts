import { describe, expect, it } from 'vitest';
import { ALFWORLD_TASK_TYPES } from '../envs/alfworld/task-types';
import type { TextEnvironment } from '../envs/types';
import { resultsOnPage } from '../envs/webshop/shop-state';
import { alfworldEnv, expertActions, mistakenActions, oracleActions, sceneOf, searchFailure, standardShop, webshopEnv } from './episodes.fixture';
import { alfworldMilestones, firstMiss, type MilestoneTrace, traceMilestones } from './milestones';

const PROCEDURE_MISS: Record<string, string> = {
  pick_and_place: 'placed',
  look_at_obj_in_light: 'lamp',
  pick_clean_then_place: 'transformed',
  pick_heat_then_place: 'transformed',
  pick_cool_then_place: 'transformed',
  pick_two_obj: 'second',
};

describe('ALFWorld milestones', () => {
  it('are reached in task order by the expert, on every task type', () => {
    for (const taskType of ALFWORLD_TASK_TYPES) {
      const scene = sceneOf(taskType);
      const actions = expertActions(scene);
      const trace = traceMilestones(alfworldEnv(scene), actions);
      expect(trace.success, taskType).toBe(true);
      expect(trace.expected).toEqual(alfworldMilestones(taskType));
      const at = trace.expected.map((m) => trace.reached[m]);
      expect(at.every((i) => i !== undefined), `${taskType}: ${JSON.stringify(trace.reached)}`).toBe(true);
      expect([...at].sort((a, b) => a! - b!)).toEqual(at);
      // the last milestone is the goal, reached by the last action
      expect(at[at.length - 1]).toBe(actions.length - 1);
      expect(trace.subject).toBe(scene.goal.object);
      expect(trace.decisive).toBeGreaterThanOrEqual(trace.reached.taken!);
    }
  });

  it('record what reached them: the receptacle taken from, the appliance, the destination', () => {
    const scene = sceneOf('pick_heat_then_place');
    const actions = expertActions(scene);
    const trace = traceMilestones(alfworldEnv(scene), actions);
    expect(actions[trace.reached.taken!]).toMatch(/^take apple \d+ from fridge \d+$/);
    expect(actions[trace.reached.transformed!]).toMatch(/^heat apple \d+ with microwave \d+$/);
    expect(trace.where).toMatchObject({ taken: 'Fridge', transformed: 'Microwave', placed: 'Fridge' });
  });

  it("find the task type's procedure step as the first miss of its typical mistake", () => {
    for (const taskType of ALFWORLD_TASK_TYPES) {
      const scene = sceneOf(taskType);
      const env = alfworldEnv(scene);
      const reference = traceMilestones(env, expertActions(scene));
      const failed = traceMilestones(env, mistakenActions(scene));
      expect(failed.success).toBe(false);
      expect(failed.reached.taken, taskType).toBeDefined();
      expect(firstMiss(failed, reference), taskType).toBe(PROCEDURE_MISS[taskType]);
    }
  });

  it('find "found" first when the object was never seen', () => {
    const scene = sceneOf('pick_heat_then_place');
    const env = alfworldEnv(scene);
    const failed = traceMilestones(env, searchFailure(scene));
    expect(failed.reached).toEqual({});
    expect(firstMiss(failed, traceMilestones(env, expertActions(scene)))).toBe('found');
  });

  it('replay on a fresh episode: an env already played gives the same trace', () => {
    const scene = sceneOf('pick_two_obj');
    const env = alfworldEnv(scene);
    const first = traceMilestones(env, expertActions(scene));
    env.reset();
    env.step('go to desk 1');
    expect(traceMilestones(env, expertActions(scene))).toEqual(first);
  });

  it('firstMiss is null when the failure reached everything the reference did', () => {
    const scene = sceneOf('pick_and_place');
    const trace = traceMilestones(alfworldEnv(scene), expertActions(scene));
    expect(firstMiss(trace, trace)).toBeNull();
    const empty: MilestoneTrace = { ...trace, reached: {} };
    expect(firstMiss(trace, empty)).toBeNull();
  });

  it('refuses an environment it cannot read', () => {
    const fake = { task: { id: 'x', env: 'alfworld', split: 'train', taskType: 'pick_and_place', goal: '' }, maxSteps: 1, reset: () => ({}), step: () => ({}) } as unknown as TextEnvironment;
    expect(() => traceMilestones(fake, [])).toThrow(/AlfworldEnv or a WebShopEnv/);
  });
});

describe('WebShop milestones', () => {
  const { goals } = standardShop();
  const withOptions = goals.train.find((g) => Object.keys(g.goal_options).length > 0)!;
  const without = goals.train.filter((g) => Object.keys(g.goal_options).length === 0);

  it('are product, options, buy for the oracle on a goal with options', () => {
    const actions = oracleActions(withOptions);
    const trace = traceMilestones(webshopEnv(withOptions), actions);
    expect(trace.success).toBe(true);
    expect(trace.expected).toEqual(['product', 'options', 'buy']);
    expect(trace.reached.product).toBe(actions.indexOf(`click[${withOptions.asin}]`));
    expect(trace.reached.buy).toBe(actions.length - 1);
    expect(trace.where.product).toBe(withOptions.asin);
    expect(trace.decisive).toBe(trace.reached.product! + 1);
  });

  it('miss "options" when Buy Now comes before the named options', () => {
    const env = webshopEnv(withOptions);
    const skipped = oracleActions(withOptions, (e) => (e.state().page === 'item' && e.state().asin === withOptions.asin ? 'click[Buy Now]' : null));
    const failed = traceMilestones(env, skipped);
    expect(failed.success).toBe(false);
    expect(failed.reached.buy).toBeDefined();
    expect(firstMiss(failed, traceMilestones(env, oracleActions(withOptions)))).toBe('options');
  });

  it('miss "product" when the product bought is over the price bound', () => {
    let checked = 0;
    for (const goal of without.slice(0, 6)) {
      let overPrice = false;
      const actions = oracleActions(goal, (e, oracle) => {
        const s = e.state();
        if (s.page === 'results' && oracle === `click[${goal.asin}]`) {
          const over = resultsOnPage(s).find((p) => p.price > goal.price_upper);
          if (over) overPrice = true;
          return over ? `click[${over.asin}]` : null;
        }
        return s.page === 'item' ? 'click[Buy Now]' : null;
      });
      if (!overPrice) continue;
      const env = webshopEnv(goal);
      const failed = traceMilestones(env, actions);
      expect(failed.expected).toEqual(['product', 'buy']);
      expect(failed.reached).toEqual({});
      expect(firstMiss(failed, traceMilestones(env, oracleActions(goal)))).toBe('product');
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
  });
});
