/**
 * Importing an experiment bundle (a real sweep's, made by `experiment bundle`: WebShop, base and
 * rules-only × seeds 1 and 2, run on the queue) into a real Dexie database (fake-indexeddb): every
 * cell becomes a run and the experiment links to them; a malformed bundle changes nothing and the
 * message names what is wrong.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importExperiment } from './experiment-import';
import { LabDatabase } from './schema';

const BUNDLE = new Uint8Array(readFileSync(join(process.cwd(), 'e2e/fixtures/sweep-webshop.zip')));
const CELLS = ['webshop-base-s1', 'webshop-rules-only-s1', 'webshop-base-s2', 'webshop-rules-only-s2'];

/** The bundle with one file changed (text) or removed (null). */
function edited(path: string, change: (text: string) => string | null): Uint8Array {
  const files = unzipSync(BUNDLE);
  const text = change(strFromU8(files[path]));
  if (text === null) delete files[path];
  else files[path] = strToU8(text);
  return zipSync(files);
}

let db: LabDatabase;
beforeEach(async () => {
  db = new LabDatabase(`experiments-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

async function counts() {
  return { experiments: await db.experiments.count(), runs: await db.runs.count(), episodes: await db.runEpisodes.count(), metrics: await db.metrics.count() };
}

describe('importExperiment', () => {
  it('stores every cell as a run and the experiment with links to them', async () => {
    const experiment = await importExperiment(db, BUNDLE, 'sweep-webshop.zip', 1000);
    expect(experiment.name).toBe('sweep-webshop');
    expect(Object.keys(experiment.runs).sort()).toEqual([...CELLS].sort());
    expect(experiment.results.methods['rules-only']?.pairedDiffToBase).toBeDefined();
    const stored = await db.experiments.get(experiment.id);
    expect(stored?.runs).toEqual(experiment.runs);
    for (const cell of CELLS) {
      const run = await db.runs.get(experiment.runs[cell]);
      expect(run?.name).toBe(cell);
      expect(run?.status).toBe('finished');
      expect(run?.evaluation?.seed).toBe(Number(cell.slice(-1)));
    }
    const zipped = unzipSync(BUNDLE);
    const lines = (cell: string) => strFromU8(zipped[`${cell}/episodes.jsonl`]).trim().split('\n').length;
    expect(await db.runEpisodes.count()).toBe(CELLS.reduce((n, c) => n + lines(c), 0));
    expect(await db.metrics.where('[runId+name]').equals([experiment.runs['webshop-rules-only-s1'], 'charts/train_success']).count()).toBe(2);
  });

  it.each([
    ['results.json', (t: string) => t.replace('"missing": []', '"missing": 3'), /^results\.json: .*missing/],
    ['experiment.json', () => null, /no experiment\.json/],
    ['webshop-base-s2/eval.json', () => null, /webshop-base-s2\/ has no eval\.json, yet results\.json counts that cell/],
    ['webshop-rules-only-s1/episodes.jsonl', (t: string) => t.replace('"purpose":"train"', '"purpose":"bogus"'), /^webshop-rules-only-s1\/: episodes\.jsonl line 1/],
    ['webshop-base-s1/run.json', (t: string) => t.replace('"seed": 1', '"seed": 7'), /^webshop-base-s1\/.*(seed|is the run webshop-base-s7)/],
  ])('refuses a bundle whose %s is wrong, and writes nothing', async (path, change, message) => {
    await importExperiment(db, BUNDLE, 'first.zip', 1); // something already stored must stay as it is
    const before = await counts();
    await expect(importExperiment(db, edited(path, change), 'bad.zip', 2)).rejects.toThrow(message);
    expect(await counts()).toEqual(before);
  });

  it('names a single run for what it is', async () => {
    const files = unzipSync(BUNDLE);
    const run = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('webshop-base-s1/')).map(([p, d]) => [p.slice('webshop-base-s1/'.length), d]));
    await expect(importExperiment(db, zipSync(run), 'run.zip')).rejects.toThrow(/single run, not an experiment: import it in the Runs view/);
    expect((await counts()).runs).toBe(0);
  });
});
