import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import type { CommandIO } from '../command';
import group from '../commands/webshop';
import { parseRewardCase } from './webshop-files';

function capture(): CommandIO & { out: unknown[]; lines: string[]; errors: string[] } {
  const out: unknown[] = [];
  const lines: string[] = [];
  const errors: string[] = [];
  return { out, lines, errors, log: (l) => lines.push(l), error: (l) => errors.push(l), json: (v) => out.push(v), isTTY: false };
}

const fixture = join(__dirname, 'webshop-reward-cases.fixture.json');

describe('webshop reward command', () => {
  it('prints WebShop’s test vectors per case and reports a malformed case', async () => {
    const io = capture();
    const code = await group.subcommands.reward.run(parseArgs([fixture, '--json']), io);
    expect(code).toBe(1);
    const results = io.out[0] as Array<Record<string, unknown>>;
    expect(results.slice(0, 4).map((r) => Math.round((r.reward as number) * 1000) / 1000)).toEqual([1, 0.667, 0.571, 0.286]);
    expect(results[3]).toMatchObject({ r_type: 0.5, r_price: true });
    expect(results[4]).toEqual({ error: 'case 4: goal must be an object' });
  });

  it('rejects bad files with a message', async () => {
    await expect(group.subcommands.reward.run(parseArgs(['/nonexistent/cases.json']), capture())).rejects.toThrow(/cannot read/);
    expect(parseRewardCase({ goal: {}, product: {}, price: 'x' })).toEqual({ error: 'price must be a number' });
    expect(parseRewardCase([])).toEqual({ error: 'case must be an object {goal, product, price, options}' });
  });
});

describe('webshop expert command', () => {
  it('succeeds on every synthetic test goal of a small catalog', async () => {
    const io = capture();
    expect(await group.subcommands.expert.run(parseArgs(['--products', '300', '--json']), io)).toBe(0);
    expect(io.out[0]).toMatchObject({ goals: 30, successes: 30, success: 1, averageReward: 1 });
  });
});

describe('webshop goals command', () => {
  it('parses and searches the real human goals', async () => {
    const io = capture();
    const file = join(__dirname, '../../public/data/webshop/human_goals.json');
    expect(await group.subcommands.goals.run(parseArgs([file, '--products', '300', '--json']), io)).toBe(0);
    expect(io.out[0]).toEqual({ goals: 12087, parsed: 12087, withPrice: 0, searched: 12087, errors: 0 });
  });
});

describe('webshop play', () => {
  it('shops from piped input: an action by number, a typed action, then quit', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = join(__dirname, '../..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'webshop', 'play', '--products', '200'], {
      cwd: root,
      input: '1\nclick[Nothing Here]\nquit\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('WebShop [SEP] Instruction: [SEP]');
    expect(run.stdout).toContain('Page 1 (Total results:');
  });
});
