"""Exports the trained checkpoint to ONNX in the transformers.js layout and writes the parity reference.

Inputs/outputs follow what transformers.js expects for a llama decoder with a KV cache (see
shared/notes/TOOLCHAIN.md); `last_hidden_state` (the lm_head input) is an extra output for the policy
adapter; `new_key_values.*` and `tail_*` (agent_outputs.py) are what a decision reads and no more. The
parity reference holds torch logits/hidden states for a few corpus sequences, which parity.ts compares
against the exported files (run in onnxruntime-node).

Usage: python3 export.py WORK_DIR MODEL_DIR
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import load_checkpoint, count_params  # noqa: E402
import agent_outputs  # noqa: E402


class OnnxWrapper(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, hidden, presents = self.model(input_ids, attention_mask, position_ids, past)
        flat = []
        for k, v in presents:
            flat += [k, v]
        return (logits, hidden, *flat)


def main():
    work, model_dir = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    model, cfg, ckpt = load_checkpoint(work)
    n_layers, heads, hd = cfg.num_layers, cfg.num_heads, cfg.head_dim

    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits", "last_hidden_state"]
    dyn = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
        "last_hidden_state": {0: "batch_size", 1: "sequence_length"},
    }
    past = []
    for i in range(n_layers):
        for kind in ("key", "value"):
            name_in, name_out = f"past_key_values.{i}.{kind}", f"present.{i}.{kind}"
            names_in.append(name_in)
            names_out.append(name_out)
            dyn[name_in] = {0: "batch_size", 2: "past_sequence_length"}
            dyn[name_out] = {0: "batch_size", 2: "total_sequence_length"}
            past.append(torch.randn(2, heads, 5, hd))
    ids = torch.randint(0, cfg.vocab_size, (2, 3))
    mask = torch.ones(2, 8, dtype=torch.int64)
    pos = torch.arange(5, 8).unsqueeze(0).expand(2, 3)
    os.makedirs(f"{model_dir}/onnx", exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(OnnxWrapper(model), (ids, mask, pos, *past), f"{model_dir}/onnx/model.onnx",
                          input_names=names_in, output_names=names_out, dynamic_axes=dyn, opset_version=14,
                          do_constant_folding=True)
    agent_outputs.main([f"{model_dir}/onnx/model.onnx"])

    params = count_params(model)
    config = {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": cfg.vocab_size,
        "hidden_size": cfg.hidden_size,
        "intermediate_size": cfg.intermediate_size,
        "num_hidden_layers": n_layers,
        "num_attention_heads": heads,
        "num_key_value_heads": heads,
        "head_dim": hd,
        "hidden_act": "silu",
        "max_position_embeddings": cfg.max_position_embeddings,
        "rms_norm_eps": cfg.rms_norm_eps,
        "rope_theta": cfg.rope_theta,
        "tie_word_embeddings": cfg.tie_word_embeddings,
        "bos_token_id": 0,
        "eos_token_id": 0,
        "pad_token_id": 0,
        "torch_dtype": "float32",
        "transformers.js_config": {"dtype": "int8", "use_external_data_format": False},
        "jerp": {
            "params": params,
            "contextLength": 512,
            # A batch-1 past broadcasts over a batch of new rows (model.py's split attention): the
            # agent scores all candidates on one prefix cache without tiling it per row.
            "sharedPrefixCache": True,
            # attention_mask values above 1 bound a key's queries (model.py): the agent feeds all of a
            # decision's candidates as one depth-first trie row instead of a padded row each.
            "treeAttentionMask": True,
            "trainSeconds": round(ckpt["train_seconds"]),
            "trainSteps": ckpt["steps"],
            "trainTokens": ckpt["tokens"],
            "trainSequences": ckpt["sequences"],
            "epochs": ckpt["epochs"],
            "finalActionLoss": ckpt["final_action_loss"],
        },
    }
    with open(f"{model_dir}/config.json", "w") as f:
        json.dump(config, f, indent=2)
    with open(f"{model_dir}/generation_config.json", "w") as f:
        json.dump({"bos_token_id": 0, "eos_token_id": 0, "pad_token_id": 0, "do_sample": False, "max_new_tokens": 32}, f, indent=2)

    # Parity reference: a few real corpus sequences (cut to 96 tokens), torch outputs at every position.
    with open(f"{work}/packed/index.json") as f:
        index = json.load(f)
    tokens = np.fromfile(f"{work}/packed/tokens.u16", dtype=np.uint16).astype(np.int64)
    cases = []
    for i in range(0, len(index["offsets"]), max(1, len(index["offsets"]) // 4))[:4]:
        o, n = index["offsets"][i], min(96, index["lengths"][i])
        seq = torch.from_numpy(tokens[o:o + n]).unsqueeze(0)
        with torch.no_grad():
            logits, hidden, _ = model(seq, torch.ones_like(seq), torch.arange(n).unsqueeze(0))
        cases.append({"ids": seq[0].tolist(), "logits": logits[0].tolist(), "hidden": hidden[0, -1].tolist()})
    with open(f"{work}/parity-reference.json", "w") as f:
        json.dump(cases, f)
    print(f"exported {params} params to {model_dir}/onnx/model.onnx")


if __name__ == "__main__":
    main()
