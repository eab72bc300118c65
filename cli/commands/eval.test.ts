/**
 * `eval`: a rule pack on the base model over two held-out games (the real model, a tiny budget),
 * and the messages for bad input, given before any model is loaded.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import { type CommandIO, UsageError } from '../command';
import group from './eval';

function capture(): { io: CommandIO; out: unknown[]; lines: string[] } {
  const out: unknown[] = [];
  const lines: string[] = [];
  return { io: { log: (l) => lines.push(l), error: () => {}, json: (v) => out.push(v), isTTY: false }, out, lines };
}

const run = (argv: string[], io: CommandIO) => group.subcommands.run.run(parseArgs(argv), io);

describe('eval command', () => {
  it('measures a rule pack on the base policy, with and without its rules', async () => {
    const { io, out } = capture();
    const code = await run(['--rules', 'public/data/rulepacks/knowself_alfworld.json', '--retrieval', 'relevance', '--limit', '2', '--json'], io);
    expect(code).toBe(0);
    const result = out[0] as { tasks: number; rules: string; withRules: { tasks: number }; withoutRules: { tasks: number }; policy: string };
    expect(result.tasks).toBe(2);
    expect(result.rules).toMatch(/^knowself_alfworld \(24 rules/);
    expect(result.withRules.tasks).toBe(2);
    expect(result.withoutRules.tasks).toBe(2);
    expect(result.policy).toMatch(/^frozen/);
  }, 60_000);

  it('refuses a run folder that is not one, and a pack of the other environment', async () => {
    const { io } = capture();
    await expect(run(['--run', mkdtempSync(join(tmpdir(), 'no-run-'))], io)).rejects.toThrow(/run\.json not found/);
    await expect(run(['--env', 'alfworld', '--rules', 'public/data/rulepacks/knowself_webshop.json'], io)).rejects.toThrow(/holds webshop rules/);
    const broken = join(mkdtempSync(join(tmpdir(), 'pack-')), 'broken.json');
    writeFileSync(broken, '{"env": "alfworld", "rules": ');
    await expect(run(['--rules', broken], io)).rejects.toThrow(UsageError);
  });
});
