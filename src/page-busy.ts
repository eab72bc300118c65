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
 */
import { BUSY_SLOT, PAGE_BUSY_BYTES, PARKED_SLOT } from './protocol/page-busy-slots';

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
}

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
