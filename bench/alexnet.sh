#!/usr/bin/env bash
# AlexNet at 227x227 colour, batch 32, under the launcher's default memory settings (heap 2 GB,
# off-heap 4 GB): images/s and peak resident memory of training, and of classifying one image.
# The data: Fashion-MNIST's first LIMIT (default 640) training images as PNG class folders, read as
# RGB and squashed up to 227x227 — the arithmetic of DIGITS' 227x227 crops, not photos.
# Usage: [LIMIT=N] bench/alexnet.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
limit="${LIMIT:-640}"
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm" >/dev/null
"$root/mnist" convert --quiet --data "$work/fm" --out "$work/png" >/dev/null
# Class folders are read whole (issue #17), so the data set is only the first LIMIT/10 images of each class.
for class in "$work/png/train"/*/; do
  mkdir -p "$work/subset/$(basename "$class")"
  find "$class" -name '*.png' | sort | sed -n "1,$((limit / 10))p" | xargs cp -t "$work/subset/$(basename "$class")"
done
peak_rss "$root/mnist" train --quiet --model alexnet --data "$work/subset" --channels 3 --image-size 227 --batch-size 32 \
  --epochs 1 --val-split 0 --runs "$work/runs" --run alexnet >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
rss_kb=$(tail -1 "$work/err")
ips=$(tail -1 "$work/runs/alexnet/metrics.csv" | cut -d, -f7)
printf 'train:    %.1f images/s, peak RSS %d MB (%d images, batch 32, 3x227x227)\n' "$ips" $((rss_kb / 1024)) "$limit"
image=$(find "$work/png/test" -name '*.png' | sort | sed -n 1p)
start=$(date +%s.%N)
peak_rss "$root/mnist" classify --quiet --model "$work/runs/alexnet" "$image" >/dev/null 2>"$work/err"
printf 'classify: one image in %.2f s (cold start included), peak RSS %d MB\n' "$(echo "$(date +%s.%N) - $start" | bc -l)" \
  $(($(tail -1 "$work/err") / 1024))
