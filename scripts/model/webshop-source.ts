/**
 * WebShop training episodes: the lab's standard shop (1k-product catalog, seed 0, goals seed 0),
 * train products only; the test goals' products never appear in train goals (the split is by product).
 *
 * Each episode draws its own option combination of its product (every combination is a goal, as in
 * WebShop's own expansion). With the standard goal set's single combination per product, a product's
 * page always came with the same named options, so the page alone predicted which options to click
 * and the model never had to read them from the instruction.
 */
import { standardShop } from '../../cli/lib/model-eval';
import { generateGoals, type WebShopGoal } from '../../src/core/envs/webshop/index';
import type { Rng } from '../../src/core/util/rng';
import { drawRules, sourceEpisode, type SourceEpisode } from './corpus';
import { demonstrateWebShop } from './webshop-demo';

/** Every option combination of each train product, grouped by product in the standard train order. */
function trainGoalsByProduct({ shop, goals }: ReturnType<typeof standardShop>): WebShopGoal[][] {
  const byAsin = new Map<string, WebShopGoal[]>();
  for (const goal of generateGoals(shop.catalog, { seed: 0, combinations: 'all' }).train) {
    byAsin.set(goal.asin, [...(byAsin.get(goal.asin) ?? []), goal]);
  }
  return goals.train.map((goal) => {
    const group = byAsin.get(goal.asin);
    if (!group) throw new Error(`train product ${goal.asin} has no goals in the full expansion`);
    return group;
  });
}

export async function* webshopEpisodes(count: number, rng: Rng): AsyncGenerator<SourceEpisode> {
  if (count <= 0) return;
  const standard = standardShop();
  const { shop } = standard;
  const products = trainGoalsByProduct(standard);
  for (let i = 0; i < count; i++) {
    const goal = rng.pick(products[i % products.length]);
    const draw = drawRules('webshop', goal.category, rng);
    const demo = demonstrateWebShop(shop, goal, draw.condition !== 'oracle', rng);
    if (!demo.success && !demo.mistake) continue; // the oracle could not find it: nothing to imitate
    if (demo.clickedHidden) continue; // the right product is not on the page the agent reads
    yield sourceEpisode('webshop', goal.category, goal.instruction_text, draw, demo);
  }
}
