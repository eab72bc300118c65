/**
 * Nouns and proper nouns of a product name, for WebShop's title score. WebShop used spaCy's
 * en_core_web_sm (tags NOUN/PROPN); here the maintained, browser-ready `wink-pos-tagger` (Penn tags
 * NN, NNS, NNP, NNPS) stands in. One adjustment brings it closer to spaCy on title-cased names: a
 * capitalised particle or preposition that is not a common function word ("Off" in "Off White",
 * "Over" in "Over Ear") is part of a name, so it counts as a proper noun, as spaCy tags it.
 */
import winkPosTagger from 'wink-pos-tagger';

const NOUN_TAGS = new Set(['NN', 'NNS', 'NNP', 'NNPS']);
const FUNCTION_WORDS = new Set(['for', 'with', 'of', 'in', 'to', 'by', 'on', 'at', 'from', 'into', 'as', 'and', 'or', 'the', 'a', 'an', 'if', 'than', 'that']);

interface TaggedToken {
  value: string;
  tag: string;
  pos: string;
}
interface Tagger {
  tagSentence(sentence: string): TaggedToken[];
}

let tagger: Tagger | undefined;
const cache = new Map<string, string[]>();
const CACHE_LIMIT = 50_000;

/** Lower-cased nouns of `name`, in order, duplicates kept (WebShop divides by this list's length). */
export function titleNouns(name: string): string[] {
  const cached = cache.get(name);
  if (cached) return cached;
  tagger ??= (winkPosTagger as unknown as () => Tagger)();
  const nouns: string[] = [];
  for (const token of tagger.tagSentence(name)) {
    if (token.tag !== 'word') continue;
    const isNoun = NOUN_TAGS.has(token.pos);
    const nameParticle =
      (token.pos === 'IN' || token.pos === 'RP') && /^[A-Z]/.test(token.value) && !FUNCTION_WORDS.has(token.value.toLowerCase());
    if (isNoun || nameParticle) nouns.push(token.value.toLowerCase());
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, nouns);
  return nouns;
}
