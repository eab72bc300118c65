/**
 * The JERP loop with the real embedded model (small budgets): held-out tasks never feed the learner,
 * a resumed run equals an uninterrupted one, and a short JERP run beats the base model on the
 * held-out games of the task types it learned rules for.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellStopped, runCell } from '../../../cli/lib/cell';
import { loadNodeModel } from '../../../cli/lib/model-node';
import { nodeDataReader } from '../../../cli/lib/node-data-reader';
import { RunDirectory } from '../../../cli/lib/run-files';
import type { LanguageModel } from '../llm/types';
import { createPool } from '../rules/pool';
import { loadTaskSource, type TaskSource } from '../tasks';
import { defaultRunConfig, type RunConfig } from './config';
import { evaluateHeldOut } from './evaluate';
import { HeldOutLeakError, type LearnerState, promptRules, runIteration } from './jerp';
import { createPolicyState, policyScorer } from './policy-state';
import { policyContextFor } from '../../../cli/lib/cell';
import { BASE_SCORER } from './rollout';

let model: LanguageModel;
let tasks: TaskSource;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jerp-test-'));
  dirs.push(dir);
  return dir;
}

function smallConfig(method: RunConfig['method'], overrides: Partial<RunConfig> = {}): RunConfig {
  return { ...defaultRunConfig('alfworld', method, 7), episodes: 8, groupSize: 4, ...overrides };
}

async function freshState(config: RunConfig): Promise<LearnerState> {
  return { iteration: 0, episodesDone: 0, policy: createPolicyState(config, await policyContextFor(config, model)), pool: createPool(), archive: {} };
}

beforeAll(async () => {
  model = await loadNodeModel({ threads: 1 });
  tasks = await loadTaskSource({ env: 'alfworld' }, nodeDataReader());
}, 60_000);

afterAll(async () => {
  await model?.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('held-out guard', () => {
  it('refuses a held-out task drawn for training before playing it', async () => {
    const config = smallConfig('jerp');
    const leaky: TaskSource = { ...tasks, sampleTrain: () => [tasks.heldOut[0]] };
    await expect(runIteration(await freshState(config), config, { model, tasks: leaky })).rejects.toThrow(HeldOutLeakError);
  });

  it('keeps every rollout, reference, provenance and archive entry on the training split', async () => {
    const config = smallConfig('jerp', { seed: 3 });
    let state = await freshState(config);
    const trainEpisodeIds = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const result = await runIteration(state, config, { model, tasks });
      for (const e of result.episodes) {
        expect(e.split).toBe('train');
        expect(tasks.isTrain({ id: e.taskId, split: e.split })).toBe(true);
        trainEpisodeIds.add(e.id);
      }
      state = result.state;
    }
    for (const op of state.pool.ops) {
      for (const id of [op.provenance.failedEpisode, op.provenance.referenceEpisode]) if (id !== undefined) expect(trainEpisodeIds.has(id)).toBe(true);
    }
    for (const rule of state.pool.rules) for (const s of rule.decisiveStates) expect(tasks.isTrain(tasks.taskById(s.taskId)!)).toBe(true);
    for (const e of Object.values(state.archive)) expect(e.split).toBe('train');
    // The held-out games are a different set: none of them was played for training.
    const heldOutIds = new Set(tasks.heldOut.map((t) => t.id));
    expect([...trainEpisodeIds].length).toBeGreaterThan(0);
    expect(Object.keys(state.archive).some((id) => heldOutIds.has(id))).toBe(false);
  }, 120_000);
});

describe('resume', () => {
  it('a run stopped after one iteration and resumed equals an uninterrupted run', async () => {
    const config = smallConfig('jerp-gigpo', { episodes: 12, seed: 5 });
    const whole = tempDir();
    const split = tempDir();
    const evalLimit = 3;
    await runCell({ config, dir: whole, resume: false, model, evalLimit });
    await expect(runCell({ config, dir: split, resume: false, model, evalLimit, stopAfter: 1 })).rejects.toThrow(CellStopped);
    await runCell({ config, dir: split, resume: true, model, evalLimit });

    const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
    expect(read(split, 'episodes.jsonl')).toBe(read(whole, 'episodes.jsonl'));
    expect(read(split, 'rules.json')).toBe(read(whole, 'rules.json'));
    const last = (dir: string) => JSON.stringify(new RunDirectory(dir).latestCheckpoint()?.checkpoint);
    expect(last(split)).toBe(last(whole));
    // Timings differ; every other metric row is the same.
    const rows = (dir: string) => new RunDirectory(dir).readMetrics().filter((r) => !r.name.startsWith('time/'));
    expect(rows(split)).toEqual(rows(whole));
    const evaluation = (dir: string) => ({ ...new RunDirectory(dir).readEvaluation()!, seconds: null });
    expect(evaluation(split)).toEqual(evaluation(whole));
  }, 150_000);
});

describe('learning', () => {
  it('a short JERP run beats the base model on held-out games of the task types it learned rules for', async () => {
    const config = smallConfig('jerp', { episodes: 24, groupSize: 8, seed: 1 });
    let state = await freshState(config);
    for (let i = 0; i < 3; i++) state = (await runIteration(state, config, { model, tasks })).state;
    const learnedTypes = new Set(state.pool.rules.filter((r) => r.status === 'active' && r.family === 'procedure').map((r) => r.taskType));
    expect(learnedTypes.size).toBeGreaterThan(0);
    // The first held-out games of those types, as their own small held-out set.
    const chosen = tasks.heldOut.filter((t) => learnedTypes.has(t.taskType)).slice(0, 12);
    const subset: TaskSource = { ...tasks, heldOut: chosen };
    const base = await evaluateHeldOut({ tasks: subset, model, scorer: BASE_SCORER, rulesFor: null, tag: 'base', iteration: 0 });
    const jerp = await evaluateHeldOut({
      tasks: subset, model, scorer: policyScorer(state.policy, false), tag: 'jerp', iteration: state.iteration,
      rulesFor: (task, observation) => promptRules(state.pool, config, task, observation),
    });
    expect(jerp.episodes.every((e) => e.withRules)).toBe(true);
    expect(jerp.summary.success).toBeGreaterThan(base.summary.success);
  }, 150_000);
});
