/**
 * The worker's training control (Start, Pause, Step, Stop, Resume) on fake IndexedDB with a stub
 * model: every path commits whole iterations, and a run paused, stopped, stepped and resumed from
 * its stored checkpoint ends exactly where an uninterrupted run of the same config ends.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { defaultRunConfig, type RunConfig } from '../src/core/learn/config';
import { db } from '../src/db/instance';
import type { TrainProgress, WorkerEvent } from '../src/protocol/messages';
import { editRule, evaluateNow, pauseTraining, resumeTraining, STORAGE_FULL_MESSAGE, startTraining, stepTraining, stopTraining, TrainingBusyError } from './trainer';

vi.mock('./model-host', async () => {
  const { stubModel } = await import('../src/core/learn/stub-model.fixture');
  const model = stubModel();
  return { currentModel: () => model };
});

vi.mock('./trainer-setup', async () => {
  const { loadTaskSource } = await import('../src/core/tasks');
  const { nodeDataReader } = await import('../cli/lib/node-data-reader');
  const { STUB_VOCAB } = await import('../src/core/learn/stub-model.fixture');
  const reader = nodeDataReader();
  return {
    loadRunTasks: (config: RunConfig) => loadTaskSource({ env: config.env, ...config.tasks, heldOutLimit: config.tasks.heldOutLimit ?? undefined }, reader),
    browserPolicyContext: async () => ({ outputTable: null, vocabSize: STUB_VOCAB }),
    browserRunInfo: (config: RunConfig) => ({ format: 'jerp-run/1', name: 'test', config }),
  };
});

const base = defaultRunConfig('alfworld', 'jerp', 11);
const config: RunConfig = { ...base, episodes: 6, groupSize: 2, tasks: { ...base.tasks, heldOutLimit: 2 } };
const events: WorkerEvent[] = [];
let onEvent: ((event: WorkerEvent) => void) | null = null;
const emit = (event: WorkerEvent) => {
  events.push(event);
  onEvent?.(event);
};

/** Resolves with the first progress report of a run (from now on) that settles in `status`. */
function settled(runId: string, status: TrainProgress['status']): Promise<TrainProgress> {
  const from = events.length;
  return vi.waitFor(
    () => {
      const hit = events.slice(from).find((e): e is Extract<WorkerEvent, { type: 'train.progress' }> => e.type === 'train.progress' && e.progress.runId === runId && e.progress.status === status);
      if (!hit) throw new Error(`run ${runId} is not ${status} yet`);
      return hit.progress;
    },
    { timeout: 30_000, interval: 20 },
  );
}

async function lastCheckpoint(runId: string): Promise<string> {
  const rows = await db.runCheckpoints.where('runId').equals(runId).sortBy('iteration');
  return rows.at(-1)!.json;
}

/** The run trained without interruption by the first test: what the others must end equal to. */
let wholeRunId = '';

