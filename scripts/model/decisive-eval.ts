/**
 * Does the model read the rule where it matters? For every held-out ALFWorld game (valid_unseen by
 * default) the corpus demonstrator plays the game up to its decisive step (the step where the task
 * type's typical mistake can happen, scripts/model/alfworld-demo.ts); there the model scores every
 * admissible command with no rule, the oracle rule and a wrong rule in the prompt, as the agent would.
 * Reports, per task type and rule condition, the mean probability of the right command and how often
 * greedy decoding picks it. Whole-episode success (model eval) mixes this step with the search before
 * it; this isolates the rule's effect.
 *
 * The same for WebShop's test goals (per category): on the target product's page of a goal that
 * names options, the right commands are the clicks on the options it names (the typical mistake is
 * Buy Now at once, whose mean probability is reported too); for a goal without options, on the
 * results page, the click on the demonstrator's product (the mistake: one over the price bound).
 *
 * The decisive step, its right commands and the replay to it are src/core/rules/decisive.ts (the
 * learner measures a rule's absorption at states located by the same code).
 *
 * Usage: tsx scripts/model/decisive-eval.ts [--split valid_unseen] [--json]
 */
import { RULES_MODES, rulesFor, type RulesMode, standardShop } from '../../cli/lib/model-eval';
import { loadNodeModel } from '../../cli/lib/model-node';
import { nodeDataReader } from '../../cli/lib/node-data-reader';
import { PromptHistory } from '../../src/core/agent/promptHistory';
import { distribution } from '../../src/core/agent/policy';
import { argmax } from '../../src/core/llm/logits';
import { createAlfworldEnv } from '../../src/core/envs/alfworld/index';
import type { TextEnvironment } from '../../src/core/envs/types';
import { createWebShopEnv } from '../../src/core/envs/webshop/index';
import { BUY_NOW } from '../../src/core/envs/webshop/shop-state';
import type { LanguageModel } from '../../src/core/llm/types';
import { replayActions, webshopRightAction } from '../../src/core/rules/decisive';
import { type AlfworldSplitName, loadAlfworldSplit } from '../../src/core/tasks/alfworld-scenes';
import { AGENT_WEBSHOP_RENDERER } from '../../src/core/tasks/shop';
import { createRng } from '../../src/core/util/rng';
import { buildSearchPrior, demonstrate } from './alfworld-demo';
import { demonstrateWebShop } from './webshop-demo';

interface Cell {
  steps: number;
  probRight: number;
  greedyRight: number;
  /** WebShop option pages: the probability of Buy Now (the typical mistake). */
  probBuyNow: number;
}

type Row = Record<RulesMode, Cell>;
const emptyRow = (): Row => Object.fromEntries(RULES_MODES.map((m) => [m, { steps: 0, probRight: 0, greedyRight: 0, probBuyNow: 0 }])) as Row;

/** Plays `actions` in `env` under each rule condition, then scores the admissible commands there. */
async function scoreDecisive(
  model: LanguageModel,
  env: TextEnvironment,
  rulesOf: (mode: RulesMode) => string[],
  actions: readonly string[],
  isRight: (action: string) => boolean,
  row: Row,
): Promise<void> {
  const replay = replayActions(env, actions);
  const histories = RULES_MODES.map((mode) => new PromptHistory(env.task.goal, rulesOf(mode), replay.initial.text));
  for (const { action, observation } of replay.steps) for (const h of histories) h.push(action, observation.text);
  const obs = replay.last;
  for (const [k, mode] of RULES_MODES.entries()) {
    const scores = await model.scoreCandidates(histories[k].prefixSegments(), histories[k].candidateSegments(obs.admissibleActions));
    const dist = distribution(obs.admissibleActions, scores.map((s) => s.logProb), 1);
    const sum = (pick: (a: string) => boolean) => dist.actions.reduce((p, a, j) => p + (pick(a) ? dist.probs[j] : 0), 0);
    row[mode].steps++;
    row[mode].probRight += sum(isRight);
    row[mode].greedyRight += isRight(dist.actions[argmax(dist.probs)]) ? 1 : 0;
    row[mode].probBuyNow += sum((a) => a === `click[${BUY_NOW}]`);
  }
}

