#!/usr/bin/env bash
# npm run model:build — grows the embedded model from the simulators, reproducibly:
#   corpus (Node, train splits only) -> tokenizer (BPE) -> pack (JS tokenizer) -> train (torch, 2 threads;
#   the rule-following decisive steps, the actions that copy names from the page and the WebShop option
#   clicks weighted up) -> ONNX export
#   -> int8 weight-only quantization -> parity check + cross-backend fixture.
# Environment knobs (defaults are what the committed model was built with):
#   JERP_ALFWORLD_EPISODES, JERP_WEBSHOP_EPISODES, JERP_EPOCHS, JERP_SEED, JERP_MODEL_OUT (default public/models/jerp-tiny)
set -euo pipefail
cd "$(dirname "$0")/../.."

WORK=scripts/model/work
OUT=${JERP_MODEL_OUT:-public/models/jerp-tiny}
OUT_PARENT=$(dirname "$OUT")
NAME=$(basename "$OUT")
PY=/usr/bin/python3   # Debian's interpreter: the only one that sees python3-torch
ALFWORLD_EPISODES=${JERP_ALFWORLD_EPISODES:-8000}
WEBSHOP_EPISODES=${JERP_WEBSHOP_EPISODES:-4800}
SEED=${JERP_SEED:-2}
export JERP_EPOCHS=${JERP_EPOCHS:-2.0}
export JERP_TOKENS_PER_BATCH=${JERP_TOKENS_PER_BATCH:-3072}

log() { echo "[model:build $(date +%H:%M:%S)] $*"; }

ensure_python() {
  local missing=()
  "$PY" -c 'import torch' 2>/dev/null || missing+=(python3-torch)
  "$PY" -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
  # Without the pthread OpenBLAS, Debian's torch falls back to reference BLAS (~6x slower training).
  dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      log "installing ${missing[*]}"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    else
      echo "model:build needs ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' and retry" >&2
      exit 1
    fi
  fi
}

started=$(date +%s)
ensure_python
rm -rf "$WORK" && mkdir -p "$WORK/tokenizer/$NAME" "$OUT/onnx"

log "1/7 corpus: $ALFWORLD_EPISODES ALFWorld + $WEBSHOP_EPISODES WebShop episodes (seed $SEED)"
npx tsx scripts/model/corpus.ts "$WORK" --alfworld "$ALFWORLD_EPISODES" --webshop "$WEBSHOP_EPISODES" --seed "$SEED"

log "2/7 tokenizer"
"$PY" scripts/model/bpe.py "$WORK/tokenizer-text.txt" "$WORK/tokenizer/$NAME" 2048
cp "$WORK/tokenizer/$NAME/tokenizer.json" "$WORK/tokenizer/$NAME/tokenizer_config.json" "$OUT/"

log "3/7 pack (tokenized by the lab's JS tokenizer)"
npx tsx scripts/model/pack.ts "$WORK" "$WORK/tokenizer" "$NAME"

log "4/7 train ($JERP_EPOCHS epochs, 2 threads, niced)"
train_started=$(date +%s)
nice -n 10 "$PY" scripts/model/train.py "$WORK"

train_seconds=$(( $(date +%s) - train_started ))

log "5/7 export ONNX"
"$PY" scripts/model/export.py "$WORK" "$OUT" 2>&1 | grep -v -i "warning" || true
test -s "$OUT/onnx/model.onnx"

log "6/7 quantize (int8 weight-only, per channel)"
"$PY" scripts/model/quantize.py "$OUT/onnx/model.onnx" "$OUT/onnx/model_int8.onnx"

log "7/7 parity: ONNX vs torch, cached vs recomputed; fixture"
npx tsx scripts/model/reference-ids.ts "$OUT_PARENT" "$NAME" "$WORK/reference-ids.json"
"$PY" scripts/model/torch_scores.py "$WORK"
npx tsx scripts/model/parity.ts "$WORK" "$OUT_PARENT" "$NAME"

total=$(( $(date +%s) - started ))
cat > "$WORK/build-info.json" <<JSON
{"seed": $SEED, "alfworldEpisodes": $ALFWORLD_EPISODES, "webshopEpisodes": $WEBSHOP_EPISODES, "epochs": $JERP_EPOCHS, "trainSeconds": $train_seconds, "totalSeconds": $total}
JSON
log "done in ${total}s (training ${train_seconds}s): $OUT"
