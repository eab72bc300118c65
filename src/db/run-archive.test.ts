import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunDirectory } from '../../cli/lib/run-files';
import { toCheckpoint } from '../core/learn/checkpoint';
import { defaultRunConfig } from '../core/learn/config';
import type { LearnerState } from '../core/learn/jerp';
import type { EpisodeRecord } from '../core/learn/records';
import type { RunEvaluation } from '../core/learn/summary';
import { rulesFile } from '../core/learn/run-format';
import { createPool } from '../core/rules/pool';
import { runFiles, zipRunFiles } from './run-export';
import { importRun, RunImportError } from './run-import';
import { commitIteration, createRun } from './runs-repo';
import { LabDatabase } from './schema';

const config = { ...defaultRunConfig('alfworld', 'rules-only', 3), episodes: 4, groupSize: 2 };
const info = { format: 'jerp-run/1', name: 'alfworld-rules-only-s3', config, seed: 3 };

function episode(index: number): EpisodeRecord {
  return {
    id: `it0-g0-e${index}`, taskId: 'train/x', env: 'alfworld', split: 'train', taskType: 'pick_and_place_simple', goal: 'put a cup in cabinet',
    purpose: 'train', iteration: 0, group: 0, index, withRules: true, temperature: 1,
    steps: [{ observation: 'You are in the middle of a room.', actions: ['look', 'inventory'], probs: [0.25, 0.75], chosen: 1, action: 'inventory', ruleIds: [], reward: 0, done: false }],
    success: index === 1, reward: index === 1 ? 1 : 0,
  };
}

const summary = { tasks: 2, success: 0.5, score: 0.5, perTaskType: {}, invalidActionRate: 0.1, meanSteps: 20, failureClasses: { search: 1, procedure: 0, other: 0 } };
const evaluation: RunEvaluation = {
  env: 'alfworld', split: 'valid_unseen', method: 'rules-only', seed: 3, episodes: 4, iteration: 1,
  withRules: summary, withoutRules: summary, rules: { active: 0, absorbed: 0, removed: 0, pinned: 0 }, seconds: { train: 1.5, eval: 0.25 },
};

const state0: LearnerState = { iteration: 0, episodesDone: 0, policy: null, pool: createPool({ capacity: 10 }), archive: {} };
const state1: LearnerState = { ...state0, iteration: 1, episodesDone: 2 };
const metrics = { 'charts/train_success': 0.5, 'rules/active': 0, 'time/rollout_s': 0.125 };

let db: LabDatabase;
let counter = 0;
let dir: string;
beforeEach(async () => {
  db = new LabDatabase(`archive-test-${counter++}`);
  await db.open();
  dir = mkdtempSync(join(tmpdir(), 'jerp-archive-'));
  await createRun(db, { id: 'r', name: info.name, config, totalIterations: 2, info, checkpointJson: JSON.stringify(toCheckpoint(state0, 3)), pool: state0.pool });
  await commitIteration(db, 'r', { iteration: 1, episodesDone: 2, episodes: [episode(0), episode(1)], metrics, checkpointJson: JSON.stringify(toCheckpoint(state1, 3)), pool: state1.pool, status: 'paused' });
});
afterEach(async () => {
  await db.delete();
  rmSync(dir, { recursive: true, force: true });
});

async function snapshot() {
  return { runs: await db.runs.count(), episodes: await db.runEpisodes.count(), metrics: await db.metrics.count(), checkpoints: await db.runCheckpoints.count(), pools: await db.runPools.count() };
}

