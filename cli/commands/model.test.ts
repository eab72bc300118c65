import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import type { CommandIO } from '../command';
import { rulesFor } from '../lib/model-eval';
import group from './model';

function capture(): { io: CommandIO; out: unknown[] } {
  const out: unknown[] = [];
  return { io: { log: () => {}, error: () => {}, json: (v) => out.push(v), isTTY: false }, out };
}

describe('model CLI', () => {
  it('model info --json describes the embedded model', async () => {
    const { io, out } = capture();
    expect(await group.subcommands.info.run(parseArgs(['--json']), io)).toBe(0);
    const info = out[0] as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(['bytes', 'contextLength', 'dtype', 'hiddenSize', 'id', 'params', 'vocabSize']);
    expect(info).toMatchObject({ id: 'jerp-tiny', dtype: 'int8', vocabSize: 2048, contextLength: 512 });
    expect(info.params as number).toBeGreaterThan(1e6);
    expect(info.bytes as number).toBeGreaterThan(1e6);
  });

  it('model info names a missing local model clearly', async () => {
    await expect(group.subcommands.info.run(parseArgs(['--model', 'no-such-model', '--json']), capture().io)).rejects.toThrow(/npm run model:build/);
  });

  it('model eval runs a few held-out episodes', async () => {
    const { io, out } = capture();
    expect(await group.subcommands.eval.run(parseArgs(['--env', 'alfworld', '--rules', 'oracle', '--limit', '1', '--json']), io)).toBe(0);
    expect(out[0]).toMatchObject({ env: 'alfworld', split: 'valid_unseen', rules: 'oracle', episodes: 1 });
  }, 60_000);

  it('gives the oracle rule of the task type and a fixed wrong one from another type', () => {
    expect(rulesFor('none', 'alfworld', 'pick_heat_then_place', 'x')).toEqual([]);
    expect(rulesFor('oracle', 'alfworld', 'pick_heat_then_place', 'x')[0]).toMatch(/heat X/);
    const wrong = rulesFor('wrong', 'alfworld', 'pick_heat_then_place', 'x');
    expect(wrong[0]).not.toMatch(/heat X/);
    expect(rulesFor('wrong', 'alfworld', 'pick_heat_then_place', 'x')).toEqual(wrong);
  });
});
