import { describe, expect, it } from 'vitest';
import { nextWindowStart, windowStarts } from './historyWindow';
import { PromptHistory } from './promptHistory';

describe('history window', () => {
  it('keeps its start while the prompt fits, then jumps to leave about half the budget', () => {
    const steps = [40, 30, 30, 30, 30, 30, 30, 30];
    expect(windowStarts(steps, 20, 1000)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const starts = windowStarts(steps, 20, 150);
    // Never moves backwards; the window (header + shown steps) always fits the budget.
    starts.forEach((s, t) => {
      if (t > 0) expect(s).toBeGreaterThanOrEqual(starts[t - 1]);
      expect(20 + steps.slice(s, t + 1).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(150);
    });
    expect(new Set(starts).size).toBeGreaterThan(1);
  });

  it('never starts after the newest step, even when one step alone overflows', () => {
    expect(nextWindowStart([10, 500], 20, 0, 1, 100)).toBe(1);
  });
});

describe('PromptHistory', () => {
  it('only appends segments between window jumps, so a cached prefix can be extended', () => {
    const h = new PromptHistory('Your task is to: put a mug in desk.', [], 'You are in a room.', 400);
    let previous = h.prefixSegments();
    expect(previous[0]).toBe('Task: put a mug in desk.\n');
    for (let i = 0; i < 12; i++) {
      const start = h.windowStart;
      h.push(`go to shelf ${i}`, `On the shelf ${i}, you see nothing.`);
      const now = h.prefixSegments();
      if (h.windowStart === start) expect(now.slice(0, previous.length)).toEqual(previous);
      expect(now.join('').length).toBeLessThanOrEqual(400 + 60);
      previous = now;
    }
    expect(h.windowStart).toBeGreaterThan(0);
  });
});
