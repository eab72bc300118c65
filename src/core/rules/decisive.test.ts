import { describe, expect, it } from 'vitest';
import { expertNext } from '../envs/alfworld/index';
import { ALFWORLD_TASK_TYPES } from '../envs/alfworld/task-types';
import { createRng } from '../util/rng';
import { alfworldMistakeAt, clickedProduct, decisiveStateAt, isAlfworldDecisiveStep, isWebShopDecisiveStep, replayActions, RULE_APPLIANCE, webshopRightAction } from './decisive';
import { alfworldEnv, expertActions, oracleActions, sceneOf, standardShop, trainScenes, webshopEnv } from './episodes.fixture';
import { oracleTemplate } from './templates';

describe('ALFWorld decisive steps', () => {
  it('names, per transformation task type, the appliance its rule names', () => {
    for (const [taskType, appliance] of Object.entries(RULE_APPLIANCE)) {
      expect(oracleTemplate('alfworld', taskType).canonical.toLowerCase()).toContain(appliance.toLowerCase());
    }
  });

  it('finds the decisive step of every task type in the expert plan, where the typical mistake is possible', () => {
    for (const taskType of ALFWORLD_TASK_TYPES) {
      const scene = sceneOf(taskType);
      const env = alfworldEnv(scene);
      let obs = env.reset();
      let puts = 0;
      let decisive = -1;
      for (const [i, action] of expertActions(scene).entries()) {
        const expert = expertNext(env.world, env.gameState)!;
        if (decisive < 0 && isAlfworldDecisiveStep(env, obs.admissibleActions, expert, puts)) {
          decisive = i;
          const mistake = alfworldMistakeAt(env, obs.admissibleActions, expert, puts, createRng(0))!;
          const held = env.gameState.held;
          if (taskType === 'pick_two_obj') {
            expect(mistake).toEqual(['look']);
            expect(held).toBe(-1);
          } else {
            expect(scene.objects[held].type, taskType).toBe(scene.goal.object);
            if (taskType === 'look_at_obj_in_light') expect(mistake[0]).toMatch(/^examine /);
            else expect(mistake[1]).toMatch(/^put /);
          }
        }
        if (action.startsWith('put ') && obs.admissibleActions.includes(action)) puts++;
        obs = env.step(action);
      }
      expect(decisive, taskType).toBeGreaterThan(0);
    }
  });

  it('detects the step exactly when alfworldMistakeAt proposes a mistake (the corpus locates it the same way)', () => {
    let steps = 0;
    for (const scene of trainScenes().slice(0, 30)) {
      const env = alfworldEnv(scene);
      let obs = env.reset();
      let puts = 0;
      for (const action of expertActions(scene)) {
        const expert = expertNext(env.world, env.gameState);
        if (expert === null) break;
        expect(isAlfworldDecisiveStep(env, obs.admissibleActions, expert, puts)).toBe(alfworldMistakeAt(env, obs.admissibleActions, expert, puts, createRng(steps)) !== null);
        if (action.startsWith('put ')) puts++;
        obs = env.step(action);
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(150);
  });
});

describe('WebShop decisive steps', () => {
  it('reads product ids from clicks', () => {
    expect(clickedProduct('click[B07DD4XQET]')).toBe('B07DD4XQET');
    expect(clickedProduct('click[Buy Now]')).toBeUndefined();
    expect(clickedProduct('click[red]')).toBeUndefined();
  });

  it("is the target's page for a goal with options, and the click on the target for a goal without", () => {
    const { goals } = standardShop();
    const withOptions = goals.train.find((g) => Object.keys(g.goal_options).length > 0)!;
    const without = goals.train.find((g) => Object.keys(g.goal_options).length === 0)!;
    for (const goal of [withOptions, without]) {
      const env = webshopEnv(goal);
      env.reset();
      const decisive: number[] = [];
      for (const [i, action] of oracleActions(goal).entries()) {
        if (isWebShopDecisiveStep(env.state(), goal, action)) decisive.push(i);
        env.step(action);
      }
      if (goal === withOptions) {
        // every step on the target's page: the option clicks and Buy Now
        expect(decisive.length).toBe(Object.keys(goal.goal_options).length + 1);
        const first = oracleActions(goal)[decisive[0]];
        expect(webshopRightAction(goal, first)(first)).toBe(true);
        expect(webshopRightAction(goal, first)('click[Buy Now]')).toBe(false);
      } else {
        expect(decisive).toEqual([1]);
        expect(oracleActions(goal)[1]).toBe(`click[${goal.asin}]`);
        expect(webshopRightAction(goal, `click[${goal.asin}]`)(`click[${goal.asin}]`)).toBe(true);
      }
    }
  });
});

describe('decisive states', () => {
  it('cut an episode before the advised action, and replay to the same observation', () => {
    const scene = sceneOf('pick_heat_then_place');
    const actions = expertActions(scene);
    const state = decisiveStateAt(scene.id, actions, 5);
    expect(state).toEqual({ taskId: scene.id, actions: actions.slice(0, 5), advised: actions[5] });
    const env = alfworldEnv(scene);
    const replay = replayActions(env, state.actions);
    expect(replay.steps.map((s) => s.action)).toEqual(state.actions);
    expect(replay.last.admissibleActions).toContain(state.advised);
    const again = alfworldEnv(scene);
    let obs = again.reset();
    for (const a of state.actions) obs = again.step(a);
    expect(replay.last).toEqual(obs);
    expect(() => decisiveStateAt(scene.id, actions, actions.length)).toThrow(RangeError);
  });
});
