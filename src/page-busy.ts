/**
 * A flag the page raises while it draws (the charts' hand-overs, RunCharts.tsx), shared with the lab
 * worker through a SharedArrayBuffer: before each training model call the worker waits while it is
 * up (workers/page-busy.ts). On a machine with two cores the worker's inference holds one, and the
 * page's drawing otherwise shares the other with V8's and Chromium's helper threads. Without
 * cross-origin isolation there is no SharedArrayBuffer, and the flag does nothing.
 *
 * The buffer holds two slots: the page's flag, and the worker's answer (1 while it waits on the
 * flag). A call already running when the flag goes up finishes first: the page waits for the answer
 * before its first drawing task, so that drawing starts with the worker parked.
 *
 * Two more slots cover the page's reply to a training event (its render, the queries the commit
 * woke): the worker counts each event it posts, the event carries its number, and the page writes it
 * back once it is idle again (`handled`). Until then the worker does not start a model call.
 */
import { BUSY_SLOT, HANDLED_SLOT, PAGE_BUSY_BYTES, PARKED_SLOT } from './protocol/page-busy-slots';

export interface PageBusy {
  /** The buffer given to the worker at init (null: no flag). */
  readonly buffer: SharedArrayBuffer | null;
  /** Raises the flag until the returned function is called; overlapping holds keep it up until the last is released. */
  hold(): () => void;
  /**
   * Resolves true once the worker waits on the flag, or false after `timeoutMs` (a worker between
   * model calls, or not training) or at once without a buffer.
   */
  workerParked(timeoutMs: number): Promise<boolean>;
  /** Tells the worker that the page has handled training event `seq` (and every one before it). */
  handled(seq: number): void;
  /** `handled(seq)` once the page is idle again after the event's own work; at once in a hidden tab. */
  handledWhenIdle(seq: number): void;
}

/** The page's reply to an event outlasting this is left to finish beside training. */
const IDLE_TIMEOUT_MS = 200;

/** Atomics.waitAsync (ES2024), typed here: the project's lib is ES2023. */
interface AtomicsWithWaitAsync {
  waitAsync?: (array: Int32Array, index: number, value: number, timeoutMs: number) => { async: false; value: string } | { async: true; value: Promise<string> };
}

export function createPageBusy(buffer: SharedArrayBuffer | null): PageBusy {
  const slots = buffer ? new Int32Array(buffer) : null;
  let holds = 0;
  return {
    buffer,
    hold() {
      holds++;
      if (slots) Atomics.store(slots, BUSY_SLOT, 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0 && slots) {
          Atomics.store(slots, BUSY_SLOT, 0);
          Atomics.notify(slots, BUSY_SLOT);
        }
      };
    },
    handled(seq) {
      if (!slots) return;
      // Events are handled in order; a late reply to an older one must not lower the count.
      if (Atomics.load(slots, HANDLED_SLOT) >= seq) return;
      Atomics.store(slots, HANDLED_SLOT, seq);
      Atomics.notify(slots, HANDLED_SLOT);
    },
    handledWhenIdle(seq) {
      if (!slots) return;
      if (document.visibilityState === 'hidden' || typeof requestIdleCallback !== 'function') {
        this.handled(seq);
        return;
      }
      requestIdleCallback(() => this.handled(seq), { timeout: IDLE_TIMEOUT_MS });
    },
    async workerParked(timeoutMs) {
      if (!slots) return false;
      if (Atomics.load(slots, PARKED_SLOT) === 1) return true;
      // The main thread may not block (Atomics.wait): waitAsync resolves on the worker's notify.
      // A browser without it draws at once, as without the answer.
      const waitAsync = (Atomics as AtomicsWithWaitAsync).waitAsync;
      if (typeof waitAsync !== 'function') return false;
      const waiting = waitAsync(slots, PARKED_SLOT, 0, timeoutMs);
      if (waiting.async) await waiting.value;
      return Atomics.load(slots, PARKED_SLOT) === 1;
    },
  };
}

export const pageBusy = createPageBusy(typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated ? new SharedArrayBuffer(PAGE_BUSY_BYTES) : null);
