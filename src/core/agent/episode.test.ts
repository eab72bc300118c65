import { describe, expect, it } from 'vitest';
import type { EnvObservation, TextEnvironment } from '../envs/types';
import type { CandidateScore, LanguageModel } from '../llm/types';
import { createRng } from '../util/rng';
import { runEpisode } from './episode';

/** A corridor: "forward" three times wins; "wait" does nothing. */
function corridor(): TextEnvironment {
  let pos = 0;
  let steps = 0;
  const obs = (text: string): EnvObservation => ({
    text,
    admissibleActions: pos >= 3 ? [] : ['wait', 'forward'],
    reward: pos >= 3 ? 1 : 0,
    done: pos >= 3 || steps >= 10,
    success: pos >= 3,
    step: steps,
  });
  return {
    task: { id: 'corridor', env: 'alfworld', split: 'train', taskType: 'pick_and_place', goal: 'Your task is to: reach the end.' },
    maxSteps: 10,
    reset() {
      pos = 0;
      steps = 0;
      return obs('You are at the start.');
    },
    step(action) {
      steps++;
      if (action === 'forward') pos++;
      return obs(`You are at ${pos}.`);
    },
  };
}

/** Scores " forward\n" higher; records the prefixes it was asked about. */
function stubModel(prefixes: string[][]): LanguageModel {
  return {
    info: { id: 'stub', params: 0, bytes: 0, dtype: 'fp32', hiddenSize: 0, vocabSize: 0, contextLength: 0, device: 'cpu', hasHiddenState: false },
    tokenizeSegments: () => [],
    async scoreCandidates(prefix, candidates): Promise<CandidateScore[]> {
      prefixes.push([...prefix]);
      return candidates.map((c) => ({ logProb: c === ' forward\n' ? -0.5 : -1.5, tokenIds: [], tokenLogProbs: [] }));
    },
    generate: async () => '',
    dispose: async () => {},
  };
}

describe('runEpisode', () => {
  it('greedily follows the best-scored action and builds the agent prompt', async () => {
    const prefixes: string[][] = [];
    const t = await runEpisode(corridor(), stubModel(prefixes), { rules: ['Always go forward.'] });
    expect(t.success).toBe(true);
    expect(t.steps.map((s) => s.action)).toEqual(['forward', 'forward', 'forward']);
    expect(prefixes[0][0]).toBe('Task: reach the end.\nRule: Always go forward.\n');
    expect(prefixes[0][1]).toBe('You are at the start.\n>');
    expect(prefixes[2].slice(2)).toEqual([' forward\n', 'You are at 1.\n>', ' forward\n', 'You are at 2.\n>']);
    expect(t.steps[0].probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('samples at temperature 1 with a seeded Rng, reproducibly', async () => {
    const run = () => runEpisode(corridor(), stubModel([]), { temperature: 1, rng: createRng(3) });
    const [a, b] = [await run(), await run()];
    expect(a.steps.map((s) => s.action)).toEqual(b.steps.map((s) => s.action));
    expect(a.steps.length).toBeGreaterThanOrEqual(3);
  });
});
