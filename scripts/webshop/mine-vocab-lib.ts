/**
 * The mining behind scripts/webshop/mine-vocab.ts: product noun phrases per category, attribute
 * phrases with the nouns they go with, and option values (colours, sizes), counted over WebShop's
 * human instructions.
 */
import winkPosTagger from 'wink-pos-tagger';
import { COLOR_SET } from '../../src/core/envs/webshop/normalize';
import { CATEGORY_CUES, type CategoryId, CATEGORY_IDS } from '../../src/core/envs/webshop/categories';

interface Token {
  value: string;
  tag: string;
  pos: string;
}
const tagger = (winkPosTagger as unknown as () => { tagSentence(s: string): Token[] })();

/** Nouns that describe the request rather than the product. */
const REQUEST_WORDS = new Set(
  ('size sizes color colors colour price dollars dollar ounce ounces oz inch inches pack packs quality count piece pieces ' +
    'type style one something anything item items product products brand thing things lot pair pairs set sets ' +
    'option options x xl xxl lb lbs pound pounds feet ft cm mm ml fl gram grams kg liter men women mens womens ' +
    'kids girls boys man woman baby adults use time day days need needs look looking order range model design ' +
    'variety amount number kind way part please thanks thank gift color: size: flavor flavour scent material ' +
    'i im id me my it its they them this that those these who which what everything nothing bit').split(/\s+/),
);
const NOT_PRODUCT = new Set([
  ...REQUEST_WORDS,
  ...(
    // Abstract or property nouns that the tagger finds in runs but that never name a product.
    'non anti room speed core fit wear waist sleeve sleeves toe slip closure machine wash rubber medium high half leg drying ' +
    'neck soles sole foam knee duty support finish space height weight round nickel queen king twin wood performance ultra ' +
    'definition resolution zoom control detection charging power sound port foot glass ram mini galaxy gigabytes system ' +
    'processor dust usda calorie calories freeze sodium gluten sugar flavors party shower package kosher fiber joes breath ' +
    'circles care salon growth lines loss double dermatologist impression acid handle skin teeth hair waistband button ' +
    'heel cotton strap leather steel stainless quality protection storage assembly installation living dining bedroom ' +
    'kitchen bathroom office outdoor indoor daily everyday birthday christmas valentine wedding baby shower home travel ' +
    'proven matte make face removal works year years body head sulfate slim winter summer butt girl length wars rise ' +
    'workout materials army comfort density square century base unit version capacity feature features waterproof apple ' +
    'ray alloy replacement gig release max windows play series supports capabilities diet vegan soy creamy dairy supplies ' +
    'vanilla strawberry cherry blend film print legs spring art background'
  ).split(/\s+/),
]);
const FUNCTION = new Set('a an the and or for with of in on to by at from that is are be it its my i me you your which who this as not no also into very too so than then'.split(' '));
const NOUN = new Set(['NN', 'NNS']);
const ATTRIBUTE_TAILS = new Set('free friendly resistant washable proof lasting safe compatible based fit cancelling canceling wicking drying'.split(' '));
const isWord = (t: Token) => t.tag === 'word' && /^[a-z][a-z-]*$/.test(t.value);

