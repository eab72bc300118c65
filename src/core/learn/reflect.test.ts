/**
 * The reflector step as the loop calls it: the `llm` path with recorded replies from a stand-in
 * generator (a good reply becomes operations; a malformed one is rejected whole, with its reason),
 * the contrastive path on real episodes, and the refusal of `llm` on the embedded model.
 */
import { describe, expect, it } from 'vitest';
import type { LanguageModel } from '../llm/types';
import { alfworldEnv, expertActions, mistakenActions, recordEpisode, sceneOf } from '../rules/episodes.fixture';
import { traceMilestones } from '../rules/milestones';
import { createPool } from '../rules/pool';
import { assertReflectorAvailable, reflect } from './reflect';

/** Answers every generate() with a recorded reply; scoring is not used by the reflector. */
function recordedReplies(reply: string, params = 1.5e9, id = 'Qwen2.5-1.5B-Instruct'): LanguageModel {
  return {
    info: { id, params, bytes: 0, dtype: 'q4', hiddenSize: 0, vocabSize: 0, contextLength: 0, device: 'cpu', hasHiddenState: false },
    tokenizeSegments: () => [],
    scoreCandidates: () => Promise.reject(new Error('not used')),
    generate: () => Promise.resolve(reply),
    dispose: () => Promise.resolve(),
  };
}

function heatPair() {
  const scene = sceneOf('pick_heat_then_place');
  const failed = recordEpisode(alfworldEnv(scene), mistakenActions(scene), { id: 'it3-g0-e1' });
  const reference = recordEpisode(alfworldEnv(scene), expertActions(scene), { id: 'it3-g0-e0' });
  return {
    failed,
    reference,
    failedTrace: traceMilestones(alfworldEnv(scene), failed.steps.map((s) => s.action)),
    referenceTrace: traceMilestones(alfworldEnv(scene), reference.steps.map((s) => s.action)),
  };
}

describe('reflect', () => {
  it('turns a well-formed llm reply into operations with provenance', async () => {
    const reply = 'ADD [pick_heat_then_place]: When the task is to heat X: heat X in the microwave before you put it in Y.\n';
    const outcome = await reflect({ kind: 'llm', iteration: 3, ...heatPair(), pool: createPool(), model: recordedReplies(reply) });
    expect(outcome.rejected).toBeUndefined();
    expect(outcome.ops).toHaveLength(1);
    expect(outcome.ops[0]).toMatchObject({ kind: 'ADD', taskType: 'pick_heat_then_place', provenance: { iteration: 3, failedEpisode: 'it3-g0-e1', referenceEpisode: 'it3-g0-e0' } });
  });

  it('rejects a malformed llm reply whole and says why', async () => {
    const reply = 'ADD [pick_heat_then_place]: Heat it first.\nPlease also remember to be careful.\n';
    const outcome = await reflect({ kind: 'llm', iteration: 3, ...heatPair(), pool: createPool(), model: recordedReplies(reply) });
    expect(outcome.ops).toEqual([]);
    expect(outcome.rejected?.reply).toBe(reply);
    expect(outcome.rejected?.error).toMatch(/^line 2/);
  });

  it('the contrastive reflector writes the heat rule for a failure that skipped the microwave', async () => {
    const outcome = await reflect({ kind: 'contrastive', iteration: 3, ...heatPair(), pool: createPool(), model: recordedReplies('') });
    expect(outcome.ops.map((o) => [o.kind, o.text])).toEqual([['ADD', 'When the task is to heat X: take X first, then go to the microwave before the destination.']]);
  });

  it('refuses the llm reflector on the embedded model, with the reason', () => {
    expect(() => assertReflectorAvailable('llm', recordedReplies('', 2.36e6, 'jerp-tiny'))).toThrow(/llm reflector is unavailable: jerp-tiny/);
    expect(() => assertReflectorAvailable('contrastive', recordedReplies('', 2.36e6, 'jerp-tiny'))).not.toThrow();
  });
});
