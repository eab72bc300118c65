"""Adds the agent's outputs to an exported jerp graph: what a decision needs, without the rest.

1. `new_key_values.{i}.{key,value}`. Each `present.{i}.*` output is Concat(past, new) along the
   sequence axis, where `new` is this call's keys (or values) cut to the past's batch (model.py's
   shared prefix cache). The agent extends a cached prefix with a step's new tokens; fetching
   `present.*` downloads the whole cache on every decision (~2.4 MB at 400 tokens) when only the
   new positions are new to the caller. These are Identity outputs of `new` itself.
2. `tail_logits` and `tail_hidden_state`: `logits` and `last_hidden_state` from the last plain
   token on. In the tree-mask convention (model.py) a call's tree nodes are its tokens whose
   attention_mask value is 2 or more, and they come last; the agent reads the logits of the tree
   nodes (each predicts its children) and of the plain token just before them (it predicts every
   candidate's first token), never those of the other new prefix tokens. With k tree nodes in a call
   of n tokens the tail is rows max(0, n - k - 1)..n-1: the last row alone for a plain call. Each row
   is 2,048 floats, and a decision's new prefix tokens are often most of its rows.

The graph computes nothing more of substance (a slice, and a count over the mask); only what a run
may fetch grows. Standard callers feed 0/1 masks and never fetch these outputs.

Usage: python3 agent_outputs.py MODEL.onnx [MORE.onnx ...]   (rewrites each file in place; idempotent)
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def add_new_kv_outputs(graph, producers):
    for present in [o for o in graph.output if o.name.startswith("present.")]:
        node = producers[present.name]
        if node.op_type != "Concat" or not node.input[0].startswith("past_key_values."):
            raise SystemExit(f"{present.name}: expected Concat(past, new), found {node.op_type}{list(node.input)}")
        name = present.name.replace("present.", "new_key_values.", 1)
        dims = [d.dim_value or d.dim_param for d in present.type.tensor_type.shape.dim]
        # [past batch, heads, this call's tokens, head dim]
        graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["past_batch_size", dims[1], "sequence_length", dims[3]]))
        graph.node.append(helper.make_node("Identity", [node.input[1]], [name], name=f"{name}_output"))


def add_tail_outputs(graph):
    def const(name, values):
        # Constant nodes, as the export writes its own small constants: initializers would count as weights.
        value = numpy_helper.from_array(np.array(values, dtype=np.int64), f"/agent/{name}")
        graph.node.append(helper.make_node("Constant", [], [f"/agent/{name}"], name=f"/agent/{name}_node", value=value))
        return f"/agent/{name}"

    def node(op, inputs, name, **attrs):
        graph.node.append(helper.make_node(op, inputs, [f"/agent/{name}"], name=f"/agent/{name}_node", **attrs))
        return f"/agent/{name}"

    zero, one, two, axis1 = const("zero", [0]), const("one", [1]), const("two", [2]), const("axis1", [1])
    seq = node("Gather", [node("Shape", ["input_ids"], "ids_shape"), one], "seq_len", axis=0)  # [1]
    total = node("Gather", [node("Shape", ["attention_mask"], "mask_shape"), one], "total_len", axis=0)
    call_mask = node("Slice", ["attention_mask", node("Sub", [total, seq], "past_len"), total, axis1], "call_mask")
    is_node = node("Cast", [node("GreaterOrEqual", [call_mask, two], "mask_ge_2")], "is_node", to=TensorProto.INT64)
    nodes = node("ReduceMax", [node("ReduceSum", [is_node, axis1], "nodes_per_row", keepdims=0)], "tree_nodes", axes=[0], keepdims=1)
    start = node("Max", [node("Sub", [node("Sub", [seq, nodes], "plain_len"), one], "last_plain"), zero], "tail_start")
    for source, name, width in (("logits", "tail_logits", "vocab"), ("last_hidden_state", "tail_hidden_state", "hidden")):
        out = next(o for o in graph.output if o.name == source)
        dims = [d.dim_value or d.dim_param for d in out.type.tensor_type.shape.dim]
        graph.node.append(helper.make_node("Slice", [source, start, seq, axis1], [name], name=f"/agent/{name}_node"))
        graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [dims[0], "tail_length", dims[2]]))


def add_agent_outputs(model):
    graph = model.graph
    if any(o.name == "tail_logits" for o in graph.output):
        return False
    producers = {out: node for node in graph.node for out in node.output}
    add_new_kv_outputs(graph, producers)
    add_tail_outputs(graph)
    return True


def main(paths):
    for path in paths:
        model = onnx.load(path)
        added = add_agent_outputs(model)
        onnx.checker.check_model(model)
        onnx.save(model, path)
        print(f"{path}: {'agent outputs added' if added else 'already has the agent outputs'}")


if __name__ == "__main__":
    main(sys.argv[1:])
