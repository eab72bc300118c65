/**
 * WebShop's task source: the standard shop's train goals for training, its test goals held out
 * (the goals split by product, so no test product is ever trained on). Environments use the
 * renderer the agent reads.
 */
import { createWebShopEnv, WEBSHOP_MAX_STEPS, type WebShopGoal } from '../envs/webshop/index';
import type { CheckedConfig } from './config';
import { checkCount, drawDistinct } from './draw';
import { Fnv64 } from './fnv64';
import { AGENT_WEBSHOP_RENDERER, shopOf, STANDARD_SHOP } from './shop';
import type { TaskRef, TaskSource } from './types';

function refOf(goal: WebShopGoal): TaskRef {
  return { id: goal.id, env: 'webshop', split: goal.split, taskType: goal.category, goal: goal.instruction_text };
}

export function loadWebShopTasks(config: CheckedConfig): TaskSource {
  const shop = shopOf(STANDARD_SHOP.size, STANDARD_SHOP.seed);
  const test = shop.goals.test;
  const limit = Math.min(config.heldOutLimit ?? test.length, test.length);
  const heldGoals = test.slice(0, limit);
  const trainRefs = shop.goals.train.map(refOf);
  const heldOut = heldGoals.map(refOf);
  const known = new Map<string, WebShopGoal>();
  for (const goal of [...shop.goals.train, ...heldGoals]) known.set(goal.id, goal);

  const resolved = Object.freeze({ env: 'webshop' as const, trainSource: 'real' as const, heldOutSplit: 'test' as const, heldOutLimit: limit, ...(config.maxSteps !== undefined ? { maxSteps: config.maxSteps } : {}) });
  let dataVersion: string | null = null;
  const fingerprint = (): string => {
    const h = new Fnv64().string(JSON.stringify({ ...resolved, shop: STANDARD_SHOP }));
    // The shop is generated from code: its products and goals are what a run actually saw.
    for (const product of shop.catalog.products) h.string(JSON.stringify(product));
    for (const goal of known.values()) h.string(JSON.stringify(goal));
    return `webshop:${h.hex()}`;
  };

  return {
    env: 'webshop',
    config: resolved,
    heldOut,
    get dataVersion() {
      return (dataVersion ??= fingerprint());
    },
    taskById(id) {
      const goal = known.get(id);
      return goal && refOf(goal);
    },
    sampleTrain(rng, n) {
      checkCount(n);
      return drawDistinct(rng, trainRefs, n);
    },
    make(task) {
      if (task.env !== 'webshop') throw new Error(`WebShop task source cannot make a ${task.env} task (${task.id})`);
      const goal = known.get(task.id);
      if (!goal) throw new Error(`unknown WebShop task "${task.id}": not a train goal or one of the ${heldOut.length} test goals of the standard shop`);
      if (goal.split !== task.split) throw new Error(`WebShop task ${task.id} is a ${goal.split} task, not ${task.split}`);
      return createWebShopEnv({ catalog: shop.catalog, index: shop.index, goal, renderer: AGENT_WEBSHOP_RENDERER, ...(config.maxSteps !== undefined ? { maxSteps: Math.min(config.maxSteps, WEBSHOP_MAX_STEPS) } : {}) });
    },
    isTrain(task) {
      return task.split === 'train' && known.get(task.id)?.split === 'train';
    },
  };
}
