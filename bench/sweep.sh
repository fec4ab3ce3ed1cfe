#!/usr/bin/env bash
# mnist sweep: a 3 x 2 grid (three rates, two seeds) of LeNet on LIMIT (3,000) real MNIST digits for
# EPOCHS (1), each trial scored on the whole test split (--evaluate), three ways on this machine:
# one trial after another, two at a time (--parallel 2, a core each), and as Spark tasks in local mode
# (examples/spark-local.sh sweep, local[*]). Prints each way's wall time and leaderboard, and whether
# the three leaderboards' scores agree.
set -euo pipefail
source "$(dirname "$0")/common.sh"
mnist="$shared/mnist"
[[ -f "$mnist/train-images-idx3-ubyte.gz" ]] || { echo "bench: needs MNIST in $mnist" >&2; exit 1; }
grid=(--data "$mnist" --limit "${LIMIT:-3000}" --epochs "${EPOCHS:-1}" --lr 0.0005,0.001,0.003 --seed 1,2 --evaluate)
"$root/examples/spark-local.sh" sweep --help >/dev/null   # build the application jar first, outside the timings

timed() {   # NAME COMMAND...: runs it, its leaderboard to NAME.txt, and prints its wall time
  local name="$1" start end
  shift
  start=$(date +%s.%N)
  "$@" >"$work/$name.txt" 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "sweep of 6 trials, $name: $(echo "$end - $start" | bc) s wall"
  cat "$work/$name.txt"
}
timed sequential "$root/mnist" sweep --quiet --name sequential --runs "$work/runs" "${grid[@]}"
timed parallel-2 "$root/mnist" sweep --quiet --name parallel --runs "$work/runs" --parallel 2 "${grid[@]}"
timed spark-local "$root/examples/spark-local.sh" sweep --name spark --runs "$work/runs" "${grid[@]}"

scores() { "$root/mnist" sweep show "$work/runs/$1" --csv | cut -d, -f1,4,6 | sort; }   # trial, best val and test accuracy
if [[ "$(scores sequential)" == "$(scores parallel)" && "$(scores parallel)" == "$(scores spark)" ]]; then
  echo "the three leaderboards' scores agree, trial for trial"
else
  echo "the leaderboards' scores differ:"; paste -d'|' <(scores sequential) <(scores parallel) <(scores spark)
fi
