import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../args';
import { type CommandIO, UsageError } from '../command';
import group, { parseExperimentArgs, parseMethods, parseSeeds, planFromArgs } from './experiment';

// The command's children run the scheduler's fake cell instead of the model.
vi.mock('../lib/scheduler', async (importOriginal) => {
  const real = await importOriginal<typeof import('../lib/scheduler')>();
  const { fileURLToPath } = await import('node:url');
  const fixture = fileURLToPath(new URL('../lib/scheduler.fixture.ts', import.meta.url));
  return { ...real, runCells: (cells: Parameters<typeof real.runCells>[0], options: Parameters<typeof real.runCells>[1]) => real.runCells(cells, { ...options, childScript: fixture }) };
});

const plan = (argv: string[]) => planFromArgs(parseArgs(argv));
const usage = (argv: string[]) => expect(() => parseExperimentArgs(parseArgs(argv))).toThrow(UsageError);

describe('experiment arguments', () => {
  it('reads seeds as a count or a list', () => {
    expect(parseSeeds('3')).toEqual([1, 2, 3]);
    expect(parseSeeds('11,12,13')).toEqual([11, 12, 13]);
    for (const bad of ['0', 'a', '1.5', '1,,2', '7,', '-1', '2,2']) expect(() => parseSeeds(bad), bad).toThrow(UsageError);
  });

  it('reads methods in the canonical order and names unknown ones', () => {
    expect(parseMethods('jerp,base')).toEqual(['base', 'jerp']);
    expect(() => parseMethods('jerp,grpo')).toThrow(/unknown method "grpo"; methods: base, rules-only/);
    expect(() => parseMethods('jerp,jerp')).toThrow(UsageError);
  });

  it('defaults to all six methods on alfworld, seed-major', () => {
    const p = plan([]);
    expect(p).toMatchObject({ env: 'alfworld', split: 'valid_unseen', episodes: 128, seeds: [1, 2, 3] });
    expect(p.methods).toEqual(['base', 'rules-only', 'policy-only', 'jerp', 'jerp-decoupled', 'jerp-gigpo']);
    expect(p.cells).toHaveLength(18);
    expect(p.cells.slice(0, 2).map((c) => c.name)).toEqual(['alfworld-base-s1', 'alfworld-rules-only-s1']);
  });

  it('applies every flag to every cell config', () => {
    const p = plan([
      ...['--env', 'alfworld', '--methods', 'jerp', '--seeds', '5,9', '--episodes', '32', '--group-size', '4', '--temperature', '0.7'],
      ...['--retrieval', 'relevance', '--k', '3', '--train-source', 'mixed', '--held-out-split', 'valid_seen', '--held-out-limit', '20'],
      ...['--capacity', '6', '--reflector', 'contrastive'],
    ]);
    expect(p.cells.map((c) => c.name)).toEqual(['alfworld-jerp-s5', 'alfworld-jerp-s9']);
    expect(p.cells[1].config).toMatchObject({
      env: 'alfworld',
      method: 'jerp',
      seed: 9,
      episodes: 32,
      groupSize: 4,
      temperature: 0.7,
      retrieval: { mode: 'relevance', k: 3 },
      tasks: { trainSource: 'mixed', heldOutSplit: 'valid_seen', heldOutLimit: 20 },
      pool: { capacity: 6 },
      reflector: 'contrastive',
    });
    expect(p.split).toBe('valid_seen');
  });

  it('refuses the llm reflector on the embedded model before any cell starts, saying why', () => {
    expect(() => plan(['--reflector', 'llm'])).toThrow(/--reflector llm is unavailable: jerp-tiny .* cannot follow a reflection instruction/);
  });

  it('webshop defaults to its test split and 200 held-out tasks', () => {
    const p = plan(['--env', 'webshop', '--methods', 'base']);
    expect(p.cells[0].config.tasks).toEqual({ trainSource: 'real', heldOutSplit: 'test', heldOutLimit: 200 });
  });

  it('rejects bad flags with a usage error', () => {
    const out = ['--out', join(tmpdir(), 'never-written')];
    usage([...out, '--env', 'minecraft']);
    usage([...out, '--methods', 'nope']);
    usage([...out, '--seeds', 'x']);
    usage([...out, '--episodes', '4']); // fewer than one group of 8
    expect(() => parseExperimentArgs(parseArgs([...out, '--episodes', '4']))).toThrow(/at least one iteration/);
    usage([...out, '--episodes', '10.5']);
    usage([...out, '--temperature', '0']);
    usage([...out, '--retrieval', 'bm25']);
    usage([...out, '--k', '0']);
    usage([...out, '--jobs', '0']);
    usage([...out, '--env', 'webshop', '--train-source', 'generated']);
    usage([...out, '--env', 'webshop', '--held-out-split', 'valid_unseen']);
    usage([...out, '--seed', '3']); // a typo of --seeds
    usage(['--methods', 'jerp']); // no --out
    usage(['--resume', join(tmpdir(), 'no-such-experiment')]);
  });

  it('takes --jobs, --json and --out', () => {
    const dir = join(tmpdir(), 'exp-args');
    const inv = parseExperimentArgs(parseArgs(['--out', dir, '--jobs', '3', '--json', '--methods', 'base', '--seeds', '1']));
    expect(inv).toMatchObject({ dir, resume: false, jobs: 3, json: true });
  });
});

