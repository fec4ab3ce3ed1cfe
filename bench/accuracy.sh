#!/usr/bin/env bash
# Issue #18's accuracy table: for each recipe, SEEDS (42 7 123) runs on the real MNIST (and on
# Fashion-MNIST with FASHION=1, its own recipes): epochs (EPOCHS, 5, unless the recipe says), training
# seconds, test accuracy min/median/max, and the time to 99.0 % (the training seconds of the first
# epoch whose model reaches it on the test set; "-" when none). Where Debian's python3-torch is
# installed, PyTorch trains the same network with the same recipe (bench/torch_recipe.py) in the row
# after mnist's.
# Usage: [EPOCHS=N] [SEEDS="42 7 123"] [LIMIT=N] [FASHION=1] [ONLY=mnist|fashion] [RECIPE=PREFIX]
#        [FRAMEWORKS="mnist pytorch"] bench/accuracy.sh
# (RECIPE: only the recipes whose name starts with PREFIX, e.g. RECIPE=best; FRAMEWORKS=pytorch: only the peer)
set -euo pipefail
shopt -s inherit_errexit   # a failed mnist train inside $(...) stops the script too
source "$(dirname "$0")/common.sh"
default_epochs="${EPOCHS:-5}"
seeds="${SEEDS:-42 7 123}"
limit="${LIMIT:-0}"
# name|epochs (empty: EPOCHS)|options
mnist_recipes=(
  "default||"
  "adam-0.001-fixed (the old default)||--lr 0.001 --lr-policy fixed"
  "default + rotate 10, shift 0.1||--rotate 10 --shift 0.1"
  "fast: 1 epoch, lr 0.004, label smoothing 0.1, all 60,000 (time to 99 %)|1|--lr 0.004 --label-smoothing 0.1 --val-split 0"
  "best: rotate 10, shift 0.1, scale 0.1, label smoothing 0.1, weight decay 0.05, all 60,000|20|--rotate 10 --shift 0.1 --scale 0.1 --label-smoothing 0.1 --weight-decay 0.05 --val-split 0"
)
fashion_recipes=(
  "default||"
  "default + horizontal flips, 15 epochs|15|--flip horizontal"
)
"$root/mnist" download --quiet --mirror "$shared/mnist" --dir "$work/mnist" >/dev/null
sets=()
[[ "${ONLY:-mnist}" == mnist ]] && sets+=(mnist)
if [[ "${FASHION:-0}" == 1 || "${ONLY:-}" == fashion ]]; then
  "$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fashion" >/dev/null
  sets+=(fashion)
fi
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
accuracy_of() { "$root/mnist" evaluate --quiet --json --model "$1" --data "$2" | grep '"accuracy"' | tr -dc '0-9.'; }

# One mnist run: prints "ACCURACY SECONDS TO99" as bench/torch_recipe.py does.
# shellcheck disable=SC2086
train_mnist() {
  local set="$1" epochs="$2" seed="$3" args="$4" run="$1-$3-$RANDOM" reached="-" elapsed acc e checkpoint
  "$root/mnist" train --quiet --data "$work/$set" --epochs "$epochs" --seed "$seed" --limit "$limit" --keep "$epochs" \
    --runs "$work/runs" --run "$run" $args >/dev/null
  # Fashion-MNIST never reaches 99 %: its epochs are not scored one by one.
  for ((e = 1; e <= epochs; e++)); do
    [[ "$set" == mnist ]] || break
    elapsed=$(awk -F, -v e="$e" 'NR > 1 && $1 <= e {s += $6} END {print s}' "$work/runs/$run/metrics.csv")
    checkpoint=$(printf '%s/runs/%s/checkpoints/epoch-%03d.zip' "$work" "$run" "$e")
    acc=$(accuracy_of "$checkpoint" "$work/$set")
    if awk -v a="$acc" 'BEGIN {exit !(a >= 0.99)}'; then reached="$elapsed"; break; fi
  done
  echo "$(accuracy_of "$work/runs/$run" "$work/$set") $(awk -F, 'NR > 1 {s += $6} END {print s}' "$work/runs/$run/metrics.csv") $reached"
}

# The images as mnist train sees them, for the peer: a store of the set's PNGs prepared by the same
# auto rule (MNIST's digits get the digit preparation, Fashion-MNIST none), test split included.
prepared_store() {
  local set="$1"
  if [[ ! -d "$work/$set-store" ]]; then
    "$root/mnist" convert --quiet --data "$work/$set" --out "$work/$set-png" >/dev/null
    "$root/mnist" dataset create --quiet --data "$work/$set-png/train" --test-data "$work/$set-png/test" \
      --val-percent 0 --prepare auto --out "$work/$set-store" >/dev/null
  fi
  echo "$work/$set-store"
}

# The same recipe in PyTorch; nothing (and a note) when the peer lacks one of its options.
# shellcheck disable=SC2086
train_pytorch() {
  local set="$1" epochs="$2" seed="$3" args="$4"
  if ! "$python" "$root/bench/torch_recipe.py" --data "$(prepared_store "$set")" --epochs "$epochs" --seed "$seed" --limit "$limit" $args \
      2>"$work/peer-err"; then
    echo "  (no PyTorch peer: $(tail -1 "$work/peer-err"))" >&2
  fi
}

python="${PYTHON:-/usr/bin/python3}"   # Debian's python3-torch installs for the system Python
frameworks=()
for framework in ${FRAMEWORKS:-mnist pytorch}; do
  [[ "$framework" == mnist || "$framework" == pytorch ]] || { echo "bench: FRAMEWORKS takes mnist and pytorch, not $framework" >&2; exit 2; }
  if [[ "$framework" == pytorch ]] && ! "$python" -c "import torch" 2>/dev/null; then
    echo "bench: python3-torch is not installed: no PyTorch rows" >&2; continue
  fi
  frameworks+=("$framework")
done

printf '| data | recipe | framework | epochs | training s (median) | test accuracy min / median / max | time to 99.0 %% (median) |\n'
printf '|---|---|---|---|---|---|---|\n'
for set in "${sets[@]}"; do
  if [[ "$set" == mnist ]]; then recipes=("${mnist_recipes[@]}"); else recipes=("${fashion_recipes[@]}"); fi
  for recipe in "${recipes[@]}"; do
    IFS='|' read -r name epochs args <<<"$recipe"
    [[ "$name" == "${RECIPE:-}"* ]] || continue
    epochs="${epochs:-$default_epochs}"
    for framework in "${frameworks[@]}"; do
      accs=(); secs=(); to99=()
      for seed in $seeds; do
        result=$("train_$framework" "$set" "$epochs" "$seed" "$args")
        [[ -n "$result" ]] || break
        read -r acc sec reached <<<"$result"
        accs+=("$acc"); secs+=("$sec")
        [[ "$reached" != "-" ]] && to99+=("$reached")
        echo "  $set, $name, $framework, seed $seed: accuracy $acc, $sec s, 99 % after $reached s" >&2
      done
      ((${#accs[@]})) || continue
      sorted=($(printf '%s\n' "${accs[@]}" | sort -g))
      t99="-"; ((${#to99[@]})) && t99=$(printf '%.0f' "$(median "${to99[@]}")")
      printf '| %s | %s | %s | %d | %.0f | %s / %s / %s | %s |\n' "$set" "$name" "$framework" "$epochs" "$(median "${secs[@]}")" \
        "${sorted[0]}" "$(median "${accs[@]}")" "${sorted[-1]}" "$t99"
    done
  done
done
