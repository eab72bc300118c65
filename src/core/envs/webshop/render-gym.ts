/**
 * The gym text env's observation (observation_mode='text'): the visible texts of WebShop's page
 * templates, stripped and joined with " [SEP] ", as RL papers train on. Checked against the real
 * templates rendered and parsed as the text env does (env.test.ts), including the done page, whose
 * hidden debugging block is "visible" to the text env and mostly renders None.
 */
import { currentProduct, resultsOnPage, type ShopState } from './shop-state';
import type { Catalog } from './types';

export function renderGym(state: ShopState, catalog: Catalog, instruction: string): string {
  const texts: string[] = [];
  const head = ['Instruction:', instruction];
  switch (state.page) {
    case 'init':
      texts.push('WebShop', ...head, 'Search');
      break;
    case 'results':
      texts.push(...head, 'Back to Search', `Page ${state.pageNumber} (Total results: ${state.results.length})`);
      if (state.pageNumber > 1) texts.push('< Prev');
      texts.push('Next >');
      for (const p of resultsOnPage(state)) texts.push(p.asin, p.Title, p.Price);
      break;
    case 'item': {
      const p = currentProduct(state, catalog)!;
      texts.push(...head, 'Back to Search', '< Prev');
      for (const [name, values] of Object.entries(p.options)) texts.push(name, ...values);
      texts.push(p.Title, `Price: ${p.Price}`, `Rating: ${p.Rating}`, 'Description', 'Features', 'Reviews', 'Buy Now');
      break;
    }
    case 'sub': {
      const p = currentProduct(state, catalog)!;
      texts.push(...head, 'Back to Search', '< Prev');
      if (state.sub === 'Description') texts.push(p.Description);
      else if (state.sub === 'Features') texts.push(...p.BulletPoints);
      else for (const r of p.Reviews) texts.push(`"${r.title}"`, String(r.score), r.body);
      break;
    }
    case 'done':
      texts.push(
        'Thank you for shopping with us!', 'Your code:', 'None', '(Paste it in your MTurk interface.)',
        'Purchased', 'asin', state.asin ?? '', 'options', flaskToJson(state.options),
        'attrs', 'None', 'category', 'None', 'query', 'None', 'product category', 'None',
        'Target', 'asin', 'options', 'attrs', 'price upper', 'instuction text', 'category', 'product category', 'query',
        'Goal', 'None', 'Reward', 'Your score (min 0.0, max 1.0)', pythonFloat(state.reward), 'Reward Details', 'None',
      );
      break;
  }
  return texts
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .join(' [SEP] ');
}

/** Python's repr of a float (1 → "1.0"), as the done page prints the reward. */
export function pythonFloat(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/**
 * Flask's `tojson` filter on a string map: json.dumps with sorted keys, ASCII-only escapes, ", " and
 * ": " separators, then <, >, & and ' escaped for HTML.
 */
export function flaskToJson(map: Record<string, string>): string {
  const str = (text: string): string => {
    let out = '"';
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else if (code < 0x20 || code > 0x7e) {
        // Python escapes non-ASCII as \uXXXX, astral characters as a surrogate pair.
        for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
      } else out += ch;
    }
    return `${out}"`;
  };
  const keys = Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const json = `{${keys.map((k) => `${str(k)}: ${str(map[k])}`).join(', ')}}`;
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
}
