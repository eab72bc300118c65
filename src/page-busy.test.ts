import { describe, expect, it } from 'vitest';
import { createPageBusy } from './page-busy';
import { BUSY_SLOT, PAGE_BUSY_BYTES, PARKED_SLOT } from './protocol/page-busy-slots';

describe('createPageBusy', () => {
  it('keeps the flag up while any hold lasts, and releasing twice counts once', () => {
    const buffer = new SharedArrayBuffer(PAGE_BUSY_BYTES);
    const slots = new Int32Array(buffer);
    const busy = createPageBusy(buffer);
    const first = busy.hold();
    const second = busy.hold();
    expect(slots[BUSY_SLOT]).toBe(1);
    first();
    first();
    expect(slots[BUSY_SLOT]).toBe(1);
    second();
    expect(slots[BUSY_SLOT]).toBe(0);
  });

  it('does nothing without a shared buffer', async () => {
    const busy = createPageBusy(null);
    expect(busy.buffer).toBeNull();
    expect(() => busy.hold()()).not.toThrow();
    await expect(busy.workerParked(1000)).resolves.toBe(false);
  });
});

describe('workerParked', () => {
  it('resolves true when the worker says it waits on the flag', async () => {
    const buffer = new SharedArrayBuffer(PAGE_BUSY_BYTES);
    const slots = new Int32Array(buffer);
    const busy = createPageBusy(buffer);
    busy.hold();
    const parked = busy.workerParked(10_000);
    setTimeout(() => {
      Atomics.store(slots, PARKED_SLOT, 1);
      Atomics.notify(slots, PARKED_SLOT);
    }, 10);
    await expect(parked).resolves.toBe(true);
    // Already parked: no wait.
    await expect(busy.workerParked(10_000)).resolves.toBe(true);
  });

  it('resolves false when the worker does not park within the timeout', async () => {
    const busy = createPageBusy(new SharedArrayBuffer(PAGE_BUSY_BYTES));
    busy.hold();
    await expect(busy.workerParked(20)).resolves.toBe(false);
  });
});
