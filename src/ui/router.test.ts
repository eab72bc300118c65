import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute } from './router';

describe('routes', () => {
  it('parses views and extra segments, defaulting to the Lab', () => {
    expect(parseRoute('')).toEqual({ view: 'lab', rest: [] });
    expect(parseRoute('#/rules')).toEqual({ view: 'rules', rest: [] });
    expect(parseRoute('#/trajectories/ep%201/cmp')).toEqual({ view: 'trajectories', rest: ['ep 1', 'cmp'] });
    expect(parseRoute('#/nope/x')).toEqual({ view: 'lab', rest: [] });
  });
  it('round-trips hrefs', () => {
    expect(parseRoute(hrefFor('trajectories', 'a/b'))).toEqual({ view: 'trajectories', rest: ['a/b'] });
  });
});