describe('run export and import', () => {
  it('exports exactly the files the CLI writes for the same run', async () => {
    const cli = new RunDirectory(dir);
    cli.create();
    cli.writeRunInfo(info);
    cli.writeCheckpoint(0, toCheckpoint(state0, 3));
    cli.appendEpisodes([episode(0), episode(1)]);
    cli.appendMetrics(0, 2, metrics);
    cli.writeCheckpoint(1, toCheckpoint(state1, 3));
    cli.writeRules(rulesFile(state1.pool));
    cli.writeEvaluation(evaluation);
    await db.runs.update('r', { evaluation });
    const files = await runFiles(db, 'r');
    expect(Object.keys(files).sort()).toEqual(['checkpoints/iter-000000.json', 'checkpoints/iter-000001.json', 'episodes.jsonl', 'eval.json', 'metrics.csv', 'rules.json', 'run.json']);
    for (const [path, text] of Object.entries(files)) expect(text, path).toBe(readFileSync(join(dir, path), 'utf8'));
  });

  it('imports its own export as a new run with the same files', async () => {
    await db.runs.update('r', { evaluation });
    const zip = zipRunFiles(await runFiles(db, 'r'));
    const imported = await importRun(db, zip, 5000);
    expect(imported).toMatchObject({ name: info.name, status: 'paused', evaluation, iteration: 1, episodesDone: 2, totalIterations: 2 });
    expect(await runFiles(db, imported.id)).toEqual(await runFiles(db, 'r'));
  });

  it('refuses malformed, truncated and oversized files with a message, writing nothing', async () => {
    const files = await runFiles(db, 'r');
    const zip = zipRunFiles(files);
    const before = await snapshot();
    const broken = (changes: Record<string, string | null>) => {
      const next: Record<string, Uint8Array> = {};
      for (const [path, text] of Object.entries({ ...files, ...changes })) if (text !== null) next[path] = strToU8(text);
      return zipSync(next);
    };
    const cases: Array<[Uint8Array, RegExp]> = [
      [zip.slice(0, zip.length >> 1), /not a readable zip archive/],
      [strToU8('hello'), /not a readable zip archive/],
      [broken({ 'run.json': null }), /no run\.json/],
      [broken({ 'run.json': '{"format":"jerp-run/1","name":"x","config":{}}' }), /^run\.json: config\.env/],
      [broken({ 'episodes.jsonl': `${files['episodes.jsonl']}{"id":"it0-g0-e9","taskId":` }), /episodes\.jsonl: line 3 is not valid JSON/],
      [broken({ 'episodes.jsonl': files['episodes.jsonl'].replace('"success":false', '"success":"no"') }), /episodes\.jsonl line 1: success/],
      [broken({ 'metrics.csv': `${files['metrics.csv']}0,2,charts/x` }), /metrics\.csv row 5/],
      [broken({ 'checkpoints/iter-000001.json': files['checkpoints/iter-000000.json'] }), /holds iteration 0, not 1/],
      [broken({ 'checkpoints/iter-000000.json': null, 'checkpoints/iter-000001.json': null }), /no checkpoints/],
    ];
    for (const [bytes, message] of cases) {
      const error = await importRun(db, bytes).catch((e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(RunImportError);
      expect((error as Error).message).toMatch(message);
    }
    await expect(importRun(db, zip, Date.now(), { maxBytes: 100, maxUnpackedBytes: 1e9 })).rejects.toThrow(/runs up to 0\.00 MiB/);
    await expect(importRun(db, zip, Date.now(), { maxBytes: 1e9, maxUnpackedBytes: 100 })).rejects.toThrow(/unpacks to more than/);
    expect(await snapshot()).toEqual(before);
  });

  it('reads a zipped run directory with its folder at the root', async () => {
    const files = await runFiles(db, 'r');
    const nested = zipSync(Object.fromEntries(Object.entries(files).map(([p, t]) => [`alfworld-rules-only-s3/${p}`, strToU8(t)])));
    const imported = await importRun(db, nested, 6000);
    expect(Object.keys(unzipSync(zipRunFiles(await runFiles(db, imported.id)))).length).toBe(6);
    expect(strFromU8(unzipSync(nested)['alfworld-rules-only-s3/metrics.csv'])).toBe(files['metrics.csv']);
  });
});
