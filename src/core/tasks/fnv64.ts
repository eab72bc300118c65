/**
 * 64-bit FNV-1a over bytes, in 16-bit limbs so it stays in exact integer arithmetic without BigInt
 * (state keys are hashed on every step of every rollout). 64 bits keep collisions between the
 * states of one task negligible, where 32 would not over long runs.
 */
export class Fnv64 {
  // Offset basis 0xcbf29ce484222325, least significant limb first.
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  byte(b: number): this {
    this.h0 ^= b & 0xff;
    // Multiply by the FNV prime 0x100000001b3 = 2^40 + 0x1b3, keeping 64 bits.
    const t0 = this.h0 * 0x1b3;
    const t1 = this.h1 * 0x1b3 + (t0 >>> 16);
    const t2 = this.h2 * 0x1b3 + (this.h0 << 8) + (t1 >>> 16);
    const t3 = this.h3 * 0x1b3 + (this.h1 << 8) + (t2 >>> 16);
    this.h0 = t0 & 0xffff;
    this.h1 = t1 & 0xffff;
    this.h2 = t2 & 0xffff;
    this.h3 = t3 & 0xffff;
    return this;
  }

  bytes(data: Uint8Array): this {
    for (let i = 0; i < data.length; i++) this.byte(data[i]);
    return this;
  }

  /** A 32-bit integer, little-endian (negative numbers as two's complement). */
  int(n: number): this {
    return this.byte(n).byte(n >>> 8).byte(n >>> 16).byte(n >>> 24);
  }

  /** A string as UTF-16 code units, length first so concatenations cannot collide. */
  string(text: string): this {
    this.int(text.length);
    for (let i = 0; i < text.length; i++) this.byte(text.charCodeAt(i)).byte(text.charCodeAt(i) >>> 8);
    return this;
  }

  /** 16 lower-case hex digits. */
  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
  }
}
