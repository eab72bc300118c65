#!/usr/bin/env bash
# The model card's table: greedy success of the embedded model on held-out tasks (ALFWorld
# valid_unseen, WebShop test goals) with no rule, the oracle rule and a wrong rule, via
# `npm run cli -- model eval`. Two single-threaded evaluations at a time (a 2-core machine).
# Writes scripts/model/work/eval/*.json and prints the tables. Usage: bash scripts/model/evaluate.sh [--limit N]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=scripts/model/work/eval
mkdir -p "$OUT"
run() { npx tsx cli/main.ts model eval --env "$1" --split "$2" --rules "$3" --threads 1 --json "${@:4}" > "$OUT/$1-$2-$3.json" 2> "$OUT/$1-$2-$3.log"; }
run alfworld valid_unseen none "$@" & run alfworld valid_unseen oracle "$@" & wait
run alfworld valid_unseen wrong "$@" & run webshop test none "$@" & wait
run webshop test oracle "$@" & run webshop test wrong "$@" & wait
# The rule's effect at the decisive step alone (the second table of the model card).
npx tsx scripts/model/decisive-eval.ts > "$OUT/decisive-valid_unseen.txt"
cat "$OUT/decisive-valid_unseen.txt"
# Per kind of action, how often greedy follows the demonstrator (teacher-forced; the third table).
npx tsx scripts/model/step-eval.ts > "$OUT/step-eval.txt"
cat "$OUT/step-eval.txt"
node -e '
const fs = require("fs");
const dir = process.argv[1];
const rows = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => JSON.parse(fs.readFileSync(dir + "/" + f, "utf8")));
for (const r of rows) console.log(`${r.env}\t${r.split}\t${r.rules}\t${(100 * r.success).toFixed(1)}%\t${r.successes}/${r.episodes}\treward ${r.meanReward.toFixed(3)}\t${r.meanSteps.toFixed(1)} steps\t${r.seconds.toFixed(0)}s\t${JSON.stringify(Object.fromEntries(Object.entries(r.byTaskType).map(([k, v]) => [k, Math.round(100 * v.success)])))}`);
' "$OUT"
