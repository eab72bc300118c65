/**
 * WebShop's product schema (engine.py load_products) and goal schema (goal.py), as plain data so a
 * catalog can be generated in the worker, the CLI and tests alike.
 */
import type { CategoryId } from './categories';

export interface Product {
  asin: string;
  /** WebShop keeps the title twice: `name` (scraped) and `Title` (shown). */
  name: string;
  Title: string;
  /** One of WebShop's five categories. */
  category: CategoryId;
  /** The search query the product was scraped under (lower-cased), compared by r_type. */
  query: string;
  /** `›`-separated category path. */
  product_category: string;
  Description: string;
  BulletPoints: string[];
  /** [price] or [low, high] as in WebShop; `price` is the price charged at Buy Now. */
  pricing: number[];
  Price: string;
  price: number;
  /** Option groups, name → values, lower-cased as WebShop loads them. */
  options: Record<string, string[]>;
  Attributes: string[];
  Rating: string;
  Reviews: Array<{ title: string; score: number; body: string }>;
  /** The instruction a synthetic goal starts from, and the attributes it mentions. */
  instruction_text: string;
  instruction_attributes: string[];
}

export interface Catalog {
  seed: number;
  products: Product[];
  byAsin: Map<string, Product>;
}

export type GoalSplit = 'train' | 'test';

export interface WebShopGoal {
  /** `webshop:<split>:<index>`. */
  id: string;
  split: GoalSplit;
  asin: string;
  category: CategoryId;
  query: string;
  /** The target product's title (WebShop stores Title under `name` for synthetic goals). */
  name: string;
  product_category: string;
  instruction_text: string;
  attributes: string[];
  goal_options: Record<string, string>;
  price_upper: number;
}
