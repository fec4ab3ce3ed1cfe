#!/usr/bin/env bash
# Issue #19: fine-tuning against training from scratch on few images. Pretrains LeNet on the real
# MNIST digits 0-4 (all their training images, PRETRAIN epochs); then, for each seed, picks PER_CLASS
# training images of each target class (seeded) and trains EPOCHS epochs on them: from scratch, from
# the 0-4 model (--init-from, the head alone for FREEZE epochs, then everything), and the head alone
# (--freeze dense1). Targets: the digits 5-9, and the 10 classes of Fashion-MNIST. Prints a table of
# test accuracy (min / median / max over the seeds) on the target's whole test split.
# Usage: [SEEDS="1 2 3"] [EPOCHS=20] [PRETRAIN=3] [PER_CLASS=50] [FREEZE=5] bench/fine-tune.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
seeds="${SEEDS:-1 2 3}"
epochs="${EPOCHS:-20}"
pretrain="${PRETRAIN:-3}"
per_class="${PER_CLASS:-50}"
freeze="${FREEZE:-5}"
mnist() { "$root/mnist" "$@"; }

mnist download --quiet --mirror "$shared/mnist" --dir "$work/mnist" >/dev/null
mnist download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fashion" >/dev/null
mnist convert --quiet --data "$work/mnist" --out "$work/mnist-png" >/dev/null
mnist convert --quiet --data "$work/fashion" --out "$work/fashion-png" >/dev/null

# classes SOURCE DEST SEED N CLASS...: DEST/train/CLASS holds N of SOURCE's training images of CLASS
# (all when N is 0), picked by SEED; DEST/test/CLASS all its test images (links, not copies).
classes() {
  local source=$1 dest=$2 seed=$3 n=$4; shift 4
  for c in "$@"; do
    mkdir -p "$dest/train/$c" "$dest/test"
    ln -s "$source/test/$c" "$dest/test/$c"
    if ((n == 0)); then
      ln -s "$source/train/$c"/* "$dest/train/$c/"
    else
      ls "$source/train/$c" | shuf -n "$n" --random-source=<(yes "seed $seed") | while read -r f; do
        ln -s "$source/train/$c/$f" "$dest/train/$c/$f"
      done
    fi
  done
}

classes "$work/mnist-png" "$work/d04" 0 0 0 1 2 3 4
start=$(date +%s)
mnist train --quiet --data "$work/d04" --epochs "$pretrain" --runs "$work/runs" --run parent >/dev/null
parent_acc=$(mnist evaluate --quiet --json --model "$work/runs/parent" --data "$work/d04" | grep '"accuracy"' | tr -dc '0-9.')
printf 'parent: LeNet, digits 0-4 (%s epochs, %d s): test accuracy %.4f on 0-4\n\n' "$pretrain" $(($(date +%s) - start)) "$parent_acc"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
methods=(
  "from scratch|"
  "fine-tuned (head $freeze epochs, then all)|--init-from $work/runs/parent --freeze-epochs $freeze"
  "head only (--freeze dense1)|--init-from $work/runs/parent --freeze dense1"
)
printf '| target (%d per class) | training | epochs | test accuracy min / median / max |\n|---|---|---|---|\n' "$per_class"
for target in digits-5-9 fashion; do
  for method in "${methods[@]}"; do
    name="${method%%|*}"; args="${method#*|}"
    accs=()
    for seed in $seeds; do
      data="$work/$target-$seed"
      if [[ ! -d "$data" ]]; then
        if [[ "$target" == fashion ]]; then
          classes "$work/fashion-png" "$data" "$seed" "$per_class" 0 1 2 3 4 5 6 7 8 9
        else
          classes "$work/mnist-png" "$data" "$seed" "$per_class" 5 6 7 8 9
        fi
      fi
      run="$target-$seed-$RANDOM"
      # shellcheck disable=SC2086
      mnist train --quiet --data "$data" --epochs "$epochs" --val-split 0 --seed "$seed" --runs "$work/runs" --run "$run" $args >/dev/null
      accs+=("$(mnist evaluate --quiet --json --model "$work/runs/$run" --data "$data" | grep '"accuracy"' | tr -dc '0-9.')")
    done
    sorted=($(printf '%s\n' "${accs[@]}" | sort -g))
    printf '| %s | %s | %s | %.2f / %.2f / %.2f %% |\n' "$target" "$name" "$epochs" \
      "$(echo "${sorted[0]} * 100" | bc -l)" "$(echo "$(median "${accs[@]}") * 100" | bc -l)" "$(echo "${sorted[-1]} * 100" | bc -l)"
  done
done
