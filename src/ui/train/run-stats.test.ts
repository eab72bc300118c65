import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../protocol/messages';
import { configFromForm, defaultRunForm, formProblem } from './run-form';
import { formatDuration, namesWithPrefix, ratesOf, seriesRows } from './run-stats';

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
});
