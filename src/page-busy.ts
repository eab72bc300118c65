/**
 * A flag the page raises while it draws (the charts' hand-overs, RunCharts.tsx), shared with the lab
 * worker through a SharedArrayBuffer: before each training model call the worker waits while it is
 * up (workers/page-busy.ts). On a machine with two cores the worker's inference holds one, and the
 * page's drawing otherwise shares the other with V8's and Chromium's helper threads. Without
 * cross-origin isolation there is no SharedArrayBuffer, and the flag does nothing.
 */
export interface PageBusy {
  /** The buffer given to the worker at init (null: no flag). */
  readonly buffer: SharedArrayBuffer | null;
  /** Raises the flag until the returned function is called; overlapping holds keep it up until the last is released. */
  hold(): () => void;
}

export function createPageBusy(buffer: SharedArrayBuffer | null): PageBusy {
  const flag = buffer ? new Int32Array(buffer) : null;
  let holds = 0;
  return {
    buffer,
    hold() {
      holds++;
      if (flag) Atomics.store(flag, 0, 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0 && flag) {
          Atomics.store(flag, 0, 0);
          Atomics.notify(flag, 0);
        }
      };
    },
  };
}

export const pageBusy = createPageBusy(typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : null);
