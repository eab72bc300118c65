/** WebShop training episodes (train goals only). Filled in once the WebShop simulator lands. */
import type { Rng } from '../../src/core/util/rng';
import type { SourceEpisode } from './corpus';

export async function* webshopEpisodes(count: number, rng: Rng): AsyncGenerator<SourceEpisode> {
  void count;
  void rng;
}
