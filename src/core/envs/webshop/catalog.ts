/**
 * Seeded catalog generator in WebShop's product schema. Product i depends only on (seed, i), so a
 * 1k catalog is the first thousand products of the 10k and 100k ones (as WebShop's item_shuffle
 * prefixes were). The vocabulary comes from the human instructions (vocabulary.ts).
 */
import { createRng, hashString, type Rng } from '../../util/rng';
import { CATEGORY_PATHS, FALLBACK_OPTIONS, OPTION_GROUPS, type CategoryId } from './categories';
import { titleCase, withArticle, pluralize } from './text';
import type { Catalog, Product } from './types';
import { attributesByCategory, categoryWeights, nounsByCategory, optionSelfMatches, type NounEntry } from './vocabulary';

export interface CatalogOptions {
  size: number;
  seed?: number;
}

export const CATALOG_SIZES = [1000, 10000, 100000] as const;
const MAX_CATALOG_SIZE = 1_000_000;

/** Items with cumulative weights, so a weighted draw is one binary search. */
interface WeightedTable<T> {
  items: readonly T[];
  cumulative: Float64Array;
}

function weightedTable<T>(items: readonly T[], weight: (item: T) => number): WeightedTable<T> {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((item, i) => (cumulative[i] = total += weight(item)));
  return { items, cumulative };
}

function weightedPick<T>(rng: Rng, table: WeightedTable<T>): T {
  const { items, cumulative } = table;
  const r = rng.next() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return items[lo];
}

const CATEGORY_TABLE = weightedTable(categoryWeights, ([, w]) => w);
const NOUN_TABLES = Object.fromEntries(
  Object.entries(nounsByCategory).map(([id, entries]) => [id, weightedTable(entries, (e) => Math.pow(e.count, 0.75))]),
) as Record<CategoryId, WeightedTable<NounEntry>>;

/** `count` distinct items, preferring earlier entries of `preferred`, then `fallback`. */
function pickDistinct(rng: Rng, preferred: readonly string[], fallback: readonly string[], count: number, accept: (v: string) => boolean): string[] {
  const out: string[] = [];
  const pools = [rng.shuffle(preferred), rng.shuffle(fallback)];
  for (const pool of pools) {
    for (const value of pool) {
      if (out.length >= count) return out;
      if (!out.includes(value) && accept(value)) out.push(value);
    }
  }
  return out;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 've', 'no', 'ta', 'si', 'be', 'lu', 'cor', 'den', 'fin', 'gra', 'hal', 'jor', 'kel', 'mar', 'nix', 'pel', 'quin', 'ros', 'sol', 'tev', 'vor', 'wen', 'zan', 'bri', 'cla', 'dro'];

function brandName(rng: Rng): string {
  const parts = 2 + rng.int(2);
  let name = '';
  for (let i = 0; i < parts; i++) name += rng.pick(SYLLABLES);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A fixed pool of brands per seed, independent of catalog size. */
function brandPool(seed: number): string[] {
  const rng = createRng(`webshop-brands:${seed}`);
  const brands = new Set<string>();
  while (brands.size < 1500) brands.add(brandName(rng));
  return [...brands];
}

const PRICE_RANGES: Record<CategoryId, [number, number]> = {
  beauty: [4, 70],
  food: [3, 60],
  fashion: [8, 90],
  furniture: [20, 450],
  electronics: [6, 350],
};

function drawPrice(rng: Rng, category: CategoryId): number {
  const [lo, hi] = PRICE_RANGES[category];
  const raw = Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
  const cents = rng.pick([0.99, 0.49, 0.95, 0.0, 0.89, 0.5]);
  return Math.max(0.99, Math.floor(raw) + cents);
}

const formatPrice = (price: number): string => `$${price.toFixed(2)}`;

function asinFor(rng: Rng, taken: Set<string>): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (;;) {
    let asin = 'B0';
    for (let i = 0; i < 8; i++) asin += chars[rng.int(chars.length)];
    if (!taken.has(asin)) {
      taken.add(asin);
      return asin;
    }
  }
}

function buildOptions(rng: Rng, category: CategoryId, entry: NounEntry): Record<string, string[]> {
  const groups = OPTION_GROUPS[category];
  const fallback = FALLBACK_OPTIONS[category];
  const roll = rng.next();
  const wantColor = roll >= 0.15 && (roll < 0.4 || roll >= 0.65);
  const wantSize = roll >= 0.4;
  const options: Record<string, string[]> = {};
  const used = new Set<string>();
  const accept = (name: string) => (value: string) => !used.has(value) && optionSelfMatches(name, value);
  if (wantColor) {
    const values = pickDistinct(rng, entry.colors, fallback.colors, 2 + rng.int(4), accept(groups.colorName));
    values.forEach((v) => used.add(v));
    if (values.length >= 2) options[groups.colorName] = values;
  }
  if (wantSize) {
    const values = pickDistinct(rng, entry.sizes, fallback.sizes, 2 + rng.int(4), accept(groups.sizeName));
    if (values.length >= 2) options[groups.sizeName] = values;
  }
  return options;
}

