/**
 * The text analysis of WebShop's Pyserini index (Anserini's DefaultEnglishAnalyzer): a
 * StandardTokenizer-like split (UAX #29 word boundaries, simplified to Latin text: letters and digits
 * join; '.', '’' and '\'' join letters to letters; '.', ',', ';' and apostrophes join digits to
 * digits; ':' joins letters; '_' joins anything), the English possessive filter, lower-casing,
 * Lucene's 33 English stop words, and Porter stemming.
 */
import { porterStem } from './porter';

export const LUCENE_STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);

/**
 * One word: letters/digits/underscores, continued across a mid-letter mark between letters or a
 * mid-number mark between digits (UAX #29 rules WB6/7 and WB11/12).
 */
const WORD = /[\p{L}\p{N}_]+(?:(?:(?<=\p{L})['’.:·](?=\p{L})|(?<=\p{N})['’.,;](?=\p{N}))[\p{L}\p{N}_]+)*/gu;

/** Raw word tokens (not yet lower-cased) by the simplified UAX #29 rules above. */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

const stemCache = new Map<string, string>();

/** Index terms of a text, in order, as Lucene would index or query them. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const raw of splitWords(text)) {
    let word = raw.toLowerCase();
    // EnglishPossessiveFilter runs before lower-casing in Anserini, on "'s" and "’s" alike.
    if (word.endsWith("'s") || word.endsWith('’s')) word = word.slice(0, -2);
    if (word.length === 0 || LUCENE_STOP_WORDS.has(word)) continue;
    let stem = stemCache.get(word);
    if (stem === undefined) {
      stem = porterStem(word);
      if (stemCache.size > 200_000) stemCache.clear();
      stemCache.set(word, stem);
    }
    terms.push(stem);
  }
  return terms;
}
