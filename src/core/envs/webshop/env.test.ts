import { describe, expect, it } from 'vitest';
import { createWebShopEnv } from './env';
import { flaskToJson } from './render-gym';
import { reactExampleCatalog, reactExampleGoal } from './react-example.fixture';
import { buildSearchIndex } from './search';

const catalog = reactExampleCatalog();
const index = buildSearchIndex(catalog);
const instr = reactExampleGoal.instruction_text;
const make = () => createWebShopEnv({ catalog, index, goal: reactExampleGoal });

// Expected texts were produced by rendering WebShop's templates (web_agent_site/templates) with Jinja and
// parsing them with BeautifulSoup exactly as web_agent_text_env.py's convert_html_to_text(simple=True).
describe('gym [SEP] renderer and page machine', () => {
  it('renders the start, results, item and sub pages in the text env format', () => {
    const env = make();
    expect(env.maxSteps).toBe(15);
    expect(env.task).toEqual({ id: reactExampleGoal.id, env: 'webshop', split: 'test', taskType: 'beauty', goal: instr });
    const start = env.reset();
    expect(start.text).toBe(`WebShop [SEP] Instruction: [SEP] ${instr} [SEP] Search`);
    expect(start.admissibleActions.every((a) => a.startsWith('search['))).toBe(true);
    const results = env.step('search[3 ounce bright citrus deodorant sensitive skin]');
    expect(results.text.startsWith(`Instruction: [SEP] ${instr} [SEP] Back to Search [SEP] Page 1 (Total results: 50) [SEP] Next > [SEP] B078GWRC1J [SEP] Bright Citrus Deodorant by Earth Mama`)).toBe(true);
    expect(results.admissibleActions.slice(0, 4)).toEqual(['click[Back to Search]', 'click[Next >]', 'click[B078GWRC1J]', 'click[B078GTKVXY]']);
    const page2 = env.step('click[next >]');
    expect(page2.text).toContain('Page 2 (Total results: 50) [SEP] < Prev [SEP] Next > [SEP] B0FILLER');
    env.step('click[< Prev]');
    const item = env.step('click[b078gwrc1j]');
    expect(item.text).toBe(
      `Instruction: [SEP] ${instr} [SEP] Back to Search [SEP] < Prev [SEP] scent [SEP] assorted scents [SEP] bright citrus [SEP] calming lavender [SEP] ginger fresh [SEP] simply non-scents [SEP] size [SEP] travel set (4-pack) [SEP] 3 ounce (pack of 1) [SEP] 3-ounce (2-pack) [SEP] ${catalog.byAsin.get('B078GWRC1J')!.Title} [SEP] Price: $10.99 [SEP] Rating: N.A. [SEP] Description [SEP] Features [SEP] Reviews [SEP] Buy Now`,
    );
    expect(env.step('click[Features]').text).toBe(`Instruction: [SEP] ${instr} [SEP] Back to Search [SEP] < Prev [SEP] Natural deodorant safe for sensitive skin, pregnancy and breastfeeding.`);
    expect(env.step('click[< Prev]').text).toBe(item.text);
    expect(env.step('click[Description]').text).toBe(`Instruction: [SEP] ${instr} [SEP] Back to Search [SEP] < Prev [SEP] Earth Mama deodorant with organic calendula, gentle for sensitive skin.`);
    env.step('click[< Prev]');
    expect(env.step('click[Reviews]').text).toBe(`Instruction: [SEP] ${instr} [SEP] Back to Search [SEP] < Prev`);
    env.step('click[< Prev]');
    env.step('click[bright citrus]');
    env.step('click[3 ounce (pack of 1)]');
    const done = env.step('click[Buy Now]');
    expect(done).toMatchObject({ done: true, success: true, reward: 1, admissibleActions: [] });
    // As WebShop's done_page.html renders in the text env (Flask, Jinja, BeautifulSoup), hidden block included.
    expect(done.text).toBe(
      'Thank you for shopping with us! [SEP] Your code: [SEP] None [SEP] (Paste it in your MTurk interface.) [SEP] Purchased [SEP] asin [SEP] B078GWRC1J [SEP] options [SEP] {"scent": "bright citrus", "size": "3 ounce (pack of 1)"} [SEP] attrs [SEP] None [SEP] category [SEP] None [SEP] query [SEP] None [SEP] product category [SEP] None [SEP] Target [SEP] asin [SEP] options [SEP] attrs [SEP] price upper [SEP] instuction text [SEP] category [SEP] product category [SEP] query [SEP] Goal [SEP] None [SEP] Reward [SEP] Your score (min 0.0, max 1.0) [SEP] 1.0 [SEP] Reward Details [SEP] None',
    );
    expect(env.step('search[more]').done).toBe(true);
  });

  it('ignores unknown clicks, empty searches and malformed actions without changing the page', () => {
    const env = make();
    const start = env.reset();
    for (const bad of ['click[Buy Now]', 'search[]', 'search[   ]', 'buy', '', 'click[', 'click[search]']) {
      const obs = env.step(bad);
      expect(obs.text).toBe(start.text);
      expect(obs.done).toBe(false);
    }
    env.step('search[deodorant]');
    const results = env.step('click[B0NOTHERE1]');
    expect(results.text).toContain('Page 1 (Total results:');
  });

  it('searches from any page, survives huge queries, and stops after 15 steps', () => {
    const env = make();
    env.reset();
    env.step('search[deodorant]');
    env.step('click[B078GWRC1J]');
    const fromItem = env.step(`search[${'skin '.repeat(20000)}]`);
    expect(fromItem.text).toContain('Page 1 (Total results: 50)');
    const nothing = env.step('search[zzzz qqqq]');
    expect(nothing.text).toContain('Page 1 (Total results: 0) [SEP] Next >');
    let obs = nothing;
    while (!obs.done) obs = env.step('click[Next >]');
    expect(obs.step).toBe(15);
    expect(obs.reward).toBe(0);
    expect(obs.success).toBe(false);
  });
});

