/**
 * WebShop demonstrations: the simulator's oracle, with the mistake model. Without the right rule,
 * a goal that names options is bought without selecting them (probability OPTIONS_MISTAKE_RATE), and
 * otherwise a product over the price bound is bought from the results page (PRICE_MISTAKE_RATE).
 * The demonstration ends at the purchase either way (WebShop episodes end at Buy Now).
 */
import { createWebShopEnv, oracleAction, type Catalog, type SearchIndex, type WebShopGoal } from '../../src/core/envs/webshop/index';
import { BUY_NOW, resultsOnPage } from '../../src/core/envs/webshop/shop-state';
import type { Rng } from '../../src/core/util/rng';

export const OPTIONS_MISTAKE_RATE = 0.6;
export const PRICE_MISTAKE_RATE = 0.6;

/** The renderer the agent sees: ReAct's pages do not repeat the instruction on every page. */
export const WEBSHOP_RENDERER = 'react' as const;

export interface WebShopDemonstration {
  observations: string[];
  actions: string[];
  success: boolean;
  mistake: boolean;
  reward: number;
}

export function demonstrateWebShop(
  shop: { catalog: Catalog; index: SearchIndex },
  goal: WebShopGoal,
  mistakes: boolean,
  rng: Rng,
): WebShopDemonstration {
  const env = createWebShopEnv({ ...shop, goal, renderer: WEBSHOP_RENDERER });
  let obs = env.reset();
  const demo: WebShopDemonstration = { observations: [obs.text], actions: [], success: false, mistake: false, reward: 0 };
  const hasOptions = Object.keys(goal.goal_options).length > 0;
  const willErr = mistakes && rng.next() < (hasOptions ? OPTIONS_MISTAKE_RATE : PRICE_MISTAKE_RATE);
  while (!obs.done) {
    const state = env.state();
    let action = oracleAction(env);
    if (willErr && hasOptions && state.page === 'item' && state.asin === goal.asin && action !== `click[${BUY_NOW}]`) {
      action = `click[${BUY_NOW}]`; // buy without selecting the options the instruction names
      demo.mistake = true;
    } else if (willErr && !hasOptions && state.page === 'results' && action === `click[${goal.asin}]`) {
      const over = resultsOnPage(state).filter((p) => p.price > goal.price_upper);
      if (over.length > 0) {
        action = `click[${rng.pick(over).asin}]`; // a product over the price bound
        demo.mistake = true;
      }
    } else if (demo.mistake && state.page === 'item') {
      action = `click[${BUY_NOW}]`;
    }
    obs = env.step(action);
    demo.actions.push(action);
    demo.observations.push(obs.text);
  }
  demo.success = obs.success;
  demo.reward = obs.reward;
  return demo;
}