const INSTRUCTION_TEMPLATES: Array<(noun: string, a: string[]) => string> = [
  (n, a) => `i am looking for ${withArticle(`${a[0]} ${n}`, n)}${a[1] ? ` that is ${a[1]}` : ''}`,
  (n, a) => `i need ${withArticle(n, n)} that is ${a.join(' and ')}`,
  (n, a) => `i want ${withArticle(`${a[0]} ${n}`, n)}${a[1] ? ` with ${a.slice(1).join(' and ')}` : ''}`,
  (n, a) => `i would like ${withArticle(`${a.join(', ')} ${n}`, n)}`,
  (n, a) => `find me ${withArticle(`${a[0]} ${n}`, n)}${a[1] ? `, ${a.slice(1).join(' and ')}` : ''}`,
];

const TITLE_TEMPLATES: Array<(brand: string, noun: string, a: string[], extra: string) => string> = [
  (b, n, a, x) => `${b} ${a[0]} ${n}, ${a.slice(1).join(', ')}${x}`,
  (b, n, a, x) => `${b} ${n} with ${a.join(' and ')}${x}`,
  (b, n, a, x) => `${a[0]} ${n} by ${b} | ${a.slice(1).join(', ')}${x}`,
  (b, n, a, x) => `${b} ${a.slice(0, 2).join(' ')} ${n} - ${a.slice(2).join(', ') || 'Premium Quality'}${x}`,
];

const DESCRIPTION_SENTENCES: Array<(n: string, a: string[], brand: string) => string> = [
  (n, a) => `This ${n} is ${a[0]} and built for everyday use.`,
  (n, a, b) => `${b} designs every ${n} to be ${a[a.length - 1]}, so you can rely on it day after day.`,
  (n) => `Whether it is for yourself or as a gift, this ${n} is a dependable choice.`,
  (_n, a) => `Customers choose it because it is ${a.join(', ')}.`,
  (n) => `Please check the size and option details before ordering your ${n}.`,
];

const BULLET_TEMPLATES: Array<(attr: string, n: string) => string> = [
  (a, n) => `${titleCase(a)}: this ${n} is ${a}, as promised.`,
  (a) => `${titleCase(a)} - carefully tested for quality and comfort.`,
  (a, n) => `Why ${a} matters: a better ${n} experience every day.`,
];

export function generateProduct(seed: number, index: number, brands: readonly string[], taken: Set<string>): Product {
  const rng = createRng(hashString(`webshop-product:${seed}:${index}`));
  const [category] = weightedPick(rng, CATEGORY_TABLE);
  const entry = weightedPick(rng, NOUN_TABLES[category]);
  const noun = entry.noun;
  const attrCount = 2 + rng.int(3);
  // Mostly attributes that shoppers used with this very noun; a quarter of products draw from the
  // category's common attributes instead, which widens the vocabulary human goals can hit (the share
  // of human goals with a plausible top-10 hit drops from 86% to 84% without it).
  const attrPool = rng.next() < 0.75 ? entry.attrs : [];
  const Attributes = pickDistinct(rng, attrPool, attributesByCategory[category].slice(0, 40), attrCount, (a) => !a.includes(noun) && !noun.includes(a));
  const brand = rng.pick(brands);
  const options = buildOptions(rng, category, entry);
  const sizeValues = options[OPTION_GROUPS[category].sizeName];
  const extra = sizeValues && rng.next() < 0.4 ? ` (${titleCase(sizeValues[0])})` : '';
  const Title = rng.pick(TITLE_TEMPLATES)(brand, titleCase(noun), Attributes.map(titleCase), extra).replace(/,\s*$/, '').replace(/\s+/g, ' ').trim();
  const path = CATEGORY_PATHS[category];
  const middle = path.middles[hashString(noun) % path.middles.length];
  const leaf = titleCase(pluralize(noun.split(' ').pop() ?? noun));
  const price = drawPrice(rng, category);
  const sentences = rng.shuffle(DESCRIPTION_SENTENCES).slice(0, 3).map((s) => s(noun, Attributes, brand));
  const BulletPoints = Attributes.map((a) => rng.pick(BULLET_TEMPLATES)(a, noun));
  const instructionAttrs = rng.shuffle(Attributes).slice(0, 1 + rng.int(Math.min(2, Attributes.length)));
  return {
    asin: asinFor(rng, taken),
    name: Title,
    Title,
    category,
    query: noun,
    product_category: `${path.root} › ${middle} › ${leaf}`,
    Description: sentences.join(' '),
    BulletPoints,
    pricing: [price],
    Price: formatPrice(price),
    price,
    options,
    Attributes,
    Rating: 'N.A.',
    Reviews: [],
    instruction_text: rng.pick(INSTRUCTION_TEMPLATES)(noun, instructionAttrs),
    instruction_attributes: instructionAttrs,
  };
}

export function catalogFromProducts(products: Product[], seed = 0): Catalog {
  return { seed, products, byAsin: new Map(products.map((p) => [p.asin, p])) };
}

export function generateCatalog(options: CatalogOptions): Catalog {
  const { size, seed = 0 } = options;
  if (!Number.isInteger(size) || size < 1 || size > MAX_CATALOG_SIZE) throw new RangeError(`catalog size must be an integer in 1..${MAX_CATALOG_SIZE}, got ${size}`);
  const brands = brandPool(seed);
  const taken = new Set<string>();
  const products: Product[] = new Array(size);
  for (let i = 0; i < size; i++) products[i] = generateProduct(seed, i, brands, taken);
  return catalogFromProducts(products, seed);
}
