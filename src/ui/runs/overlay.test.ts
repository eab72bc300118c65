import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../core/learn/config';
import { configKey, type MetricRow, perRunRows, seedBand, seedBandRows, seedGroups } from './overlay';

const run = (id: string, seed: number, method: 'jerp' | 'base' = 'jerp') => ({ id, name: id, config: defaultRunConfig('alfworld', method, seed) });

describe('metric overlay', () => {
  it('groups runs that differ only by seed, whatever the key order of their configs', () => {
    const a = run('a', 1);
    const reordered = { ...a, id: 'b', config: JSON.parse(JSON.stringify({ ...run('b', 2).config })) as typeof a.config };
    expect(configKey(a.config)).toBe(configKey(reordered.config));
    const groups = seedGroups([a, reordered, run('c', 1, 'base')]);
    expect(groups.map((g) => g.runIds)).toEqual([['a', 'b'], ['c']]);
    expect(groups[0].label).toBe('alfworld · jerp · G=8 · 128 episodes (2 seeds)');
    expect(groups[1].label).toMatch(/\(1 seed\)$/);
  });

  it('lays one metric out per run, and as mean and min–max band per group', () => {
    const rows: MetricRow[] = [
      { runId: 'a', iteration: 0, name: 'm', value: 0.2 },
      { runId: 'b', iteration: 0, name: 'm', value: 0.6 },
      { runId: 'a', iteration: 1, name: 'm', value: 0.5 },
      { runId: 'a', iteration: 1, name: 'other', value: 9 },
      { runId: 'c', iteration: 0, name: 'm', value: 0.1 },
    ];
    expect(perRunRows(rows, 'm', ['a', 'b'])).toEqual([
      { iteration: 0, a: 0.2, b: 0.6 },
      { iteration: 1, a: 0.5 },
    ]);
    const groups = seedGroups([run('a', 1), run('b', 2)]);
    const [first, second] = seedBandRows(rows, 'm', groups);
    const key = groups[0].key;
    expect(first[key]).toBeCloseTo(0.4);
    expect(first[`${key}:band`]).toEqual([0.2, 0.6]);
    expect(first[`${key}:n`]).toBe(2);
    // Only seed a reached iteration 1: the band there is that one value.
    expect(second[`${key}:band`]).toEqual([0.5, 0.5]);
    expect(second[`${key}:n`]).toBe(1);
  });

  it('gives the seeds of one config as mean, range and count per iteration (the Lab draws it behind its own line)', () => {
    const rows: MetricRow[] = [
      { runId: 'a', iteration: 0, name: 'm', value: 0 },
      { runId: 'b', iteration: 0, name: 'm', value: 1 },
      { runId: 'c', iteration: 0, name: 'm', value: 0.5 },
      { runId: 'b', iteration: 1, name: 'm', value: 0.25 },
      { runId: 'z', iteration: 0, name: 'm', value: 7 },
    ];
    expect(seedBand(rows, 'm', ['a', 'b', 'c'])).toEqual([
      { iteration: 0, mean: 0.5, range: [0, 1], seeds: 3 },
      { iteration: 1, mean: 0.25, range: [0.25, 0.25], seeds: 1 },
    ]);
    expect(seedBand(rows, 'other', ['a'])).toEqual([]);
  });
});
