import { describe, expect, it } from 'vitest';
import { parseRoute } from '../router';
import { parseTrajectoryRoute, trajectoryHref } from './links';

function roundTrip(href: string) {
  const route = parseRoute(href);
  expect(route.view).toBe('trajectories');
  return parseTrajectoryRoute(route.rest);
}

describe('trajectory links', () => {
  it('formats and parses a run episode, a step and a compared episode', () => {
    const href = trajectoryHref({ runId: 'r1', episodeId: 'ep-3', step: 4, compare: { runId: 'r2', episodeId: 'ep 9/x' } });
    expect(href).toBe('#/trajectories/run/r1/ep-3/step/5/vs/r2/ep%209%2Fx');
    expect(roundTrip(href)).toEqual({ runId: 'r1', episodeId: 'ep-3', step: 4, compare: { runId: 'r2', episodeId: 'ep 9/x' } });
  });
  it('leaves out the first step and a missing comparison', () => {
    expect(trajectoryHref({ runId: 'r', episodeId: 'e', step: 0 })).toBe('#/trajectories/run/r/e');
    expect(roundTrip('#/trajectories/run/r/e')).toEqual({ runId: 'r', episodeId: 'e' });
  });
  it('is null for the list and the logged-episode tabs', () => {
    expect(parseTrajectoryRoute([])).toBeNull();
    expect(parseTrajectoryRoute(['real', 'x'])).toBeNull();
    expect(parseTrajectoryRoute(['run', 'r'])).toBeNull();
  });
  it('ignores a step that is not a positive number, and reads ?step= when the path has none', () => {
    expect(parseTrajectoryRoute(['run', 'r', 'e', 'step', 'abc'])).toEqual({ runId: 'r', episodeId: 'e' });
    expect(parseTrajectoryRoute(['run', 'r', 'e', 'step', '0'])).toEqual({ runId: 'r', episodeId: 'e' });
    expect(parseTrajectoryRoute(['run', 'r', 'e'], '?step=3')).toEqual({ runId: 'r', episodeId: 'e', step: 2 });
    expect(parseTrajectoryRoute(['run', 'r', 'e', 'step', '2'], '?step=7')?.step).toBe(1);
  });
});
