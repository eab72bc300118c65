/**
 * WebShop's five product categories, with the cue words that route a human instruction to one of
 * them (used when mining the vocabulary) and the fixed parts of the generated catalog per category:
 * the category-path root, option group names and fallback option values.
 */
export const CATEGORY_IDS = ['beauty', 'food', 'fashion', 'furniture', 'electronics'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

const cues = (words: string): Set<string> => new Set(words.split(/\s+/));

/** Words whose presence in an instruction points at a category. Hand-picked, deliberately generic. */
export const CATEGORY_CUES: Record<CategoryId, Set<string>> = {
  beauty: cues(
    'hair skin face makeup lipstick shampoo conditioner nail nails lotion cream serum oil oils perfume fragrance deodorant ' +
      'eyeshadow mascara eyeliner brush brushes beauty teeth toothbrush toothpaste wig wigs extensions extension sunscreen ' +
      'moisturizer cleanser foundation concealer soap scrub spa salon paraben sulfate cruelty acne wrinkles aging lips lip beard shaving razor',
  ),
  food: cues(
    'gluten gmo sugar snack snacks food foods flavor flavored chocolate coffee tea candy cookies cake cupcake toppers protein keto ' +
      'vegan organic drink beverage juice sauce spice seasoning nuts almond cheese meat jerky bacon chips bars bar cereal grocery ' +
      'dairy kosher calorie calories fat delicious baked bread pasta rice honey syrup milk water powder gum fruit',
  ),
  fashion: cues(
    'shirt shirts dress dresses jeans pants shorts shoes sneakers sandals boots heels jacket coat hoodie sweater socks underwear ' +
      'bra leggings skirt blouse t-shirt sleeve sleeves waist wear wash washable cotton polyester fit fitted sole toe women womens ' +
      'men mens girls boys clothing top tops tank swimsuit bikini hat cap belt wallet watch jewelry necklace earrings bag handbag slippers',
  ),
  furniture: cues(
    'table chair chairs sofa couch bed beds desk shelf shelves cabinet dresser nightstand mattress pillow pillows curtain curtains ' +
      'rug lamp lighting light fixture mirror wall decor room living bedroom dining kitchen bathroom furniture ottoman bench stool ' +
      'storage wood wooden frame assembly install blanket sheets bedding shades blinds vanity',
  ),
  electronics: cues(
    'usb hdmi cable charger charging wireless bluetooth speaker speakers headphones earbuds headset microphone camera tv television ' +
      'laptop computer tablet phone iphone samsung android case screen protector battery power adapter remote router keyboard mouse ' +
      'monitor 4k hd 1080p video audio stereo car gps projector smartwatch watch band bands ipad electronics dual-band',
  ),
};

/** Root and middle parts of the `product_category` path ("Beauty & Personal Care › Hair Care › …"). */
export const CATEGORY_PATHS: Record<CategoryId, { root: string; middles: string[] }> = {
  beauty: { root: 'Beauty & Personal Care', middles: ['Hair Care', 'Skin Care', 'Makeup', 'Oral Care', 'Tools & Accessories', 'Fragrance', 'Personal Care'] },
  food: { root: 'Grocery & Gourmet Food', middles: ['Snacks & Sweets', 'Beverages', 'Pantry Staples', 'Breakfast Foods', 'Cooking & Baking', 'Meat & Seafood'] },
  fashion: { root: 'Clothing, Shoes & Jewelry', middles: ['Women', 'Men', 'Girls', 'Boys', 'Novelty & More'] },
  furniture: { root: 'Home & Kitchen', middles: ['Furniture', 'Home Décor', 'Bedding', 'Lighting & Ceiling Fans', 'Storage & Organization', 'Kitchen & Dining'] },
  electronics: { root: 'Electronics', middles: ['Computers & Accessories', 'Cell Phones & Accessories', 'Camera & Photo', 'Headphones', 'Television & Video', 'Car & Vehicle Electronics', 'Portable Audio & Video'] },
};

/** Option group names per category, as WebShop's scraped products name them (lower-cased). */
export const OPTION_GROUPS: Record<CategoryId, { colorName: string; sizeName: string }> = {
  beauty: { colorName: 'color', sizeName: 'size' },
  food: { colorName: 'flavor name', sizeName: 'size' },
  fashion: { colorName: 'color', sizeName: 'size' },
  furniture: { colorName: 'color', sizeName: 'size' },
  electronics: { colorName: 'color', sizeName: 'style' },
};

/** Fallback option values when the mined vocabulary has too few for a product. */
export const FALLBACK_OPTIONS: Record<CategoryId, { colors: string[]; sizes: string[] }> = {
  beauty: {
    colors: ['natural', 'light beige', 'warm honey', 'rose pink', 'deep brown', 'clear', 'coral', 'nude'],
    sizes: ['1 fl oz (pack of 1)', '3.4 fl oz (pack of 1)', '8 ounce', '16 fl oz (pack of 2)', '2 count (pack of 1)', '6.7 fl oz'],
  },
  food: {
    colors: ['original', 'dark chocolate', 'sea salt', 'vanilla', 'strawberry', 'honey roasted', 'spicy', 'variety pack', 'peanut butter'],
    sizes: ['1.5 ounce (pack of 12)', '8 ounce (pack of 1)', '12 ounce (pack of 2)', '16 ounce', '2 pound (pack of 1)', '24 count (pack of 1)'],
  },
  fashion: {
    colors: ['black', 'white', 'navy blue', 'heather grey', 'red', 'olive green', 'khaki', 'pink', 'burgundy'],
    sizes: ['small', 'medium', 'large', 'x-large', 'xx-large', '7', '8', '9', '10', '11'],
  },
  furniture: {
    colors: ['espresso', 'white', 'black', 'walnut', 'grey', 'natural', 'oak', 'navy'],
    sizes: ['twin', 'full', 'queen', 'king', '24 inch', '30 inch', '36 inch', '2 pack'],
  },
  electronics: {
    colors: ['black', 'white', 'silver', 'space gray', 'blue', 'red', 'rose gold'],
    sizes: ['standard', 'pro', '2-pack', '6 ft', '10 ft', '64gb', '128gb', 'with adapter'],
  },
};
