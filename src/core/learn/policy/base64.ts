/**
 * Typed arrays ⇄ base64 strings, so checkpoints (head parameters, Adam moments) are plain JSON that
 * round-trips bit-exactly through files and IndexedDB. Works in the browser, the worker and Node
 * (no Buffer). The bytes are the platform's, little-endian on every host this lab runs on.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    chunk += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    chunk += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
    // Flush now and then so string building stays linear on megabyte tensors.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64: length is not a multiple of 4');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      const v = c === 61 /* = */ ? 0 : c < 128 ? LOOKUP[c] : -1;
      if (v < 0) throw new Error(`base64: invalid character at ${i + k}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function float32ToBase64(values: Float32Array): string {
  return bytesToBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function float64ToBase64(values: Float64Array): string {
  return bytesToBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** Decodes into a fresh, aligned buffer; `length` (when given) must match. */
export function base64ToFloat32(text: string, length?: number): Float32Array {
  const bytes = base64ToBytes(text);
  if (bytes.length % 4 !== 0) throw new Error('base64ToFloat32: byte count is not a multiple of 4');
  const out = new Float32Array(bytes.buffer, 0, bytes.length / 4);
  if (length !== undefined && out.length !== length) throw new Error(`base64ToFloat32: ${out.length} values, expected ${length}`);
  return out;
}

export function base64ToFloat64(text: string, length?: number): Float64Array {
  const bytes = base64ToBytes(text);
  if (bytes.length % 8 !== 0) throw new Error('base64ToFloat64: byte count is not a multiple of 8');
  const out = new Float64Array(bytes.buffer, 0, bytes.length / 8);
  if (length !== undefined && out.length !== length) throw new Error(`base64ToFloat64: ${out.length} values, expected ${length}`);
  return out;
}
