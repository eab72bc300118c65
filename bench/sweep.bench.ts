/**
 * Sweeps on the queue (issue #21): the wall time of one tiny sweep (WebShop, rules-only × 4 seeds,
 * 4 training episodes and 2 held-out tasks per cell) run on a real redis-server by one worker and by
 * two, and the same experiment run locally with --jobs 1, whose cells run one at a time in child
 * processes just as one worker runs them: the difference, per cell, is the queue's overhead
 * (enqueueing, polling, job hand-over and result relay). The workers are started and ready before the
 * clock starts, as on a cluster that waits for sweeps. From the jobs' own timestamps: how long a job
 * waited between the previous cell's end and its start on the single worker (the hand-over), and the
 * cells' busy time. Every run must give the same results.json. Absolute times depend on the
 * machine's load; read the ratios.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { parseQueueUrl, QUEUE_NAME } from '../cli/lib/queue/connection';
import { startRedisServer } from '../cli/lib/queue/redis-server';
import { tsxExecArgv } from '../cli/lib/scheduler';
import type { Benchmark, BenchRow } from './types';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEEDS = '1,2,3,4';
const CELLS = 4;
const BUDGET = ['--env', 'webshop', '--methods', 'rules-only', '--seeds', SEEDS, '--episodes', '4', '--group-size', '2', '--held-out-limit', '2'];

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, [...tsxExecArgv(), 'cli/main.ts', ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
}

function finished(child: ChildProcess): Promise<number> {
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-2000);
  });
  return new Promise((done, fail) => child.once('exit', (code) => (code === 0 ? done(code) : fail(new Error(`exit ${code}: ${err}`)))));
}

/** Seconds from start to results.json. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return (performance.now() - t) / 1000;
}

const bench: Benchmark = {
  name: 'sweep',
  async run(): Promise<BenchRow[]> {
    const root = mkdtempSync(join(tmpdir(), 'jerp-sweep-bench-'));
    const redis = await startRedisServer();
    try {
      const local = await timed(() => finished(cli(['experiment', ...BUDGET, '--jobs', '1', '--out', join(root, 'local')])));
      const onQueue = async (workers: number, db: number) => {
        const url = redis.url.replace(/\/0$/, `/${db}`);
        const started = Array.from({ length: workers }, () => cli(['worker', '--queue', url, '--concurrency', '1']));
        // Ready when each has said it is taking cells (listen before `finished` reads stderr too).
        const ready = started.map(
          (w) =>
            new Promise<void>((done) => {
              let text = '';
              w.stderr?.on('data', (c: Buffer) => {
                text += c.toString();
                if (text.includes('taking cells')) done();
              });
            }),
        );
        const exits = started.map(finished);
        await Promise.all(ready);
        try {
          return await timed(() => finished(cli(['experiment', ...BUDGET, '--queue', url, '--out', join(root, `queue-${workers}`)])));
        } finally {
          for (const w of started) w.kill('SIGTERM');
          await Promise.allSettled(exits);
        }
      };
      const one = await onQueue(1, 1);
      // The jobs' timestamps on the single worker: busy time per cell and the gaps between cells.
      const queue = new Queue(QUEUE_NAME, { connection: parseQueueUrl(redis.url.replace(/\/0$/, '/1')).options });
      const jobs = await Promise.all(SEEDS.split(',').map((seed) => queue.getJob(`webshop-rules-only-s${seed}`)));
      await queue.close();
      const spans = jobs.map((j) => ({ start: j!.processedOn!, end: j!.finishedOn! })).sort((a, b) => a.start - b.start);
      const busy = spans.reduce((s, j) => s + (j.end - j.start), 0) / 1000;
      const gaps = spans.slice(1).map((j, i) => j.start - spans[i].end);
      const two = await onQueue(2, 2);
      const results = (dir: string) => readFileSync(join(root, dir, 'results.json'), 'utf8');
      const same = results('queue-1') === results('local') && results('queue-2') === results('local');
      if (!same) {
        const cells = SEEDS.split(',').map((seed) => `webshop-rules-only-s${seed}`);
        const differ = ['queue-1', 'queue-2'].flatMap((run) => cells.filter((c) => readFileSync(join(root, run, c, 'eval.json'), 'utf8').replace(/"seconds"[^}]*}/, '') !== readFileSync(join(root, 'local', c, 'eval.json'), 'utf8').replace(/"seconds"[^}]*}/, '')).map((c) => `${run}/${c}`));
        throw new Error(`a sweep on the queue gave a different results.json from the local run (evaluations that differ: ${differ.join(', ') || 'none'}; was the code changed while the benchmark ran?)`);
      }
      return [
        { metric: `sweep wall time, 1 worker (${CELLS} cells)`, value: one, unit: 's' },
        { metric: `sweep wall time, 2 workers (${CELLS} cells)`, value: two, unit: 's', note: `speed-up ${(one / two).toFixed(2)}x over 1 worker` },
        { metric: `local experiment --jobs 1 (${CELLS} cells)`, value: local, unit: 's', note: 'the same cells one at a time, without the queue' },
        { metric: 'queue overhead per cell (1 worker vs --jobs 1)', value: (one - local) / CELLS, unit: 's', note: 'results.json identical in all three runs' },
        { metric: 'job hand-over on one worker (previous cell done → next started), mean', value: gaps.reduce((s, g) => s + g, 0) / gaps.length, unit: 'ms' },
        { metric: 'sweep wall time not spent in cells, 1 worker, per cell', value: (one - busy) / CELLS, unit: 's', note: `cells busy ${busy.toFixed(1)} s of ${one.toFixed(1)} s: coordinator start-up, enqueue, results` },
      ];
    } finally {
      await redis.stop();
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default bench;
