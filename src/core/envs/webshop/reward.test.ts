import { describe, expect, it } from 'vitest';
import { attributeMatches, computeReward, optionMatches, typeReward, type RewardGoal, type RewardProduct } from './reward';

// WebShop's own tests (tests/web-agent-site/engine/test_goal.py), same inputs and expectations.
describe('type reward', () => {
  const goal = { query: 'Query 1', product_category: 'a › b › c', name: 'Name 1' };
  it('exact match, query mismatch, category overlap', () => {
    const purchased = { ...goal };
    expect(typeReward(purchased, goal)).toEqual({ r_type: 1, query_match: true, category_match: true, title_score: 1 });
    purchased.query = 'Query 2';
    expect(typeReward(purchased, goal).query_match).toBe(false);
    const cat = (path: string) => typeReward({ ...purchased, product_category: path }, goal).category_match;
    expect(cat('b › c › a')).toBe(true);
    expect(cat('d › e › f')).toBe(false);
    expect(cat('a › d › b')).toBe(true);
    expect(cat('a › a › b')).toBe(true);
    expect(cat('a › a › d')).toBe(false);
  });

  it('title scores', () => {
    const score = (g: string, p: string) => typeReward({ query: 'q2', product_category: 'x', name: p }, { query: 'q', product_category: 'y', name: g }).title_score;
    expect(score('Mens D.O.N. Issue 2 Gca Basketball Sneakers Shoes Casual - Off White', 'PEAK High Top Mens Basketball Shoes Lou Williams Streetball Master Breathable Non Slip Outdoor Sneakers')).toBeCloseTo(0.333, 2);
    const brst = 'BRST AC Power Cord Outlet Socket Cable Plug Lead for Panasonic SC-HT830V DVD/VCR Combo Home Theater System';
    expect(Math.abs(score('Saireed UL Listed 2 Prong Power Cord for JBL Bar 3.1 Bar 2.1 Channel 4K Ultra HD Soundbar Home Theater System Subwoofer', brst) - 0.3)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(score('Saireed UL Listed 2 Prong Power Cord for JBL Bar 3.1 Bar 2.1 Channel 4K Ultra HD Soundbar', brst) - 0.15)).toBeLessThanOrEqual(0.01);
    expect(score('Rusticware 921ORB Kitchen and Bath Cabinet Knob', 'Minkissy 2pcs Stainless Steel Eyebrow Tweezers Blackhead Acne Remover Portable Makeup Tweezers (Silver)')).toBeLessThan(0.05);
  });
});

describe('attribute reward', () => {
  const attrs = ['tea tree', 'essential oils', 'natural ingredients'];
  const product = (p: Partial<RewardProduct>): RewardProduct => ({ name: '', query: '', product_category: '', Attributes: [], ...p });
  it('exact, partial, text fallback, none', () => {
    expect(attributeMatches(product({ Attributes: ['tea tree', 'essential oil', 'natural ingredients'] }), attrs)).toBe(3);
    expect(attributeMatches(product({ Attributes: ['essential oil', 'natural ingredients'], Title: '', BulletPoints: [], Description: '' }), attrs)).toBe(2);
    expect(
      attributeMatches(
        product({ Title: '', BulletPoints: ['This shampoo has essential oils and smells like lemons'], Description: 'Best shampoo on the market, made with natural ingredients' }),
        attrs,
      ),
    ).toBe(2);
    expect(
      attributeMatches(
        product({ Attributes: ['tea bag', 'earl gray', 'lipton'], Title: 'English tea for breakfast', BulletPoints: ['Soothing aroma', 'Calming, great feeling'], Description: 'Best tea made by Lipton, great to pair with breakfast' }),
        attrs,
      ),
    ).toBe(0);
  });
});

