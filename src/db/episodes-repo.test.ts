import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../core/learn/records';
import { checkpointForEpisode, getEpisode, listEpisodeSummaries, syncEpisodeSummaries } from './episodes-repo';
import { LabDatabase } from './schema';

let db: LabDatabase;
let counter = 0;
beforeEach(async () => {
  db = new LabDatabase(`episodes-test-${counter++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function episode(id: string, iteration: number, success: boolean): EpisodeRecord {
  const step = { observation: 'You are in the middle of a room.', actions: ['look', 'go to sink 1'], probs: [0.4, 0.6], chosen: 1, action: 'go to sink 1', ruleIds: [], reward: 0, done: false };
  return {
    id, taskId: 'train-7', env: 'alfworld', split: 'train', taskType: 'pick_heat_then_place', goal: 'heat an egg', purpose: 'train',
    iteration, group: 0, index: 0, withRules: true, temperature: 1, steps: [step, { ...step, done: true }], success, reward: success ? 1 : 0,
  };
}

describe('episode summaries', () => {
  it('summarizes new episodes once, in batches, and drops those of a deleted run', async () => {
    await db.runEpisodes.bulkAdd([
      { ...episode('it0-g0-e0', 0, false), runId: 'a' },
      { ...episode('it0-g0-e1', 0, true), runId: 'a' },
      { ...episode('it1-g0-e0', 1, true), runId: 'b' },
    ]);
    const progress: number[] = [];
    expect(await syncEpisodeSummaries(db, { batch: 2, onProgress: (done) => progress.push(done) })).toEqual({ added: 3, removed: 0 });
    expect(progress).toEqual([2, 3]);
    const summaries = await listEpisodeSummaries(db);
    expect(summaries.find((s) => s.runId === 'a' && s.id === 'it0-g0-e1')).toEqual({
      runId: 'a', id: 'it0-g0-e1', taskId: 'train-7', env: 'alfworld', taskType: 'pick_heat_then_place', split: 'train', purpose: 'train',
      iteration: 0, withRules: true, success: true, reward: 1, steps: 2,
    });
    // Nothing new: nothing read again.
    expect(await syncEpisodeSummaries(db)).toEqual({ added: 0, removed: 0 });
    await db.runEpisodes.where('runId').equals('a').delete();
    expect(await syncEpisodeSummaries(db)).toEqual({ added: 0, removed: 2 });
    expect((await listEpisodeSummaries(db)).map((s) => s.id)).toEqual(['it1-g0-e0']);
  });

  it('a sync asked for while one runs passes again after it, so episodes written meanwhile are summarized', async () => {
    await db.runEpisodes.add({ ...episode('it0-g0-e0', 0, false), runId: 'a' });
    const first = syncEpisodeSummaries(db, { batch: 1 });
    await db.runEpisodes.add({ ...episode('it1-g0-e0', 1, true), runId: 'a' });
    const second = syncEpisodeSummaries(db, { batch: 1 });
    await Promise.all([first, second]);
    expect((await listEpisodeSummaries(db)).map((s) => s.id).sort()).toEqual(['it0-g0-e0', 'it1-g0-e0']);
  });

  it('answers null for an unknown episode and picks the checkpoint the episode was played with', async () => {
    expect(await getEpisode(db, 'nope', 'x')).toBeNull();
    await db.runCheckpoints.bulkAdd([
      { runId: 'a', iteration: 0, json: '{"i":0}', createdAt: 0 },
      { runId: 'a', iteration: 2, json: '{"i":2}', createdAt: 0 },
    ]);
    expect(await checkpointForEpisode(db, 'a', 0)).toEqual({ iteration: 0, json: '{"i":0}', exact: true });
    expect(await checkpointForEpisode(db, 'a', 1)).toEqual({ iteration: 2, json: '{"i":2}', exact: false });
    expect(await checkpointForEpisode(db, 'b', 0)).toBeNull();
  });
});
