import { describe, expect, it } from 'vitest';
import type { Method } from '../../src/core/learn/methods';
import type { EvalSummary, RunEvaluation } from '../../src/core/learn/summary';
import { aggregateResults, resultsMarkdown } from './results';

function summary(success: number, extra: Partial<EvalSummary> = {}): EvalSummary {
  return {
    tasks: 10,
    success,
    score: success,
    perTaskType: { pick_and_place_simple: { tasks: 5, success }, pick_heat_then_place: { tasks: 5, success: success / 2 } },
    invalidActionRate: 0.1,
    meanSteps: 20,
    failureClasses: { search: 2, procedure: 1, other: 0 },
    ...extra,
  };
}

function evaluation(method: Method, seed: number, withRules: number, withoutRules: number, absorbed = 0): RunEvaluation {
  return {
    env: 'alfworld',
    split: 'valid_unseen',
    method,
    seed,
    episodes: 16,
    iteration: 2,
    withRules: summary(withRules),
    withoutRules: summary(withoutRules, { failureClasses: { search: 4, procedure: 2, other: 1 } }),
    rules: { active: 3, absorbed, removed: 0, pinned: 0 },
    seconds: { train: 1, eval: 1 },
  };
}

const plan = { env: 'alfworld' as const, split: 'valid_unseen' as const, episodes: 16, seeds: [1, 2, 3], methods: ['base', 'jerp'] as Method[] };

describe('aggregateResults', () => {
  const evaluations = [
    // Listed out of order on purpose: perSeed must follow `seeds`.
    evaluation('jerp', 3, 0.7, 0.5, 3),
    evaluation('base', 1, 0.3, 0.3),
    evaluation('jerp', 1, 0.5, 0.4, 1),
    evaluation('base', 2, 0.4, 0.4),
    evaluation('base', 3, 0.5, 0.5),
    evaluation('jerp', 2, 0.6, 0.45, 2),
  ];
  const results = aggregateResults(evaluations, plan);

  it('has the shape the acceptance checks read', () => {
    expect(results).toMatchObject({ env: 'alfworld', split: 'valid_unseen', episodes: 16, seeds: [1, 2, 3], missing: [] });
    const jerp = results.methods.jerp!;
    expect(jerp.heldOut.withRules.perSeed).toEqual([0.5, 0.6, 0.7]);
    expect(jerp.heldOut.withRules.mean).toBeCloseTo(0.6, 12);
    // s = 0.1, t_{.975,2} = 4.303: 0.6 ± 0.2484.
    expect(jerp.heldOut.withRules.ci95[0]).toBeCloseTo(0.6 - (4.302653 * 0.1) / Math.sqrt(3), 6);
    expect(jerp.heldOut.withRules.ci95[1]).toBeCloseTo(0.6 + (4.302653 * 0.1) / Math.sqrt(3), 6);
    expect(jerp.heldOut.withoutRules.perSeed).toEqual([0.4, 0.45, 0.5]);
    expect(jerp.perTaskType.pick_heat_then_place.mean).toBeCloseTo(0.3, 12);
    expect(jerp.perTaskType.pick_heat_then_place.withoutRules).toBeCloseTo(0.225, 12);
    expect(jerp.invalidActionRate).toBeCloseTo(0.1, 12);
    expect(jerp.meanSteps).toBe(20);
    expect(jerp.score.withRules.perSeed).toEqual([0.5, 0.6, 0.7]);
  });

  it('pairs each method with base seed by seed, and leaves base without a difference', () => {
    const diff = results.methods.jerp!.pairedDiffToBase!;
    // Differences 0.2, 0.2, 0.2: zero spread, so a zero-width interval.
    expect(diff.withRules.mean).toBeCloseTo(0.2, 12);
    expect(diff.withRules.ci95[1] - diff.withRules.ci95[0]).toBeCloseTo(0, 12);
    expect(diff.withoutRules.perSeed.map((v) => Number(v!.toFixed(10)))).toEqual([0.1, 0.05, 0]);
    expect(results.methods.base!.pairedDiffToBase).toBeUndefined();
  });

  it('averages rules and failure classes over seeds', () => {
    const jerp = results.methods.jerp!;
    expect(jerp.absorbedRules).toEqual({ mean: 2, perSeed: [1, 2, 3] });
    expect(jerp.activeRules.mean).toBe(3);
    expect(jerp.failureClasses).toEqual({ withRules: { search: 2, procedure: 1, other: 0 }, withoutRules: { search: 4, procedure: 2, other: 1 } });
  });

  it('marks a missing seed null and computes over the rest', () => {
    const partial = aggregateResults(
      evaluations.filter((e) => !(e.method === 'jerp' && e.seed === 2)),
      plan,
    );
    const jerp = partial.methods.jerp!;
    expect(partial.missing).toEqual(['alfworld-jerp-s2']);
    expect(jerp.runs).toBe(2);
    expect(jerp.heldOut.withRules.perSeed).toEqual([0.5, null, 0.7]);
    expect(jerp.heldOut.withRules.mean).toBeCloseTo(0.6, 12);
    expect(jerp.pairedDiffToBase!.withRules.perSeed[1]).toBeNull();
    expect(jerp.absorbedRules.perSeed).toEqual([1, null, 3]);
  });
});

describe('resultsMarkdown', () => {
  it('renders the main, per-task-type and failure tables with one-decimal percentages', () => {
    const md = resultsMarkdown(aggregateResults([evaluation('base', 1, 0.3, 0.3), evaluation('jerp', 1, 0.55, 0.4, 2)], { ...plan, seeds: [1] }));
    expect(md).toContain('# Results: alfworld (valid_unseen)');
    expect(md).toContain('| base | 30.0% [30.0, 30.0] | 30.0% [30.0, 30.0] | — | 10.0% | 20.0 | 0.0 | 1/1 |');
    expect(md).toContain('| jerp | 55.0% [55.0, 55.0] | 40.0% [40.0, 40.0] | +25.0 pp [+25.0, +25.0] | 10.0% | 20.0 | 2.0 | 1/1 |');
    expect(md).toContain('| Method | pick_and_place_simple | pick_heat_then_place |');
    expect(md).toContain('| jerp | 55.0% / 40.0% | 27.5% / 20.0% |');
    expect(md).toContain('| jerp | 2.0 | 1.0 | 0.0 | 4.0 | 2.0 | 1.0 |');
    expect(md).not.toContain('Score');
  });

  it('adds the WebShop score column and lists missing runs', () => {
    const web = (e: RunEvaluation): RunEvaluation => ({ ...e, env: 'webshop', split: 'test', withRules: { ...e.withRules, score: 0.62 } });
    const results = aggregateResults([web(evaluation('jerp', 1, 0.2, 0.1))], { env: 'webshop', split: 'test', episodes: 16, seeds: [1, 2], methods: ['jerp'] });
    const md = resultsMarkdown(results);
    expect(md).toContain('Score, rules (95% CI)');
    expect(md).toContain('| jerp | 20.0% [20.0, 20.0] | 10.0% [10.0, 10.0] | — | 62.0% [62.0, 62.0] |');
    expect(md).toContain('Missing runs (no evaluation): webshop-jerp-s2.');
  });
});
