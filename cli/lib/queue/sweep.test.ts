/**
 * A real sweep on a real Redis (issue #21 acceptance): redis-server on a loopback port, the
 * coordinator (experiment --queue, in this process) and two `worker` processes, the embedded model
 * on a tiny budget. One worker is killed with SIGKILL mid-cell; its job is found stalled and the
 * other worker resumes it from the last committed iteration. The sweep's results.json, episodes and
 * rules equal those of a local `experiment --jobs 2` run, and no episode id is missing or repeated.
 * Then a cell that keeps failing ends failed with its error shown while the other cell completes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../args';
import type { CommandIO } from '../../command';
import experiment from '../../commands/experiment';
import { tsxExecArgv } from '../scheduler';
import { type RedisServer, startRedisServer } from './redis-server';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const root = mkdtempSync(join(tmpdir(), 'jerp-sweep-'));
const CELLS = ['webshop-rules-only-s1', 'webshop-rules-only-s2'];
// Three iterations of two episodes per cell, so there is a committed iteration to resume from and
// work left after it; one held-out task (played with and without rules). WebShop, whose episodes
// end within 15 steps (ALFWorld's take up to 50), keeps the test short.
const BUDGET = ['--env', 'webshop', '--methods', 'rules-only', '--seeds', '1,2', '--episodes', '6', '--group-size', '2', '--held-out-limit', '1'];

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

let redis: RedisServer;
const workers: WorkerProcess[] = [];

function startWorker(url: string): WorkerProcess {
  // Short locks so a dead worker's job is found stalled within seconds, not the default 30 s.
  const args = ['cli/main.ts', 'worker', '--queue', url, '--concurrency', '1', '--lock-duration', '2000', '--stalled-interval', '500'];
  const child = spawn(process.execPath, [...tsxExecArgv(), ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const worker = { child, output: () => text, exited };
  workers.push(worker);
  return worker;
}

function capture() {
  const errors: string[] = [];
  const io: CommandIO = { log: () => {}, error: (l) => errors.push(l), json: () => {}, isTTY: false };
  return { io, errors };
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const episodeIds = (dir: string) => read(dir, 'episodes.jsonl').trim().split('\n').map((l) => (JSON.parse(l) as { id: string; withRules: boolean }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a sweep on the queue', () => {
  it('survives a worker killed mid-cell and gives the results of a local run', async () => {
    const local = join(root, 'local');
    expect(await experiment.subcommands.run.run(parseArgs([...BUDGET, '--jobs', '2', '--out', local]), capture().io)).toBe(0);

    const a = startWorker(redis.url);
    const b = startWorker(redis.url);
    const sweep = join(root, 'sweep');
    const coordinator = capture();
    const finished = experiment.subcommands.run.run(parseArgs([...BUDGET, '--queue', redis.url, '--out', sweep]), coordinator.io);

    // Kill the first worker whose cell has committed an iteration but not finished.
    let victim: { worker: WorkerProcess; cell: string } | null = null;
    while (!victim) {
      if (CELLS.every((c) => existsSync(join(sweep, c, 'eval.json')))) throw new Error('both cells finished before a worker could be killed mid-cell');
      for (const worker of [a, b]) {
        const cell = CELLS.find((c) => worker.output().includes(`${c}: started`));
        if (cell && existsSync(join(sweep, cell, 'checkpoints', 'iter-000001.json')) && !existsSync(join(sweep, cell, 'eval.json'))) {
          victim = { worker, cell };
          break;
        }
      }
      await sleep(50);
    }
    victim.worker.child.kill('SIGKILL');
    await victim.worker.exited;
    expect(existsSync(join(sweep, victim.cell, 'eval.json'))).toBe(false); // killed mid-cell

    expect(await finished).toBe(0);
    const survivor = victim.worker === a ? b : a;
    // The survivor took the stalled job over and resumed it from a committed iteration.
    expect(survivor.output()).toMatch(new RegExp(`${victim.cell}: started \\(attempt 1, resumes from iteration [1-9]`));
    expect(coordinator.errors.join('\n')).toContain(`${victim.cell} its worker stopped answering (stalled)`);

    expect(read(sweep, 'results.json')).toBe(read(local, 'results.json'));
    expect(read(sweep, 'results.md')).toBe(read(local, 'results.md'));
    for (const cell of CELLS) {
      const ids = episodeIds(join(sweep, cell)).map((e) => `${e.id}/${e.withRules}`);
      expect(new Set(ids).size).toBe(ids.length); // none twice
      expect(ids).toEqual(episodeIds(join(local, cell)).map((e) => `${e.id}/${e.withRules}`)); // none missing
      expect(read(sweep, `${cell}/episodes.jsonl`)).toBe(read(local, `${cell}/episodes.jsonl`));
      expect(read(sweep, `${cell}/rules.json`)).toBe(read(local, `${cell}/rules.json`));
    }
  }, 240_000);

  it('ends a cell that keeps failing as failed, shows its error and completes the rest', async () => {
    const survivor = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null) ?? startWorker(redis.url);
    const out = join(root, 'failing');
    mkdirSync(out);
    // A file where the cell's run directory must go: every attempt fails the same way.
    writeFileSync(join(out, 'webshop-base-s1'), 'not a directory');
    const coordinator = capture();
    const argv = ['--env', 'webshop', '--methods', 'base', '--seeds', '1,2', '--episodes', '8', '--held-out-limit', '1', '--queue', redis.url, '--attempts', '2', '--out', out];
    expect(await experiment.subcommands.run.run(parseArgs(argv), coordinator.io)).toBe(1);
    const said = coordinator.errors.join('\n');
    expect(said).toMatch(/webshop-base-s1 attempt 1 failed: .*EEXIST.*; retrying/);
    expect(said).toMatch(/cell webshop-base-s1 failed: .*EEXIST.* \(attempt 2 of 2\)/);
    expect(survivor.output()).toContain('webshop-base-s1: started (attempt 2)');
    const results = JSON.parse(read(out, 'results.json')) as { missing: string[]; methods: { base: { runs: number; heldOut: { withRules: { perSeed: Array<number | null> } } } } };
    expect(results.missing).toEqual(['webshop-base-s1']);
    expect(results.methods.base.runs).toBe(1);
    expect(results.methods.base.heldOut.withRules.perSeed[0]).toBeNull();
    expect(results.methods.base.heldOut.withRules.perSeed[1]).not.toBeNull();

    // SIGTERM on an idle worker: it closes and exits cleanly.
    survivor.child.kill('SIGTERM');
    await survivor.exited;
    expect(survivor.child.exitCode).toBe(0);
    expect(survivor.output()).toContain('stopped');
  }, 120_000);
});
