/**
 * Typed access to the vocabulary mined from the human goals (vocab.generated.json, produced by
 * scripts/webshop/mine-vocab.ts), with the filters the generator needs.
 */
import { CATEGORY_IDS, type CategoryId } from './categories';
import { optionMatches } from './reward';
import raw from './vocab.generated.json';

export interface NounEntry {
  noun: string;
  count: number;
  attrs: string[];
  colors: string[];
  sizes: string[];
}

interface RawVocab {
  categoryGoals: Record<CategoryId, number>;
  categoryAttributes: Record<CategoryId, string[]>;
  products: Record<CategoryId, Array<[string, number, string[], string[], string[]]>>;
}

const vocab = raw as unknown as RawVocab;

export const categoryWeights: Array<[CategoryId, number]> = CATEGORY_IDS.map((id) => [id, vocab.categoryGoals[id]]);

export const nounsByCategory: Record<CategoryId, NounEntry[]> = Object.fromEntries(
  CATEGORY_IDS.map((id) => [id, vocab.products[id].map(([noun, count, attrs, colors, sizes]) => ({ noun, count, attrs, colors, sizes }))]),
) as Record<CategoryId, NounEntry[]>;

export const attributesByCategory: Record<CategoryId, string[]> = vocab.categoryAttributes;

const selfMatchCache = new Map<string, boolean>();
/**
 * Whether buying exactly this option value satisfies a goal that asks for it under WebShop's
 * reward (colour normalisation can map "titanium" to "tan", which then fails its own goal).
 */
export function optionSelfMatches(name: string, value: string): boolean {
  const key = `${name}\u0000${value}`;
  let ok = selfMatchCache.get(key);
  if (ok === undefined) {
    ok = optionMatches([value], { [name]: value }) === 1 && optionMatches([value], [value]) === 1;
    selfMatchCache.set(key, ok);
  }
  return ok;
}
