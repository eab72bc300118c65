"""The jerp-tiny architecture: a small pre-norm decoder with SwiGLU MLPs and no biases, written out by
hand so that its ONNX export has exactly the interface transformers.js expects of a llama decoder
(input_ids, attention_mask, position_ids, past_key_values.{i}.key|value -> logits, last_hidden_state,
present.{i}.key|value). The same forward runs in training (no cache) and export (with a cache).

Two departures from Llama's internals, both for training speed on 2 CPU cores, where element-wise
kernels (not matmuls) dominated the step time: learned absolute position embeddings looked up by
position_ids (instead of rotary), and fused LayerNorm without bias (instead of RMSNorm). Nothing
outside the ONNX graph depends on either: transformers.js only feeds position_ids and the cache."""
import math

import torch
import torch.nn.functional as F


class Config:
    def __init__(self, vocab_size, hidden_size=192, num_layers=4, num_heads=4, intermediate_size=512,
                 max_position_embeddings=1024, rope_theta=10000.0, rms_norm_eps=1e-5, tie_word_embeddings=False):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.num_heads = num_heads
        self.head_dim = hidden_size // num_heads
        self.intermediate_size = intermediate_size
        self.max_position_embeddings = max_position_embeddings
        self.rope_theta = rope_theta
        self.rms_norm_eps = rms_norm_eps
        self.tie_word_embeddings = tie_word_embeddings


class Norm(torch.nn.Module):
    """LayerNorm with a gain and no bias (one fused kernel)."""

    def __init__(self, size, eps):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(size))
        self.size = size  # a Python int, so the exported graph's LayerNorm shape is static
        self.eps = eps

    def forward(self, x):
        return F.layer_norm(x, (self.size,), self.weight, None, self.eps)


