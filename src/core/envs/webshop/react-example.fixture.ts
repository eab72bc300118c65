/**
 * A catalog holding the three products of ReAct's published WebShop episode (titles, prices and
 * options as its pages show them) plus 47 weaker matches, so that the search shows
 * "Total results: 50" with those three on top. Test fixture only.
 */
import { catalogFromProducts } from './catalog';
import type { Product, WebShopGoal } from './types';

const base = (p: Partial<Product> & Pick<Product, 'asin' | 'Title'>): Product => ({
  name: p.Title,
  category: 'beauty',
  query: 'deodorant',
  product_category: 'Beauty & Personal Care › Personal Care › Deodorants & Antiperspirants › Deodorant',
  Description: '',
  BulletPoints: [''],
  pricing: [10.99],
  Price: '$10.99',
  price: 10.99,
  options: {},
  Attributes: [],
  Rating: 'N.A.',
  Reviews: [],
  instruction_text: '',
  instruction_attributes: [],
  ...p,
});

const earthMama = {
  scent: ['assorted scents', 'bright citrus', 'calming lavender', 'ginger fresh', 'simply non-scents'],
  size: ['travel set (4-pack)', '3 ounce (pack of 1)', '3-ounce (2-pack)'],
};

export function reactExampleCatalog() {
  const products: Product[] = [
    base({
      asin: 'B078GWRC1J',
      Title: 'Bright Citrus Deodorant by Earth Mama | Natural and Safe for Sensitive Skin, Pregnancy and Breastfeeding, Contains Organic Calendula 3-Ounce',
      Description: 'Earth Mama deodorant with organic calendula, gentle for sensitive skin.',
      BulletPoints: ['Natural deodorant safe for sensitive skin, pregnancy and breastfeeding.'],
      options: earthMama,
      Attributes: ['sensitive skin', 'natural ingredients'],
    }),
    base({
      asin: 'B078GTKVXY',
      Title: 'Ginger Fresh Deodorant by Earth Mama | Natural and Safe for Sensitive Skin, Pregnancy and Breastfeeding, Contains Organic Calendula 3-Ounce',
      Description: 'Earth Mama deodorant with organic calendula.',
      BulletPoints: ['Natural deodorant safe for pregnancy and breastfeeding.'],
      options: earthMama,
      Attributes: ['sensitive skin'],
    }),
    base({
      asin: 'B08KBVJ4XN',
      Title: 'Barrel and Oak - Aluminum-Free Deodorant, Deodorant for Men, Essential Oil-Based Scent, 24-Hour Odor Protection, Cedar & Patchouli Blend, Gentle on Sensitive Skin (Mountain Sage, 2.7 oz, 2-Pack)',
      Description: 'Aluminum-free deodorant for men.',
      BulletPoints: ['Essential oil based scent.'],
      pricing: [15.95],
      Price: '$15.95',
      price: 15.95,
      Attributes: ['aluminum free'],
    }),
  ];
  for (let i = 0; i < 47; i++) {
    const asin = `B0FILLER${String(i).padStart(2, '0')}`;
    products.push(base({ asin, Title: `Gentle Lotion Number ${i} for Skin`, Description: 'A plain lotion.', BulletPoints: ['Plain.'], query: 'lotion', product_category: 'Beauty & Personal Care › Skin Care › Lotions' }));
  }
  for (let i = 0; i < 20; i++) {
    const asin = `B0OTHER${String(i).padStart(3, '0')}`;
    products.push(base({ asin, Title: `Wooden Chair Model ${i}`, Description: 'A chair.', BulletPoints: ['Chair.'], category: 'furniture', query: 'chair', product_category: 'Home & Kitchen › Furniture › Chairs' }));
  }
  return catalogFromProducts(products);
}

export const reactExampleGoal: WebShopGoal = {
  id: 'webshop:test:react-example',
  split: 'test',
  asin: 'B078GWRC1J',
  category: 'beauty',
  query: 'deodorant',
  name: 'Bright Citrus Deodorant by Earth Mama | Natural and Safe for Sensitive Skin, Pregnancy and Breastfeeding, Contains Organic Calendula 3-Ounce',
  product_category: 'Beauty & Personal Care › Personal Care › Deodorants & Antiperspirants › Deodorant',
  instruction_text: 'i would like a 3 ounce bottle of bright citrus deodorant for sensitive skin, and price lower than 50.00 dollars',
  attributes: ['sensitive skin'],
  goal_options: { scent: 'bright citrus', size: '3 ounce (pack of 1)' },
  price_upper: 50,
};
