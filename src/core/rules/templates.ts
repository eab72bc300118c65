/**
 * The rule phrasings the deterministic contrastive reflector writes (objects abstracted as X and Y),
 * one canonical text per task type plus paraphrases. The embedded model is trained on exactly these
 * (scripts/model/corpus.ts), so a rule the reflector emits later is text the model has learned to read.
 *
 * ALFWorld rules are scoped to one of its six task types. WebShop rules apply to every WebShop task
 * (taskType null): its typical mistakes (skipping the options the instruction names, ignoring the
 * price bound) do not depend on the product category.
 */
import type { EnvKind } from '../envs/types';

export interface RuleTemplate {
  env: EnvKind;
  /** ALFWorld task type, or null for every task of the environment. */
  taskType: string | null;
  /** What the contrastive reflector writes. */
  canonical: string;
  /** Equivalent phrasings (training variety; hand-written rules look like these). */
  paraphrases: readonly string[];
}

export const ALFWORLD_RULE_TEMPLATES: readonly RuleTemplate[] = [
  {
    env: 'alfworld',
    taskType: 'pick_and_place',
    canonical: 'When the task is to put X in Y: take X, then go to Y and put X there, not in another receptacle.',
    paraphrases: [
      'To put X in Y: pick up X first and carry it straight to Y; putting it anywhere else does not count.',
      'For a put X in Y task, find X, take it and place it in Y itself.',
    ],
  },
  {
    env: 'alfworld',
    taskType: 'look_at_obj_in_light',
    canonical: 'When the task is to look at X under the lamp: take X first, then go to the lamp and use it while holding X.',
    paraphrases: [
      'To examine X in the light: carry X to the desklamp and turn the lamp on; examining X without the lamp does not count.',
      'For a look at X under a lamp task, hold X, go where the lamp is, then use the lamp.',
    ],
  },
  {
    env: 'alfworld',
    taskType: 'pick_clean_then_place',
    canonical: 'When the task is to clean X: take X first, then go to the sinkbasin and clean X before the destination.',
    paraphrases: [
      'To put a clean X in Y: wash X with the sinkbasin before you go to Y; putting it in dirty does not count.',
      'For a clean X task, pick up X, clean it at the sinkbasin, and only then put it in place.',
    ],
  },
  {
    env: 'alfworld',
    taskType: 'pick_heat_then_place',
    canonical: 'When the task is to heat X: take X first, then go to the microwave before the destination.',
    paraphrases: [
      'To put a hot X in Y: heat X with the microwave before you go to Y; putting it in cold does not count.',
      'For a heat X task, pick up X, heat it in the microwave, and only then put it in place.',
    ],
  },
  {
    env: 'alfworld',
    taskType: 'pick_cool_then_place',
    canonical: 'When the task is to cool X: take X first, then go to the fridge and cool X before the destination.',
    paraphrases: [
      'To put a cool X in Y: cool X with the fridge before you go to Y; putting it in warm does not count.',
      'For a cool X task, pick up X, cool it in the fridge, and only then put it in place.',
    ],
  },
  {
    env: 'alfworld',
    taskType: 'pick_two_obj',
    canonical: 'When the task is to put two X in Y: after putting the first X in Y, find the second X and put it in Y too.',
    paraphrases: [
      'To put two X in Y: one X is not enough; go back for another X and put it in Y as well.',
      'For a put two X task, place both X in Y, one after the other.',
    ],
  },
];

export const WEBSHOP_RULE_TEMPLATES: readonly RuleTemplate[] = [
  {
    env: 'webshop',
    taskType: null,
    canonical: 'When buying X: pick a product under the price bound, and click every option the instruction names before Buy Now.',
    paraphrases: [
      'When shopping: select the size, color and other options the instruction asks for before you click Buy Now, and respect the price limit.',
      'Before Buy Now, click each option named in the instruction; never choose a product that costs more than the bound.',
    ],
  },
];

/** Every phrasing of a template: canonical first. */
export function phrasings(template: RuleTemplate): string[] {
  return [template.canonical, ...template.paraphrases];
}

/** The template that advises this task (ALFWorld: its task type; WebShop: the shared one). */
export function oracleTemplate(env: EnvKind, taskType: string): RuleTemplate {
  if (env === 'webshop') return WEBSHOP_RULE_TEMPLATES[0];
  const found = ALFWORLD_RULE_TEMPLATES.find((t) => t.taskType === taskType);
  if (!found) throw new Error(`No rule template for ALFWorld task type "${taskType}"`);
  return found;
}

/**
 * Templates that do not apply to this task: another ALFWorld task type's rules for ALFWorld; for
 * WebShop (whose rules apply to every task) the ALFWorld rules, which are irrelevant to shopping.
 */
export function wrongTemplates(env: EnvKind, taskType: string): RuleTemplate[] {
  if (env === 'webshop') return [...ALFWORLD_RULE_TEMPLATES];
  return ALFWORLD_RULE_TEMPLATES.filter((t) => t.taskType !== taskType);
}

/**
 * Location rules (family 'location'), for a failure that never found the object: where the
 * reference found it, by receptacle type ("When the task involves an apple: look for it in the
 * fridge first."). Objects and receptacles are named by type, as ALFWorld prints them ("apple",
 * "countertop"), never by instance ("apple 2"). The embedded model was not trained on these; they
 * are the only advice a search failure can get (it is not a procedure mistake, so no procedure rule).
 */
export const LOCATION_RULE_TEMPLATE = 'When the task involves X: look for it in/on Y first.';

/** Receptacle types one looks "in" (the others, "on"): closed containers and basins. */
const INSIDE_TYPES = new Set(['Fridge', 'Microwave', 'Drawer', 'Cabinet', 'Safe', 'Box', 'GarbageCan', 'SinkBasin', 'Sink', 'BathtubBasin', 'Bathtub', 'LaundryHamper']);

/** An ALFWorld type as the game prints it ("CounterTop" → "countertop"). */
export const displayType = (type: string): string => type.toLowerCase();

const withArticle = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** "in the fridge" / "on the countertop". */
export function placePhrase(receptacleType: string): string {
  return `${INSIDE_TYPES.has(receptacleType) ? 'in' : 'on'} the ${displayType(receptacleType)}`;
}

/** The location rule for an object type and the receptacle types (in order, deduplicated) to look in first. */
export function locationRuleText(objectType: string, receptacleTypes: readonly string[]): string {
  const places = [...new Set(receptacleTypes)].map(placePhrase);
  if (places.length === 0) throw new Error('locationRuleText needs at least one receptacle type');
  const list = places.length === 1 ? places[0] : `${places.slice(0, -1).join(', ')} and ${places[places.length - 1]}`;
  return `When the task involves ${withArticle(displayType(objectType))}: look for it ${list} first.`;
}
