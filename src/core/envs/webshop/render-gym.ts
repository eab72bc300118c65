/**
 * The gym text env's observation (observation_mode='text'): the visible texts of the page, stripped
 * and joined with " [SEP] ", as RL papers train on. The done page is shortened to its score.
 */
import { currentProduct, resultsOnPage, type ShopState } from './shop-state';
import type { Catalog } from './types';

export function renderGym(state: ShopState, catalog: Catalog, instruction: string): string {
  const texts: string[] = [];
  const head = ['Instruction:', instruction];
  switch (state.page) {
    case 'init':
      texts.push('WebShop', ...head, 'Search');
      break;
    case 'results':
      texts.push(...head, 'Back to Search', `Page ${state.pageNumber} (Total results: ${state.results.length})`);
      if (state.pageNumber > 1) texts.push('< Prev');
      texts.push('Next >');
      for (const p of resultsOnPage(state)) texts.push(p.asin, p.Title, p.Price);
      break;
    case 'item': {
      const p = currentProduct(state, catalog)!;
      texts.push(...head, 'Back to Search', '< Prev');
      for (const [name, values] of Object.entries(p.options)) texts.push(name, ...values);
      texts.push(p.Title, `Price: ${p.Price}`, `Rating: ${p.Rating}`, 'Description', 'Features', 'Reviews', 'Buy Now');
      break;
    }
    case 'sub': {
      const p = currentProduct(state, catalog)!;
      texts.push(...head, 'Back to Search', '< Prev');
      if (state.sub === 'Description') texts.push(p.Description);
      else if (state.sub === 'Features') texts.push(...p.BulletPoints);
      else for (const r of p.Reviews) texts.push(`"${r.title}"`, String(r.score), r.body);
      break;
    }
    case 'done':
      texts.push('Thank you for shopping with us!', 'Your score (min 0.0, max 1.0)', pythonFloat(state.reward));
      break;
  }
  return texts
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .join(' [SEP] ');
}

/** Python's repr of a float (1 → "1.0"), as the done page prints the reward. */
export function pythonFloat(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}
