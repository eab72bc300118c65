/**
 * The model's output projection W (the lm_head), read straight from the ONNX file's bytes, so the
 * policy learner can recompute a position's logits as W·h from the stored final hidden state h
 * instead of keeping 2,048 logits per position (DESIGN.md §1 step 2: the adapter needs only h).
 *
 * ONNX files are protobuf; rather than pull in a protobuf library for four message types, this file
 * carries a minimal wire-format reader. It finds the MatMul node whose output is `logits`; its
 * second input is the weight [hidden, vocab], either a float initializer (the fp32 build) or the
 * output of a DequantizeLinear over int8/uint8 initializers (the int8 weight-only build).
 */

/** W row-major [vocab][hidden]: a token's row is contiguous, so W·h is one dot product per token. */
export interface OutputTable {
  vocab: number;
  hidden: number;
  data: Float32Array;
}

// ---- protobuf wire format -------------------------------------------------------------------

/** One field of a message: its number, and either a varint value or a byte range of the buffer. */
interface Field {
  num: number;
  wire: number;
  value: number;
  start: number;
  end: number;
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** A varint as a number; 64-bit negatives (10 bytes, e.g. axis = -1) go through BigInt to stay exact. */
  varint(): number {
    let value = 0;
    let scale = 1;
    const begin = this.pos;
    for (let n = 0; n < 10; n++) {
      if (this.pos >= this.end) throw new Error('ONNX protobuf: truncated varint');
      const b = this.buf[this.pos++];
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) {
        if (n < 7) return value; // at most 49 bits: exact in a double
        let big = 0n;
        for (let i = this.pos - 1; i >= begin; i--) big = (big << 7n) | BigInt(this.buf[i] & 0x7f);
        return Number(BigInt.asIntN(64, big));
      }
    }
    throw new Error('ONNX protobuf: varint longer than 10 bytes');
  }

  next(): Field {
    const key = this.varint();
    const num = Math.floor(key / 8);
    const wire = key & 7;
    const start = this.pos;
    if (wire === 0) return { num, wire, value: this.varint(), start, end: this.pos };
    const size = wire === 1 ? 8 : wire === 5 ? 4 : wire === 2 ? this.varint() : -1;
    if (size < 0) throw new Error(`ONNX protobuf: unsupported wire type ${wire}`);
    const from = this.pos;
    this.pos += size;
    if (this.pos > this.end) throw new Error('ONNX protobuf: field runs past the end of its message');
    return { num, wire, value: 0, start: from, end: this.pos };
  }
}

/** Calls `visit` for each field of the message in buf[start, end). */
function fields(buf: Uint8Array, start: number, end: number, visit: (f: Field) => void): void {
  const r = new Reader(buf, start, end);
  while (r.pos < end) visit(r.next());
}

const utf8 = new TextDecoder();
const text = (buf: Uint8Array, f: Field): string => utf8.decode(buf.subarray(f.start, f.end));

/** Repeated int64/int32: packed (one length-delimited field) or one varint per field. */
function pushInts(buf: Uint8Array, f: Field, into: number[]): void {
  if (f.wire === 0) into.push(f.value);
  else if (f.wire === 2) for (const r = new Reader(buf, f.start, f.end); r.pos < f.end; ) into.push(r.varint());
}

// ---- the ONNX messages used here ------------------------------------------------------------

interface OnnxNode {
  inputs: string[];
  outputs: string[];
  name: string;
  opType: string;
  intAttrs: Map<string, number>;
}

/** An initializer, decoded only when needed (the file holds megabytes of them). */
interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  raw?: Field;
  floatData?: Field;
  int32Data: number[];
}

function readNode(buf: Uint8Array, start: number, end: number): OnnxNode {
  const node: OnnxNode = { inputs: [], outputs: [], name: '', opType: '', intAttrs: new Map() };
  fields(buf, start, end, (f) => {
    if (f.num === 1) node.inputs.push(text(buf, f));
    else if (f.num === 2) node.outputs.push(text(buf, f));
    else if (f.num === 3) node.name = text(buf, f);
    else if (f.num === 4) node.opType = text(buf, f);
    else if (f.num === 5) {
      let name = '';
      let i: number | undefined;
      fields(buf, f.start, f.end, (a) => {
        if (a.num === 1) name = text(buf, a);
        else if (a.num === 3) i = a.value;
      });
      if (i !== undefined) node.intAttrs.set(name, i);
    }
  });
  return node;
}

