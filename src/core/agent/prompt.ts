/**
 * The agent's prompt format: the one source of truth shared by the agent at run time and by the
 * corpus generator that trains the embedded model (scripts/model/corpus.ts imports this file).
 *
 * A prompt is a list of text segments, each tokenized on its own and concatenated. Tokenizing per
 * segment (never the joined string) is what lets the agent extend a cached prefix step by step
 * with exactly the token ids the model was trained on.
 *
 *   header          "Task: <goal>\n" + "Rule: <rule>\n" per retrieved rule
 *   observation     "<compacted observation>\n>"
 *   action          " <action>\n"            (the candidate continuation that is scored)
 *
 * WebShop product ids are shown to the model as page labels: the page's products in order read
 * [ P1], [ P2], ..., and a click on one reads click[ P2] (productLabels; spaceBrackets). Copying a ten-character
 * random id from the page is a skill the embedded model (2.7M parameters then) never learned: trained on
 * thousands of product clicks (and, in a probe, on 5,552 click drills with ids drawn afresh each
 * time) it still spread every id character evenly, about -3.5 nats each, so a product was chosen by
 * how its id happened to tokenize. A label is one or two tokens that say where on the page the
 * product is, which is what the choice rests on. Web agents index page elements the same way. Only
 * the prompt changes: the environment still receives the real id.
 *
 * Prefix at step t = header, obs_s, act_{s+1}, obs_{s+1}, ..., act_t, obs_t, where s is the start of
 * the history window (see historyWindow.ts). Between window jumps the prefix only grows, so its KV
 * cache is reused across steps as well as across candidates.
 */

/** Upper bounds on prompt size, in characters (about 4–5 characters per token with the lab tokenizer). */
export const PROMPT_LIMITS = {
  /** A single observation is cut to this many characters (WebShop result pages are long). */
  maxObservationChars: 900,
  /** Header plus visible history; above it the window jumps forward (keeps prompts under ~512 tokens). */
  maxPromptChars: 2000,
} as const;

/** Collapses whitespace and cuts long observations so one page cannot fill the context. */
export function compactObservation(text: string, maxChars: number = PROMPT_LIMITS.maxObservationChars): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 3)}...`;
}

/** Rules are written one per line; a line break inside a rule would break the format. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** ALFWorld's goal reads "Your task is to: put ..."; the header already says "Task:". */
function taskText(goal: string): string {
  return oneLine(goal).replace(/^Your task is to:\s*/i, '');
}

export function headerSegment(goal: string, rules: readonly string[]): string {
  const lines = [`Task: ${taskText(goal)}\n`];
  for (const rule of rules) lines.push(`Rule: ${oneLine(rule)}\n`);
  return lines.join('');
}

/** A WebShop product id (the catalog's shape: B0 and eight of [0-9A-Z]). */
const PRODUCT_ID = /\bB0[0-9A-Z]{8}\b/g;

/** Product id -> the label the model reads for it on one page. */
export type ProductLabels = ReadonlyMap<string, string>;

export const NO_PRODUCT_LABELS: ProductLabels = new Map();

/** Labels the product ids of a page in the order the page first shows them: P1, P2, ... */
export function productLabels(observation: string): ProductLabels {
  const labels = new Map<string, string>();
  for (const [id] of observation.matchAll(PRODUCT_ID)) if (!labels.has(id)) labels.set(id, `P${labels.size + 1}`);
  return labels;
}

function withLabels(text: string, labels: ProductLabels): string {
  return labels.size === 0 ? text : text.replace(PRODUCT_ID, (id) => labels.get(id) ?? id);
}

/**
 * A space after every opening bracket: `[red]` reads `[ red]`, so a value in a button or a click is
 * the same token as the word in the instruction (" red"), which is what lets the model copy the
 * option a goal names. Unspaced, the byte-level tokenizer gives "[red" or "red" without its leading
 * space: a different token from the instruction's " red" (a WebShop-only probe of the embedded
 * model picked the named option no better than chance either way until this and tied embeddings
 * came together).
 */
function spaceBrackets(text: string): string {
  return text.replace(/\[(?! )/g, '[ ');
}

/** An observation as the model reads it; `labels` are the page's own (productLabels), passed when already at hand. */
export function observationSegment(observation: string, labels: ProductLabels = productLabels(observation)): string {
  return `${compactObservation(spaceBrackets(withLabels(observation, labels)))}\n>`;
}

/**
 * The candidate continuation: what the model scores (and generates) for one action, with the
 * product labels of the page the action is taken on (productLabels of that observation).
 */
export function actionSegment(action: string, labels: ProductLabels = NO_PRODUCT_LABELS): string {
  return ` ${oneLine(spaceBrackets(withLabels(action, labels)))}\n`;
}

/** The stop string for generating an action (for example a WebShop search query). */
export const ACTION_END = '\n';