describe('worker trainer', () => {
  it('trains to the end, and pause/stop/step/resume end at the same state', async () => {
    const whole = await startTraining(config, emit);
    wholeRunId = whole.runId;
    await expect(startTraining(config, emit)).rejects.toBeInstanceOf(TrainingBusyError);
    const done = await settled(whole.runId, 'finished');
    expect(done).toMatchObject({ iteration: 3, totalIterations: 3, episodesDone: 6 });
    expect(await db.runs.get(whole.runId)).toMatchObject({ status: 'finished', iteration: 3, episodesDone: 6, evaluation: { iteration: 3, withoutRules: { tasks: 2 } } });
    expect(await db.metrics.where('[runId+name]').equals([whole.runId, 'eval/success_without_rules']).count()).toBe(1);
    expect(await db.runCheckpoints.where('runId').equals(whole.runId).count()).toBe(4);
    // Three iterations, then the evaluation's eval/… rows.
    const iterations = events.filter((e): e is Extract<WorkerEvent, { type: 'train.iteration' }> => e.type === 'train.iteration');
    expect(iterations).toHaveLength(4);
    // Each training iteration reports how long its commit took (the Lab shows it); the evaluation's does not.
    expect(iterations.slice(0, 3).every((e) => typeof e.commitMs === 'number' && e.commitMs >= 0)).toBe(true);
    expect(iterations[3].commitMs).toBeUndefined();

    const pieces = await startTraining(config, emit);
    const paused = settled(pieces.runId, 'paused');
    expect(pauseTraining(emit).runId).toBe(pieces.runId);
    expect((await paused).iteration).toBe(1);
    // Stopping drops the run from the worker's memory: the next step reads its checkpoint from the database.
    await stopTraining(pieces.runId, emit);
    expect((await db.runs.get(pieces.runId))?.status).toBe('stopped');
    const stepped = settled(pieces.runId, 'paused');
    await stepTraining(pieces.runId, emit);
    expect((await stepped).iteration).toBe(2);
    const finished = settled(pieces.runId, 'finished');
    await resumeTraining(pieces.runId, emit);
    expect((await finished).iteration).toBe(3);
    expect(await db.runEpisodes.where('runId').equals(pieces.runId).filter((e) => e.purpose === 'train').count()).toBe(6);
    expect(await lastCheckpoint(pieces.runId)).toBe(await lastCheckpoint(whole.runId));
    const { evaluation: a } = (await db.runs.get(pieces.runId))!;
    const { evaluation: b } = (await db.runs.get(whole.runId))!;
    expect({ ...a, seconds: null }).toEqual({ ...b, seconds: null });
  }, 60_000);

  it("takes a person's rule edit at the next decision of the iteration in flight, and keeps it across a stop and resume", async () => {
    const { runId } = await startTraining({ ...config, method: 'rules-only' }, emit);
    let added: Promise<{ ruleId: string }> | null = null;
    // The first played episode's progress report arrives while the iteration is in flight.
    onEvent = (event) => {
      if (added || event.type !== 'train.progress' || event.progress.runId !== runId || event.progress.episodesDone !== 1) return;
      added = editRule(runId, { kind: 'add', env: 'alfworld', taskType: null, text: 'Look in every receptacle before giving up.', pinned: true });
      pauseTraining(emit);
    };
    await settled(runId, 'paused');
    onEvent = null;
    const { ruleId } = await added!;
    const [first, second] = await db.runEpisodes.where('[runId+iteration]').equals([runId, 0]).sortBy('index');
    expect(first.steps[0].ruleIds).not.toContain(ruleId);
    expect(second.steps[0].ruleIds).toContain(ruleId);
    expect(second.steps[0].ruleVersions?.[second.steps[0].ruleIds.indexOf(ruleId)]).toBe(1);

    // Stopped, the run is no longer in the worker: the edit goes to the stored checkpoint, and the resumed run reads it.
    await stopTraining(runId, emit);
    await editRule(runId, { kind: 'edit', ruleId, text: 'Look inside every receptacle before giving up.' });
    await expect(editRule(runId, { kind: 'add', env: 'alfworld', taskType: null, text: 'look inside every receptacle before giving up.' })).rejects.toThrow(/already says this/);
    const stepped = settled(runId, 'paused');
    await stepTraining(runId, emit);
    await stepped;
    const later = await db.runEpisodes.where('[runId+iteration]').equals([runId, 1]).first();
    const at = later!.steps[0].ruleIds.indexOf(ruleId);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(later!.steps[0].ruleVersions?.[at]).toBe(2);
    const pool = (await db.runPools.get(runId))!.pool;
    expect(pool.versions.find((v) => v.ruleId === ruleId && v.version === 2)).toMatchObject({ op: 'EDIT', text: 'Look inside every receptacle before giving up.', provenance: { source: 'user' } });
    await stopTraining(runId, emit);
  }, 60_000);

  it('evaluates on the held-out tasks at an interval and on demand, without changing what the run learns', async () => {
    const { runId } = await startTraining(config, emit, { evalEvery: 1 });
    await settled(runId, 'finished');
    const evalRows = await db.metrics.where('[runId+name]').equals([runId, 'eval/success_without_rules']).sortBy('iteration');
    // After iterations 1 and 2 by the interval, and after the last (3) as every run is.
    expect(evalRows.map((r) => r.iteration)).toEqual([1, 2, 3]);
    expect(await lastCheckpoint(runId)).toBe(await lastCheckpoint(wholeRunId));
    await expect(evaluateNow(runId, emit)).rejects.toThrow(/finished/);

    const stopped = await startTraining(config, emit);
    await settled(stopped.runId, 'running');
    pauseTraining(emit);
    await settled(stopped.runId, 'paused');
    await stopTraining(stopped.runId, emit);
    expect(await evaluateNow(stopped.runId, emit)).toEqual({ runId: stopped.runId, queued: false });
    expect(await db.metrics.where('[runId+name]').equals([stopped.runId, 'eval/success_without_rules']).count()).toBe(1);
    expect((await db.runs.get(stopped.runId))?.status).toBe('stopped');
  }, 60_000);

  it('pauses on a full disk with nothing half-written, and resumes to the same end', async () => {
    const { runId } = await startTraining(config, emit);
    onEvent = (event) => {
      if (event.type !== 'train.iteration' || event.runId !== runId || event.iteration !== 1) return;
      onEvent = null;
      // The second iteration's commit hits the quota (as IndexedDB reports it) half-way through its transaction.
      vi.spyOn(db.runCheckpoints, 'add').mockImplementationOnce((() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as never);
    };
    const paused = await settled(runId, 'paused');
    vi.restoreAllMocks();
    expect(paused).toMatchObject({ iteration: 1, storageFull: true, error: STORAGE_FULL_MESSAGE });
    expect(await db.runs.get(runId)).toMatchObject({ status: 'paused', iteration: 1, episodesDone: 2 });
    expect(await db.runEpisodes.where('runId').equals(runId).count()).toBe(2);
    expect(await db.runCheckpoints.where('runId').equals(runId).count()).toBe(2);
    const finished = settled(runId, 'finished');
    await resumeTraining(runId, emit);
    await finished;
    expect(await lastCheckpoint(runId)).toBe(await lastCheckpoint(wholeRunId));
  }, 60_000);

  it("starts the pool from a person's library rules, pinned, and never from them for a method without rules", async () => {
    const library = [{ text: 'Open closed receptacles before searching elsewhere.', env: 'alfworld' as const, taskType: null, pinned: true, origin: 'user' as const }];
    const { runId } = await startTraining({ ...config, method: 'rules-only' }, emit, { initialRules: library });
    const first = (await db.runPools.get(runId))!.pool.rules[0];
    expect(first).toMatchObject({ id: 'r1', text: library[0].text, pinned: true, origin: 'user' });
    const stopped = settled(runId, 'stopped');
    await stopTraining(runId, emit);
    await stopped;
    const policyOnly = await startTraining({ ...config, method: 'policy-only' }, emit, { initialRules: library });
    expect((await db.runPools.get(policyOnly.runId))!.pool.rules).toHaveLength(0);
    const alsoStopped = settled(policyOnly.runId, 'stopped');
    await stopTraining(policyOnly.runId, emit);
    await alsoStopped;
  }, 60_000);
});
