import { describe, expect, it } from 'vitest';
import { catalogFromProducts } from './catalog';
import { quantizedLength } from './lucene-norms';
import { reactExampleCatalog } from './react-example.fixture';
import { buildSearchIndex, documentText, rankDocuments, search } from './search';
import type { Product } from './types';

const product = (asin: string, Title: string, extra: Partial<Product> = {}): Product => ({
  asin, name: Title, Title, category: 'beauty', query: 'q', product_category: 'a › b', Description: '', BulletPoints: [''],
  pricing: [1], Price: '$1.00', price: 1, options: {}, Attributes: [], Rating: 'N.A.', Reviews: [], instruction_text: '', instruction_attributes: [], ...extra,
});

describe('Lucene length norms', () => {
  it('keep lengths below 24 exact and round longer ones down to 4 significant bits', () => {
    expect([1, 23, 24, 25, 40, 100, 1000].map(quantizedLength)).toEqual([1, 23, 24, 25, 40, 96, 984]);
  });
});

describe('BM25 index', () => {
  it('indexes title, description, first bullet and option text, lower-cased', () => {
    const p = product('B1', 'Red Shoe', { Description: 'Nice.', BulletPoints: ['First', 'Second'], options: { color: ['red', 'blue'], size: ['7'] } });
    expect(documentText(p)).toBe('red shoe nice. first color: red, blue, and size: 7');
  });

  it('scores with k1 = 0.9, b = 0.4 and Lucene idf', () => {
    const catalog = catalogFromProducts([product('B3', 'red shoe'), product('B2', 'blue shoe shoe'), product('B1', 'green hat')]);
    const index = buildSearchIndex(catalog);
    expect(index.avgdl).toBeCloseTo(7 / 3, 12);
    const idf = (df: number) => Math.log(1 + (3 - df + 0.5) / (df + 0.5));
    const norm = (len: number) => 0.9 * (1 - 0.4 + (0.4 * len) / (7 / 3));
    const s1 = idf(2) * (1 / (1 + norm(2)));
    const s2 = idf(2) * (2 / (2 + norm(3)));
    expect(s2).toBeGreaterThan(s1);
    expect(rankDocuments(index, 'shoe').map((d) => catalog.products[d].asin)).toEqual(['B2', 'B3']);
    expect(rankDocuments(index, 'red shoes').map((d) => catalog.products[d].asin)).toEqual(['B3', 'B2']);
  });

  it('breaks score ties by ascending ASIN and returns at most 50 hits, 10 a page', () => {
    const catalog = catalogFromProducts(Array.from({ length: 60 }, (_, i) => product(`B${String(99 - i).padStart(3, '0')}`, 'same title')));
    const result = search(buildSearchIndex(catalog), 'title', 2);
    expect(result.total).toBe(50);
    expect(result.products[0].asin).toBe('B040');
    expect(result.page.map((p) => p.asin)).toEqual(['B050', 'B051', 'B052', 'B053', 'B054', 'B055', 'B056', 'B057', 'B058', 'B059']);
    expect(search(buildSearchIndex(catalog), '', 1).total).toBe(0);
    expect(search(buildSearchIndex(catalog), 'the and of', 1).total).toBe(0);
  });

  it('ranks the ReAct episode products first', () => {
    const catalog = reactExampleCatalog();
    const result = search(buildSearchIndex(catalog), '3 ounce bright citrus deodorant sensitive skin');
    expect(result.products.slice(0, 3).map((p) => p.asin)).toEqual(['B078GWRC1J', 'B078GTKVXY', 'B08KBVJ4XN']);
    expect(result.total).toBe(50);
  });
});
