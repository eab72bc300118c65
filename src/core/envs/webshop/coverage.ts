/**
 * How plausible the catalog looks to a human instruction: does a top-10 hit share at least two
 * content words with the instruction? Content words are lower-cased words minus English function
 * words and the shopper's request vocabulary ("looking", "need", "price", …), compared unstemmed
 * against the product title.
 */
import { search, type SearchIndex } from './search';
import type { Product } from './types';

const STOP = new Set(
  ('a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with ' +
    'i im id me my mine we our you your he she him her its them those which who whom what when where why how am been being do does did ' +
    'have has had having would could should can may might must shall also just only very too so than some any all each both few more most ' +
    'other own same up down out off over under again further once here about above below between from through during before after ' +
    'looking look find need needs want wants like buy get give show search searching shopping purchase order please thanks ' +
    'price prices lower less dollars dollar cheaper under one something thing things item items product products kind type ' +
    'size color colour pack count set pair options option style good nice great best well make made use used using').split(/\s+/),
);

export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => w.length > 1 && !STOP.has(w) && !/^\d+$/.test(w)));
}

export function sharesContentWords(goalWords: Set<string>, product: Product, minimum = 2): boolean {
  let shared = 0;
  for (const w of contentWords(product.Title)) if (goalWords.has(w) && ++shared >= minimum) return true;
  return false;
}

/** True when one of the top-10 results for `instruction` shares ≥ `minimum` content words with it. */
export function top10HasPlausibleProduct(index: SearchIndex, instruction: string, minimum = 2): boolean {
  const goalWords = contentWords(instruction);
  return search(index, instruction, 1).page.some((p) => sharesContentWords(goalWords, p, minimum));
}