describe('difflib, not Levenshtein, decides near the threshold', () => {
  it('a transposed attribute does not match (difflib 80; a Levenshtein ratio would give 87)', () => {
    const p: RewardProduct = { name: '', query: '', product_category: '', Attributes: ['water resintast'], Title: '', BulletPoints: [], Description: '' };
    expect(attributeMatches(p, ['water resistant'])).toBe(0);
  });
});

describe('option reward', () => {
  it('exact, partial, fuzzy, empty', () => {
    expect(optionMatches(['pack of 12', 'grey', 'XL'], ['grey', 'XL', 'pack of 12'])).toBe(3);
    expect(optionMatches(['pack of 12', 'blue', 'XL'], ['grey', 'XL', 'pack of 12'])).toBe(2);
    expect(optionMatches(['pack of 12', 'powder snow', 'XL'], ['cool powder snow', 'XL', 'pack of 12'])).toBe(3);
    expect(optionMatches(['goal 1', 'goal 2'], [])).toBe(0);
    expect(optionMatches([], ['goal 1', 'goal 2'])).toBe(0);
  });

  it('normalises colours: "navy blue" becomes "blue"', () => {
    expect(optionMatches(['navy blue'], ['blue'])).toBe(1);
    expect(optionMatches(['royal blue'], ['navy blue'])).toBe(1);
  });
});

describe('total reward (test_get_reward)', () => {
  const goal: RewardGoal = {
    query: 'Query 1',
    product_category: 'a › b › c',
    name: 'Mens D.O.N. Issue 2 Gca Basketball Sneakers Shoes Casual - Off White',
    attributes: ['tea tree', 'essential oils', 'natural ingredients'],
    goal_options: { color: 'grey', size: 'XL' },
    price_upper: 40,
  };
  const purchased: RewardProduct = {
    query: 'Query 1',
    product_category: 'a › b › c',
    name: 'Mens D.O.N. Issue 2 Gca Basketball Sneakers Shoes Casual - Off White',
    Attributes: ['tea tree', 'essential oil', 'natural ingredients'],
    Title: '',
    BulletPoints: [],
    Description: '',
  };
  const options = { color: 'grey', size: 'XL' };

  it('walks the four vectors: 1.0, 0.667, 0.571, 0.286', () => {
    expect(computeReward(goal, purchased, 35, options).reward).toBe(1);
    // A string BulletPoints is joined character by character, so only the description matches.
    const textOnly: RewardProduct = { ...purchased, Attributes: [], BulletPoints: 'This shampoo has essential oils and smells like lemons', Description: 'Best shampoo on the market, made with natural ingredients' };
    const second = computeReward(goal, textOnly, 35, options);
    expect(second.reward).toBeCloseTo(2 / 3, 10);
    expect(second.r_att).toBeCloseTo(1 / 3, 10);
    const threeOptions = { ...goal, goal_options: { color: 'grey', size: 'XL', amount: 'pack of 12' } };
    const third = computeReward(threeOptions, textOnly, 35, options);
    expect(third.reward).toBeCloseTo(4 / 7, 10);
    expect(third.r_option).toBeCloseTo(2 / 3, 10);
    const fourth = computeReward(
      { ...threeOptions, name: 'Saireed UL Listed 2 Prong Power Cord for JBL Bar 3.1 Bar 2.1 Channel 4K Ultra HD Soundbar' },
      { ...textOnly, name: 'BRST AC Power Cord Outlet Socket Cable Plug Lead for Panasonic SC-HT830V DVD/VCR Combo Home Theater System', query: 'Query 2', product_category: 'a › d › e' },
      35,
      options,
    );
    expect(fourth.r_type).toBe(0.5);
    expect(fourth.reward).toBeCloseTo(2 / 7, 10);
    expect(fourth.r_price).toBe(true);
  });

  it('prices above the bound lose the price point; no options gives r_option null', () => {
    const r = computeReward({ ...goal, goal_options: [] }, purchased, 41, {});
    expect(r.r_price).toBe(false);
    expect(r.r_option).toBeNull();
    expect(r.reward).toBeCloseTo(3 / 4, 10);
  });
});
