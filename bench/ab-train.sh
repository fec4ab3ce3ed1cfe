#!/usr/bin/env bash
# Training speed of this checkout against another revision, alternated in one run so that the
# machine's drift hits both alike: 1 epoch of LeNet on the 60,000 Fashion-MNIST training images
# (batch 64, Adam 0.001, --val-split 0), each build through its own launcher; images/s per round,
# test accuracy and the medians. Usage: bench/ab-train.sh REVISION [ROUNDS]   (default 3 rounds)
set -euo pipefail
source "$(dirname "$0")/common.sh"
revision="${1:?usage: bench/ab-train.sh REVISION [ROUNDS]}"
rounds="${2:-3}"
other="$work/other"
git -C "$root" worktree add --detach -q "$other" "$revision"
trap 'git -C "$root" worktree remove --force "$other"; rm -rf "$work"' EXIT
"$other/mnist" --version >/dev/null
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm" >/dev/null

declare -A rates
for ((r = 1; r <= rounds; r++)); do
  for side in this other; do
    launcher="$root/mnist"; [[ $side == other ]] && launcher="$other/mnist"
    "$launcher" train --quiet --data "$work/fm" --epochs 1 --val-split 0 --runs "$work/runs-$side" --run "r$r" >/dev/null
    ips=$(tail -1 "$work/runs-$side/r$r/metrics.csv" | cut -d, -f7)
    acc=$("$launcher" evaluate --quiet --json --model "$work/runs-$side/r$r" --data "$work/fm" | grep '"accuracy"' | tr -dc '0-9.')
    rates[$side]+="$ips "
    printf '%-5s round %d: %.0f images/s, test accuracy %s\n' "$side" "$r" "$ips" "$acc"
  done
done
median() { printf '%s\n' $@ | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
this=$(median ${rates[this]}); that=$(median ${rates[other]})
printf 'median: this checkout %.0f images/s, %s %.0f images/s; ratio %.3f\n' "$this" "$revision" "$that" "$(echo "$this / $that" | bc -l)"
