/**
 * The Trajectories view's worker requests on a real CLI run (the e2e fixture) imported into fake
 * IndexedDB, with the real embedded model on Node: a counterfactual recomputes the recorded
 * probabilities with the step's rules, and the reflector's failure/reference pair aligns on the
 * milestone it diagnosed.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunConfig } from '../src/core/learn/config';
import { db } from '../src/db/instance';
import { importRun } from '../src/db/run-import';
import { episodeCounterfactual } from './counterfactual';
import { alignEpisodes } from './episode-align';

const model = vi.hoisted(() => ({ current: null as null | import('../src/core/llm/transformersModel').TransformersLanguageModel }));

vi.mock('./model-host', () => ({
  currentModel: () => {
    if (!model.current) throw new Error('model not loaded');
    return model.current;
  },
}));

// The browser fetches the shipped data and the ONNX file; on Node the CLI's readers do the same.
vi.mock('./trainer-setup', async () => {
  const { loadTaskSource } = await import('../src/core/tasks');
  const { nodeDataReader } = await import('../cli/lib/node-data-reader');
  const { policyContextFor } = await import('../cli/lib/cell');
  return {
    loadRunTasks: (config: RunConfig) => loadTaskSource({ env: config.env, ...config.tasks, heldOutLimit: config.tasks.heldOutLimit ?? undefined }, nodeDataReader()),
    browserPolicyContext: (m: Parameters<typeof policyContextFor>[1]) => policyContextFor({ model: { id: m.info.id, dtype: m.info.dtype } } as RunConfig, m),
  };
});

let runId: string;

beforeAll(async () => {
  const { loadNodeModel } = await import('../cli/lib/model-node');
  model.current = await loadNodeModel({ threads: 1 });
  runId = (await importRun(db, new Uint8Array(readFileSync('e2e/fixtures/trajectories-run.zip')))).id;
}, 60_000);

afterAll(async () => {
  await model.current?.dispose();
});

describe('episode.counterfactual', () => {
  it('puts the step back together: with its rule, the recorded probabilities; without it, another distribution', async () => {
    const episode = (await db.runEpisodes.get([runId, 'it1-g0-e2']))!;
    const step = episode.steps[1];
    expect(step.ruleIds).toEqual(['r1']);
    const result = await episodeCounterfactual({ runId, episodeId: 'it1-g0-e2', step: 1 });
    expect(result).toMatchObject({ checkpointIteration: 1, exactCheckpoint: true, cached: false, chosen: step.chosen, actions: step.actions });
    expect(result.rules).toEqual([expect.objectContaining({ id: 'r1', source: 'seen' })]);
    // Same model, same checkpoint's policy, same rule version: the recorded distribution again.
    result.withRules.forEach((p, i) => expect(p).toBeCloseTo(step.probs[i], 3));
    const without = result.withoutRule.r1;
    expect(without.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(Math.max(...without.map((p, i) => Math.abs(p - result.withRules[i])))).toBeGreaterThan(0.01);
    // Asked again: from the cache.
    expect(await episodeCounterfactual({ runId, episodeId: 'it1-g0-e2', step: 1 })).toMatchObject({ cached: true, ms: 0, withRules: result.withRules });
  }, 60_000);

  it('says which id or step is unknown', async () => {
    await expect(episodeCounterfactual({ runId: 'nope', episodeId: 'x', step: 0 })).rejects.toThrow('There is no run "nope" in this browser.');
    await expect(episodeCounterfactual({ runId, episodeId: 'it9-g0-e0', step: 0 })).rejects.toThrow('has no episode "it9-g0-e0"');
    await expect(episodeCounterfactual({ runId, episodeId: 'it1-g0-e2', step: 7 })).rejects.toThrow('has steps 1 to 7; step 8 is not one of them');
  });
});

describe('episode.align', () => {
  it("aligns the failure behind r1 with the reflector's reference and marks what it diagnosed", async () => {
    const { ops } = (await db.runPools.get(runId))!.pool;
    const add = ops.find((o) => o.kind === 'ADD' && o.ruleId === 'r1')!;
    const alignment = await alignEpisodes({ a: { runId, episodeId: add.provenance.failedEpisode! }, b: { runId, episodeId: add.provenance.referenceEpisode! } });
    expect(alignment.comparable).toBe(true);
    expect(alignment.divergence).toEqual({ milestone: 'transformed', missedBy: 'a' });
    expect(alignment.diagnosis).toMatchObject({ milestone: 'transformed', reference: 'b', summary: add.provenance.diagnosis });
    // The advice applies where the reference went to the microwave.
    expect(alignment.b.actions[alignment.diagnosis!.decisiveStep!]).toMatch(/^go to microwave/);
  });

  it('does not pretend to align episodes of different task types', async () => {
    const alignment = await alignEpisodes({ a: { runId, episodeId: 'it0-g0-e0' }, b: { runId, episodeId: (await db.runEpisodes.where('runId').equals(runId).filter((e) => e.purpose === 'eval').first())!.id } });
    expect(alignment).toMatchObject({ comparable: false, divergence: null, diagnosis: null });
    expect(alignment.reason).toContain('different milestones');
  });
});
