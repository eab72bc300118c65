import { describe, expect, it } from 'vitest';
import type { LanguageModel } from '../src/core/llm/types';
import { setPageBusyBuffer, waitForPage, yieldingToPage } from './page-busy';

describe('waitForPage', () => {
  it('returns at once without a flag or with the flag down', () => {
    setPageBusyBuffer(null);
    waitForPage();
    setPageBusyBuffer(new SharedArrayBuffer(4));
    waitForPage();
  });

  it('waits out its cap when the page never lowers the flag', () => {
    const buffer = new SharedArrayBuffer(4);
    new Int32Array(buffer)[0] = 1;
    setPageBusyBuffer(buffer);
    const started = performance.now();
    waitForPage();
    // Atomics.wait returns early only when notified: no one notifies here.
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    setPageBusyBuffer(null);
  });
});

describe('yieldingToPage', () => {
  it('passes every call through to the model', async () => {
    const calls: string[] = [];
    const model = {
      info: { id: 'm' },
      tokenizeSegments: (s: readonly string[]) => (calls.push('tokenize'), s.map((_, i) => i)),
      scoreCandidates: async () => (calls.push('score'), []),
      generate: async () => (calls.push('generate'), 'x'),
      clearPrefixCache: () => void calls.push('clear'),
      dispose: async () => void calls.push('dispose'),
    } as unknown as LanguageModel;
    const wrapped = yieldingToPage(model);
    expect(wrapped.info.id).toBe('m');
    expect(wrapped.tokenizeSegments(['a', 'b'])).toEqual([0, 1]);
    await wrapped.scoreCandidates(['p'], ['c']);
    expect(await wrapped.generate(['p'])).toBe('x');
    wrapped.clearPrefixCache?.();
    await wrapped.dispose();
    expect(calls).toEqual(['tokenize', 'score', 'generate', 'clear', 'dispose']);
  });
});
