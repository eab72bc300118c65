import { describe, expect, it } from 'vitest';
import { ciPoint, learningCurves, pp, withCi } from './results-data';

describe('results-data', () => {
  it('turns an interval into ErrorBar offsets below and above the mean', () => {
    expect(ciPoint({ mean: 0.5, ci95: [0.3, 0.8], perSeed: [0.4, 0.6] })).toEqual({ mean: 0.5, err: [0.5 - 0.3, 0.8 - 0.5] });
    // One seed: no interval (JSON writes NaN as null), but the mean still shows.
    expect(ciPoint({ mean: 0.5, ci95: [null, null], perSeed: [0.5] })).toEqual({ mean: 0.5, err: null });
    expect(ciPoint({ mean: null, ci95: [null, null], perSeed: [null] })).toEqual({ mean: null, err: null });
  });

  it('averages learning curves over seeds with the seeds’ range as the band', () => {
    const rows = learningCurves([
      { method: 'jerp', points: [{ episodes: 8, value: 0.25 }, { episodes: 16, value: 0.5 }] },
      { method: 'jerp', points: [{ episodes: 8, value: 0.75 }, { episodes: 16, value: 0.5 }] },
      { method: 'rules-only', points: [{ episodes: 16, value: 1 }] },
    ]);
    expect(rows).toEqual([
      { episodes: 8, jerp: 0.5, 'jerp band': [0.25, 0.75] },
      { episodes: 16, jerp: 0.5, 'jerp band': [0.5, 0.5], 'rules-only': 1, 'rules-only band': [1, 1] },
    ]);
  });

  it('formats means with intervals, and signed differences', () => {
    expect(withCi({ mean: 0.412, ci95: [0.35, 0.474], perSeed: [] })).toBe('41.2% [35.0%, 47.4%]');
    expect(withCi({ mean: -0.05, ci95: [-0.1, 0], perSeed: [] }, pp)).toBe('−5.0 pp [−10.0 pp, +0.0 pp]');
  });
});
