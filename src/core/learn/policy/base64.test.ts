import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64ToFloat32, bytesToBase64, float32ToBase64 } from './base64';

describe('base64', () => {
  it('matches the standard encoding and round-trips any length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
    }
    expect(() => base64ToBytes('abc')).toThrow(/multiple of 4/);
    expect(() => base64ToBytes('ab$=')).toThrow(/invalid character/);
  });

  it('round-trips float32 bit patterns, including -0, NaN-free extremes and subnormals', () => {
    const x = Float32Array.from([0, -0, 1e-45, -3.4e38, Math.PI, 1 / 3]);
    const back = base64ToFloat32(float32ToBase64(x), 6);
    expect(Array.from(new Uint32Array(back.buffer))).toEqual(Array.from(new Uint32Array(x.buffer)));
    expect(() => base64ToFloat32(float32ToBase64(x), 5)).toThrow(/expected 5/);
  });
});
