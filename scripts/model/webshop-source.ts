/**
 * WebShop training episodes: the lab's standard shop (1k-product catalog, seed 0, goals seed 0),
 * train goals only; the test goals' products never appear in train goals (the split is by product).
 */
import { standardShop } from '../../cli/lib/model-eval';
import type { Rng } from '../../src/core/util/rng';
import { drawRules, sourceEpisode, type SourceEpisode } from './corpus';
import { demonstrateWebShop } from './webshop-demo';

export async function* webshopEpisodes(count: number, rng: Rng): AsyncGenerator<SourceEpisode> {
  if (count <= 0) return;
  const { shop, goals } = standardShop();
  const train = goals.train;
  for (let i = 0; i < count; i++) {
    const goal = train[i % train.length];
    const draw = drawRules('webshop', goal.category, rng);
    const demo = demonstrateWebShop(shop, goal, draw.condition !== 'oracle', rng);
    if (!demo.success && !demo.mistake) continue; // the oracle could not find it: nothing to imitate
    if (demo.clickedHidden) continue; // the right product is not on the page the agent reads
    yield sourceEpisode('webshop', goal.category, goal.instruction_text, draw, demo);
  }
}
