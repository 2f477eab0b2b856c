#!/bin/sh
# Step 2 of the word-vector pipeline: skip-gram vectors with fastText (Debian package `fasttext`).
# Character n-grams of length 1-2 (minn/maxn) let rare words share strength with their characters.
# Low priority and two threads: the machine is shared.
#
#   scripts/vectors/train.sh [CORPUS] [OUT_PREFIX] [KNOWLEDGE_DIR]
#   (defaults: /tmp/vectors/corpus.txt, /tmp/vectors/zh-100d, knowledge; EPOCH=... overrides the epochs)
# Writes OUT_PREFIX.bin/.vec (model, word vectors), .dict (word counts) and .knowledge.vec (vectors
# composed for every word of the knowledge folder, including those below minCount).
set -eu
CORPUS="${1:-/tmp/vectors/corpus.txt}"
OUT="${2:-/tmp/vectors/zh-100d}"
KNOWLEDGE="${3:-knowledge}"
EPOCH="${EPOCH:-2}"

start=$(date +%s)
nice -n 10 fasttext skipgram \
  -input "$CORPUS" -output "$OUT" \
  -dim 100 -minn 1 -maxn 2 -ws 5 -neg 5 \
  -epoch "$EPOCH" -minCount 5 -bucket 1000000 -t 1e-5 \
  -thread 2 -verbose 2
end=$(date +%s)
echo "trained in $((end - start)) s: $OUT.bin $OUT.vec" >&2

# Word counts, for frequency-based pruning and SIF weights.
fasttext dump "$OUT.bin" dict > "$OUT.dict"
npx tsx "$(dirname "$0")/knowledge-words.ts" "$KNOWLEDGE" | fasttext print-word-vectors "$OUT.bin" > "$OUT.knowledge.vec"
echo "wrote $OUT.dict $OUT.knowledge.vec" >&2
