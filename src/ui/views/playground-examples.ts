/**
 * Starting points for the Score playground: realistic mid-episode prompts (the first observation and
 * the steps so far, as the agent sees them) at a step where the right rule decides, each with the
 * rule the contrastive reflector would write for it. A lone observation with no history is not a
 * prompt the agent ever meets, and the model's answer to it says little.
 */
import { oracleTemplate } from '../../core/rules/templates';

export interface PlaygroundExample {
  name: string;
  task: string;
  rules: string;
  /** The first observation, then "> action" lines, each followed by its observation (transcript.ts). */
  episode: string;
  candidates: string;
}

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  {
    name: 'ALFWorld: heat an egg (after taking it)',
    task: 'put a hot egg in fridge.',
    rules: oracleTemplate('alfworld', 'pick_heat_then_place').canonical,
    episode: [
      'You are in the middle of a room. Looking quickly around you, you see a cabinet 2, a cabinet 1, a countertop 1, a fridge 1, a microwave 1, and a sinkbasin 1.',
      '> go to countertop 1',
      'On the countertop 1, you see a egg 1, a knife 1, and a mug 2.',
      '> take egg 1 from countertop 1',
      'You pick up the egg 1 from the countertop 1.',
    ].join('\n'),
    candidates: ['go to fridge 1', 'go to microwave 1', 'go to cabinet 1', 'go to sinkbasin 1', 'examine egg 1', 'look'].join('\n'),
  },
  {
    name: 'WebShop: an item page with options',
    task: 'i need a camera that is easy to use with color: black, and price lower than 30.00 dollars',
    rules: oracleTemplate('webshop', '').canonical,
    episode: [
      'Webshop Instruction: i need a camera that is easy to use with color: black, and price lower than 30.00 dollars [Search]',
      '> search[a camera that is easy to use]',
      '[Back to Search] Page 1 (Total results: 50) [Next >] [B0UUC6X5DV] Finlu Camera, Easy To Use $8.99 [B0EUL1O72W] Margraka Optical Zoom Camera $40.89',
      '> click[B0UUC6X5DV]',
      '[Back to Search] [< Prev] color [bronze][black] Finlu Camera, Easy To Use Price: $8.99 Rating: N.A. [Description] [Features] [Reviews] [Buy Now]',
    ].join('\n'),
    candidates: ['click[black]', 'click[bronze]', 'click[Buy Now]', 'click[Description]', 'click[< Prev]'].join('\n'),
  },
];
