#!/usr/bin/env bash
# mnist sweep: a 3 x 2 grid (three rates, two seeds) of LeNet on LIMIT (3,000) real MNIST digits for
# EPOCHS (1), one trial after another: the sweep's wall time and each trial's own, and the
# leaderboard (with --evaluate: each trial scored on the whole test split).
set -euo pipefail
source "$(dirname "$0")/common.sh"
mnist="$shared/mnist"
[[ -f "$mnist/train-images-idx3-ubyte.gz" ]] || { echo "bench: needs MNIST in $mnist" >&2; exit 1; }
start=$(date +%s.%N)
"$root/mnist" sweep --quiet --name grid --runs "$work/runs" --data "$mnist" --limit "${LIMIT:-3000}" --epochs "${EPOCHS:-1}" \
  --lr 0.0005,0.001,0.003 --seed 1,2 --evaluate
end=$(date +%s.%N)
echo "sweep of 6 trials, sequential: $(echo "$end - $start" | bc) s wall"
