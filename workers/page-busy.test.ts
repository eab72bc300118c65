import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { LanguageModel } from '../src/core/llm/types';
import { BUSY_SLOT, PAGE_BUSY_BYTES, PARKED_SLOT } from '../src/protocol/page-busy-slots';
import { setPageBusyBuffer, waitForPage, yieldingToPage } from './page-busy';

describe('waitForPage', () => {
  it('returns at once without a flag or with the flag down, and does not say it parked', () => {
    setPageBusyBuffer(null);
    waitForPage();
    const buffer = new SharedArrayBuffer(PAGE_BUSY_BYTES);
    setPageBusyBuffer(buffer);
    waitForPage();
    expect(new Int32Array(buffer)[PARKED_SLOT]).toBe(0);
    setPageBusyBuffer(null);
  });

  it('says it is parked while it waits, and goes on once the page lowers its flag', async () => {
    const buffer = new SharedArrayBuffer(PAGE_BUSY_BYTES);
    const slots = new Int32Array(buffer);
    slots[BUSY_SLOT] = 1;
    // A second thread plays the page: it waits for the worker's answer, then lowers the flag.
    const page = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const slots = new Int32Array(workerData);
       Atomics.wait(slots, ${PARKED_SLOT}, 0, 10000);
       const seen = Atomics.load(slots, ${PARKED_SLOT});
       Atomics.store(slots, ${BUSY_SLOT}, 0);
       Atomics.notify(slots, ${BUSY_SLOT});
       parentPort.postMessage(seen);`,
      { eval: true, workerData: buffer },
    );
    const seen = new Promise((resolve) => page.once('message', resolve));
    await new Promise((resolve) => page.once('online', resolve));
    setPageBusyBuffer(buffer);
    waitForPage();
    setPageBusyBuffer(null);
    expect(await seen).toBe(1);
    expect(slots[BUSY_SLOT]).toBe(0);
    expect(slots[PARKED_SLOT]).toBe(0);
    await page.terminate();
  });

  it('waits out its cap when the page never lowers the flag', () => {
    const buffer = new SharedArrayBuffer(PAGE_BUSY_BYTES);
    new Int32Array(buffer)[BUSY_SLOT] = 1;
    setPageBusyBuffer(buffer);
    const started = performance.now();
    waitForPage();
    // Atomics.wait returns early only when notified: no one notifies here.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(new Int32Array(buffer)[PARKED_SLOT]).toBe(0);
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
