/**
 * Node-only input handling for the `webshop` CLI: JSON files with clear messages, and validation of
 * reward case files (WebShop's goal/product field names), so bad input is reported, never thrown.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../command';
import type { RewardGoal, RewardProduct } from '../../src/core/envs/webshop';

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export interface RewardCase {
  goal: RewardGoal;
  product: RewardProduct;
  price: number;
  options: Record<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A validated case, or a message naming the first problem. */
export function parseRewardCase(raw: unknown): RewardCase | { error: string } {
  if (!isObject(raw)) return { error: 'case must be an object {goal, product, price, options}' };
  const { goal, product, price, options = {} } = raw;
  if (!isObject(goal)) return { error: 'goal must be an object' };
  if (!isObject(product)) return { error: 'product must be an object' };
  if (typeof price !== 'number' || !Number.isFinite(price)) return { error: 'price must be a number' };
  if (!isObject(options) || !Object.values(options).every((v) => typeof v === 'string')) return { error: 'options must be an object of name → value strings' };
  for (const key of ['name', 'query', 'product_category'] as const) {
    if (typeof goal[key] !== 'string') return { error: `goal.${key} must be a string` };
    if (typeof product[key] !== 'string') return { error: `product.${key} must be a string` };
  }
  if (!isStringList(goal.attributes)) return { error: 'goal.attributes must be a list of strings' };
  const goalOptions = goal.goal_options ?? [];
  if (!isStringList(goalOptions) && !(isObject(goalOptions) && Object.values(goalOptions).every((v) => typeof v === 'string')))
    return { error: 'goal.goal_options must be a list of values or an object of name → value' };
  if (typeof goal.price_upper !== 'number') return { error: 'goal.price_upper must be a number' };
  if (!isStringList(product.Attributes ?? [])) return { error: 'product.Attributes must be a list of strings' };
  const bullets = product.BulletPoints ?? [];
  if (typeof bullets !== 'string' && !isStringList(bullets)) return { error: 'product.BulletPoints must be a string or a list of strings' };
  for (const key of ['Title', 'Description'] as const) if (product[key] !== undefined && typeof product[key] !== 'string') return { error: `product.${key} must be a string` };
  return {
    goal: {
      asin: typeof goal.asin === 'string' ? goal.asin : undefined,
      name: goal.name as string,
      query: goal.query as string,
      product_category: goal.product_category as string,
      attributes: goal.attributes,
      goal_options: goalOptions as string[] | Record<string, string>,
      price_upper: goal.price_upper,
    },
    product: {
      asin: typeof product.asin === 'string' ? product.asin : undefined,
      name: product.name as string,
      Title: (product.Title as string | undefined) ?? '',
      query: product.query as string,
      product_category: product.product_category as string,
      Attributes: (product.Attributes as string[] | undefined) ?? [],
      BulletPoints: bullets,
      Description: (product.Description as string | undefined) ?? '',
    },
    price,
    options: options as Record<string, string>,
  };
}
