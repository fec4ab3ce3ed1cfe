#!/usr/bin/env bash
# Classify from a cold start and in bulk, with a model trained here for 1 epoch on Fashion-MNIST:
#  - 'mnist classify one.png', whole command wall time (median of 5 runs). Target: <= 2 s.
#  - 'mnist classify' over the 10,000 test PNGs and over all 70,000: images/s and peak resident
#    memory, which should not grow with the count. Target: >= 2,000 images/s.
set -euo pipefail
source "$(dirname "$0")/common.sh"
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm" >/dev/null
"$root/mnist" convert --quiet --data "$work/fm" --out "$work/png" >/dev/null
"$root/mnist" train --quiet --data "$work/fm" --epochs 1 --runs "$work/runs" --run model >/dev/null
model="$work/runs/model"
one="$work/png/test/$(head -1 "$work/png/test.txt" | cut -d' ' -f1 | cut -d/ -f2-)"

times=()
for i in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$root/mnist" classify --quiet --no-preprocess --model "$model" "$one" >/dev/null
  times+=("$(echo "$(date +%s.%N) - $start" | bc)")
done
cold=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
printf 'classify one image, cold start: median %.2f s (runs: %s)\n' "$cold" "$(printf '%.2f ' "${times[@]}")"

bulk() {   # label, inputs...
  local label=$1; shift
  local start end count rss
  start=$(date +%s.%N)
  peak_rss "$root/mnist" classify --quiet --no-preprocess --csv --model "$model" "$@" >"$work/out.csv" 2>"$work/err"
  end=$(date +%s.%N)
  rss=$(tail -1 "$work/err")
  count=$(($(wc -l <"$work/out.csv") - 1))
  printf 'classify %s: %d images in %.2f s whole command (%.0f images/s), peak RSS %d MB\n' "$label" "$count" \
    "$(echo "$end - $start" | bc)" "$(echo "$count / ($end - $start)" | bc -l)" $((rss / 1024))
}
bulk "10,000 test PNGs" "$work/png/test"
bulk "all 70,000 PNGs" "$work/png/train" "$work/png/test"