async function webshopCells(model: LanguageModel): Promise<Record<string, Row>> {
  const { shop, goals } = standardShop();
  const cells: Record<string, Row> = {};
  for (const [i, goal] of goals.test.entries()) {
    const demo = demonstrateWebShop(shop, goal, false, createRng(i));
    if (demo.decisive < 0 || demo.clickedHidden) continue; // the page the agent reads does not show the product
    const isRight = webshopRightAction(goal, demo.actions[demo.decisive]);
    const env = createWebShopEnv({ ...shop, goal, renderer: AGENT_WEBSHOP_RENDERER });
    const key = `${goal.category} ${Object.keys(goal.goal_options).length > 0 ? 'options' : 'no options'}`;
    await scoreDecisive(model, env, (mode) => rulesFor(mode, 'webshop', goal.category, env.task.id), demo.actions.slice(0, demo.decisive), isRight, (cells[key] ??= emptyRow()));
  }
  return cells;
}

const summary = (c: Cell) => ({ steps: c.steps, meanProbRight: c.probRight / Math.max(1, c.steps), greedyRight: c.greedyRight / Math.max(1, c.steps), meanProbBuyNow: c.probBuyNow / Math.max(1, c.steps) });

/** Per-key summaries plus their total ("all"). */
function summarize(cells: Record<string, Row>) {
  const total = emptyRow();
  const byKey = Object.fromEntries(
    Object.entries(cells).sort().map(([key, row]) => {
      for (const m of RULES_MODES) for (const field of ['steps', 'probRight', 'greedyRight', 'probBuyNow'] as const) total[m][field] += row[m][field];
      return [key, Object.fromEntries(RULES_MODES.map((m) => [m, summary(row[m])]))];
    }),
  );
  return { all: Object.fromEntries(RULES_MODES.map((m) => [m, summary(total[m])])), byKey };
}

function printTable(rows: Record<string, unknown>, buyNow: boolean): void {
  for (const [key, value] of Object.entries(rows)) {
    const r = value as Record<RulesMode, ReturnType<typeof summary>>;
    const cell = (m: RulesMode) => `${r[m].meanProbRight.toFixed(2)} ${(100 * r[m].greedyRight).toFixed(0).padStart(3)}%${buyNow ? ` (Buy Now ${r[m].meanProbBuyNow.toFixed(2)})` : ''}`;
    process.stdout.write(`${key.padEnd(24)} ${RULES_MODES.map(cell).join('   ')}  (n=${r.none.steps})\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--split');
  const split = (at >= 0 ? argv[at + 1] : 'valid_unseen') as AlfworldSplitName;
  const model = await loadNodeModel({ threads: 1 });
  const prior = buildSearchPrior(await loadAlfworldSplit('train', nodeDataReader()));
  const cells: Record<string, Row> = {};
  let games = 0;
  for (const [i, scene] of (await loadAlfworldSplit(split, nodeDataReader())).entries()) {
    const demo = demonstrate(scene, prior, false, createRng(i), 0);
    if (demo.decisive < 0) continue; // the demonstrator never reached it (an unsolvable start)
    games++;
    const right = demo.actions[demo.decisive];
    const env = createAlfworldEnv(scene, { style: 'react' });
    await scoreDecisive(model, env, (mode) => rulesFor(mode, 'alfworld', scene.taskType, env.task.id), demo.actions.slice(0, demo.decisive), (a) => a === right, (cells[scene.taskType] ??= emptyRow()));
  }
  const alfworld = summarize(cells);
  const webshopByCategory = await webshopCells(model);
  const webshop = summarize(webshopByCategory);
  const subset = (options: boolean) => summarize(Object.fromEntries(Object.entries(webshopByCategory).filter(([key]) => key.endsWith(' no options') !== options))).all;
  await model.dispose();
  const result = { split, games, all: alfworld.all, byTaskType: alfworld.byKey, webshop: { all: webshop.all, options: subset(true), noOptions: subset(false), byCategory: webshop.byKey } };
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`decisive steps of ${games} ${split} games (P(right command), greedy picks it): none / oracle / wrong\n`);
  printTable({ all: alfworld.all, ...alfworld.byKey }, false);
  process.stdout.write(`\nWebShop test goals: the named options on the product page, or the right product (P(right), greedy picks it, P(Buy Now)): none / oracle / wrong\n`);
  printTable({ all: webshop.all, 'goals with options': result.webshop.options, 'goals without': result.webshop.noOptions, ...webshop.byKey }, true);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
