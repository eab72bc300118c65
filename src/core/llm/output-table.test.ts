/**
 * The output table read from the ONNX bytes reproduces the model's own logits as W·h, for the fp32
 * file (a float initializer) and the int8 file (DequantizeLinear over int8 initializers).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readOutputTable, logitsFromHidden } from './output-table';
import { configureTransformersEnv } from './transformersEnv';
import { loadTransformersModel } from './transformersModel';

const MODELS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../public/models');

describe('readOutputTable', () => {
  for (const [file, dtype, tolerance] of [
    ['model.onnx', 'fp32', 1e-4],
    ['model_int8.onnx', 'int8', 1e-3],
  ] as const) {
    it(`${file}: W·h equals the model's logits at every position (within ${tolerance})`, async () => {
      const table = readOutputTable(readFileSync(join(MODELS, 'jerp-tiny/onnx', file)));
      expect(table).toMatchObject({ vocab: 2048, hidden: 192 });
      expect(table.data).toHaveLength(2048 * 192);
      configureTransformersEnv({ localModelPath: `${MODELS}/` });
      const model = await loadTransformersModel({ modelId: 'jerp-tiny', device: 'cpu', dtype });
      try {
        const ids = model.tokenizeSegments(['Task: put a clean cloth in cabinet.\n', 'On the countertop 1, you see a cloth 1.\n>', ' take cloth 1 from countertop 1\n']);
        const { logits, hidden } = await model.forwardIds(ids);
        expect(hidden).toBeDefined();
        const z = new Float32Array(table.vocab);
        let worst = 0;
        for (let p = 0; p < ids.length; p++) {
          logitsFromHidden(table, hidden!.subarray(p * table.hidden, (p + 1) * table.hidden), z);
          for (let v = 0; v < table.vocab; v++) worst = Math.max(worst, Math.abs(z[v] - logits[p * table.vocab + v]));
        }
        expect(worst).toBeLessThan(tolerance);
      } finally {
        await model.dispose();
      }
    });
  }

  it('says clearly when the graph has no MatMul producing logits, or the bytes are not ONNX', () => {
    // ModelProto { graph (7) { node (1) { output (2): "y", op_type (4): "Add" } } }
    const enc = new TextEncoder();
    const str = (field: number, s: string) => [field * 8 + 2, s.length, ...enc.encode(s)];
    const node = [...str(2, 'y'), ...str(4, 'Add')];
    const graph = [1 * 8 + 2, node.length, ...node];
    const model = new Uint8Array([7 * 8 + 2, graph.length, ...graph]);
    expect(() => readOutputTable(model)).toThrow(/no MatMul node outputs "logits"/);
    expect(() => readOutputTable(new Uint8Array([8, 1]))).toThrow(/no graph/);
    expect(() => readOutputTable(enc.encode('this is not a protobuf'))).toThrow(/ONNX/);
  });

  it('rejects a hidden state of the wrong size', () => {
    const table = { vocab: 2, hidden: 3, data: new Float32Array([1, 2, 3, 4, 5, 6]) };
    expect(Array.from(logitsFromHidden(table, [1, 0, -1]))).toEqual([-2, -2]);
    expect(() => logitsFromHidden(table, [1, 2])).toThrow(/hidden state has 2 values/);
  });
});
