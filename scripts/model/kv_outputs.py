"""Adds the `new_key_values.{i}.{key,value}` outputs to an exported jerp graph.

Each `present.{i}.*` output is Concat(past, new) along the sequence axis, where `new` is this call's
keys (or values) cut to the past's batch (model.py's shared prefix cache). The agent extends a cached
prefix with a step's new tokens; fetching `present.*` downloads the whole cache on every decision
(~2.5 MB at 400 tokens, a fresh ArrayBuffer for the browser's GC each time) when only the new
positions are new to the caller. These outputs expose `new` itself, so the caller appends it to the
past it already holds. The graph computes nothing more; only what a run may fetch grows.

Usage: python3 kv_outputs.py MODEL.onnx [MORE.onnx ...]   (rewrites each file in place)
"""
import sys

import onnx
from onnx import TensorProto, helper


def add_new_kv_outputs(model):
    graph = model.graph
    producers = {out: node for node in graph.node for out in node.output}
    have = {o.name for o in graph.output}
    added = 0
    for present in [o for o in graph.output if o.name.startswith("present.")]:
        node = producers[present.name]
        if node.op_type != "Concat" or not node.input[0].startswith("past_key_values."):
            raise SystemExit(f"{present.name}: expected Concat(past, new), found {node.op_type}{list(node.input)}")
        name = present.name.replace("present.", "new_key_values.", 1)
        if name in have:
            continue
        dims = [d.dim_value or d.dim_param for d in present.type.tensor_type.shape.dim]
        # [past batch, heads, this call's tokens, head dim]
        graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["past_batch_size", dims[1], "sequence_length", dims[3]]))
        graph.node.append(helper.make_node("Identity", [node.input[1]], [name], name=f"{name}_output"))
        added += 1
    return added


def main(paths):
    for path in paths:
        model = onnx.load(path)
        added = add_new_kv_outputs(model)
        onnx.checker.check_model(model)
        onnx.save(model, path)
        print(f"{path}: {added} new_key_values outputs")


if __name__ == "__main__":
    main(sys.argv[1:])
