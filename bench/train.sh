#!/usr/bin/env bash
# One epoch of LeNet (batch 64, Adam 0.001) on the Fashion-MNIST training images: images/s, peak
# resident memory and test accuracy (the 10,000 test images), trained on all 60,000 (or the first
# LIMIT) as PyTorch is (--val-split 0); and, where Debian's python3-torch is
# installed, the same network in PyTorch on the same data in the same run, alternated, with the
# ratio of the medians. Target: >= 2x PyTorch's images/s, test accuracy within 0.5 point.
# Usage: [MODEL=lenet5|resnet] [LIMIT=N] bench/train.sh [ROUNDS]   (default 3 rounds of each; MODEL default lenet)
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds="${1:-3}"
model="${MODEL:-lenet}"
limit="${LIMIT:-0}"
python="${PYTHON:-/usr/bin/python3}"   # Debian's python3-torch installs for the system Python
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm" >/dev/null

ours=(); ours_acc=(); torch=(); torch_acc=()
for ((r = 1; r <= rounds; r++)); do
  peak_rss "$root/mnist" train --quiet --model "$model" --data "$work/fm" --epochs 1 --val-split 0 --limit "$limit" --lr 0.001 --lr-policy fixed --runs "$work/runs" --run "r$r" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  rss_kb=$(tail -1 "$work/err")
  ips=$(tail -1 "$work/runs/r$r/metrics.csv" | cut -d, -f7)
  acc=$("$root/mnist" evaluate --quiet --json --model "$work/runs/r$r" --data "$work/fm" | grep '"accuracy"' | tr -dc '0-9.')
  ours+=("$ips"); ours_acc+=("$acc")
  printf 'mnist   round %d: %.0f images/s, test accuracy %.4f, peak RSS %d MB\n' "$r" "$ips" "$acc" $((rss_kb / 1024))
  if "$python" -c "import torch" 2>/dev/null; then
    line=$("$python" "$root/bench/torch_peer.py" "$work/fm" "$model" "$limit")
    torch+=("$(echo "$line" | awk '{print $1}')"); torch_acc+=("$(echo "$line" | awk '{print $NF}')")
    echo "pytorch round $r: $line"
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m=$(median "${ours[@]}"); ma=$(median "${ours_acc[@]}")
if ((${#torch[@]})); then
  t=$(median "${torch[@]}"); ta=$(median "${torch_acc[@]}")
  printf 'median: mnist %.0f images/s (test accuracy %.4f), pytorch %.0f images/s (%.4f); ratio %.2f, accuracy %+.2f points\n' \
    "$m" "$ma" "$t" "$ta" "$(echo "$m / $t" | bc -l)" "$(echo "($ma - $ta) * 100" | bc -l)"
else
  printf 'median: mnist %.0f images/s, test accuracy %.4f (python3-torch not installed: no peer)\n' "$m" "$ma"
fi
