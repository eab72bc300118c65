import { describe, expect, it } from 'vitest';
import { createPageBusy } from './page-busy';

describe('createPageBusy', () => {
  it('keeps the flag up while any hold lasts, and releasing twice counts once', () => {
    const buffer = new SharedArrayBuffer(4);
    const flag = new Int32Array(buffer);
    const busy = createPageBusy(buffer);
    const first = busy.hold();
    const second = busy.hold();
    expect(flag[0]).toBe(1);
    first();
    first();
    expect(flag[0]).toBe(1);
    second();
    expect(flag[0]).toBe(0);
  });

  it('does nothing without a shared buffer', () => {
    const busy = createPageBusy(null);
    expect(busy.buffer).toBeNull();
    expect(() => busy.hold()()).not.toThrow();
  });
});
