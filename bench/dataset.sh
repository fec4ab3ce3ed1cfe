#!/usr/bin/env bash
# Issue #17's data-set targets, on the real MNIST (../shared/data/mnist):
#  1. `dataset create` over the 70,000 MNIST PNGs (`convert` writes them first): whole command;
#  2. 1 epoch of LeNet (batch 64, --val-split 0 / a store with no validation split) trained from the
#     IDX files, from a store of the PNGs, and from that store with --rotate 10 --shift 0.1 --elastic,
#     alternated for ROUNDS rounds: the epochs' images/s and the ratios of the medians;
#  3. `dataset create` over COLOUR (2,000) colour JPEG photos of digits, 256 high, 0.75-1.33 as
#     wide (bench/MakePhotos.java), to 256x256 colour with --resize half-crop: images/s.
# Targets: 1. <= 15 s; 2. store >= 90 % of IDX, augmented >= 75 %.
# Usage: [COLOUR=N] bench/dataset.sh [ROUNDS]   (default 3)
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds="${1:-3}"
mnist="$shared/mnist"
"$root/mnist" download --quiet --mirror "$mnist" --dir "$work/idx" >/dev/null
"$root/mnist" convert --quiet --data "$work/idx" --out "$work/png" >/dev/null

start=$(date +%s.%N)
peak_rss "$root/mnist" dataset create --quiet --data "$work/png/train" --test-data "$work/png/test" --val-percent 0 \
  --out "$work/store" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
printf 'dataset create, 70,000 MNIST PNGs: %.1f s, peak RSS %d MB\n' "$(echo "$(date +%s.%N) - $start" | bc -l)" $(($(tail -1 "$work/err") / 1024))

epoch() {  # name, then train's arguments: prints the epoch's images/s
  "$root/mnist" train --quiet --epochs 1 --val-split 0 --runs "$work/runs" --run "$1" "${@:2}" >/dev/null
  tail -1 "$work/runs/$1/metrics.csv" | cut -d, -f7
}
idx=(); store=(); augmented=()
for ((r = 1; r <= rounds; r++)); do
  idx+=("$(epoch "idx$r" --data "$work/idx")")
  store+=("$(epoch "store$r" --data "$work/store")")
  augmented+=("$(epoch "aug$r" --data "$work/store" --rotate 10 --shift 0.1 --elastic)")
  printf 'round %d: IDX %.0f, store %.0f, store augmented %.0f images/s\n' "$r" "${idx[-1]}" "${store[-1]}" "${augmented[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mi=$(median "${idx[@]}"); ms=$(median "${store[@]}"); ma=$(median "${augmented[@]}")
printf 'median: IDX %.0f, store %.0f (%.0f %%), augmented %.0f (%.0f %%) images/s\n' "$mi" "$ms" "$(echo "100 * $ms / $mi" | bc -l)" \
  "$ma" "$(echo "100 * $ma / $mi" | bc -l)"
for split in idx store aug; do
  acc=$("$root/mnist" evaluate --quiet --json --model "$work/runs/${split}1" --data "$work/idx" | grep '"accuracy"' | tr -dc '0-9.')
  printf 'test accuracy after 1 epoch (seed 42), %s: %s\n' "$split" "$acc"
done

colour="${COLOUR:-2000}"
java "$root/bench/MakePhotos.java" "$mnist/train-images-idx3-ubyte.gz" "$mnist/train-labels-idx1-ubyte.gz" "$colour" 256 "$work/photos"
start=$(date +%s.%N)
peak_rss "$root/mnist" dataset create --quiet --data "$work/photos" --image-size 256 --channels 3 --resize half-crop \
  --out "$work/colour" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
printf 'dataset create, %d colour JPEGs to 256x256: %.1f s, %.0f images/s, peak RSS %d MB\n' "$colour" "$seconds" \
  "$(echo "$colour / $seconds" | bc -l)" $(($(tail -1 "$work/err") / 1024))
