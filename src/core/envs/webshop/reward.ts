/**
 * WebShop's purchase reward (engine/goal.py get_reward), reproduced with its quirks:
 * - attributes match by token-set-ratio > 85 against the product's Attributes, else as a substring
 *   of the lower-cased Title, BulletPoints joined by spaces (a string is joined character by
 *   character, as Python's ' '.join(str) does), or Description;
 * - options pass through normalize_color on both sides; when the goal's options are a name→value
 *   object, WebShop iterates its (name, value) pairs, so the colour test is tuple membership and the
 *   fuzzy match sees Python's `str((name, value))`;
 * - r_type from query equality, ≥ 2 shared category-path parts, and the title noun overlap.
 */
import { normalizeColor, COLOR_SET } from './normalize';
import { pythonPairRepr, tokenSetRatio } from './fuzz';
import { titleNouns } from './nouns';

/** The goal fields the reward reads. `goal_options` is a list of values or a name→value object. */
export interface RewardGoal {
  asin?: string;
  name: string;
  query: string;
  product_category: string;
  attributes: string[];
  goal_options: string[] | Record<string, string>;
  price_upper: number;
}

/** The product fields the reward reads (WebShop's product schema). */
export interface RewardProduct {
  asin?: string;
  name: string;
  Title?: string;
  query: string;
  product_category: string;
  Attributes: string[];
  BulletPoints?: string[] | string;
  Description?: string;
}

export interface RewardResult {
  reward: number;
  r_type: number;
  /** null when the goal lists no attributes (WebShop would divide by zero). */
  r_att: number | null;
  /** null when the goal has no options, as in WebShop. */
  r_option: number | null;
  /** null when price_upper ≤ 0, as in WebShop. */
  r_price: boolean | null;
  query_match: boolean;
  category_match: boolean;
  title_score: number;
}

export interface TypeReward {
  r_type: number;
  query_match: boolean;
  category_match: boolean;
  title_score: number;
}

const splitCategory = (path: string): string[] => path.split('›').map((part) => part.trim());

export function typeReward(product: Pick<RewardProduct, 'query' | 'product_category' | 'name'>, goal: Pick<RewardGoal, 'query' | 'product_category' | 'name'>): TypeReward {
  const queryMatch = product.query === goal.query;
  const goalParts = new Set(splitCategory(goal.product_category));
  const shared = new Set(splitCategory(product.product_category).filter((part) => goalParts.has(part)));
  const categoryMatch = shared.size >= 2;
  const purchasedNouns = new Set(titleNouns(product.name));
  const desiredNouns = titleNouns(goal.name);
  const overlap = new Set(desiredNouns.filter((noun) => purchasedNouns.has(noun))).size;
  const titleScore = desiredNouns.length === 0 ? 0.2 : overlap / desiredNouns.length;
  let rType = 1;
  if (!(queryMatch || categoryMatch || titleScore > 0.2)) rType = 0.5;
  if (titleScore < 0.1) rType = 0.1;
  if (titleScore === 0) rType = 0;
  return { r_type: rType, query_match: queryMatch, category_match: categoryMatch, title_score: titleScore };
}

/** Python's ' '.join(x) where x may be a list or (quirk) a plain string. */
const joinBullets = (bullets: string[] | string | undefined): string =>
  bullets === undefined ? '' : typeof bullets === 'string' ? Array.from(bullets).join(' ') : bullets.join(' ');

export function attributeMatches(product: RewardProduct, goalAttributes: readonly string[]): number {
  let matches = 0;
  const title = (product.Title ?? '').toLowerCase();
  const bullets = joinBullets(product.BulletPoints).toLowerCase();
  const description = (product.Description ?? '').toLowerCase();
  for (const goalAttr of goalAttributes) {
    if (product.Attributes.some((attr) => tokenSetRatio(attr, goalAttr) > 85)) matches++;
    else if (title.includes(goalAttr) || bullets.includes(goalAttr) || description.includes(goalAttr)) matches++;
  }
  return matches;
}

/** A goal option as WebShop sees it: a value string, or a (name, value) pair from a dict's items(). */
type GoalOption = string | { name: string; value: string };

function normalizeGoalOption(option: GoalOption): string {
  if (typeof option === 'string') return normalizeColor(option);
  // normalize_color on a tuple: `color in tuple` is element equality, not a substring test.
  for (const color of COLOR_SET) if (option.name === color || option.value === color) return color;
  return pythonPairRepr(option.name, option.value);
}

export function goalOptionList(goalOptions: RewardGoal['goal_options']): GoalOption[] {
  if (Array.isArray(goalOptions)) return goalOptions.map(String);
  return Object.entries(goalOptions).map(([name, value]) => ({ name, value: String(value) }));
}

export function optionMatches(purchasedValues: readonly string[], goalOptions: RewardGoal['goal_options']): number {
  const purchased = purchasedValues.map((value) => normalizeColor(value));
  let matches = 0;
  for (const goalOption of goalOptionList(goalOptions).map(normalizeGoalOption)) {
    if (purchased.some((value) => tokenSetRatio(value, goalOption) > 85)) matches++;
  }
  return matches;
}

/**
 * r = r_type · (matched attributes + matched options + [price ≤ price_upper]) /
 *     (#attributes + #options + 1).
 */
export function computeReward(goal: RewardGoal, product: RewardProduct, price: number, options: Record<string, string>): RewardResult {
  const type = typeReward(product, goal);
  const rPrice = goal.price_upper > 0 ? price <= goal.price_upper : null;
  const attrMatches = attributeMatches(product, goal.attributes);
  const goalOptionCount = goalOptionList(goal.goal_options).length;
  const optMatches = optionMatches(Object.values(options), goal.goal_options);
  const denominator = goal.attributes.length + goalOptionCount + 1;
  const reward = ((attrMatches + optMatches + (rPrice ? 1 : 0)) / denominator) * type.r_type;
  return {
    reward,
    r_type: type.r_type,
    r_att: goal.attributes.length > 0 ? attrMatches / goal.attributes.length : null,
    r_option: goalOptionCount > 0 ? optMatches / goalOptionCount : null,
    r_price: rPrice,
    query_match: type.query_match,
    category_match: type.category_match,
    title_score: type.title_score,
  };
}
