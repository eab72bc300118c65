import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../cli/lib/node-data-reader';
import { type Checkpoint, fromCheckpoint, toCheckpoint } from '../core/learn/checkpoint';
import { defaultRunConfig, type RunConfig } from '../core/learn/config';
import { type IterationResult, iterationsFor, type LearnerState, runIteration } from '../core/learn/jerp';
import { createPolicyState, type PolicyContext } from '../core/learn/policy-state';
import { STUB_VOCAB as VOCAB, stubModel } from '../core/learn/stub-model.fixture';
import { createPool } from '../core/rules/pool';
import { loadTaskSource, type TaskSource } from '../core/tasks';
import { commitEvaluationMetrics, commitIteration, createRun, deleteRun, latestCheckpoint, markInterruptedRuns, readRunMetrics, RunCommitConflictError } from './runs-repo';
import { LabDatabase, VERSION_1_STORES } from './schema';

const context: PolicyContext = { outputTable: null, vocabSize: VOCAB };
const config: RunConfig = { ...defaultRunConfig('alfworld', 'jerp', 5), episodes: 4, groupSize: 2 };
let tasks: TaskSource;
let db: LabDatabase;
let counter = 0;

beforeAll(async () => {
  tasks = await loadTaskSource({ env: 'alfworld' }, nodeDataReader());
});
beforeEach(async () => {
  db = new LabDatabase(`runs-test-${counter++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function freshState(): LearnerState {
  return { iteration: 0, episodesDone: 0, policy: createPolicyState(config, context), pool: createPool({ capacity: config.pool.capacity }), archive: {} };
}

async function startRun(id: string, state: LearnerState): Promise<void> {
  await createRun(db, { id, name: id, config, totalIterations: iterationsFor(config), info: {}, checkpointJson: JSON.stringify(toCheckpoint(state, config.seed)), pool: state.pool }, 1);
}

function commitOf(result: IterationResult) {
  return {
    iteration: result.state.iteration,
    episodesDone: result.state.episodesDone,
    episodes: result.episodes,
    metrics: result.metrics,
    checkpointJson: JSON.stringify(toCheckpoint(result.state, config.seed)),
    pool: result.state.pool,
    status: 'running' as const,
  };
}

/** Metrics without wall-clock timings, which differ between any two runs. */
function untimed(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([name]) => !name.startsWith('time/')));
}

describe('runs repository', () => {
  it('resuming from the stored checkpoint gives the same next iteration as continuing in memory', async () => {
    const model = stubModel();
    await startRun('r', freshState());
    const first = await runIteration(freshState(), config, { model, tasks });
    await commitIteration(db, 'r', commitOf(first), 2);

    const continued = await runIteration(first.state, config, { model, tasks });
    const stored = await latestCheckpoint(db, 'r');
    expect(stored.iteration).toBe(1);
    const resumed = await runIteration(fromCheckpoint(JSON.parse(stored.json) as Checkpoint, context), config, { model, tasks });

    expect(resumed.episodes).toEqual(continued.episodes);
    expect(untimed(resumed.metrics)).toEqual(untimed(continued.metrics));
    expect(toCheckpoint(resumed.state, config.seed)).toEqual(toCheckpoint(continued.state, config.seed));
    expect(await db.runEpisodes.where('runId').equals('r').count()).toBe(2);
    expect((await db.metrics.where('runId').equals('r').toArray()).every((m) => m.iteration === 0 && m.episodes === 2)).toBe(true);
  }, 60_000);

  it('commits an iteration atomically: a failing write leaves nothing behind', async () => {
    const model = stubModel();
    await startRun('r', freshState());
    const first = await runIteration(freshState(), config, { model, tasks });
    // The same episode twice: bulkAdd fails on the duplicate key after the first was written.
    const broken = { ...commitOf(first), episodes: [first.episodes[0], first.episodes[0]] };
    await expect(commitIteration(db, 'r', broken)).rejects.toThrow();
    expect(await db.runEpisodes.count()).toBe(0);
    expect(await db.metrics.count()).toBe(0);
    expect(await db.runCheckpoints.count()).toBe(1);
    expect((await db.runs.get('r'))?.iteration).toBe(0);
    // An iteration that does not follow the last committed one is refused.
    await commitIteration(db, 'r', commitOf(first));
    await expect(commitIteration(db, 'r', commitOf(first))).rejects.toBeInstanceOf(RunCommitConflictError);
    expect(await db.runEpisodes.count()).toBe(2);
  }, 60_000);

  it('marks runs left running as interrupted, and deletes a run with everything it owns', async () => {
    await startRun('a', freshState());
    await startRun('b', freshState());
    await db.metrics.add({ runId: 'a', iteration: 0, name: 'charts/train_success', value: 1, episodes: 2, at: 1 });
    // A run another tab's worker is training (it holds the run's lock) is left running.
    expect(await markInterruptedRuns(db, new Set(['b']))).toBe(1);
    expect((await db.runs.get('b'))?.status).toBe('running');
    expect(await markInterruptedRuns(db)).toBe(1);
    expect((await db.runs.get('a'))?.status).toBe('interrupted');
    await deleteRun(db, 'a');
    expect(await db.runs.count()).toBe(1);
    expect(await db.metrics.count()).toBe(0);
    expect(await db.runCheckpoints.where('runId').equals('a').count()).toBe(0);
    expect(await db.runPools.get('a')).toBeUndefined();
    expect(await db.runCheckpoints.where('runId').equals('b').count()).toBe(1);
  });

  it('reads a run\'s metric rows incrementally, and all of them again once the known rows are no longer a prefix', async () => {
    await startRun('a', freshState());
    const row = (runId: string, iteration: number, name: string, value: number) => ({ runId, iteration, name, value, episodes: 2 * iteration, at: 1 });
    await db.metrics.bulkAdd([row('a', 1, 'charts/train_success', 0), row('b', 1, 'charts/train_success', 1), row('a', 1, 'eval/success_with_rules', 0.5)]);
    const first = await readRunMetrics(db, 'a');
    expect(first.map((m) => [m.iteration, m.name, m.value])).toEqual([[1, 'charts/train_success', 0], [1, 'eval/success_with_rules', 0.5]]);
    // Nothing new: the same array, so a chart keeps its draw.
    expect(await readRunMetrics(db, 'a', first)).toBe(first);
    await db.metrics.bulkAdd([row('b', 2, 'charts/train_success', 1), row('a', 2, 'charts/train_success', 1)]);
    const second = await readRunMetrics(db, 'a', first);
    expect(second.slice(0, 2)).toEqual(first);
    expect(second.map((m) => [m.iteration, m.value])).toEqual([[1, 0], [1, 0.5], [2, 1]]);
    // Evaluating iteration 1 again replaces its eval row (one deleted, one added: the count is unchanged).
    await commitEvaluationMetrics(db, 'a', 1, 2, { 'eval/success_with_rules': 0.75 });
    const third = await readRunMetrics(db, 'a', second);
    expect(third).toEqual(await db.metrics.where('runId').equals('a').toArray());
    expect(third.map((m) => [m.iteration, m.name, m.value])).toEqual([[1, 'charts/train_success', 0], [2, 'charts/train_success', 1], [1, 'eval/success_with_rules', 0.75]]);
  });
});

describe('schema version 2 migration', () => {
  it('keeps version 1 runs and metric rows, marking unfinished runs as not resumable', async () => {
    const name = `runs-migrate-${counter++}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(VERSION_1_STORES);
    await v1.table('runs').add({ id: 'old', name: 'old', createdAt: 1, updatedAt: 1, status: 'running', config: {}, iteration: 3 });
    await v1.table('metrics').add({ runId: 'old', iteration: 0, name: 'charts/x', value: 1, at: 1 });
    v1.close();

    const upgraded = new LabDatabase(name);
    await upgraded.open();
    expect(await upgraded.runs.get('old')).toMatchObject({ status: 'failed', iteration: 3, episodesDone: 0, totalIterations: 3 });
    expect((await upgraded.metrics.toArray())[0]).toMatchObject({ episodes: 0, value: 1 });
    expect(upgraded.tables.map((t) => t.name)).not.toContain('episodes');
    await upgraded.delete();
  });
});
