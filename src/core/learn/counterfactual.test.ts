/**
 * The counterfactual of a recorded step, with the real model: at the decisive step of a heat game
 * played with the heat rule in the prompt, removing the rule changes the distribution (the rule is
 * what sends the agent to the microwave), and each row is a distribution over the same candidates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel } from '../../../cli/lib/model-node';
import { nodeDataReader } from '../../../cli/lib/node-data-reader';
import type { LanguageModel } from '../llm/types';
import { oracleTemplate } from '../rules/templates';
import { loadTaskSource, type TaskSource } from '../tasks';
import { counterfactual } from './counterfactual';
import { BASE_SCORER, playEpisode } from './rollout';

let model: LanguageModel;
let tasks: TaskSource;

beforeAll(async () => {
  model = await loadNodeModel({ threads: 1 });
  tasks = await loadTaskSource({ env: 'alfworld' }, nodeDataReader());
}, 60_000);

afterAll(async () => {
  await model?.dispose();
});

describe('counterfactual', () => {
  it('gives the candidate probabilities without each retrieved rule at a recorded step', async () => {
    const task = tasks.heldOut.find((t) => t.taskType === 'pick_heat_then_place')!;
    const rule = { id: 'r1', text: oracleTemplate('alfworld', task.taskType).canonical };
    const episode = await playEpisode(tasks.make(task), model, {
      scorer: BASE_SCORER,
      temperature: 0,
      rulesAt: () => [rule],
      meta: { id: 'probe', purpose: 'eval', iteration: 0, group: 0, index: 0 },
    });
    // The step where the agent went to the microwave: the rule's advice.
    const step = episode.steps.findIndex((s) => s.action.startsWith('go to microwave'));
    expect(step).toBeGreaterThan(0);
    const result = await counterfactual({ episode, step, ruleText: (id) => (id === 'r1' ? rule.text : undefined), tasks, model, scorer: BASE_SCORER, temperature: 1 });
    const sum = (p: number[]) => p.reduce((a, b) => a + b, 0);
    expect(result.actions).toEqual(episode.steps[step].actions);
    expect(sum(result.withRules)).toBeCloseTo(1, 6);
    expect(sum(result.withoutRule.r1)).toBeCloseTo(1, 6);
    // Recomputed with the rule, the probabilities are the recorded ones (greedy episodes store softmax at 1).
    result.withRules.forEach((p, i) => expect(p).toBeCloseTo(episode.steps[step].probs[i], 4));
    // Without the rule the microwave loses probability.
    expect(result.withoutRule.r1[result.chosen]).toBeLessThan(result.withRules[result.chosen]);
  }, 60_000);
});
