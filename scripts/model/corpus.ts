/**
 * Corpus generation (step 1 of `npm run model:build`): demonstrations from the simulators' train
 * splits only (ALFWorld: its 200 real train games plus generated scenes when the simulator offers
 * them; WebShop: train goals), with and without rules, written as training sequences in the agent's
 * prompt format. Never reads valid_seen, valid_unseen or WebShop test goals.
 *
 * The curriculum, per episode: 40% the right rule (a random phrasing; sometimes with an irrelevant
 * rule beside it) and the demonstration follows the expert; 35% no rule and 25% a wrong rule (another
 * task type's), where the demonstration makes the task type's typical mistake with some probability,
 * or, when the wrong rule names an appliance for this clean/heat/cool task, follows it there
 * (alfworld-demo.ts).
 *
 * Each sequence marks, for train.py's loss weights, the decisive step's action when it does what a
 * rule in the prompt says (the step the rule decides; a mistake made without a rule is not weighted
 * up, or the model learns the mistake as a habit), the actions that copy names from the page
 * (WebShop product and option clicks, ALFWorld take and put; never the decisive step of a
 * demonstration that follows no rule), and among those the WebShop option clicks.
 *
 * Usage: tsx scripts/model/corpus.ts OUT_DIR [--alfworld N] [--webshop N] [--seed S]
 * Writes OUT_DIR/sequences.jsonl, OUT_DIR/tokenizer-text.txt and OUT_DIR/corpus-stats.json.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACK_TO_SEARCH, BUY_NOW, NEXT_PAGE, PREV_PAGE, SUB_PAGES } from '../../src/core/envs/webshop/shop-state';
import { clickedProduct, RULE_APPLIANCE } from '../../src/core/rules/decisive';
import { oracleTemplate, phrasings, wrongTemplates } from '../../src/core/rules/templates';
import { createRng, type Rng } from '../../src/core/util/rng';
import { alfworldEpisodes } from './alfworld-source';
import { episodeSequences, type EpisodeText, type TrainingSequence } from './sequences';
import { webshopEpisodes } from './webshop-source';

export type RuleCondition = 'oracle' | 'none' | 'wrong';

/** WebShop's page buttons: clicking one copies nothing from the text. */
const NAVIGATION = new Set([BACK_TO_SEARCH, NEXT_PAGE, PREV_PAGE, BUY_NOW, ...SUB_PAGES]);

/**
 * Actions whose arguments are copied from the text in view: a WebShop product click (the product's
 * page label, P1, P2, ...: see prompt.ts) or option click (a value the instruction names),
 * and ALFWorld's take and put (object and receptacle names the observations just showed).
 * Teacher-forced on valid_unseen, the model picked the right `take` only 19% of the time although
 * " take" was its likeliest first token (the names after it were spread thin, so a search step's
 * "go to" won on summed log-prob), and on WebShop test goals it clicked the right product 2% of the
 * time, most often an id the page does not even show (scripts/model/step-eval.ts).
 */
export function copiesFromView(action: string): boolean {
  const click = /^click\[(.+)\]$/.exec(action);
  if (click) return !NAVIGATION.has(click[1]);
  return /^(take .+ from|put .+ in\/on) ./.test(action);
}

/** A WebShop option click (a value the instruction names), as opposed to a product click or a page button. */
export function selectsOption(action: string): boolean {
  return action.startsWith('click[') && copiesFromView(action) && clickedProduct(action) === undefined;
}

/**
 * Targets of a sequence that copy from the text in view; never the typical mistake's own commands,
 * and never the decisive step of a demonstration that follows no rule: there the weight would tilt
 * the very choice the rule is meant to make (a no-rule WebShop demonstration that selects the options
 * at 3x against one that buys at once at 1x taught the model to select them without the rule).
 */
export function copyTargets(seq: TrainingSequence, episode: SourceEpisode): number[] {
  return seq.targets.filter((_, k) => {
    const step = seq.steps[k];
    if (!copiesFromView(episode.actions[step])) return false;
    if (episode.mistake && step >= episode.decisive) return false;
    return episode.followsRule || step !== episode.decisive;
  });
}

export interface CurriculumDraw {
  condition: RuleCondition;
  rules: string[];
  /** For a wrong-rule prompt: the task type whose rule it holds (the demonstrator may follow it). */
  wrongRuleTaskType?: string;
}