function capture(): { io: CommandIO; out: unknown[]; errors: string[] } {
  const out: unknown[] = [];
  const errors: string[] = [];
  return { io: { log: () => {}, error: (l) => errors.push(l), json: (v) => out.push(v), isTTY: false }, out, errors };
}

describe('experiment run (fake cells)', () => {
  afterEach(() => {
    delete process.env.FAKE_FAIL_CELLS;
  });

  it('writes the plan, run folders and results; a failed cell is finished by --resume', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'experiment-')), 'exp');
    process.env.FAKE_FAIL_CELLS = 'alfworld-jerp-s2';
    const first = capture();
    const argv = ['--methods', 'base,jerp', '--seeds', '2', '--episodes', '8', '--held-out-limit', '2', '--jobs', '2', '--out', dir, '--json'];
    expect(await group.subcommands.run.run(parseArgs(argv), first.io)).toBe(1);
    const stored = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));
    expect(stored.cells.map((c: { name: string }) => c.name)).toEqual(['alfworld-base-s1', 'alfworld-jerp-s1', 'alfworld-base-s2', 'alfworld-jerp-s2']);
    expect(first.out[0]).toMatchObject({ env: 'alfworld', seeds: [1, 2], missing: ['alfworld-jerp-s2'] });
    expect(first.errors.some((l) => l.includes('alfworld-jerp-s2 failed: fake failure'))).toBe(true);
    expect(existsSync(join(dir, 'results.md'))).toBe(true);

    // Starting over in the same folder is refused; --resume runs only the failed cell.
    await expect(group.subcommands.run.run(parseArgs(argv), capture().io)).rejects.toThrow(/already holds an experiment/);
    delete process.env.FAKE_FAIL_CELLS;
    const second = capture();
    expect(await group.subcommands.run.run(parseArgs(['--resume', dir, '--json']), second.io)).toBe(0);
    const results = second.out[0] as { missing: string[]; methods: Record<string, { heldOut: { withRules: { perSeed: number[] } } }> };
    expect(results.missing).toEqual([]);
    expect(results.methods.jerp.heldOut.withRules.perSeed).toEqual([0.5, 0.5]);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual(results);
    const runs = (name: string) => readFileSync(join(dir, name, 'fake-runs.jsonl'), 'utf8').trim().split('\n').length;
    expect(runs('alfworld-base-s1')).toBe(1);
    expect(runs('alfworld-jerp-s2')).toBe(1);
    expect(readFileSync(join(dir, 'results.md'), 'utf8')).toContain('| jerp | 50.0% [50.0, 50.0]');
  });
});
