/**
 * The same seeds give the same results whatever --jobs is: a tiny real experiment (the embedded
 * model, two cells in child processes) run with --jobs 1 and --jobs 2 writes identical results and
 * identical episodes and rule pools in every run folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import type { CommandIO } from '../command';
import group from './experiment';

const root = mkdtempSync(join(tmpdir(), 'jerp-jobs-'));
const quiet: CommandIO = { log: () => {}, error: () => {}, json: () => {}, isTTY: false };

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function experiment(jobs: number): Promise<string> {
  const out = join(root, `jobs${jobs}`);
  const argv = ['--env', 'alfworld', '--methods', 'jerp', '--seeds', '1,2', '--episodes', '8', '--held-out-limit', '2', '--jobs', String(jobs), '--out', out];
  expect(await group.subcommands.run.run(parseArgs(argv), quiet)).toBe(0);
  return out;
}

describe('experiment --jobs', () => {
  it('gives the same results with one job and with two', async () => {
    const one = await experiment(1);
    const two = await experiment(2);
    const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
    expect(read(two, 'results.json')).toBe(read(one, 'results.json'));
    for (const cell of ['alfworld-jerp-s1', 'alfworld-jerp-s2']) {
      expect(read(two, `${cell}/episodes.jsonl`)).toBe(read(one, `${cell}/episodes.jsonl`));
      expect(read(two, `${cell}/rules.json`)).toBe(read(one, `${cell}/rules.json`));
    }
  }, 240_000);
});
