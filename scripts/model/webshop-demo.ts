/**
 * WebShop demonstrations: the simulator's oracle, with the mistake model. Without the right rule,
 * with probability MISTAKE_RATE[category], a goal that names options is bought without selecting
 * them, and a goal without options is bought from a product over the price bound. Every rate is
 * above 0.5, so greedy decoding errs without the rule in every category (at 0.30 for food and
 * furniture and 0.65-0.70 elsewhere, the no-rule model already selected options on many goals and
 * the rule could add little), while sampling at temperature 1 still finds the right path often. The
 * demonstration ends at the purchase either way (WebShop episodes end at Buy Now). The decisive step
 * is src/core/rules/decisive.ts's (shared with the learner); the rates are the corpus recipe.
 */
import { createWebShopEnv, oracleAction, type Catalog, type SearchIndex, type WebShopGoal } from '../../src/core/envs/webshop/index';
import { BUY_NOW, resultsOnPage } from '../../src/core/envs/webshop/shop-state';
import { clickedProduct, isWebShopDecisiveStep } from '../../src/core/rules/decisive';
import { AGENT_WEBSHOP_RENDERER } from '../../src/core/tasks/shop';
import type { Rng } from '../../src/core/util/rng';

/** P(typical mistake | no rule or a wrong rule) per category. Above 0.5, greedy decoding makes it. */
export const MISTAKE_RATE: Record<string, number> = {
  beauty: 0.85,
  fashion: 0.85,
  electronics: 0.85,
  food: 0.7,
  furniture: 0.7,
};

export interface WebShopDemonstration {
  observations: string[];
  actions: string[];
  success: boolean;
  mistake: boolean;
  reward: number;
  /** The oracle clicked a product the page text does not show (the ReAct page lists only the top hits): not learnable. */
  clickedHidden: boolean;
  /** Index (into actions) of the decisive step (the option clicks, or the product choice); -1 if never reached. */
  decisive: number;
}

export function demonstrateWebShop(
  shop: { catalog: Catalog; index: SearchIndex },
  goal: WebShopGoal,
  mistakes: boolean,
  rng: Rng,
): WebShopDemonstration {
  const env = createWebShopEnv({ ...shop, goal, renderer: AGENT_WEBSHOP_RENDERER });
  let obs = env.reset();
  const demo: WebShopDemonstration = { observations: [obs.text], actions: [], success: false, mistake: false, reward: 0, clickedHidden: false, decisive: -1 };
  const hasOptions = Object.keys(goal.goal_options).length > 0;
  const willErr = mistakes && rng.next() < (MISTAKE_RATE[goal.category] ?? 0.5);
  while (!obs.done) {
    const state = env.state();
    let action = oracleAction(env);
    if (demo.decisive < 0 && isWebShopDecisiveStep(state, goal, action)) demo.decisive = demo.actions.length;
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
    const clicked = clickedProduct(action);
    if (clicked && !obs.text.includes(clicked)) demo.clickedHidden = true;
    obs = env.step(action);
    demo.actions.push(action);
    demo.observations.push(obs.text);
  }
  demo.success = obs.success;
  demo.reward = obs.reward;
  return demo;
}