describe('Flask tojson on the chosen options', () => {
  it('sorts keys, escapes non-ASCII and HTML-unsafe characters as Flask does', () => {
    expect(flaskToJson({ b: `<&'é"\\\n`, a: 'x', size: '3 ounce (pack of 1)' })).toBe(String.raw`{"a": "x", "b": "\u003c\u0026\u0027\u00e9\"\\\n", "size": "3 ounce (pack of 1)"}`);
  });
});

describe('WebShop search prefixes', () => {
  it('<q>, <c>, <a> list matching products (all of them), <r> 50 seeded random ones', () => {
    const env = make();
    env.reset();
    expect(env.step('search[<q> chair]').text).toContain('Page 1 (Total results: 20)');
    expect(env.step('search[<c> furniture]').text).toContain('Page 1 (Total results: 20)');
    expect(env.step('search[<a> sensitive skin]').text).toContain('Page 1 (Total results: 2) [SEP] Next > [SEP] B078GWRC1J');
    const first = env.step('search[<r>]').text;
    expect(first).toContain('Page 1 (Total results: 50)');
    expect(env.step('search[<r>]').text).toBe(first);
  });
});

describe('react renderer admissible products', () => {
  it('offers exactly the three results the page lists, while the page machine still takes the other seven', () => {
    const env = createWebShopEnv({ catalog, index, goal: reactExampleGoal, renderer: 'react' });
    env.reset();
    const results = env.step('search[3 ounce bright citrus deodorant sensitive skin]');
    const listed = [...results.text.matchAll(/\[(B0[A-Z0-9]{8})\]/g)].map((m) => m[1]);
    expect(listed).toHaveLength(3);
    const offered = results.admissibleActions.filter((a) => /^click\[B0/.test(a)).map((a) => a.slice(6, -1));
    expect(offered).toEqual(listed);
    expect(results.admissibleActions).toContain('click[Next >]');
    const unlisted = env.state().results[5].asin;
    expect(listed).not.toContain(unlisted);
    expect(env.step(`click[${unlisted}]`).text).toContain(catalog.byAsin.get(unlisted)!.Title);
  });
});
