import { describe, expect, it } from 'vitest';
import { assertFitsContext, decisionTokens } from './context';
import { ContextOverflowError } from './errors';

describe('assertFitsContext', () => {
  it('counts the prompt and its longest candidate', () => {
    expect(decisionTokens(100, [3, 7, 2])).toBe(107);
    expect(decisionTokens(100, [])).toBe(100);
  });

  it('accepts a decision at the limit and refuses one token more, saying by how much', () => {
    expect(() => assertFitsContext(1020, [4, 2], 1024)).not.toThrow();
    const error = (() => {
      try {
        assertFitsContext(5000, [12, 3], 1024);
      } catch (e) {
        return e;
      }
    })() as ContextOverflowError;
    expect(error).toBeInstanceOf(ContextOverflowError);
    expect(error).toMatchObject({ tokens: 5012, limit: 1024 });
    expect(error.message).toBe(
      "The prompt exceeds the model's context by 3,988 tokens: it is 5,012 tokens (with the longest candidate) and the model reads at most 1,024. Shorten the task, the rules or the episode.",
    );
    expect(() => assertFitsContext(1021, [4], 1024)).toThrow(/by 1 tokens/);
  });

  it('does not check when the limit is unknown', () => {
    expect(() => assertFitsContext(1e6, [5], 0)).not.toThrow();
  });
});
