import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/core/learn/config';
import type { RunEvaluation } from '../../src/core/learn/summary';
import { ExperimentProgress, formatDuration } from './experiment-progress';

function setup(isTTY: boolean) {
  const written: string[] = [];
  let clock = 0;
  const jerp = { ...defaultRunConfig('alfworld', 'jerp', 1), episodes: 100 };
  jerp.tasks = { ...jerp.tasks, heldOutLimit: 10 };
  const base = { ...defaultRunConfig('alfworld', 'base', 1), tasks: jerp.tasks };
  const progress = new ExperimentProgress(
    [
      { name: 'a', config: jerp },
      { name: 'b', config: base },
    ],
    { write: (t) => written.push(t), isTTY },
    () => clock,
  );
  return { progress, written, tick: (ms: number) => (clock += ms) };
}

describe('ExperimentProgress', () => {
  it('sizes the work from the configs: training episodes (none for base) and two evaluations per held-out task', () => {
    const { progress } = setup(false);
    expect(progress.totals()).toEqual({ done: 0, total: 100 + 20 + 20, before: 0 });
    expect(progress.counts()).toMatchObject({ queued: 2 });
  });

  it('tracks states, uses reported totals and gives an ETA from this session only', () => {
    const { progress, tick } = setup(false);
    progress.update({ type: 'start', cell: 'a' });
    progress.update({ type: 'start', cell: 'b' });
    expect(progress.counts()).toMatchObject({ training: 1, evaluating: 1 });
    // A resumed cell first reports 40 episodes played before: not part of the rate.
    progress.update({ type: 'progress', cell: 'a', phase: 'train', done: 40, total: 100 });
    tick(10_000);
    progress.update({ type: 'progress', cell: 'a', phase: 'train', done: 50, total: 100 });
    progress.update({ type: 'progress', cell: 'b', phase: 'eval', done: 0, total: 30 });
    // 10 episodes in 10 s; 150 total, 50 done: 100 s left.
    expect(progress.totals()).toEqual({ done: 50, total: 150, before: 40 });
    expect(progress.headline()).toMatch(/50\/150 episodes 33\.3% 0m10s ETA 1m40s$/);
    progress.update({ type: 'error', cell: 'b', message: 'boom\nstack' });
    expect(progress.counts()).toMatchObject({ training: 1, failed: 1 });
    // The failed cell's remaining work leaves the total.
    expect(progress.totals().total).toBe(120);
  });

  it('plain mode writes lines at 10% steps and when cells end', () => {
    const { progress, written } = setup(false);
    progress.update({ type: 'start', cell: 'a' });
    for (let done = 1; done <= 100; done++) progress.update({ type: 'progress', cell: 'a', phase: 'train', done, total: 100 });
    progress.update({ type: 'skipped', cell: 'b', evaluation: {} as RunEvaluation });
    progress.update({ type: 'done', cell: 'a', evaluation: {} as RunEvaluation });
    progress.finish();
    expect(written.every((w) => w.endsWith('\n') && !w.includes('\x1b'))).toBe(true);
    expect(written.length).toBeLessThan(20);
    expect(written).toContain('b already done (skipped)\n');
    expect(written).toContain('a done\n');
    expect(written.at(-1)).toMatch(/140\/140 episodes 100\.0% .* done; cells: 2 done/);
  });

  it('redraws a block in place on a TTY', () => {
    const { progress, written, tick } = setup(true);
    progress.update({ type: 'start', cell: 'a' });
    tick(200);
    progress.update({ type: 'progress', cell: 'a', phase: 'train', done: 5, total: 100 });
    expect(written[0].split('\n')).toHaveLength(4); // headline, states, one active cell, then the newline
    expect(written[1].startsWith('\x1b[3F\x1b[J')).toBe(true);
    expect(written[1]).toContain('a                                training   5/100');
  });

  it('formats durations', () => {
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3 * 3600 + 7 * 60)).toBe('3h07m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});