function readTensor(buf: Uint8Array, start: number, end: number): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0, int32Data: [] };
  fields(buf, start, end, (f) => {
    if (f.num === 1) pushInts(buf, f, t.dims);
    else if (f.num === 2) t.dataType = f.value;
    else if (f.num === 4) t.floatData = f;
    else if (f.num === 5) pushInts(buf, f, t.int32Data);
    else if (f.num === 8) t.name = text(buf, f);
    else if (f.num === 9) t.raw = f;
  });
  return t;
}

const FLOAT = 1;
const UINT8 = 2;
const INT8 = 3;

/** A tensor's values as numbers (float, int8 or uint8), in the file's row-major order. */
function tensorValues(buf: Uint8Array, t: OnnxTensor): Float32Array {
  const count = t.dims.reduce((a, b) => a * b, 1);
  const bytes = t.raw ?? t.floatData;
  let out: Float32Array;
  if (t.dataType === FLOAT) {
    if (!bytes) throw new Error(`ONNX tensor "${t.name}": no float data (external data is not supported)`);
    // Copy into a fresh buffer: the field may sit at an offset that is not a multiple of 4 (and a
    // Node Buffer's slice() is a view, not a copy). ONNX stores little-endian, as every host here is.
    const copy = new Uint8Array(bytes.end - bytes.start);
    copy.set(buf.subarray(bytes.start, bytes.end));
    out = new Float32Array(copy.buffer);
  } else if (t.dataType === INT8 || t.dataType === UINT8) {
    const signed = t.dataType === INT8;
    if (t.raw) out = Float32Array.from(buf.subarray(t.raw.start, t.raw.end), (b) => (signed && b > 127 ? b - 256 : b));
    else out = Float32Array.from(t.int32Data);
  } else {
    throw new Error(`ONNX tensor "${t.name}": data type ${t.dataType} is not supported (float, int8, uint8 only)`);
  }
  if (out.length !== count) throw new Error(`ONNX tensor "${t.name}": ${out.length} values for dims [${t.dims.join(', ')}]`);
  return out;
}

// ---- the output table -----------------------------------------------------------------------

/** The weight [hidden, vocab] of the `logits` MatMul, read from an ONNX model file. */
export function readOutputTable(bytes: Uint8Array | ArrayBuffer, logitsName = 'logits'): OutputTable {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let graph: Field | undefined;
  fields(buf, 0, buf.length, (f) => {
    if (f.num === 7 && f.wire === 2) graph = f;
  });
  if (!graph) throw new Error('ONNX model: no graph (is this an ONNX file?)');
  const nodes: OnnxNode[] = [];
  const inits = new Map<string, OnnxTensor>();
  fields(buf, graph.start, graph.end, (f) => {
    if (f.num === 1) nodes.push(readNode(buf, f.start, f.end));
    else if (f.num === 5) {
      const t = readTensor(buf, f.start, f.end);
      inits.set(t.name, t);
    }
  });
  const matmul = nodes.find((n) => n.opType === 'MatMul' && n.outputs.includes(logitsName));
  if (!matmul) throw new Error(`ONNX model: no MatMul node outputs "${logitsName}" (the output projection must be a plain MatMul to read W)`);
  const wName = matmul.inputs[1];
  const init = (name: string): OnnxTensor => {
    const t = inits.get(name);
    if (!t) throw new Error(`ONNX model: "${name}" (input of the output projection) is not an initializer`);
    return t;
  };
  let dims: number[];
  let w: Float32Array;
  const deq = nodes.find((n) => n.opType === 'DequantizeLinear' && n.outputs[0] === wName);
  if (deq) {
    const q = init(deq.inputs[0]);
    dims = q.dims;
    w = dequantize(tensorValues(buf, q), dims, tensorValues(buf, init(deq.inputs[1])), deq.inputs[2] ? tensorValues(buf, init(deq.inputs[2])) : undefined, deq.intAttrs.get('axis') ?? 1);
  } else {
    const t = init(wName);
    dims = t.dims;
    w = tensorValues(buf, t);
  }
  if (dims.length !== 2) throw new Error(`ONNX model: output weight "${wName}" has dims [${dims.join(', ')}], expected [hidden, vocab]`);
  const [hidden, vocab] = dims;
  // Transpose [hidden][vocab] → [vocab][hidden].
  const data = new Float32Array(vocab * hidden);
  for (let k = 0; k < hidden; k++) for (let v = 0; v < vocab; v++) data[v * hidden + k] = w[k * vocab + v];
  return { vocab, hidden, data };
}

