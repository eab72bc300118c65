"""Trains the lab's byte-level BPE tokenizer and writes it in the Hugging Face tokenizer.json format.

Why our own trainer: no `tokenizers` package is available here, and the vocabulary is small and
domain-specific (the simulators' words), so a plain, deterministic BPE over word counts is enough.
Only the merges are learned here; the actual tokenization for training and inference is done by the
same JavaScript tokenizer (transformers.js) that the lab uses, so training and inference cannot drift.

Usage: python3 bpe.py TEXT_FILE OUT_DIR VOCAB_SIZE
"""
import collections
import json
import re
import sys

SPECIAL = "<|endoftext|>"

# GPT-2's pre-tokenizer pattern, restricted to ASCII classes (Python's `re` has no \p{L}); the corpus
# is ASCII, and a different split here would only change which merges are learned, never correctness.
PRETOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def byte_alphabet():
    """GPT-2's reversible map from the 256 byte values to printable characters."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


def word_counts(text, alphabet):
    counts = collections.Counter()
    for line in text.split("\n"):
        for piece in PRETOKENIZE.findall(line + "\n"):
            counts["".join(alphabet[b] for b in piece.encode("utf-8"))] += 1
    return counts


def train(counts, num_merges):
    words = [list(w) for w in counts]
    freqs = [counts[w] for w in counts]
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, symbols in enumerate(words):
        for a, b in zip(symbols, symbols[1:]):
            pair_counts[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    merges = []
    for _ in range(num_merges):
        if not pair_counts:
            break
        # Highest count, ties broken by the pair itself: deterministic across runs.
        best = min(pair_counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if pair_counts[best] < 2:
            break
        merges.append(best)
        merged = best[0] + best[1]
        for i in list(where[best]):
            symbols = words[i]
            for a, b in zip(symbols, symbols[1:]):
                pair_counts[(a, b)] -= freqs[i]
                if pair_counts[(a, b)] <= 0:
                    del pair_counts[(a, b)]
                where[(a, b)].discard(i)
            out, j = [], 0
            while j < len(symbols):
                if j + 1 < len(symbols) and symbols[j] == best[0] and symbols[j + 1] == best[1]:
                    out.append(merged)
                    j += 2
                else:
                    out.append(symbols[j])
                    j += 1
            words[i] = out
            for a, b in zip(out, out[1:]):
                pair_counts[(a, b)] += freqs[i]
                where[(a, b)].add(i)
        where.pop(best, None)
    return merges


def tokenizer_json(alphabet, merges):
    vocab = {SPECIAL: 0}
    for ch in sorted(alphabet.values()):
        vocab[ch] = len(vocab)
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": 0, "content": SPECIAL, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
        ],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": None,
        "decoder": byte_level,
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


def main():
    text_path, out_dir, vocab_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(text_path, encoding="utf-8") as f:
        text = f.read()
    alphabet = byte_alphabet()
    merges = train(word_counts(text, alphabet), vocab_size - 257)
    tok = tokenizer_json(alphabet, merges)
    with open(f"{out_dir}/tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    config = {
        "tokenizer_class": "GPT2Tokenizer",
        "bos_token": SPECIAL,
        "eos_token": SPECIAL,
        "unk_token": SPECIAL,
        "pad_token": SPECIAL,
        "add_bos_token": False,
        "add_prefix_space": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 1024,
    }
    with open(f"{out_dir}/tokenizer_config.json", "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    print(f"tokenizer: {len(tok['model']['vocab'])} tokens, {len(merges)} merges")


if __name__ == "__main__":
    main()
