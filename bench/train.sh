#!/usr/bin/env bash
# One epoch of LeNet (batch 64, Adam 0.001) on the 60,000 Fashion-MNIST training images:
# images/s, peak resident memory, validation accuracy; and, where Debian's python3-torch is
# installed, the same network in PyTorch on the same data in the same run, alternated, with the ratio.
# Usage: bench/train.sh [ROUNDS]   (default 1 round of each)
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds="${1:-1}"
python="${PYTHON:-/usr/bin/python3}"   # Debian's python3-torch installs for the system Python
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm" >/dev/null

ours=(); torch=()
for ((r = 1; r <= rounds; r++)); do
  peak_rss "$root/mnist" train --quiet --data "$work/fm" --epochs 1 --runs "$work/runs" --run "r$r" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  rss_kb=$(tail -1 "$work/err")
  row=$(tail -1 "$work/runs/r$r/metrics.csv")
  ips=$(echo "$row" | cut -d, -f7); acc=$(echo "$row" | cut -d, -f4)
  ours+=("$ips")
  printf 'mnist   round %d: %s images/s, val accuracy %s (6,000 held out), peak RSS %d MB\n' "$r" "$ips" "$acc" $((rss_kb / 1024))
  if "$python" -c "import torch" 2>/dev/null; then
    line=$("$python" "$root/bench/lenet_torch.py" "$work/fm")
    torch+=("$(echo "$line" | awk '{print $1}')")
    echo "pytorch round $r: $line"
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m=$(median "${ours[@]}")
if ((${#torch[@]})); then
  t=$(median "${torch[@]}")
  printf 'median: mnist %.0f images/s, pytorch %.0f images/s, ratio %.2f\n' "$m" "$t" "$(echo "$m / $t" | bc -l)"
else
  printf 'median: mnist %.0f images/s (python3-torch not installed: no peer)\n' "$m"
fi
