import { describe, expect, it } from 'vitest';
import { generateCatalog } from './catalog';
import { CATEGORY_IDS } from './categories';
import { createWebShopEnv } from './env';
import { drawPriceUpper, generateGoals, parseHumanGoal } from './goals';
import { oracleAction } from './oracle';
import { candidateQueries } from './queries';
import { buildSearchIndex } from './search';
import { createRng } from '../../util/rng';

const catalog = generateCatalog({ size: 1000, seed: 0 });

describe('catalog generator', () => {
  it('is deterministic, prefix-stable across sizes, and seed-dependent', () => {
    const again = generateCatalog({ size: 1000, seed: 0 });
    expect(again.products).toEqual(catalog.products);
    const bigger = generateCatalog({ size: 1500, seed: 0 });
    expect(bigger.products.slice(0, 1000)).toEqual(catalog.products);
    expect(generateCatalog({ size: 10, seed: 1 }).products[0].asin).not.toBe(catalog.products[0].asin);
    expect(() => generateCatalog({ size: 0 })).toThrow(/size/);
  });

  it('fills WebShop’s schema across the five categories', () => {
    const asins = new Set(catalog.products.map((p) => p.asin));
    expect(asins.size).toBe(1000);
    expect(new Set(catalog.products.map((p) => p.category))).toEqual(new Set(CATEGORY_IDS));
    for (const p of catalog.products) {
      expect(p.asin).toMatch(/^B0[0-9A-Z]{8}$/);
      expect(p.Title).toBe(p.name);
      expect(p.product_category.split(' › ')).toHaveLength(3);
      expect(p.Price).toBe(`$${p.price.toFixed(2)}`);
      expect(p.Attributes.length).toBeGreaterThanOrEqual(2);
      expect(p.instruction_attributes.every((a) => p.Attributes.includes(a))).toBe(true);
      for (const values of Object.values(p.options)) expect(values.every((v) => v === v.toLowerCase())).toBe(true);
    }
  });
});

describe('synthetic goals', () => {
  it('follow WebShop: options text, price bound from the first four multiples of 10 above the price', () => {
    const rng = createRng(3);
    // Range 30, 40, 50, 60: the larger of two distinct draws is never 30.
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(drawPriceUpper(rng, 21.5));
    expect([...seen].sort()).toEqual([40, 50, 60]);
    expect(drawPriceUpper(rng, 985)).toBe(1_000_000);
    const { train, test } = generateGoals(catalog, { seed: 0 });
    expect(test).toHaveLength(100);
    expect(train).toHaveLength(900);
    const trainAsins = new Set(train.map((g) => g.asin));
    expect(test.some((g) => trainAsins.has(g.asin))).toBe(false);
    for (const g of test) {
      const p = catalog.byAsin.get(g.asin)!;
      expect(g.instruction_text.startsWith(p.instruction_text)).toBe(true);
      expect(g.instruction_text).toMatch(/, and price lower than \d+\.00 dollars$/);
      expect(g.price_upper).toBeGreaterThan(p.price);
      expect(g.price_upper).toBeLessThanOrEqual(Math.floor(p.price / 10) * 10 + 40);
      const optionText = Object.entries(g.goal_options).map(([k, v]) => `${k}: ${v}`).join(', and ');
      if (optionText) expect(g.instruction_text).toContain(` with ${optionText}`);
    }
    const all = generateGoals(catalog, { seed: 0, combinations: 'all' });
    const combos = catalog.products.reduce((n, p) => n + Object.values(p.options).reduce((m, v) => m * v.length, 1), 0);
    expect(all.train.length + all.test.length).toBe(combos);
    expect(generateGoals(catalog, { seed: 0 }).test.map((g) => g.instruction_text)).toEqual(test.map((g) => g.instruction_text));
  });
});

describe('oracle expert', () => {
  it('reaches r = 1 on every test goal of the 1k catalog using admissible actions', () => {
    const index = buildSearchIndex(catalog);
    const { test } = generateGoals(catalog, { seed: 0 });
    let successes = 0;
    for (const goal of test) {
      const env = createWebShopEnv({ catalog, index, goal });
      let obs = env.reset();
      while (!obs.done) {
        const action = oracleAction(env);
        if (action.startsWith('click[')) expect(obs.admissibleActions).toContain(action);
        obs = env.step(action);
      }
      if (obs.success) successes++;
    }
    expect(successes).toBe(test.length);
  });
});

describe('human goals and candidate queries', () => {
  it('parses price bounds', () => {
    expect(parseHumanGoal('i need a red shirt, and price lower than 40.00 dollars')).toEqual({ instruction: 'i need a red shirt', priceUpper: 40 });
    expect(parseHumanGoal('i want shoes under $30')).toEqual({ instruction: 'i want shoes under $30', priceUpper: 30 });
    expect(parseHumanGoal('i want 2 pack of socks')).toEqual({ instruction: 'i want 2 pack of socks' });
    expect(parseHumanGoal('')).toEqual({ instruction: '' });
    expect(parseHumanGoal(42 as unknown as string)).toEqual({ instruction: '42' });
  });

  it('derives search queries from an instruction', () => {
    expect(candidateQueries('i am looking for a long lasting deodorant with scent: bright citrus, and size: 3 ounce, and price lower than 30.00 dollars')).toEqual([
      'a long lasting deodorant',
      'a long lasting deodorant bright citrus 3 ounce',
      'long lasting deodorant bright citrus 3 ounce',
    ]);
    expect(candidateQueries('')).toEqual([]);
  });
});
