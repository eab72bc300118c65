/**
 * Fixed prompts and candidates (in the agent's format) whose scores are pinned in
 * src/core/llm/fixtures/reference-scores.json: the same scores must come out of torch, Node, and
 * Chromium on WASM and WebGPU, within the tolerances stated in the fixture.
 */
import { actionSegment, headerSegment, observationSegment, productLabels } from '../../src/core/agent/prompt';
import { candidateSegments } from '../../src/core/agent/promptHistory';
import { oracleTemplate } from '../../src/core/rules/templates';

export interface ReferenceCase {
  name: string;
  prefix: string[];
  candidates: string[];
}

const RESULTS_PAGE =
  '[Back to Search] Page 1 (Total results: 50) [Next >] [B0UUC6X5DV] Finlu Camera, Easy To Use $8.99 [B0EUL1O72W] Margraka Optical Zoom Camera $40.89';

export const REFERENCE_CASES: ReferenceCase[] = [
  {
    name: 'alfworld-heat-with-rule',
    prefix: [
      headerSegment('Your task is to: put a hot egg in fridge.', [oracleTemplate('alfworld', 'pick_heat_then_place').canonical]),
      observationSegment('You are in the middle of a room. Looking quickly around you, you see a cabinet 2, a cabinet 1, a countertop 1, a fridge 1, a microwave 1, and a sinkbasin 1.'),
      actionSegment('go to countertop 1'),
      observationSegment('On the countertop 1, you see a egg 1, a knife 1, and a mug 2.'),
      actionSegment('take egg 1 from countertop 1'),
      observationSegment('You pick up the egg 1 from the countertop 1.'),
    ],
    candidates: candidateSegments(['go to fridge 1', 'go to microwave 1', 'go to cabinet 1', 'examine egg 1', 'put egg 1 in/on countertop 1', 'look']),
  },
  {
    name: 'alfworld-heat-no-rule',
    prefix: [
      headerSegment('Your task is to: put a hot egg in fridge.', []),
      observationSegment('You are in the middle of a room. Looking quickly around you, you see a cabinet 2, a cabinet 1, a countertop 1, a fridge 1, a microwave 1, and a sinkbasin 1.'),
      actionSegment('go to countertop 1'),
      observationSegment('On the countertop 1, you see a egg 1, a knife 1, and a mug 2.'),
      actionSegment('take egg 1 from countertop 1'),
      observationSegment('You pick up the egg 1 from the countertop 1.'),
    ],
    candidates: candidateSegments(['go to fridge 1', 'go to microwave 1', 'go to cabinet 1', 'examine egg 1']),
  },
  {
    name: 'webshop-item-page',
    prefix: [
      headerSegment('i need a camera that is easy to use with color: black, and price lower than 30.00 dollars', []),
      observationSegment('Webshop Instruction: i need a camera that is easy to use with color: black, and price lower than 30.00 dollars [Search]'),
      actionSegment('search[a camera that is easy to use]'),
      observationSegment(RESULTS_PAGE),
      actionSegment('click[B0UUC6X5DV]', productLabels(RESULTS_PAGE)),
      observationSegment('[Back to Search] [< Prev] color [bronze][black] Finlu Camera, Easy To Use Price: $8.99 Rating: N.A. [Description] [Features] [Reviews] [Buy Now]'),
    ],
    candidates: candidateSegments(['click[black]', 'click[bronze]', 'click[Buy Now]', 'click[Description]', 'search[camera easy use black]']),
  },
];
