/**
 * WebShop in TypeScript: a generated catalog in WebShop's schema, its BM25 search, its pages in two
 * text formats, its synthetic goals and its exact reward. Pure TS (no DOM, no fs).
 */
export type { Catalog, Product, WebShopGoal, GoalSplit } from './types';
export { CATEGORY_IDS, type CategoryId } from './categories';
export { generateCatalog, catalogFromProducts, CATALOG_SIZES, type CatalogOptions } from './catalog';
export { buildSearchIndex, search, documentText, rankDocuments, SEARCH_RETURN_N, PRODUCT_WINDOW, type SearchIndex, type SearchResult } from './search';
export { generateGoals, parseHumanGoal, drawPriceUpper, goalInstruction, type GoalOptions, type ParsedHumanGoal } from './goals';
export { candidateQueries } from './queries';
export { createWebShopEnv, WEBSHOP_MAX_STEPS, type WebShopEnv, type WebShopEnvOptions, type WebShopRenderer } from './env';
export { computeReward, typeReward, attributeMatches, optionMatches, type RewardGoal, type RewardProduct, type RewardResult } from './reward';
export { oracleAction } from './oracle';
export { tokenSetRatio, fuzzRatio, sequenceMatcherRatio } from './fuzz';
export { normalizeColor, COLOR_SET } from './normalize';
export { titleNouns } from './nouns';
export type { ShopState, PageKind } from './shop-state';
