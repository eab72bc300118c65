"""Trains jerp-tiny on the packed corpus (scripts/model/pack.ts output) and saves a checkpoint.

Loss: next-token cross-entropy on the action tokens the corpus marks as targets (the policy scores
candidate actions by their summed log-probs, so that is what must be learned). Observations are
context only: predicting them would spend the tiny model's capacity and a fifth of the compute.
The decisive step's action when it follows the right rule (mask 2: where the rule in the prompt
decides between the right action and the task type's typical mistake) weighs JERP_DECISIVE_WEIGHT
times a search step's: it is one target in fifteen, and without the weight the model learned the
task text's prior there, not the rule. (Weighting the mistakes too, tried first, taught the mistake's
"go to the destination" as a habit: the agent then walked back to it in the middle of its search.)
An action that copies names from the text in view (mask 3: WebShop product and option clicks,
ALFWorld take and put) weighs JERP_COPY_WEIGHT: copying is a skill the model otherwise learned too
weakly (it lost the right `take` to a search step on the summed log-prob).
A WebShop option click (mask 4; the decisive one stays mask 2) weighs JERP_OPTION_WEIGHT: matching the option the instruction names
among the page's options is learned only from enough such steps (a continued run on WebShop alone
learned it; in the mixed corpus option clicks were 3% of the targets and it did not).
Deterministic: fixed seeds, a fixed batch order and a fixed number of steps (never a time limit).

Usage: python3 train.py WORK_DIR   (reads WORK_DIR/packed/*, writes WORK_DIR/checkpoint.pt)
Environment: JERP_INIT (checkpoint to continue from), JERP_EPOCHS, JERP_DECISIVE_WEIGHT, JERP_COPY_WEIGHT, JERP_OPTION_WEIGHT, JERP_TIED, JERP_HIDDEN, JERP_LAYERS, JERP_HEADS, JERP_FFN, JERP_LR, JERP_TOKENS_PER_BATCH
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Config, TinyLlama, count_params  # noqa: E402



def env_int(name, default):
    return int(os.environ.get(name, default))


def load_packed(work):
    with open(f"{work}/packed/index.json") as f:
        index = json.load(f)
    tokens = np.fromfile(f"{work}/packed/tokens.u16", dtype=np.uint16).astype(np.int64)
    mask = np.fromfile(f"{work}/packed/mask.u8", dtype=np.uint8)
    return index, tokens, mask


def make_batches(lengths, tokens_per_batch, rng):
    """Length-bucketed batches (similar lengths together, little padding), in a seeded order."""
    order = rng.permutation(len(lengths))
    batches = []
    for start in range(0, len(order), 1024):
        chunk = sorted(order[start:start + 1024], key=lambda i: lengths[i])
        batch = []
        for i in chunk:
            longest = max([lengths[j] for j in batch] + [lengths[i]])
            if batch and longest * (len(batch) + 1) > tokens_per_batch:
                batches.append(batch)
                batch = []
            batch.append(i)
        if batch:
            batches.append(batch)
    rng.shuffle(batches)
    return batches


def collate(batch, offsets, lengths, tokens, mask, decisive_weight, copy_weight, option_weight):
    width = max(lengths[i] for i in batch)
    ids = np.zeros((len(batch), width), dtype=np.int64)
    weight = np.zeros((len(batch), width), dtype=np.float32)
    valid = np.zeros((len(batch), width), dtype=np.int64)
    for row, i in enumerate(batch):
        o, n = offsets[i], lengths[i]
        ids[row, :n] = tokens[o:o + n]
        m = mask[o:o + n]
        weight[row, :n] = np.select([m == 2, m == 3, m == 4, m == 1], [decisive_weight, copy_weight, option_weight, 1.0], 0.0)
        valid[row, :n] = 1
    return torch.from_numpy(ids), torch.from_numpy(weight), torch.from_numpy(valid)


def main():
    work = sys.argv[1]
    torch.set_num_threads(2)
    torch.manual_seed(1234)
    rng = np.random.RandomState(1234)
    index, tokens, mask = load_packed(work)
    offsets, lengths = index["offsets"], index["lengths"]
    cfg = Config(
        vocab_size=index["vocabSize"],
        hidden_size=env_int("JERP_HIDDEN", 192),
        num_layers=env_int("JERP_LAYERS", 4),
        num_heads=env_int("JERP_HEADS", 4),
        intermediate_size=env_int("JERP_FFN", 512),
        tie_word_embeddings=env_int("JERP_TIED", 1) == 1,
    )
    model = TinyLlama(cfg)
    init = os.environ.get("JERP_INIT")
    before = {"train_seconds": 0.0, "steps": 0, "tokens": 0, "sequences": 0}
    if init:
        # Continue from an earlier checkpoint (experiments; model:build trains in one pass);
        # the saved totals then cover both passes.
        previous = torch.load(init)
        model.load_state_dict(previous["state"])
        before = {k: previous[k] for k in before}
        print(f"initialized from {init}", flush=True)
    epochs = float(os.environ.get("JERP_EPOCHS", "1"))
    tokens_per_batch = env_int("JERP_TOKENS_PER_BATCH", 6144)
    lr = float(os.environ.get("JERP_LR", "2e-3"))
    decisive_weight = float(os.environ.get("JERP_DECISIVE_WEIGHT", "5"))
    copy_weight = float(os.environ.get("JERP_COPY_WEIGHT", "3"))
    option_weight = float(os.environ.get("JERP_OPTION_WEIGHT", "10"))
    batches = []
    for e in range(math.ceil(epochs)):
        batches += make_batches(lengths, tokens_per_batch, rng)
    per_epoch = len(batches) / math.ceil(epochs)
    total_steps = int(per_epoch * epochs)
    batches = batches[:total_steps]
    print(f"params {count_params(model)}, sequences {len(lengths)}, tokens {sum(lengths)}, steps {total_steps}", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.98))
    warmup = max(20, total_steps // 50)

    def lr_at(step):
        if step < warmup:
            return lr * (step + 1) / warmup
        progress = (step - warmup) / max(1, total_steps - warmup)
        return lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))

    started = time.time()
    running = None
    model.train()
    for step, batch in enumerate(batches):
        ids, weight, valid = collate(batch, offsets, lengths, tokens, mask, decisive_weight, copy_weight, option_weight)
        positions = torch.arange(ids.shape[1]).unsqueeze(0).expand_as(ids)
        # The head runs only where a target token is predicted: most positions are context, and
        # the 2048-way softmax over every position would cost a fifth of the step.
        _, hidden, _ = model(ids, valid, positions, head=False)
        where = weight[:, 1:] > 0
        picked = hidden[:, :-1][where]
        w = weight[:, 1:][where]
        loss = (F.cross_entropy(model.lm_head(picked), ids[:, 1:][where], reduction="none") * w).sum() / w.sum()
        action_loss = loss.item()
        for group in opt.param_groups:
            group["lr"] = lr_at(step)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        running = action_loss if running is None else 0.98 * running + 0.02 * action_loss
        if step % 50 == 0 or step == total_steps - 1:
            elapsed = time.time() - started
            eta = elapsed / (step + 1) * (total_steps - step - 1)
            print(f"step {step}/{total_steps} action-loss {running:.4f} lr {lr_at(step):.2e} elapsed {elapsed:.0f}s eta {eta:.0f}s", flush=True)
    elapsed = time.time() - started
    torch.save({"config": cfg.__dict__, "state": model.state_dict(), "train_seconds": before["train_seconds"] + elapsed,
                "steps": before["steps"] + total_steps, "epochs": epochs, "final_action_loss": running,
                "tokens": before["tokens"] + int(sum(lengths)), "sequences": before["sequences"] + len(lengths)},
               f"{work}/checkpoint.pt")
    print(f"trained in {elapsed:.0f}s", flush=True)


if __name__ == "__main__":
    main()
