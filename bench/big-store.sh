#!/usr/bin/env bash
# Issue #17's memory target: a store larger than 2.5 GB trains with flat resident memory.
# Makes a store of PER_CLASS (2,500) x 10 MNIST training digits as 192x192 colour images (25,000
# images, 2.77 GB), then trains MODEL (lenet5; batch BATCH, 16) on its first quarter for 1 epoch, and
# on all of it, and prints each run's peak RSS: the same figure for both says memory does not grow
# with the data. Issue #37 asks the same of lenet and lenet5 at batch 32. (At 192x192 a step of lenet5 at batch 64 makes about 1 GB of arrays by itself: the batch
# keeps the network's own memory out of a figure about the data's.)
# Target: peak RSS under 1.5 GB. Usage: [MODEL=lenet|lenet5] [PER_CLASS=N] [BATCH=N] bench/big-store.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
per_class="${PER_CLASS:-2500}"
batch="${BATCH:-16}"
model="${MODEL:-lenet5}"
"$root/mnist" download --quiet --mirror "$shared/mnist" --dir "$work/idx" >/dev/null
"$root/mnist" convert --quiet --data "$work/idx" --out "$work/png" >/dev/null
start=$(date +%s.%N)
peak_rss "$root/mnist" dataset create --quiet --data "$work/png/train" --max-per-class "$per_class" --val-percent 0 \
  --image-size 192 --channels 3 --out "$work/store" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
size=$(du -sb "$work/store" | cut -f1)
printf 'store: %d images, %.2f GB (%.2f GiB), made in %.0f s, peak RSS %d MB\n' $((per_class * 10)) "$(echo "$size / 10^9" | bc -l)" "$(echo "$size / 2^30" | bc -l)" \
  "$(echo "$(date +%s.%N) - $start" | bc -l)" $(($(tail -1 "$work/err") / 1024))
rm -rf "$work/png" "$work/idx"
for limit in $((per_class * 10 / 4)) 0; do
  peak_rss "$root/mnist" train --quiet --model "$model" --data "$work/store" --epochs 1 --limit "$limit" --batch-size "$batch" \
    --runs "$work/runs" --run "l$limit" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  ips=$(tail -1 "$work/runs/l$limit/metrics.csv" | cut -d, -f7)
  printf '%s, batch %d, 1 epoch on %s images: %.0f images/s, peak RSS %d MB\n' "$model" "$batch" "$([[ $limit == 0 ]] && echo all || echo "$limit")" \
    "$ips" $(($(tail -1 "$work/err") / 1024))
done
