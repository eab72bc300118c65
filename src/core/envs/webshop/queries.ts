/**
 * Candidate `search[...]` queries derived from an instruction, offered among the admissible actions
 * so an agent that only picks from a list can still shop: the request without its price clause and
 * opening phrase, the same with the asked-for option values, and its content words only.
 */
const OPENERS = /^(?:(?:hi|hello|hey|please|ok|so)[,!.]?\s+)*(?:i\s*(?:'?m| am)\s+(?:looking|searching|shopping)\s+(?:for|to buy|to find|to get)|looking for|i\s*(?:'d| would) like(?: to (?:buy|get|find|purchase|order|see|view))?|i\s*(?:need|want)(?: to (?:buy|get|find|purchase|order))?|id like(?: to \w+)?|im looking for|find me|get me|show me|search for|buy me|can you find(?: me)?|i am in need of)\s+/i;
const FILLER = new Set('a an the some of for with and that is are be it its to in on my me i im which who also should would like this those these one please'.split(' '));
export const MAX_CANDIDATE_WORDS = 24;

const limitWords = (text: string): string => text.split(/\s+/).filter(Boolean).slice(0, MAX_CANDIDATE_WORDS).join(' ');

export function candidateQueries(instruction: string): string[] {
  let text = instruction.toLowerCase().replace(/\s+/g, ' ').trim();
  text = text.replace(/,?\s*and price lower than\s+[\d.]+\s*dollars\.?$/, '');
  const optionClause = / with ((?:[a-z ]+: [^,]+(?:, and )?)+)$/.exec(text);
  let values: string[] = [];
  if (optionClause && optionClause[1].includes(':')) {
    values = optionClause[1].split(', and ').map((pair) => pair.slice(pair.indexOf(':') + 1).trim());
    text = text.slice(0, optionClause.index);
  }
  const core = text.replace(OPENERS, '').replace(/[.,!?;]+$/g, '').trim();
  const withValues = [core, ...values].join(' ').trim();
  const content = withValues
    .replace(/[^\p{L}\p{N}.\- ]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w))
    .join(' ');
  const out: string[] = [];
  for (const q of [core, withValues, content].map(limitWords)) if (q && !out.includes(q)) out.push(q);
  return out;
}
