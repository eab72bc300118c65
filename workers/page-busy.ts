/**
 * The worker's side of the page's busy flag (src/page-busy.ts): before a training model call, wait
 * while the page draws, at most MAX_WAIT_MS (a page that forgets to lower it only slows training),
 * and say so in the buffer's second slot, which the page waits for before it starts drawing.
 */
import { BUSY_SLOT, PARKED_SLOT } from '../src/protocol/page-busy-slots';
import type { LanguageModel } from '../src/core/llm/types';

/** Longer than a whole redraw of the Lab's charts (8 hand-overs a frame apart, about 150–250 ms here). */
const MAX_WAIT_MS = 1000;
let slots: Int32Array | null = null;

export function setPageBusyBuffer(buffer: SharedArrayBuffer | null | undefined): void {
  slots = buffer ? new Int32Array(buffer) : null;
}

export function waitForPage(): void {
  if (!slots || Atomics.load(slots, BUSY_SLOT) !== 1) return;
  Atomics.store(slots, PARKED_SLOT, 1);
  Atomics.notify(slots, PARKED_SLOT);
  try {
    const until = performance.now() + MAX_WAIT_MS;
    for (let left = MAX_WAIT_MS; Atomics.load(slots, BUSY_SLOT) === 1 && left > 0; left = until - performance.now()) Atomics.wait(slots, BUSY_SLOT, 1, left);
  } finally {
    Atomics.store(slots, PARKED_SLOT, 0);
  }
}

/** The model, with every scoring and generation call waiting for the page first. */
export function yieldingToPage(model: LanguageModel): LanguageModel {
  return {
    get info() {
      return model.info;
    },
    tokenizeSegments: (segments) => model.tokenizeSegments(segments),
    scoreCandidates: (prefix, candidates, options) => {
      waitForPage();
      return model.scoreCandidates(prefix, candidates, options);
    },
    generate: (prefix, options) => {
      waitForPage();
      return model.generate(prefix, options);
    },
    clearPrefixCache: () => model.clearPrefixCache?.(),
    dispose: () => model.dispose(),
  };
}
