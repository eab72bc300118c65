/**
 * The expert: reads the env's state and goal and returns the next action. It searches with the
 * instruction's candidate queries (the admissible ones, in order), pages to the target once it is
 * among the hits, falls back to searching the target's title only when no candidate finds it, opens
 * it, chooses the goal's options, and buys.
 */
import type { WebShopEnv } from './env';
import { BUY_NOW, NEXT_PAGE, PREV_PAGE, resultsOnPage } from './shop-state';

/** The target's title as a query (lower-cased, capped), used when the instruction query misses. */
export const titleQuery = (title: string): string => title.toLowerCase().replace(/\s+/g, ' ').trim().split(' ').slice(0, 30).join(' ');

export function oracleAction(env: WebShopEnv): string {
  const state = env.state();
  const goal = env.goal;
  const target = env.catalog.byAsin.get(goal.asin);
  const fallback = target ? titleQuery(target.Title) : (env.searchCandidates[0] ?? goal.query);
  const firstQuery = env.searchCandidates[0] ?? fallback;
  switch (state.page) {
    case 'init':
      return `search[${firstQuery}]`;
    case 'results': {
      const rank = state.results.findIndex((p) => p.asin === goal.asin);
      if (rank < 0) {
        const tried = env.searchCandidates.findIndex((q) => q.toLowerCase() === state.keywords);
        const next = tried >= 0 && tried + 1 < env.searchCandidates.length ? env.searchCandidates[tried + 1] : fallback;
        return state.keywords === fallback ? `search[${firstQuery}]` : `search[${next}]`;
      }
      const targetPage = Math.floor(rank / 10) + 1;
      if (targetPage > state.pageNumber) return `click[${NEXT_PAGE}]`;
      if (targetPage < state.pageNumber) return `click[${PREV_PAGE}]`;
      return resultsOnPage(state).some((p) => p.asin === goal.asin) ? `click[${goal.asin}]` : `click[${NEXT_PAGE}]`;
    }
    case 'item': {
      if (state.asin !== goal.asin) return `click[${PREV_PAGE}]`;
      for (const name of Object.keys(goal.goal_options).sort()) {
        const value = goal.goal_options[name];
        if (state.options[name] !== value) return `click[${value}]`;
      }
      return `click[${BUY_NOW}]`;
    }
    case 'sub':
      return `click[${PREV_PAGE}]`;
    default:
      return `click[${BUY_NOW}]`;
  }
}
