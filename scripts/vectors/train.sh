#!/bin/sh
# Step 2 of the word-vector pipeline: skip-gram vectors with fastText (Debian package `fasttext`).
# Character n-grams of length 1-2 (minn/maxn) let rare words share strength with their characters.
# Low priority and two threads: the machine is shared.
#
#   scripts/vectors/train.sh [CORPUS] [OUT_PREFIX]
#   (defaults: /tmp/vectors/corpus.txt, /tmp/vectors/zh-100d; EPOCH=... overrides the epochs)
set -eu
CORPUS="${1:-/tmp/vectors/corpus.txt}"
OUT="${2:-/tmp/vectors/zh-100d}"
EPOCH="${EPOCH:-10}"

start=$(date +%s)
nice -n 10 fasttext skipgram \
  -input "$CORPUS" -output "$OUT" \
  -dim 100 -minn 1 -maxn 2 -ws 5 -neg 5 \
  -epoch "$EPOCH" -minCount 5 -bucket 1000000 -t 1e-4 \
  -thread 2 -verbose 2
# Word counts, for frequency-based pruning and SIF weights.
fasttext dump "$OUT.bin" dict > "$OUT.dict"
end=$(date +%s)
echo "trained in $((end - start)) s: $OUT.bin $OUT.vec $OUT.dict" >&2
