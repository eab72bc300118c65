"""Weight-only int8 quantization with onnx + numpy (no onnxruntime for Python exists here).

Every MatMul whose weight is a 2-D initializer gets a DequantizeLinear in front of it (symmetric,
per output channel), and so does the embedding table of the Gather. Activations stay fp32, so a
token's output does not depend on the other tokens in the call: prefix-cached and recomputed scores
agree (dynamic q8 computes an activation scale over the whole call and breaks that).

Usage: python3 quantize.py MODEL_IN MODEL_OUT
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def quantize_per_channel(w, axis):
    """Symmetric int8 with one scale per slice along `axis`."""
    reduce_axes = tuple(a for a in range(w.ndim) if a != axis)
    scale = np.abs(w).max(axis=reduce_axes) / 127.0
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def main():
    src, dst = sys.argv[1], sys.argv[2]
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for pos, name in enumerate(node.input):
            consumers.setdefault(name, []).append((node, pos))
    new_nodes, done, quantized_bytes = [], set(), 0
    for node in graph.node:
        targets = []
        if node.op_type == "MatMul" and node.input[1] in inits:
            targets.append((1, 1))  # weight [in, out]: one scale per output column
        if node.op_type == "Gather" and node.input[0] in inits and len(inits[node.input[0]].dims) == 2:
            targets.append((0, 0))  # embedding [vocab, hidden]: one scale per row
        for pos, axis in targets:
            name = node.input[pos]
            w = numpy_helper.to_array(inits[name])
            if w.ndim != 2 or name in done or w.size < 1024:
                continue
            q, scale = quantize_per_channel(w.astype(np.float32), axis)
            graph.initializer.remove(inits[name])
            graph.initializer.extend([
                numpy_helper.from_array(q, f"{name}_q"),
                numpy_helper.from_array(scale, f"{name}_scale"),
                numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), f"{name}_zero"),
            ])
            new_nodes.append(helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_scale", f"{name}_zero"], [name],
                                              name=f"{name}_dequantize", axis=axis))
            done.add(name)
            quantized_bytes += w.nbytes
    # DequantizeLinear nodes first keeps the graph topologically sorted.
    nodes = new_nodes + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    if model.opset_import[0].version < 13:
        raise SystemExit("per-channel DequantizeLinear needs opset >= 13")
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    print(f"quantized {len(done)} weights ({quantized_bytes / 1e6:.2f} MB fp32) -> {dst}")


if __name__ == "__main__":
    main()
