/**
 * WebShop's search prefixes (engine.py get_top_n_product_from_keywords), which bypass BM25:
 * `<r>` 50 random products, `<a> attribute` products having that attribute, `<c> category` products
 * of that category, `<q> query` products scraped under that query. Only `<r>` is capped at 50.
 * `<r>` draws from a generator seeded by the catalog seed and the keywords, so episodes replay
 * exactly (WebShop used Python's global random).
 */
import { createRng, hashString } from '../../util/rng';
import type { Catalog, Product } from './types';

export function specialSearch(catalog: Catalog, keywords: string): Product[] | null {
  const words = keywords.split(' ');
  const rest = words.slice(1).join(' ').trim();
  switch (words[0]) {
    case '<r>': {
      const rng = createRng(hashString(`webshop-random-search:${catalog.seed}:${keywords}`));
      const picked = new Set<number>();
      const n = catalog.products.length;
      while (picked.size < Math.min(50, n)) picked.add(rng.int(n));
      return [...picked].map((i) => catalog.products[i]);
    }
    case '<a>':
      return catalog.products.filter((p) => p.Attributes.includes(rest));
    case '<c>':
      return catalog.products.filter((p) => p.category === (words[1] ?? '').trim());
    case '<q>':
      return catalog.products.filter((p) => p.query === rest);
    default:
      return null;
  }
}
