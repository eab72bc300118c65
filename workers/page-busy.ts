/**
 * The worker's side of the page's busy flag (src/page-busy.ts). Before a training model call it waits
 * while the page draws (at most MAX_WAIT_MS: a page that forgets to lower the flag only slows
 * training), and while the page has not yet handled the last training event posted to it (at most
 * EVENT_WAIT_MS per event): the page's reply to an event (a render, the queries the commit woke, a
 * redraw) then has a core of its own on a 2-core machine. It says so in the buffer's PARKED slot,
 * which the page waits for before it starts drawing.
 */
import { BUSY_SLOT, EVENT_SLOT, HANDLED_SLOT, PARKED_SLOT } from '../src/protocol/page-busy-slots';
import type { LanguageModel } from '../src/core/llm/types';

/** Longer than a whole redraw of the Lab's charts (8 hand-overs a frame apart, about 150–250 ms here). */
const MAX_WAIT_MS = 1000;
/**
 * How long one event may hold training: the page replies to most within a frame or two. A page that
 * does not reply in time (a hidden tab that is slow to run its idle callbacks) is not waited for
 * again for that event.
 */
const EVENT_WAIT_MS = 250;
let slots: Int32Array | null = null;
/** The last event the worker stopped waiting for. */
let gaveUpOn = 0;

export function setPageBusyBuffer(buffer: SharedArrayBuffer | null | undefined): void {
  slots = buffer ? new Int32Array(buffer) : null;
  // Events a worker before this one posted are not waited for.
  gaveUpOn = slots ? Atomics.load(slots, EVENT_SLOT) : 0;
}

/**
 * Counts a training event about to be posted to the page; returns its number, for the page to write
 * back once it has handled it (undefined without a buffer: nothing will wait for it).
 */
export function eventPosted(): number | undefined {
  return slots ? Atomics.add(slots, EVENT_SLOT, 1) + 1 : undefined;
}

/** Whether the page has yet to handle the last event posted (one the worker gave up on does not count). */
function eventPending(s: Int32Array): boolean {
  const posted = Atomics.load(s, EVENT_SLOT);
  return posted > gaveUpOn && Atomics.load(s, HANDLED_SLOT) < posted;
}

export function waitForPage(): void {
  const s = slots;
  if (!s || (Atomics.load(s, BUSY_SLOT) !== 1 && !eventPending(s))) return;
  Atomics.store(s, PARKED_SLOT, 1);
  Atomics.notify(s, PARKED_SLOT);
  try {
    const started = performance.now();
    let waitingFor = 0;
    let eventSince = started;
    for (;;) {
      const now = performance.now();
      if (Atomics.load(s, BUSY_SLOT) === 1 && now - started < MAX_WAIT_MS) {
        Atomics.wait(s, BUSY_SLOT, 1, MAX_WAIT_MS - (now - started));
        continue;
      }
      const handled = Atomics.load(s, HANDLED_SLOT);
      const posted = Atomics.load(s, EVENT_SLOT);
      if (posted <= gaveUpOn || handled >= posted) return;
      // A newer event gets its own allowance.
      if (posted !== waitingFor) {
        waitingFor = posted;
        eventSince = now;
      }
      const left = EVENT_WAIT_MS - (now - eventSince);
      if (left <= 0) {
        gaveUpOn = posted;
        return;
      }
      // Returns at once if the page wrote since `handled` was read.
      Atomics.wait(s, HANDLED_SLOT, handled, left);
    }
  } finally {
    Atomics.store(s, PARKED_SLOT, 0);
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
