import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebShopEnv } from './env';
import { formatReactTranscript, parseReactPrompt, type TranscriptStep } from './react-transcript';
import { reactExampleCatalog, reactExampleGoal } from './react-example.fixture';
import { buildSearchIndex } from './search';

const examplePath = join(__dirname, '../../../../public/data/webshop/react_webshop_example.txt');

describe('ReAct renderer reproduces the published episode', () => {
  it('byte for byte, from a catalog holding its products', () => {
    const { text, actions } = parseReactPrompt(readFileSync(examplePath, 'utf8'));
    expect(actions).toHaveLength(7);
    const catalog = reactExampleCatalog();
    const env = createWebShopEnv({ catalog, index: buildSearchIndex(catalog), goal: reactExampleGoal, renderer: 'react' });
    const initial = env.reset().text;
    const steps: TranscriptStep[] = [];
    let last = env.reset();
    for (const action of actions) {
      last = env.step(action);
      steps.push({ action, observation: last.text });
    }
    expect(formatReactTranscript(initial, steps, { omitFinalObservation: true })).toBe(text);
    expect(last.done).toBe(true);
    expect(last.reward).toBe(1);
    expect(last.success).toBe(true);
  });

  it('marks chosen options and answers invalid actions as ReAct did', () => {
    const catalog = reactExampleCatalog();
    const env = createWebShopEnv({ catalog, index: buildSearchIndex(catalog), goal: reactExampleGoal, renderer: 'react' });
    env.reset();
    env.step('search[3 ounce bright citrus deodorant sensitive skin]');
    expect(env.step('click[Nonexistent]').text).toBe('Invalid action!');
    env.step('click[B078GWRC1J]');
    env.step('click[bright citrus]');
    env.step('click[Description]');
    const item = env.step('click[< Prev]').text;
    expect(item).toContain('scent [assorted scents][[bright citrus]][calming lavender]');
    // ReAct's webshop_text on WebShop's templates gives these texts; the published episode adds one space.
    expect(env.step('click[Features]').text).toBe('\n[Back to Search] \n[< Prev] \n Natural deodorant safe for sensitive skin, pregnancy and breastfeeding.  ');
    env.step('click[< Prev]');
    expect(env.step('click[Reviews]').text).toBe('\n[Back to Search] \n[< Prev]  ');
    env.step('click[< Prev]');
    expect(env.step('click[Buy Now]').text).toBe('Your score (min 0.0, max 1.0): 0.75');
  });
});
