/**
 * The page machine of WebShop's text environment (web_agent_text_env.py SimServer.receive), kept as
 * plain data plus pure transitions so both renderers and the oracle read the same state.
 */
import { computeReward, type RewardResult } from './reward';
import { search, type SearchIndex } from './search';
import { specialSearch } from './special-search';
import type { Catalog, Product, WebShopGoal } from './types';

export type PageKind = 'init' | 'results' | 'item' | 'sub' | 'done';
export type SubPage = 'Description' | 'Features' | 'Reviews';

export const BACK_TO_SEARCH = 'Back to Search';
export const NEXT_PAGE = 'Next >';
export const PREV_PAGE = '< Prev';
export const BUY_NOW = 'Buy Now';
export const SUB_PAGES: readonly SubPage[] = ['Description', 'Features', 'Reviews'];

export interface ShopState {
  page: PageKind;
  /** The last search, lower-cased as the gym env lower-cases action arguments. */
  keywords: string | null;
  /** All hits of the last search (at most 50 from BM25; the `<c>`/`<q>`/`<a>` prefixes can give more), best first. */
  results: Product[];
  pageNumber: number;
  asin: string | null;
  /** Chosen options, option name → value. */
  options: Record<string, string>;
  sub: SubPage | null;
  reward: number;
  rewardInfo: RewardResult | null;
}

export const initialState = (): ShopState => ({
  page: 'init',
  keywords: null,
  results: [],
  pageNumber: 1,
  asin: null,
  options: {},
  sub: null,
  reward: 0,
  rewardInfo: null,
});

export const currentProduct = (state: ShopState, catalog: Catalog): Product | undefined =>
  state.asin === null ? undefined : catalog.byAsin.get(state.asin);

export const resultsOnPage = (state: ShopState): Product[] => state.results.slice((state.pageNumber - 1) * 10, state.pageNumber * 10);

/** The clickable labels of the current page, as displayed (the gym env compares them lower-cased). */
export function clickables(state: ShopState, catalog: Catalog): string[] {
  switch (state.page) {
    case 'results':
      return [BACK_TO_SEARCH, ...(state.pageNumber > 1 ? [PREV_PAGE] : []), NEXT_PAGE, ...resultsOnPage(state).map((p) => p.asin)];
    case 'item': {
      const product = currentProduct(state, catalog);
      const values = product ? Object.values(product.options).flat() : [];
      return [BACK_TO_SEARCH, PREV_PAGE, ...values, ...SUB_PAGES, BUY_NOW];
    }
    case 'sub':
      return [BACK_TO_SEARCH, PREV_PAGE];
    default:
      return [];
  }
}

export interface Transition {
  state: ShopState;
  /** False when the action was not understood or not available: nothing changed. */
  valid: boolean;
  /** The option value clicked, when the action chose an option. */
  clickedOption?: string;
}

const SEARCH_OR_CLICK = /^(search|click)\[(.*)\]$/s;

/** Parse `search[...]` / `click[...]` (WebShop's `(.+)\[(.+)\]`, argument lower-cased). */
export function parseAction(action: string): { name: 'search' | 'click'; arg: string } | null {
  const m = SEARCH_OR_CLICK.exec(action.trim());
  if (!m) return null;
  return { name: m[1] as 'search' | 'click', arg: m[2].toLowerCase() };
}

export function transition(state: ShopState, action: string, ctx: { catalog: Catalog; index: SearchIndex; goal: WebShopGoal }): Transition {
  const unchanged: Transition = { state, valid: false };
  if (state.page === 'done') return unchanged;
  const parsed = parseAction(action);
  if (!parsed) return unchanged;
  if (parsed.name === 'search') {
    const keywords = parsed.arg.trim();
    if (keywords === '') return unchanged;
    const results = specialSearch(ctx.catalog, keywords) ?? search(ctx.index, keywords, 1).products;
    return { state: { ...initialState(), page: 'results', keywords, results, pageNumber: 1 }, valid: true };
  }
  const label = clickables(state, ctx.catalog).find((c) => c.toLowerCase() === parsed.arg);
  if (label === undefined) return unchanged;
  const lower = label.toLowerCase();
  if (lower === BACK_TO_SEARCH.toLowerCase()) return { state: initialState(), valid: true };
  if (state.page === 'results') {
    if (label === NEXT_PAGE) return { state: { ...state, pageNumber: state.pageNumber + 1 }, valid: true };
    if (label === PREV_PAGE) return { state: { ...state, pageNumber: state.pageNumber - 1 }, valid: true };
    return { state: { ...state, page: 'item', asin: label.toUpperCase(), options: {}, sub: null }, valid: true };
  }
  if (state.page === 'sub') {
    return { state: { ...state, page: 'item', sub: null }, valid: true };
  }
  // Item page.
  if (label === PREV_PAGE) return { state: { ...state, page: 'results', asin: null, options: {} }, valid: true };
  const sub = SUB_PAGES.find((s) => s === label);
  if (sub) return { state: { ...state, page: 'sub', sub }, valid: true };
  const product = currentProduct(state, ctx.catalog)!;
  if (label === BUY_NOW) {
    const info = computeReward(ctx.goal, product, product.price, state.options);
    return { state: { ...state, page: 'done', reward: info.reward, rewardInfo: info }, valid: true };
  }
  // An option value: the last group that offers it wins, as WebShop's text_to_clickable dict does.
  let optionName: string | undefined;
  for (const [name, values] of Object.entries(product.options)) if (values.includes(label)) optionName = name;
  if (optionName === undefined) return unchanged;
  return { state: { ...state, options: { ...state.options, [optionName]: label } }, valid: true, clickedOption: label };
}
