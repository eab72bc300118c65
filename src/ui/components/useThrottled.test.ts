import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle, type ThrottleClock } from './useThrottled';

const clock: ThrottleClock = { now: () => Date.now(), setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

describe('createThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes a value after a quiet spell at once, and of a burst only the latest, once the spell ends', () => {
    const seen: Array<[number, string]> = [];
    const start = Date.now();
    const throttle = createThrottle<string>(1000, (v) => seen.push([Date.now() - start, v]), clock);
    throttle.push('a');
    expect(seen).toEqual([[0, 'a']]);
    vi.advanceTimersByTime(300);
    throttle.push('b');
    vi.advanceTimersByTime(300);
    throttle.push('c');
    expect(seen).toEqual([[0, 'a']]);
    vi.advanceTimersByTime(400);
    expect(seen).toEqual([[0, 'a'], [1000, 'c']]);
    // Quiet for longer than the spell: the next value goes at once.
    vi.advanceTimersByTime(2500);
    throttle.push('d');
    expect(seen.at(-1)).toEqual([3500, 'd']);
  });

  it('passes an urgent value at once, in place of the one waiting', () => {
    const seen: string[] = [];
    const throttle = createThrottle<string>(1000, (v) => seen.push(v), clock);
    throttle.push('a');
    throttle.push('b');
    throttle.push('c', true);
    expect(seen).toEqual(['a', 'c']);
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual(['a', 'c']);
  });

  it('drops a waiting value when cancelled', () => {
    const seen: string[] = [];
    const throttle = createThrottle<string>(1000, (v) => seen.push(v), clock);
    throttle.push('a');
    throttle.push('b');
    throttle.cancel();
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual(['a']);
  });
});
