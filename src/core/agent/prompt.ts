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

export function observationSegment(observation: string): string {
  return `${compactObservation(observation)}\n>`;
}

/** The candidate continuation: what the model scores (and generates) for one action. */
export function actionSegment(action: string): string {
  return ` ${oneLine(action)}\n`;
}

/** The stop string for generating an action (for example a WebShop search query). */
export const ACTION_END = '\n';
