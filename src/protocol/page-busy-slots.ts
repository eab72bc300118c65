/**
 * The layout of the page's busy flag, a SharedArrayBuffer the page gives the lab worker at init
 * (src/page-busy.ts writes the page's slots, workers/page-busy.ts the worker's).
 */
/** 1 while the page draws: training waits before its next model call. */
export const BUSY_SLOT = 0;
/** 1 while the worker waits for the page: the page starts drawing once it is (or after a timeout). */
export const PARKED_SLOT = 1;
/** Training events the worker has posted (it counts up before each post; the event carries the count). */
export const EVENT_SLOT = 2;
/** The count of the last training event the page has handled: it writes it once it is idle again. */
export const HANDLED_SLOT = 3;
export const PAGE_BUSY_BYTES = 16;
