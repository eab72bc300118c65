/**
 * BM25 search as WebShop's Pyserini/Lucene index ran it: k1 = 0.9, b = 0.4, documents
 * `title + description + first bullet + option text` lower-cased, the English analyzer
 * (tokenizer.ts), Lucene's idf ln(1 + (N − df + 0.5)/(df + 0.5)), one-byte length norms, query terms
 * weighted by their count (Anserini's bag-of-words query), ties broken by ascending ASIN, top 50.
 *
 * The index is an inverted file in typed arrays (postings doc ids and term frequencies), so a query
 * touches only the documents containing its terms.
 */
import { quantizedLength } from './lucene-norms';
import { analyze } from './tokenizer';
import type { Catalog, Product } from './types';

export const BM25_K1 = 0.9;
export const BM25_B = 0.4;
export const SEARCH_RETURN_N = 50;
export const PRODUCT_WINDOW = 10;
/** Lucene's default BooleanQuery clause limit; longer queries keep their first 1024 distinct terms. */
export const MAX_QUERY_TERMS = 1024;

export interface SearchIndex {
  catalog: Catalog;
  docCount: number;
  avgdl: number;
  termIds: Map<string, number>;
  /** Postings of term t are docs[offsets[t] .. offsets[t+1]). */
  offsets: Int32Array;
  docs: Int32Array;
  freqs: Uint16Array;
  /** Per posting, tf / (tf + docNorm): BM25's term-frequency part, precomputed (float32 like Lucene). */
  impacts: Float32Array;
  idf: Float64Array;
  /** k1 · (1 − b + b · quantized length / avgdl) per document. */
  docNorm: Float64Array;
  /** Rank of each document's ASIN in ascending order, for Lucene/Anserini tie-breaking. */
  asinRank: Int32Array;
  /** Scratch space reused by queries (search is synchronous, so one buffer suffices). */
  scratch: Float64Array;
  touchedScratch: Int32Array;
}

export interface SearchResult {
  /** All hits (at most 50), best first. */
  products: Product[];
  /** The requested page (10 a page). */
  page: Product[];
  pageNumber: number;
  total: number;
}

/** The text WebShop indexed for a product (search_engine/convert_product_file_format.py). */
export function documentText(product: Product): string {
  const optionText = Object.entries(product.options)
    .map(([name, values]) => `${name}: ${values.join(', ')}`)
    .join(', and ');
  return [product.Title, product.Description, product.BulletPoints[0] ?? '', optionText].join(' ').toLowerCase();
}

export function buildSearchIndex(catalog: Catalog): SearchIndex {
  const products = catalog.products;
  const n = products.length;
  const termIds = new Map<string, number>();
  const postingDocs: number[][] = [];
  const postingFreqs: number[][] = [];
  const lengths = new Int32Array(n);
  let totalLength = 0;
  // Per-document term counts in a reusable array indexed by term id, plus the list of ids touched.
  let counts = new Int32Array(1024);
  const touched: number[] = [];
  for (let d = 0; d < n; d++) {
    const terms = analyze(documentText(products[d]));
    lengths[d] = terms.length;
    totalLength += terms.length;
    for (const term of terms) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
        postingDocs.push([]);
        postingFreqs.push([]);
        if (id >= counts.length) {
          const grown = new Int32Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      if (counts[id]++ === 0) touched.push(id);
    }
    for (const id of touched) {
      postingDocs[id].push(d);
      postingFreqs[id].push(Math.min(counts[id], 65535));
      counts[id] = 0;
    }
    touched.length = 0;
  }
  const termCount = termIds.size;
  const offsets = new Int32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) offsets[t + 1] = offsets[t] + postingDocs[t].length;
  const docs = new Int32Array(offsets[termCount]);
  const freqs = new Uint16Array(offsets[termCount]);
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) {
    docs.set(postingDocs[t], offsets[t]);
    freqs.set(postingFreqs[t], offsets[t]);
    const df = postingDocs[t].length;
    idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
  const avgdl = n > 0 ? totalLength / n : 0;
  const docNorm = new Float64Array(n);
  for (let d = 0; d < n; d++) docNorm[d] = BM25_K1 * (1 - BM25_B + (BM25_B * quantizedLength(lengths[d])) / (avgdl || 1));
  const impacts = new Float32Array(docs.length);
  for (let p = 0; p < docs.length; p++) impacts[p] = freqs[p] / (freqs[p] + docNorm[docs[p]]);
  const order = products.map((_, i) => i).sort((x, y) => (products[x].asin < products[y].asin ? -1 : products[x].asin > products[y].asin ? 1 : 0));
  const asinRank = new Int32Array(n);
  order.forEach((doc, rank) => (asinRank[doc] = rank));
  return { catalog, docCount: n, avgdl, termIds, offsets, docs, freqs, impacts, idf, docNorm, asinRank, scratch: new Float64Array(n), touchedScratch: new Int32Array(n) };
}

/** Query terms with their counts, unknown terms dropped, at most MAX_QUERY_TERMS distinct. */
function queryTerms(index: SearchIndex, query: string): Map<number, number> {
  const weights = new Map<number, number>();
  const seen = new Set<string>();
  for (const term of analyze(query)) {
    if (!seen.has(term)) {
      if (seen.size >= MAX_QUERY_TERMS) continue;
      seen.add(term);
    }
    const id = index.termIds.get(term);
    if (id !== undefined) weights.set(id, (weights.get(id) ?? 0) + 1);
  }
  return weights;
}

/** Ranked document ids (at most `limit`) for a query. */
export function rankDocuments(index: SearchIndex, query: string, limit = SEARCH_RETURN_N): number[] {
  const weights = queryTerms(index, query);
  const scores = index.scratch;
  const touched = index.touchedScratch;
  const { docs, impacts, offsets, idf, asinRank } = index;
  let touchedCount = 0;
  for (const [term, weight] of weights) {
    const idfWeight = idf[term] * weight;
    for (let p = offsets[term], end = offsets[term + 1]; p < end; p++) {
      const d = docs[p];
      if (scores[d] === 0) touched[touchedCount++] = d;
      scores[d] += idfWeight * impacts[p];
    }
  }
  // Keep the best `limit` in a small array sorted worst-first: cheaper than sorting every hit.
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && asinRank[a] < asinRank[b]);
  const top: number[] = [];
  for (let t = 0; t < touchedCount; t++) {
    const d = touched[t];
    if (top.length < limit) {
      let i = top.length;
      top.push(d);
      while (i > 0 && better(top[i - 1], d)) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = d;
    } else if (limit > 0 && better(d, top[0])) {
      let i = 0;
      while (i + 1 < top.length && better(d, top[i + 1])) {
        top[i] = top[i + 1];
        i++;
      }
      top[i] = d;
    }
  }
  for (let t = 0; t < touchedCount; t++) scores[touched[t]] = 0;
  return top.reverse();
}

/** Top-50 products for `query` and the requested page (1-based, 10 a page). */
export function search(index: SearchIndex, query: string, page = 1): SearchResult {
  const hits = rankDocuments(index, query).map((d) => index.catalog.products[d]);
  const pageNumber = Number.isFinite(page) ? Math.max(1, Math.floor(page)) : 1;
  return { products: hits, page: hits.slice((pageNumber - 1) * PRODUCT_WINDOW, pageNumber * PRODUCT_WINDOW), pageNumber, total: hits.length };
}
