/**
 * `webshop` commands: human goals through the parser and the search engine, WebShop's reward on
 * case files, the oracle expert on synthetic goals, and a terminal shop.
 */
import { flag, intOption, stringOption } from '../args';
import { UsageError, type CommandGroup } from '../command';
import { createProgress } from '../progress';
import { parseRewardCase, readJsonFile } from '../lib/webshop-files';
import { playInTerminal } from '../lib/webshop-play';
import type { WebShopRenderer } from '../../src/core/envs/webshop';

/**
 * The webshop module (and the POS tagger's lexicon it loads) is imported on first use, so other
 * command groups do not pay for it at start-up.
 */
const webshop = () => import('../../src/core/envs/webshop');
/** Every shop is built (and cached) by the one builder the worker and the task source use. */
const shops = () => import('../../src/core/tasks/shop');
const coverageModule = () => import('../../src/core/envs/webshop/coverage');

const DEFAULT_HUMAN_GOALS = 'public/data/webshop/human_goals.json';

function productsOption(args: Parameters<typeof intOption>[0], fallback: number): number {
  const n = intOption(args, 'products', fallback);
  if (n < 1 || n > 1_000_000) throw new UsageError(`--products must be between 1 and 1000000, got ${n}`);
  return n;
}

function rendererOption(args: Parameters<typeof stringOption>[0]): WebShopRenderer {
  const r = stringOption(args, 'renderer', flag(args, 'react') ? 'react' : 'gym');
  if (r !== 'gym' && r !== 'react') throw new UsageError(`--renderer must be gym or react, got "${r}"`);
  return r;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

const group: CommandGroup = {
  summary: 'WebShop: generated catalog, BM25 search, WebShop’s reward, expert and terminal play',
  subcommands: {
    goals: {
      summary: 'parse every human goal (text, price bound) and search it on a generated catalog',
      usage: 'webshop goals [FILE] [--products 10000] [--seed 0] [--coverage] [--json]',
      async run(args, io) {
        const { parseHumanGoal, search } = await webshop();
        const { shopOf } = await shops();
        const { top10HasPlausibleProduct } = await coverageModule();
        const file = args.positionals[0] ?? DEFAULT_HUMAN_GOALS;
        const data = readJsonFile(file);
        if (!Array.isArray(data)) throw new UsageError(`${file} must hold a JSON list of instruction strings`);
        const size = productsOption(args, 10000);
        const { index } = shopOf(size, intOption(args, 'seed', 0));
        const coverage = flag(args, 'coverage');
        const progress = createProgress('goals', data.length);
        let parsed = 0;
        let withPrice = 0;
        let searched = 0;
        let plausible = 0;
        const errors: string[] = [];
        data.forEach((entry, i) => {
          try {
            if (typeof entry !== 'string') throw new Error(`entry ${i} is not a string`);
            const goal = parseHumanGoal(entry);
            parsed++;
            if (goal.priceUpper !== undefined) withPrice++;
            search(index, goal.instruction, 1);
            searched++;
            if (coverage && top10HasPlausibleProduct(index, goal.instruction)) plausible++;
          } catch (error) {
            errors.push(`entry ${i}: ${(error as Error).message}`);
          }
          if (i % 500 === 0) progress.tick(i);
        });
        progress.finish();
        const result: Record<string, unknown> = { goals: data.length, parsed, withPrice, searched, errors: errors.length };
        if (coverage) result.top10SharesTwoContentWords = round(plausible / Math.max(1, data.length));
        if (flag(args, 'json')) io.json(result);
        else {
          io.log(`${data.length} goals: ${parsed} parsed, ${withPrice} with a price bound, ${searched} searched on ${size} products, ${errors.length} errors`);
          if (coverage) io.log(`top-10 holds a product sharing ≥ 2 content words with the goal: ${(100 * (result.top10SharesTwoContentWords as number)).toFixed(1)}%`);
        }
        for (const e of errors.slice(0, 10)) io.error(e);
        return errors.length === 0 ? 0 : 1;
      },
    },
    reward: {
      summary: 'WebShop’s reward for each case {goal, product, price, options} of a JSON list',
      usage: 'webshop reward FILE [--json]',
      async run(args, io) {
        const file = args.positionals[0];
        if (!file) throw new UsageError('a case file is required');
        const { computeReward } = await webshop();
        const data = readJsonFile(file);
        if (!Array.isArray(data)) throw new UsageError(`${file} must hold a JSON list of cases {goal, product, price, options}`);
        let failures = 0;
        type CaseResult = { error: string } | { reward: number; r_type: number; r_att: number | null; r_option: number | null; r_price: boolean | null };
        const results = data.map((raw, i): CaseResult => {
          const parsed = parseRewardCase(raw);
          if ('error' in parsed) {
            failures++;
            return { error: `case ${i}: ${parsed.error}` };
          }
          const r = computeReward(parsed.goal, parsed.product, parsed.price, parsed.options);
          return { reward: r.reward, r_type: r.r_type, r_att: r.r_att, r_option: r.r_option, r_price: r.r_price };
        });
        if (flag(args, 'json')) io.json(results);
        else
          results.forEach((r, i) =>
            'error' in r
              ? io.log(r.error)
              : io.log(`case ${i}: reward ${round(r.reward)} (r_type ${r.r_type}, r_att ${r.r_att === null ? '-' : round(r.r_att)}, r_option ${r.r_option === null ? '-' : round(r.r_option)}, r_price ${r.r_price})`),
          );
        if (failures > 0) io.error(`${failures} of ${data.length} cases are malformed`);
        return failures === 0 ? 0 : 1;
      },
    },
    expert: {
      summary: 'run the oracle expert on the synthetic goals of a generated catalog',
      usage: 'webshop expert [--products 1000] [--seed 0] [--split test|train] [--limit N] [--renderer gym|react] [--json]',
      async run(args, io) {
        const { createWebShopEnv, oracleAction } = await webshop();
        const { shopOf } = await shops();
        const size = productsOption(args, 1000);
        const seed = intOption(args, 'seed', 0);
        const split = stringOption(args, 'split', 'test');
        if (split !== 'test' && split !== 'train') throw new UsageError(`--split must be test or train, got "${split}"`);
        const { catalog, index, goals: splits } = shopOf(size, seed);
        const goals = splits[split];
        const limit = intOption(args, 'limit', goals.length);
        const chosen = goals.slice(0, Math.max(0, limit));
        const renderer = rendererOption(args);
        let successes = 0;
        let totalReward = 0;
        let totalSteps = 0;
        const failed: string[] = [];
        const progress = createProgress('expert', chosen.length);
        chosen.forEach((goal, i) => {
          const env = createWebShopEnv({ catalog, index, goal, renderer });
          let obs = env.reset();
          while (!obs.done) obs = env.step(oracleAction(env));
          if (obs.success) successes++;
          else failed.push(goal.id);
          totalReward += obs.reward;
          totalSteps += obs.step;
          if (i % 100 === 0) progress.tick(i);
        });
        progress.finish();
        const n = Math.max(1, chosen.length);
        const result = { products: size, seed, split, goals: chosen.length, successes, success: round(successes / n), averageReward: round(totalReward / n), averageSteps: round(totalSteps / n, 2), failed: failed.slice(0, 20) };
        if (flag(args, 'json')) io.json(result);
        else io.log(`expert on ${chosen.length} ${split} goals of a ${size}-product catalog: success ${(100 * result.success).toFixed(1)}% (${successes}/${chosen.length}), average reward ${result.averageReward}, ${result.averageSteps} steps`);
        return 0;
      },
    },
    play: {
      summary: 'shop by hand in the terminal (type an action or its number; quit to leave)',
      usage: 'webshop play [--products 1000] [--seed 0] [--goal N] [--split test|train] [--renderer gym|react]',
      async run(args, io) {
        const { createWebShopEnv } = await webshop();
        const { shopOf } = await shops();
        const size = productsOption(args, 1000);
        const seed = intOption(args, 'seed', 0);
        const split = stringOption(args, 'split', 'test');
        if (split !== 'test' && split !== 'train') throw new UsageError(`--split must be test or train, got "${split}"`);
        const { catalog, index, goals: splits } = shopOf(size, seed);
        const goals = splits[split];
        const n = intOption(args, 'goal', 0);
        if (n < 0 || n >= goals.length) throw new UsageError(`--goal must be between 0 and ${goals.length - 1}`);
        const env = createWebShopEnv({ catalog, index, goal: goals[n], renderer: rendererOption(args) });
        return playInTerminal(env, io.log);
      },
    },
    search: {
      summary: 'search a generated catalog and print a results page',
      usage: 'webshop search QUERY [--products 10000] [--seed 0] [--page 1] [--json]',
      async run(args, io) {
        const { search } = await webshop();
        const { shopOf } = await shops();
        const query = args.positionals.join(' ');
        const { index } = shopOf(productsOption(args, 10000), intOption(args, 'seed', 0));
        const result = search(index, query, intOption(args, 'page', 1));
        if (flag(args, 'json')) io.json({ total: result.total, page: result.pageNumber, products: result.page.map((p) => ({ asin: p.asin, Title: p.Title, Price: p.Price })) });
        else {
          io.log(`Page ${result.pageNumber} (Total results: ${result.total})`);
          for (const p of result.page) io.log(`[${p.asin}] ${p.Title} ${p.Price}`);
        }
        return 0;
      },
    },
  },
};

export default group;
