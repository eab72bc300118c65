/**
 * The embedded model's parameter count, counted from its ONNX file, against what config.json and
 * the README state. The fp32 file stores the tied token table twice (as the input embedding and,
 * transposed, as the output MatMul), so its raw element count (2,754,240) overstates the model by
 * one 2,048 × 192 table: the README once said 2.75M for that reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** A protobuf field: number, wire type, and its value (varint as a number, bytes as a view). */
type Field = { field: number; wire: number; value: number | Uint8Array };

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let result = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at++];
    result += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return [result, at];
  }
}

function* fields(bytes: Uint8Array): Generator<Field> {
  let at = 0;
  while (at < bytes.length) {
    let key: number;
    [key, at] = readVarint(bytes, at);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      let value: number;
      [value, at] = readVarint(bytes, at);
      yield { field, wire, value };
    } else if (wire === 2) {
      let length: number;
      [length, at] = readVarint(bytes, at);
      yield { field, wire, value: bytes.subarray(at, at + length) };
      at += length;
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
    } else throw new Error(`unexpected protobuf wire type ${wire}`);
  }
}

/** Each initializer's name and shape (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.dims = 1, name = 8). */
function initializers(path: string): Array<{ name: string; dims: number[] }> {
  const model = new Uint8Array(readFileSync(path));
  const graph = [...fields(model)].find((f) => f.field === 7)!.value as Uint8Array;
  return [...fields(graph)]
    .filter((f) => f.field === 5)
    .map((f) => {
      const dims: number[] = [];
      let name = '';
      for (const t of fields(f.value as Uint8Array)) {
        if (t.field === 1 && t.wire === 0) dims.push(t.value as number);
        if (t.field === 1 && t.wire === 2) {
          // Packed dims: varints back to back.
          const packed = t.value as Uint8Array;
          for (let at = 0; at < packed.length; ) {
            let dim: number;
            [dim, at] = readVarint(packed, at);
            dims.push(dim);
          }
        }
        if (t.field === 8) name = new TextDecoder().decode(t.value as Uint8Array);
      }
      return { name, dims };
    });
}

describe('jerp-tiny parameter count', () => {
  const dir = 'public/models/jerp-tiny';
  const config = JSON.parse(readFileSync(`${dir}/config.json`, 'utf8')) as { vocab_size: number; hidden_size: number; tie_word_embeddings: boolean; jerp: { params: number } };

  it('adds up, from the ONNX weights with the tied token table counted once, to config.json and the README', () => {
    const tensors = initializers(`${dir}/onnx/model.onnx`);
    const elements = tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
    expect(elements).toBe(2_754_240);
    const table = config.vocab_size * config.hidden_size;
    // The output projection is the token table transposed, stored again.
    expect(config.tie_word_embeddings).toBe(true);
    expect(tensors.filter((t) => t.dims.join('x') === `${config.hidden_size}x${config.vocab_size}`)).toHaveLength(1);
    expect(elements - table).toBe(config.jerp.params);
    expect(config.jerp.params).toBe(2_361_024);
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('2.36M-parameter');
    expect(readme).not.toMatch(/2\.75 ?M/);
    expect(readFileSync(`${dir}/README.md`, 'utf8')).toContain('**2,361,024**');
  });
});