/** (q − zero) · scale over a 2-D tensor, per tensor (scalar scale) or per `axis`; float32 like the runtime. */
function dequantize(q: Float32Array, dims: number[], scale: Float32Array, zero: Float32Array | undefined, axis: number): Float32Array {
  const [rows, cols] = dims;
  const a = axis < 0 ? axis + dims.length : axis;
  const per = a === 0 ? rows : cols;
  if (scale.length !== 1 && scale.length !== per) throw new Error(`ONNX model: DequantizeLinear scale has ${scale.length} values for axis ${axis} of [${dims.join(', ')}]`);
  if (zero && zero.length !== scale.length) throw new Error(`ONNX model: DequantizeLinear zero point has ${zero.length} values, scale ${scale.length}`);
  const out = new Float32Array(q.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const c = scale.length === 1 ? 0 : a === 0 ? i : j;
      out[i * cols + j] = (q[i * cols + j] - (zero ? zero[c] : 0)) * scale[c];
    }
  }
  return out;
}

/** z = W·h (vocab logits) for one hidden state; `out` may be reused across calls. */
export function logitsFromHidden<T extends Float32Array | Float64Array = Float32Array>(table: OutputTable, h: ArrayLike<number>, out?: T): T {
  const { vocab, hidden, data } = table;
  if (h.length !== hidden) throw new Error(`logitsFromHidden: hidden state has ${h.length} values, the table ${hidden}`);
  const z = (out ?? new Float32Array(vocab)) as T;
  for (let v = 0, row = 0; v < vocab; v++, row += hidden) {
    let s = 0;
    for (let k = 0; k < hidden; k++) s += data[row + k] * h[k];
    z[v] = s;
  }
  return z;
}

/**
 * z_p = W·h_p for P hidden states at once (P × vocab into `out`). Eight positions share each pass
 * over W, with their hidden states interleaved so the eight products of one weight read sit side
 * by side: ~3.5× faster than one position at a time in V8 (W, 1.5 MB, is read P/8 times instead of
 * P times). Each sum runs over k in order, so the values equal logitsFromHidden's exactly.
 */
export function logitsForPositions(table: OutputTable, hidden: Float32Array, positions: number, out: Float64Array = new Float64Array(positions * table.vocab)): Float64Array {
  const { vocab: V, hidden: d, data: W } = table;
  if (hidden.length < positions * d) throw new Error(`logitsForPositions: ${hidden.length} hidden values for ${positions} positions of ${d}`);
  if (out.length < positions * V) throw new Error(`logitsForPositions: output holds ${out.length} values, needs ${positions * V}`);
  const B = 8;
  const h = new Float64Array(B * d); // h[k·B + j] = hidden state j of the block, entry k
  for (let p = 0; p < positions; p += B) {
    const n = Math.min(B, positions - p);
    h.fill(0);
    for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) h[k * B + j] = hidden[(p + j) * d + k];
    for (let v = 0, row = 0; v < V; v++, row += d) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let k = 0, q = 0; k < d; k++, q += B) {
        const w = W[row + k];
        s0 += w * h[q];
        s1 += w * h[q + 1];
        s2 += w * h[q + 2];
        s3 += w * h[q + 3];
        s4 += w * h[q + 4];
        s5 += w * h[q + 5];
        s6 += w * h[q + 6];
        s7 += w * h[q + 7];
      }
      const at = p * V + v;
      out[at] = s0;
      if (n > 1) out[at + V] = s1;
      if (n > 2) out[at + 2 * V] = s2;
      if (n > 3) out[at + 3 * V] = s3;
      if (n > 4) out[at + 4 * V] = s4;
      if (n > 5) out[at + 5 * V] = s5;
      if (n > 6) out[at + 6 * V] = s6;
      if (n > 7) out[at + 7 * V] = s7;
    }
  }
  return out;
}
