#!/usr/bin/env bash
# Five epochs of LeNet (the defaults: batch 64, Adam 0.003 on the one-cycle policy) on the 60,000 Fashion-MNIST training images, as
# 'mnist train --epochs 5' runs them: whole command wall time, peak resident memory, test accuracy.
# Targets: <= 2.5 minutes on 2 cores, <= 2 GB resident.
set -euo pipefail
source "$(dirname "$0")/common.sh"
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm" >/dev/null
start=$(date +%s.%N)
peak_rss "$root/mnist" train --quiet --data "$work/fm" --epochs 5 --runs "$work/runs" --run five >/dev/null 2>"$work/err" \
  || { cat "$work/err"; exit 1; }
end=$(date +%s.%N)
rss=$(tail -1 "$work/err")
acc=$("$root/mnist" evaluate --quiet --json --model "$work/runs/five" --data "$work/fm" | grep '"accuracy"' | tr -dc '0-9.')
printf '5 epochs: %.1f s whole command (%s cores), peak RSS %d MB, test accuracy %.4f\n' "$(echo "$end - $start" | bc)" \
  "$(nproc)" $((rss / 1024)) "$acc"
printf 'per epoch (images/s): %s\n' "$(tail -n +2 "$work/runs/five/metrics.csv" | cut -d, -f7 | tr '\n' ' ')"
