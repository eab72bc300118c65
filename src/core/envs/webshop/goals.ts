/**
 * Synthetic goals as WebShop's get_synthetic_goals makes them, plus the parser for human goals.
 *
 * WebShop expands every combination of a product's options into a goal; by default the lab keeps one
 * combination per product, drawn with the seed (`combinations: 'all'` gives WebShop's expansion).
 * The split is by product: test goals' products never appear in train goals.
 */
import { createRng, type Rng } from '../../util/rng';
import type { Catalog, GoalSplit, Product, WebShopGoal } from './types';

export interface GoalOptions {
  seed?: number;
  /** Share of products whose goals form the test split (default 0.1, at least one product). */
  testFraction?: number;
  /** 'one' (default): a single drawn option combination per product; 'all': every combination. */
  combinations?: 'one' | 'all';
}

/** WebShop's PRICE_RANGE: 10, 20, …, 990. */
const PRICE_RANGE = Array.from({ length: 99 }, (_, i) => 10 * (i + 1));
const NO_PRICE_BOUND = 1_000_000;

/**
 * The larger of two distinct draws from the first four multiples of 10 above the price; none when
 * fewer than two exist (price ≥ 980), as in WebShop.
 */
export function drawPriceUpper(rng: Rng, price: number): number {
  const range = PRICE_RANGE.filter((p) => p > price).slice(0, 4);
  if (range.length < 2) return NO_PRICE_BOUND;
  const [a, b] = rng.shuffle(range).slice(0, 2);
  return Math.max(a, b);
}

export const priceText = (upper: number): string => (upper >= NO_PRICE_BOUND ? '' : `, and price lower than ${upper.toFixed(2)} dollars`);

/** Every combination of option values, option names sorted as WebShop sorts them. */
function combinationsOf(options: Record<string, string[]>): Array<Record<string, string>> {
  const names = Object.keys(options).sort();
  let combos: Array<Record<string, string>> = [{}];
  for (const name of names) combos = combos.flatMap((combo) => options[name].map((value) => ({ ...combo, [name]: value })));
  return combos;
}

function drawCombination(rng: Rng, options: Record<string, string[]>): Record<string, string> {
  const combo: Record<string, string> = {};
  for (const name of Object.keys(options).sort()) combo[name] = rng.pick(options[name]);
  return combo;
}

export function goalInstruction(product: Product, goalOptions: Record<string, string>, upper: number): string {
  const optionText = Object.entries(goalOptions)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', and ');
  return `${product.instruction_text}${optionText ? ` with ${optionText}` : ''}${priceText(upper)}`;
}

export function generateGoals(catalog: Catalog, options: GoalOptions = {}): { train: WebShopGoal[]; test: WebShopGoal[] } {
  const { seed = 0, testFraction = 0.1, combinations = 'one' } = options;
  const rng = createRng(`webshop-goals:${seed}`);
  const order = rng.shuffle(catalog.products.map((_, i) => i));
  const testCount = Math.max(1, Math.round(order.length * testFraction));
  const testProducts = new Set(order.slice(0, testCount));
  const split: Record<GoalSplit, WebShopGoal[]> = { train: [], test: [] };
  for (const i of order) {
    const product = catalog.products[i];
    const productRng = rng.fork(product.asin);
    const upper = drawPriceUpper(productRng, product.price);
    const combos = combinations === 'all' ? combinationsOf(product.options) : [drawCombination(productRng, product.options)];
    const which: GoalSplit = testProducts.has(i) ? 'test' : 'train';
    for (const goalOptions of combos) {
      const list = split[which];
      list.push({
        id: `webshop:${which}:${list.length}`,
        split: which,
        asin: product.asin,
        category: product.category,
        query: product.query,
        name: product.Title,
        product_category: product.product_category,
        instruction_text: goalInstruction(product, goalOptions, upper),
        attributes: product.instruction_attributes,
        goal_options: goalOptions,
        price_upper: upper,
      });
    }
  }
  return split;
}

export interface ParsedHumanGoal {
  instruction: string;
  priceUpper?: number;
}

const WEBSHOP_PRICE = /,?\s*and price lower than\s+\$?(\d+(?:\.\d+)?)\s*dollars\.?\s*$/i;
const FREE_PRICE = /\b(?:price\s+)?(?:lower than|less than|under|below|cheaper than|no more than|at most|within|up to)\s+\$?\s*(\d+(?:\.\d+)?)\s*(?:dollars?|usd|bucks|\$)?/i;
const DOLLAR_AMOUNT = /\$\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*dollars?\b/i;

/**
 * A human instruction and its price bound: WebShop's appended ", and price lower than X.00 dollars"
 * is removed from the text; a bound written freely ("under $30", "less than 40 dollars") is read
 * but left in the text. Never throws.
 */
export function parseHumanGoal(text: unknown): ParsedHumanGoal {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  const clean = raw.replace(/\s+/g, ' ').trim();
  const suffix = WEBSHOP_PRICE.exec(clean);
  if (suffix) return { instruction: clean.slice(0, suffix.index).trim(), priceUpper: Number(suffix[1]) };
  const free = FREE_PRICE.exec(clean);
  if (free && (DOLLAR_AMOUNT.test(free[0]) || /price/i.test(clean))) return { instruction: clean, priceUpper: Number(free[1]) };
  return { instruction: clean };
}
