import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../protocol/messages';
import { configFromForm, defaultRunForm, formProblem } from './run-form';
import { formatDuration, namesWithPrefix, ratesOf, seriesRows, smoothRows, unitHistogram } from './run-stats';

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
