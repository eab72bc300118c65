import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../protocol/messages';
import { configFromForm, defaultRunForm, formProblem } from './run-form';
import { formatDuration, namesWithPrefix, ratesOf, SEED_MEAN, SEED_RANGE, seriesRows, smoothRows, tickInterval, unitHistogram, withSeedBand, downsampleRows } from './run-stats';

const progress: TrainProgress = {
  runId: 'r', status: 'running', iteration: 1, totalIterations: 4, episodesDone: 4, episodesTotal: 16,
  sessionEpisodes: 4, sessionDecisions: 100, sessionMs: 8000, backend: 'wasm',
};

describe('run stats', () => {
  it('derives rates and ETA from the session so far', () => {
    expect(ratesOf(progress)).toEqual({ episodesPerMinute: 30, decisionsPerSecond: 12.5, etaSeconds: 24 });
    expect(ratesOf({ ...progress, sessionEpisodes: 0 }).etaSeconds).toBeNull();
    expect(formatDuration(24)).toBe('24 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
  });

  it('pivots metric rows into one row per iteration', () => {
    const rows = [
      { iteration: 1, name: 'charts/train_success', value: 0.5 },
      { iteration: 0, name: 'charts/train_success', value: 0.25 },
      { iteration: 0, name: 'rules/ops/ADD', value: 2 },
      { iteration: 1, name: 'rules/ops/UPVOTE', value: 1 },
    ];
    expect(seriesRows(rows, ['charts/train_success', 'rules/ops/ADD'])).toEqual([
      { iteration: 0, 'charts/train_success': 0.25, 'rules/ops/ADD': 2 },
      { iteration: 1, 'charts/train_success': 0.5 },
    ]);
    expect(namesWithPrefix(rows, 'rules/ops/')).toEqual(['rules/ops/ADD', 'rules/ops/UPVOTE']);
  });

  it('labels about six iterations on the x axis however long the run', () => {
    expect(tickInterval(1)).toBe(0);
    expect(tickInterval(6)).toBe(0);
    expect(tickInterval(7)).toBe(1);
    expect(tickInterval(128)).toBe(21);
    // Every (interval + 1)-th of 128 ticks: 6 labels, never more.
    expect(Math.ceil(128 / (tickInterval(128) + 1))).toBeLessThanOrEqual(6);
  });

  it('merges the other seeds\' band into the chart rows, adding iterations only they reached', () => {
    const merged = withSeedBand(
      [{ iteration: 0, 'charts/train_success': 0.5 }],
      [
        { iteration: 0, mean: 0.25, range: [0, 0.5], seeds: 2 },
        { iteration: 1, mean: 0.75, range: [0.5, 1], seeds: 2 },
      ],
    );
    expect(merged).toEqual([
      { iteration: 0, 'charts/train_success': 0.5, [SEED_MEAN]: 0.25, [SEED_RANGE]: [0, 0.5] },
      { iteration: 1, [SEED_MEAN]: 0.75, [SEED_RANGE]: [0.5, 1] },
    ]);
    expect(withSeedBand([{ iteration: 3, x: 1 }], [])).toEqual([{ iteration: 3, x: 1 }]);
  });

  it('pools a long run into at most N rows of bucket means, and leaves a short one as it is', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ iteration: i, success: i % 2, ...(i === 9 ? { held: 0.5 } : {}) }));
    expect(downsampleRows(rows, 10)).toBe(rows);
    const pooled = downsampleRows(rows, 4);
    // Buckets of 3: iterations 0-2, 3-5, 6-8, 9.
    expect(pooled.map((r) => r.iteration)).toEqual([2, 5, 8, 9]);
    expect(pooled[0].success).toBeCloseTo(1 / 3);
    expect(pooled[1].success).toBeCloseTo(2 / 3);
    expect(pooled[3]).toEqual({ iteration: 9, success: 1, held: 0.5 });
    expect(pooled[0]).not.toHaveProperty('held');
    // A seed band pools to the envelope of its ranges.
    const banded = [0.1, 0.4, 0.2].map((v, i) => ({ iteration: i, band: [v, v + 0.5] as [number, number] }));
    expect(downsampleRows(banded, 1)).toEqual([{ iteration: 2, band: [0.1, 0.9] }]);
  });

  it('builds a run config from the form with the CLI defaults elsewhere', () => {
    const form = { ...defaultRunForm('alfworld', 'jerp'), episodes: 4, groupSize: 2 };
    const config = configFromForm(form);
    expect(config).toMatchObject({ env: 'alfworld', method: 'jerp', episodes: 4, groupSize: 2, tasksPerIteration: 1, retrieval: { mode: 'paper', k: 2 } });
    expect(defaultRunForm()).toMatchObject({ episodes: 128, groupSize: 8 });
    expect(formProblem({ ...form, episodes: 1 })).toMatch(/less than one group/);
    expect(formProblem(form)).toBeNull();
  });

  it('smooths each series with a debiased moving average, leaving gaps and other columns alone', () => {
    const rows: Array<Record<string, number>> = [{ iteration: 0, a: 1 }, { iteration: 1, a: 0, b: 5 }, { iteration: 2, a: 1 }];
    expect(smoothRows(rows, ['a', 'b'], 0)).toEqual(rows);
    const smooth = smoothRows(rows, ['a', 'b'], 0.5);
    expect(smooth[0].a).toBeCloseTo(1);
    // (0.5·1·0.5 + 0.5·0) / (1 − 0.25) = 1/3
    expect(smooth[1].a).toBeCloseTo(1 / 3);
    expect(smooth[1].b).toBeCloseTo(5);
    expect(smooth[2].b).toBeUndefined();
    expect(smooth.map((r) => r.iteration)).toEqual([0, 1, 2]);
  });

  it('bins absorption scores over [0, 1], the top edge in the last bin', () => {
    const bins = unitHistogram([0, 0.05, 0.5, 0.99, 1, Number.NaN], 5);
    expect(bins.map((b) => b.count)).toEqual([2, 0, 1, 0, 2]);
    expect(bins[0].bin).toBe('0.0–0.2');
  });
});
