"""Scores the reference cases with the trained torch model (the ground truth the ONNX files must match).
Usage: python3 torch_scores.py WORK_DIR   (reads WORK_DIR/reference-ids.json, writes WORK_DIR/reference-torch.json)"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import load_checkpoint  # noqa: E402


def main():
    work = sys.argv[1]
    torch.set_num_threads(2)
    model, cfg, _ = load_checkpoint(work)
    with open(f"{work}/reference-ids.json") as f:
        cases = json.load(f)
    out = []
    for case in cases:
        scores = []
        for cand in case["candidateIds"]:
            ids = torch.tensor([case["prefixIds"] + cand])
            with torch.no_grad():
                logits, _, _ = model(ids, torch.ones_like(ids), torch.arange(ids.shape[1]).unsqueeze(0))
            logp = torch.log_softmax(logits[0].double(), dim=-1)
            p = len(case["prefixIds"])
            scores.append(float(sum(logp[p - 1 + i, t] for i, t in enumerate(cand))))
        out.append({"name": case["name"], "logProbs": scores})
    with open(f"{work}/reference-torch.json", "w") as f:
        json.dump(out, f)
    print(f"torch reference scores for {len(out)} cases")


if __name__ == "__main__":
    main()
