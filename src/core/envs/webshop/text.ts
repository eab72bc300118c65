/** Small English helpers for generated text. */

export const titleCase = (text: string): string =>
  text.replace(/(^|[\s(/-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());

/** Heuristic plural test for product nouns ("shoes", "jeans"), so instructions say "some shoes". */
export const looksPlural = (noun: string): boolean => /[^s]s$/.test(noun.split(' ').pop() ?? '');

export const article = (next: string): string => (/^[aeiou]/.test(next) ? 'an' : 'a');

/** "a long lasting deodorant", "an organic tea", "some sandals". */
export function withArticle(phrase: string, head: string): string {
  return `${looksPlural(head) ? 'some' : article(phrase)} ${phrase}`;
}

/** "shampoo" → "shampoos", "brush" → "brushes", "battery" → "batteries"; plurals stay as they are. */
export function pluralize(noun: string): string {
  if (looksPlural(noun)) return noun;
  if (/(ch|sh|x|ss)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}
