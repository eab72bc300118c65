/**
 * The layout of the page's busy flag, a SharedArrayBuffer the page gives the lab worker at init
 * (src/page-busy.ts writes the first slot, workers/page-busy.ts the second).
 */
/** 1 while the page draws: training waits before its next model call. */
export const BUSY_SLOT = 0;
/** 1 while the worker waits on BUSY_SLOT: the page starts drawing once it is (or after a timeout). */
export const PARKED_SLOT = 1;
export const PAGE_BUSY_BYTES = 8;
