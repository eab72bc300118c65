/**
 * ReAct's WebShop observation format (ysymyth/ReAct WebShop.ipynb, webshop_text), as its published
 * episode (public/data/webshop/react_webshop_example.txt) shows it: buttons as "\n[label] ", option
 * values inline as "[value]" ("[[value]]" once chosen), other texts as "\ntext ", the first two texts
 * (the instruction) hidden after the start page, only the first three results listed, and one more
 * space at the end of every page. The start page and the option confirmation are as printed there.
 */
import { currentProduct, resultsOnPage, type ShopState } from './shop-state';
import { pythonFloat } from './render-gym';
import type { Catalog, Product } from './types';

const button = (label: string) => `\n[${label}] `;
const text = (t: string) => `\n${t} `;

/** ReAct lists only the first three of a results page's ten products: an agent reading it knows no others. */
const REACT_RESULTS_SHOWN = 3;
const reactResultsShown = (state: ShopState): Product[] => resultsOnPage(state).slice(0, REACT_RESULTS_SHOWN);
/** The results on the page that the ReAct format does not list (env.ts keeps them out of the admissible actions). */
export const reactUnlistedResults = (state: ShopState): Product[] => resultsOnPage(state).slice(REACT_RESULTS_SHOWN);

export function renderReact(state: ShopState, catalog: Catalog, instruction: string): string {
  let out = '';
  switch (state.page) {
    case 'init':
      return `Webshop \nInstruction:  \n${instruction} \n[Search]  `;
    case 'results':
      out += button('Back to Search') + text(`Page ${state.pageNumber} (Total results: ${state.results.length})`);
      if (state.pageNumber > 1) out += button('< Prev');
      out += button('Next >');
      for (const p of reactResultsShown(state)) out += button(p.asin) + text(p.Title) + text(p.Price);
      break;
    case 'item': {
      const p = currentProduct(state, catalog)!;
      const chosen = new Set(Object.values(state.options));
      out += button('Back to Search') + button('< Prev');
      for (const [name, values] of Object.entries(p.options)) {
        out += text(name);
        for (const v of values) out += chosen.has(v) ? `[[${v}]]` : `[${v}]`;
      }
      out += text(p.Title) + text(`Price: ${p.Price}`) + text(`Rating: ${p.Rating}`);
      out += button('Description') + button('Features') + button('Reviews') + button('Buy Now');
      break;
    }
    case 'sub': {
      const p = currentProduct(state, catalog)!;
      out += button('Back to Search') + button('< Prev');
      if (state.sub === 'Description') out += p.Description.trim() ? text(p.Description) : '';
      else if (state.sub === 'Features') for (const b of p.BulletPoints) out += text(` ${b}`);
      else for (const r of p.Reviews) out += text(`"${r.title}"`) + text(String(r.score)) + text(r.body);
      break;
    }
    case 'done':
      return `Your score (min 0.0, max 1.0): ${pythonFloat(state.reward)}`;
  }
  return `${out} `;
}

export const reactOptionConfirmation = (value: string): string => `You have clicked ${value}. `;
export const REACT_INVALID = 'Invalid action!';
export const REACT_THINK = 'OK.';