/** Mines the vocabulary from instruction strings. Deterministic: counts and sorts only. */
export function mineVocabulary(goals: readonly string[]) {
  const counts = {
    noun: new Map<string, number>(),
    nounCategory: new Map<string, Map<CategoryId, number>>(),
    attr: new Map<string, number>(),
    nounAttr: new Map<string, Map<string, number>>(),
    nounColor: new Map<string, Map<string, number>>(),
    nounSize: new Map<string, Map<string, number>>(),
    categoryAttr: new Map<CategoryId, Map<string, number>>(),
    categoryGoals: new Map<CategoryId, number>(),
  };
  const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
  const bumpIn = <K, J>(map: Map<K, Map<J, number>>, key: K, inner: J) => {
    let m = map.get(key);
    if (!m) map.set(key, (m = new Map()));
    bump(m, inner);
  };

  const colorWords = new Set(COLOR_SET);
  const SIZE_PATTERNS: RegExp[] = [
    /\b(xx-large|x-large|xxx-large|x-small|xx-small|small|medium|large|3x-large|4x-large|5x-large)\b/g,
    /\b(twin|full|queen|king|california king)(?= size| bed|\b)/g,
    /\b(\d+(?:\.\d+)?)(?:\s|-)?(ounce|ounces|oz|fl oz|inch|inches|pound|pounds|count|ft|feet|gb|tb|mm|ml)\b/g,
    /\bpack of (\d+)\b/g,
    /\b(\d+(?:\.\d+)?)\s*(?:size|wide)\b/g,
    /\bsize (\d+(?:\.\d+)?)\b/g,
  ];

  function categoryOf(words: string[]): CategoryId | undefined {
    let best: CategoryId | undefined;
    let bestScore = 0;
    for (const id of CATEGORY_IDS) {
      const score = words.reduce((s, w) => s + (CATEGORY_CUES[id].has(w) ? 1 : 0), 0);
      if (score > bestScore) {
        bestScore = score;
        best = id;
      }
    }
    return best;
  }

  function sizesIn(text: string): string[] {
    const found: string[] = [];
    for (const pattern of SIZE_PATTERNS) {
      for (const m of text.matchAll(pattern)) {
        let value = m[0].trim();
        value = value.replace(/\bounces\b/, 'ounce').replace(/\binches\b/, 'inch').replace(/\bpounds\b/, 'pound').replace(/^size (\S+)$/, '$1').replace(/ (size|wide)$/, '');
        value = value.replace(/^(\d+(?:\.\d+)?)-?(ounce|oz|inch|pound|count|ft|feet|gb|tb|mm|ml)$/, '$1 $2');
        found.push(value);
      }
    }
    return found;
  }

  for (const raw of goals) {
    const text = raw.toLowerCase().replace(/\s+/g, ' ').trim();
    const tokens = tagger.tagSentence(text);
    const words = tokens.filter(isWord).map((t) => t.value);
    const category = categoryOf(words);
    if (category) bump(counts.categoryGoals, category);

    // Product noun phrases: maximal runs of common nouns; keep the last one or two as the product type.
    const phrases: string[] = [];
    let run: string[] = [];
    let runStart = 0;
    const flush = (end: number) => {
      const content = run.filter((w) => !NOT_PRODUCT.has(w) && !colorWords.has(w));
      // A noun run that continues into an attribute ("gluten free", "machine washable") or sits in a
      // modifier ("with lumbar support", "for dry hair") names a property, not the product.
      const next = tokens[end]?.value ?? '';
      const prev = tokens[runStart - 1]?.value ?? '';
      const beforePrev = tokens[runStart - 2]?.value ?? '';
      const inModifier = ['with', 'in', 'of', 'for', 'to'].includes(prev) && !['looking', 'searching', 'shopping', 'search', 'look', 'need', 'want'].includes(beforePrev);
      const continues = ATTRIBUTE_TAILS.has(next) || next === '-';
      if (content.length > 0 && !inModifier && !continues && NOT_PRODUCT.has(run[run.length - 1]) === false && !colorWords.has(run[run.length - 1])) {
        phrases.push(content.slice(-2).join(' '));
        if (content.length >= 2) phrases.push(content[content.length - 1]);
      }
      run = [];
    };
    tokens.forEach((t, index) => {
      if (isWord(t) && NOUN.has(t.pos)) {
        if (run.length === 0) runStart = index;
        run.push(t.value);
      } else if (run.length > 0) flush(index);
    });
    if (run.length > 0) flush(tokens.length);

    // Attribute phrases: "X free", "easy to X", "long lasting", and frequent adjective/noun + noun pairs.
    const attrs = new Set<string>();
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i];
      const b = tokens[i + 1];
      if (!isWord(a) || !isWord(b) || FUNCTION.has(a.value) || FUNCTION.has(b.value)) continue;
      if (colorWords.has(a.value) || REQUEST_WORDS.has(b.value) || REQUEST_WORDS.has(a.value) || a.value === 'free') continue;
      if (b.value === 'free' || (a.pos.startsWith('JJ') && (NOUN.has(b.pos) || b.pos.startsWith('VB'))) || (NOUN.has(a.pos) && (b.pos === 'JJ' || b.pos === 'VBG'))) attrs.add(`${a.value} ${b.value}`);
      if (NOUN.has(a.pos) && NOUN.has(b.pos) && ['skin', 'hair', 'room', 'steel', 'wood', 'ingredients', 'wash', 'sole', 'leather'].includes(b.value)) attrs.add(`${a.value} ${b.value}`);
      if (a.value === 'easy' && b.value === 'to' && tokens[i + 2] && isWord(tokens[i + 2])) attrs.add(`easy to ${tokens[i + 2].value}`);
    }
    for (const m of text.matchAll(/\beasy to (\w+)\b/g)) attrs.add(`easy to ${m[1]}`);

    const colors = words.filter((w) => colorWords.has(w));
    const sizes = sizesIn(text);
    for (const attr of attrs) {
      bump(counts.attr, attr);
      if (category) bumpIn(counts.categoryAttr, category, attr);
    }
    for (const phrase of new Set(phrases)) {
      bump(counts.noun, phrase);
      if (category) bumpIn(counts.nounCategory, phrase, category);
      for (const attr of attrs) if (!attr.includes(phrase)) bumpIn(counts.nounAttr, phrase, attr);
      for (const c of colors) bumpIn(counts.nounColor, phrase, c);
      for (const s of sizes) bumpIn(counts.nounSize, phrase, s);
    }
  }

  const top = <K>(map: Map<K, number> | undefined, n: number, min = 1): Array<[K, number]> =>
    [...(map ?? new Map<K, number>())].filter(([, c]) => c >= min).sort((x, y) => y[1] - x[1] || (String(x[0]) < String(y[0]) ? -1 : String(x[0]) > String(y[0]) ? 1 : 0)).slice(0, n);

  const attributes = new Set(top(counts.attr, 100000, 4).map(([a]) => a));
  const products: Record<CategoryId, Array<{ noun: string; count: number; attrs: string[]; colors: string[]; sizes: string[] }>> = {
    beauty: [],
    food: [],
    fashion: [],
    furniture: [],
    electronics: [],
  };
  /** A product phrase must read as a noun on its own ("helps", "proven" are verbs the tagger let through). */
  const readsAsNoun = (phrase: string): boolean => {
    const tags = tagger.tagSentence(`the ${phrase}`);
    const last = tags[tags.length - 1];
    return last !== undefined && NOUN.has(last.pos) && phrase.split(' ').every((w) => w.length > 2);
  };

  for (const [noun, count] of top(counts.noun, 100000, 3)) {
    if (!readsAsNoun(noun)) continue;
    const byCategory = top(counts.nounCategory.get(noun), 1);
    if (byCategory.length === 0) continue;
    const [category, hits] = byCategory[0];
    if (hits < 2 || hits < 0.4 * count) continue;
    products[category].push({
      noun,
      count,
      attrs: top(counts.nounAttr.get(noun), 10, 2).map(([a]) => a).filter((a) => attributes.has(a)),
      colors: top(counts.nounColor.get(noun), 8, 1).map(([c]) => c),
      sizes: top(counts.nounSize.get(noun), 8, 1).map(([s]) => s),
    });
  }
  const categoryAttributes = Object.fromEntries(CATEGORY_IDS.map((id) => [id, top(counts.categoryAttr.get(id), 60, 4).map(([a]) => a)]));
  const vocab = {
    source: 'mined by scripts/webshop/mine-vocab.ts from WebShop human_goals.json (12,087 instructions)',
    categoryGoals: Object.fromEntries(CATEGORY_IDS.map((id) => [id, counts.categoryGoals.get(id) ?? 0])),
    categoryAttributes,
    products: Object.fromEntries(CATEGORY_IDS.map((id) => [id, products[id].slice(0, 400).map((p) => [p.noun, p.count, p.attrs, p.colors, p.sizes])])),
  };
  return vocab;
}