/** Draws the rule condition and the rule texts for one training episode. */
export function drawRules(env: 'alfworld' | 'webshop', taskType: string, rng: Rng): CurriculumDraw {
  const u = rng.next();
  const wrongTemplate = () => {
    const all = wrongTemplates(env, taskType);
    // A clean/heat/cool task draws its sibling types' rules (the ones it follows to another
    // appliance) half the time, so following a rule to what it names is shown often enough.
    const siblings = RULE_APPLIANCE[taskType] ? all.filter((t) => t.taskType !== null && t.taskType in RULE_APPLIANCE) : [];
    return rng.pick(siblings.length > 0 && rng.next() < 0.5 ? siblings : all);
  };
  if (u < 0.4) {
    const right = rng.pick(phrasings(oracleTemplate(env, taskType)));
    if (rng.next() < 0.2) return { condition: 'oracle', rules: rng.shuffle([right, rng.pick(phrasings(wrongTemplate()))]) };
    return { condition: 'oracle', rules: [right] };
  }
  if (u < 0.75) return { condition: 'none', rules: [] };
  const wrong = wrongTemplate();
  return { condition: 'wrong', rules: [rng.pick(phrasings(wrong))], ...(wrong.taskType ? { wrongRuleTaskType: wrong.taskType } : {}) };
}

export interface SourceEpisode extends EpisodeText {
  env: 'alfworld' | 'webshop';
  taskType: string;
  condition: RuleCondition;
  success: boolean;
  mistake: boolean;
  /** Action index of the decisive step (where the rule matters), or -1. */
  decisive: number;
  /** At the decisive step the demonstration does what a rule in the prompt says (the right rule, or a wrong one it follows). */
  followsRule: boolean;
}

/** What both simulators' demonstrators record (observations, actions, outcome, decisive step). */
type DemonstrationRecord = Pick<SourceEpisode, 'observations' | 'actions' | 'detours' | 'success' | 'mistake' | 'decisive'> & { followedRule?: boolean };

/** One corpus episode from a demonstration and the rules its prompt was drawn with. */
export function sourceEpisode(env: SourceEpisode['env'], taskType: string, goal: string, draw: CurriculumDraw, demo: DemonstrationRecord): SourceEpisode {
  const { observations, actions, detours, success, mistake, decisive } = demo;
  const followsRule = draw.condition === 'oracle' || demo.followedRule === true;
  return { env, taskType, condition: draw.condition, goal, rules: draw.rules, observations, actions, ...(detours ? { detours } : {}), success, mistake, decisive, followsRule };
}

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

async function main(argv: string[]): Promise<void> {
  const out = argv[0];
  if (!out) throw new Error('usage: corpus.ts OUT_DIR [--alfworld N] [--webshop N] [--seed S]');
  mkdirSync(out, { recursive: true });
  const seed = option(argv, 'seed', 1);
  const rng = createRng(seed);
  const sequences = createWriteStream(join(out, 'sequences.jsonl'));
  const text = createWriteStream(join(out, 'tokenizer-text.txt'));
  const stats: Record<string, { episodes: number; sequences: number; targets: number; detours: number; success: number; mistakes: number; wrongRulesFollowed: number; byCondition: Record<string, number> }> = {};
  const sources = [
    alfworldEpisodes(option(argv, 'alfworld', 6000), rng.fork('alfworld')),
    webshopEpisodes(option(argv, 'webshop', 3000), rng.fork('webshop')),
  ];
  for (const source of sources) {
    for await (const episode of source) {
      const key = episode.env;
      const s = (stats[key] ??= { episodes: 0, sequences: 0, targets: 0, detours: 0, success: 0, mistakes: 0, wrongRulesFollowed: 0, byCondition: {} });
      s.episodes++;
      s.detours += episode.detours?.length ?? 0;
      s.success += episode.success ? 1 : 0;
      s.mistakes += episode.mistake ? 1 : 0;
      s.wrongRulesFollowed += episode.condition === 'wrong' && episode.followsRule ? 1 : 0;
      s.byCondition[episode.condition] = (s.byCondition[episode.condition] ?? 0) + 1;
      for (const seq of episodeSequences(episode)) {
        const at = seq.steps.indexOf(episode.decisive);
        if (at >= 0 && episode.followsRule) seq.decisive = seq.targets[at];
        const copies = copyTargets(seq, episode);
        if (copies.length > 0) seq.copies = copies;
        const options = copies.filter((t) => selectsOption(episode.actions[seq.steps[seq.targets.indexOf(t)]]));
        if (options.length > 0) seq.options = options;
        s.sequences++;
        s.targets += seq.targets.length;
        sequences.write(`${JSON.stringify(seq)}\n`);
        // The tokenizer learns merges from the text as the model will see it (every segment, with repeats).
        text.write(`${seq.segs.join('')}\n`);
      }
    }
  }
  await Promise.all([new Promise((r) => sequences.end(r)), new Promise((r) => text.end(r))]);
  writeFileSync(join(out, 'corpus-stats.json'), `${JSON.stringify({ seed, ...stats }, null, 2)}\n`);
  process.stdout.write(`corpus: ${JSON.stringify(stats)}\n`);
}

if (process.argv[1]?.endsWith('corpus.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
