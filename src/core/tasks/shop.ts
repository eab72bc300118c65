/**
 * The one place a WebShop shop is built: generated catalog, BM25 index and synthetic goals, once
 * per (size, seed) per process or worker (a 1k shop costs ~0.2 s, a 10k one seconds). The CLI,
 * the worker's play sessions, the model scripts and the task source all take their shop from here,
 * so the same (size, seed) always means the same products, index and goals.
 */
import { buildSearchIndex, type Catalog, generateCatalog, generateGoals, type SearchIndex, type WebShopGoal, type WebShopRenderer } from '../envs/webshop/index';

/** The lab's standard shop: the one the embedded model was trained and evaluated on. */
export const STANDARD_SHOP = { size: 1000, seed: 0 } as const;

/** The renderer the agent reads and the embedded model was trained on: ReAct's pages (easier to read; they do not repeat the instruction on every page). */
export const AGENT_WEBSHOP_RENDERER: WebShopRenderer = 'react';

export interface Shop {
  catalog: Catalog;
  index: SearchIndex;
  /** Goals of the same seed as the catalog, split by product (a test product never appears in train). */
  goals: { train: WebShopGoal[]; test: WebShopGoal[] };
}

const shops = new Map<string, Shop>();

/** The shop of a generated catalog (generateCatalog checks the size). Shared by every caller: read it, never mutate it. */
export function shopOf(size: number = STANDARD_SHOP.size, seed: number = STANDARD_SHOP.seed): Shop {
  const key = `${size}:${seed}`;
  let shop = shops.get(key);
  if (!shop) {
    const catalog = generateCatalog({ size, seed });
    shop = { catalog, index: buildSearchIndex(catalog), goals: generateGoals(catalog, { seed }) };
    shops.set(key, shop);
  }
  return shop;
}
