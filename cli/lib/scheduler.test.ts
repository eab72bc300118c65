import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { defaultRunConfig } from '../../src/core/learn/config';
import type { CellMessage } from '../../src/core/learn/summary';
import { throttledProgress } from './cell-process';
import { type CellSpec, type CellUpdate, runCells } from './scheduler';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'scheduler.fixture.ts');

function cells(root: string, names: string[]): CellSpec[] {
  return names.map((name, i) => ({ name, config: defaultRunConfig('alfworld', 'jerp', i + 1), dir: join(root, name) }));
}

function runsOf(dir: string): Array<{ start: number; end: number; resume: boolean }> {
  const file = join(dir, 'fake-runs.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

/** The most runs whose [start, end] intervals overlap at one instant. */
function maxOverlap(runs: Array<{ start: number; end: number }>): number {
  const events = runs.flatMap((r) => [[r.start, 1] as const, [r.end, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, delta] of events) most = Math.max(most, (now += delta));
  return most;
}

describe('runCells', () => {
  it('runs at most `jobs` children at once, in parallel, and isolates failures', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scheduler-'));
    const specs = cells(root, ['ok-a', 'fail-b', 'ok-c', 'crash-d', 'ok-e']);
    const updates: CellUpdate[] = [];
    const outcomes = await runCells(specs, { jobs: 2, resume: false, childScript: fixture, logDir: join(root, 'logs'), onUpdate: (u) => updates.push(u) });

    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ['ok-a', 'done'],
      ['fail-b', 'failed'],
      ['ok-c', 'done'],
      ['crash-d', 'failed'],
      ['ok-e', 'done'],
    ]);
    expect(outcomes[0].evaluation).toMatchObject({ method: 'jerp', seed: 1, withRules: { success: 0.5 } });
    expect(outcomes[1].error).toBe('fake failure in fail-b');
    // A crash without a message is explained by its exit code and the last lines it wrote.
    expect(outcomes[3].error).toMatch(/exited with code 3:\nfake crash: out of memory/);
    expect(readFileSync(join(root, 'logs', 'crash-d.log'), 'utf8')).toContain('fake crash');

    const runs = ['ok-a', 'ok-c', 'ok-e'].flatMap((n) => runsOf(join(root, n)));
    expect(runs).toHaveLength(3);
    expect(maxOverlap(runs)).toBeLessThanOrEqual(2);

    const progress = updates.filter((u): u is Extract<CellMessage, { type: 'progress' }> => u.type === 'progress');
    expect(progress.some((p) => p.cell === 'ok-a' && p.phase === 'train')).toBe(true);
    expect(updates.filter((u) => u.type === 'start')).toHaveLength(5);
    expect(updates.filter((u) => u.type === 'done').map((u) => u.cell).sort()).toEqual(['ok-a', 'ok-c', 'ok-e']);
    expect(updates.filter((u) => u.type === 'error').map((u) => u.cell).sort()).toEqual(['crash-d', 'fail-b']);
  });

  it('does use more than one child when allowed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scheduler-'));
    await runCells(cells(root, ['ok-1', 'ok-2', 'ok-3']), { jobs: 3, resume: false, childScript: fixture });
    const runs = ['ok-1', 'ok-2', 'ok-3'].flatMap((n) => runsOf(join(root, n)));
    expect(maxOverlap(runs)).toBeGreaterThan(1);
    expect(maxOverlap(runs)).toBeLessThanOrEqual(3);
  });

  it('on resume, skips cells with eval.json and resumes only those that started', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scheduler-'));
    const specs = cells(root, ['ok-done', 'ok-started', 'ok-new']);
    const finished = { method: 'jerp', seed: 1, note: 'from disk' };
    mkdirSync(specs[0].dir, { recursive: true });
    writeFileSync(join(specs[0].dir, 'eval.json'), JSON.stringify(finished));
    mkdirSync(specs[1].dir, { recursive: true });
    writeFileSync(join(specs[1].dir, 'run.json'), '{}');

    const updates: CellUpdate[] = [];
    const outcomes = await runCells(specs, { jobs: 2, resume: true, childScript: fixture, onUpdate: (u) => updates.push(u) });
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'done', 'done']);
    expect(outcomes[0].evaluation).toEqual(finished);
    expect(updates[0]).toEqual({ type: 'skipped', cell: 'ok-done', evaluation: finished });
    expect(runsOf(specs[0].dir)).toEqual([]);
    expect(runsOf(specs[1].dir)[0].resume).toBe(true);
    expect(runsOf(specs[2].dir)[0].resume).toBe(false);
  });
});

describe('throttledProgress', () => {
  // On a fake clock: with real timers, a loaded machine stretches the waits and the count with them.
  it('sends at most one progress message per interval and the last one when it ends', async () => {
    vi.useFakeTimers();
    try {
      const sent: Array<{ at: number; done: number }> = [];
      const throttle = throttledProgress(async (m) => {
        if (m.type === 'progress') sent.push({ at: Date.now(), done: m.done });
      }, 50);
      const start = Date.now();
      // 100 progress reports over 100 ms, ten every 10 ms.
      for (let done = 1; done <= 100; done++) {
        throttle.progress({ type: 'progress', cell: 'c', phase: 'train', done, total: 100 });
        if (done % 10 === 0) await vi.advanceTimersByTimeAsync(10);
      }
      await vi.advanceTimersByTimeAsync(80);
      throttle.stop();
      // The first at once, then the latest withheld one as each 50 ms interval ends.
      expect(sent.map((m) => ({ at: m.at - start, done: m.done }))).toEqual([
        { at: 0, done: 1 },
        { at: 50, done: 50 },
        { at: 100, done: 100 },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
