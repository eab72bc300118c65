import { describe, expect, it } from 'vitest';
import { AGENT_WEBSHOP_RENDERER, shopOf, STANDARD_SHOP } from './shop';

describe('shopOf: the one WebShop shop builder', () => {
  it('builds the standard shop once: 1k products, 900 train and 100 test goals', () => {
    const shop = shopOf();
    expect(shop).toBe(shopOf(STANDARD_SHOP.size, STANDARD_SHOP.seed));
    expect(shop.catalog.products).toHaveLength(1000);
    expect(shop.goals.train).toHaveLength(900);
    expect(shop.goals.test).toHaveLength(100);
    expect(shop.goals.test[0].id).toBe('webshop:test:0');
    // Split by product: no test product is a train product.
    const trainAsins = new Set(shop.goals.train.map((g) => g.asin));
    expect(shop.goals.test.filter((g) => trainAsins.has(g.asin))).toEqual([]);
    expect(AGENT_WEBSHOP_RENDERER).toBe('react');
  });

  it('keys the cache by size and seed', () => {
    const other = shopOf(50, 3);
    expect(other).toBe(shopOf(50, 3));
    expect(other).not.toBe(shopOf(50, 4));
    expect(other.catalog.products).toHaveLength(50);
    expect(other.goals.train.length + other.goals.test.length).toBe(50);
    expect(() => shopOf(0)).toThrow(/catalog size/);
  });
});