class Block(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.hidden_size
        self.cfg = cfg
        self.input_norm = Norm(d, cfg.rms_norm_eps)
        self.q_proj = torch.nn.Linear(d, d, bias=False)
        self.k_proj = torch.nn.Linear(d, d, bias=False)
        self.v_proj = torch.nn.Linear(d, d, bias=False)
        self.o_proj = torch.nn.Linear(d, d, bias=False)
        self.post_norm = Norm(d, cfg.rms_norm_eps)
        self.gate_proj = torch.nn.Linear(d, cfg.intermediate_size, bias=False)
        self.up_proj = torch.nn.Linear(d, cfg.intermediate_size, bias=False)
        self.down_proj = torch.nn.Linear(cfg.intermediate_size, d, bias=False)

    def forward(self, x, bias, past_k=None, past_v=None):
        b, t, _ = x.shape
        h, hd = self.cfg.num_heads, self.cfg.head_dim
        y = self.input_norm(x)
        # The 1/sqrt(hd) scale is folded into q (t x hd) rather than applied to the scores (t x t).
        q = (self.q_proj(y) * (1.0 / math.sqrt(hd))).view(b, t, h, hd).transpose(1, 2)
        k = self.k_proj(y).view(b, t, h, hd).transpose(1, 2)
        v = self.v_proj(y).view(b, t, h, hd).transpose(1, 2)
        if past_k is None:
            scores = torch.matmul(q, k.transpose(-1, -2)) + bias
            attn = torch.matmul(torch.softmax(scores, dim=-1), v)
        else:
            # Attention over the past and the new keys as two products, never over their concatenation,
            # so a past of batch 1 broadcasts over a batch of candidates: the agent scores every
            # candidate on one shared prefix cache without a copy of it per row (3.0-3.4x faster per
            # decision in bench/model.bench.ts runs). A masked all-zero key/value slot leads the past, so no product is ever
            # zero-sized when the past is empty (WebGPU cannot bind an empty buffer); its weight
            # after the softmax is exactly 0.
            rows, past_len = past_k.shape[0], past_k.shape[2]
            null = torch.zeros(1, h, 1, hd, dtype=x.dtype).expand(rows, h, 1, hd)
            keys = torch.cat([null, past_k], dim=2)
            values = torch.cat([null, past_v], dim=2)
            scores = torch.cat([torch.matmul(q, keys.transpose(-1, -2)), torch.matmul(q, k.transpose(-1, -2))], dim=-1)
            scores = scores + torch.cat([torch.full_like(bias[..., :1], -1e9), bias], dim=-1)
            probs = torch.softmax(scores, dim=-1)
            attn = torch.matmul(probs[..., :past_len + 1], values) + torch.matmul(probs[..., past_len + 1:], v)
            # The present keeps the past's batch: with a past of the input's batch (every standard
            # caller) it is the usual past+new cache; with a shared batch-1 past it is row 0's, which
            # that caller ignores, and the per-row concat is never built.
            k = torch.cat([past_k, k[:rows]], dim=2)
            v = torch.cat([past_v, v[:rows]], dim=2)
        x = x + self.o_proj(attn.transpose(1, 2).reshape(b, t, h * hd))
        y = self.post_norm(x)
        x = x + self.down_proj(F.silu(self.gate_proj(y)) * self.up_proj(y))
        return x, k, v


class TinyLlama(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = torch.nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.embed_positions = torch.nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        self.layers = torch.nn.ModuleList([Block(cfg) for _ in range(cfg.num_layers)])
        self.norm = Norm(cfg.hidden_size, cfg.rms_norm_eps)
        self.lm_head = torch.nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        self.apply(self._init)
        if cfg.tie_word_embeddings:
            # One table for reading and writing a token: copying a token from the prompt (an option value
            # the instruction names) is then close to an identity map, where untied tables need a learned
            # mapping per token (a WebShop-only probe: the named option led 44% of pages tied, 29% untied).
            self.lm_head.weight = self.embed_tokens.weight

    @staticmethod
    def _init(module):
        if isinstance(module, (torch.nn.Linear, torch.nn.Embedding)):
            torch.nn.init.normal_(module.weight, std=0.02)

    def forward(self, input_ids, attention_mask, position_ids, past=None, head=True):
        """past: list of (key, value) per layer or None. attention_mask covers past + new tokens.
        Returns logits, last hidden state (the lm_head input) and the new (key, value) per layer."""
        t = input_ids.shape[1]
        total = attention_mask.shape[1]
        past_len = total - t
        # Query i sits at absolute index past_len + i; it may see key j when j <= past_len + i and the
        # key is not padding. Built from shapes so the exported graph stays dynamic.
        #
        # Mask values above 1 are a tree mask (the agent's candidate trie; every standard caller passes
        # 0/1 and gets the usual causal attention): key j with mask value v >= 2 is seen only by
        # queries at absolute indices below v - 1. Laid out depth-first, a trie node's subtree is the
        # contiguous run [j, end), so v = end + 1 makes each node see exactly its ancestors and itself,
        # and all candidates of a decision share their common prefixes in one row.
        q_index = torch.arange(t, device=input_ids.device).unsqueeze(1) + past_len
        k_index = torch.arange(total, device=input_ids.device).unsqueeze(0)
        mask = attention_mask[:, None, None, :]
        in_subtree = (mask == 1) | (q_index < mask - 1)
        allowed = (k_index <= q_index).unsqueeze(0).unsqueeze(0) & (mask > 0) & in_subtree
        bias = torch.where(allowed, torch.zeros((), dtype=torch.float32), torch.full((), -1e9, dtype=torch.float32))
        x = self.embed_tokens(input_ids) + self.embed_positions(position_ids)
        presents = []
        for i, layer in enumerate(self.layers):
            pk, pv = (past[i] if past is not None else (None, None))
            x, k, v = layer(x, bias, pk, pv)
            presents.append((k, v))
        hidden = self.norm(x)
        return (self.lm_head(hidden) if head else None), hidden, presents


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def load_checkpoint(work):
    """The trained model in eval mode, its config, and the checkpoint's training facts (steps, tokens,
    seconds...), from <work>/checkpoint.pt (export and parity share it)."""
    ckpt = torch.load(f"{work}/checkpoint.pt")
    cfg = Config(**{k: v for k, v in ckpt["config"].items() if k != "head_dim"})
    model = TinyLlama(cfg)
    model.load_state_dict(ckpt.pop("state"))
    model.eval()
    return model, cfg, ckpt
