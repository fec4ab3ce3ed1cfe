#!/usr/bin/env bash
# The commands as a CI job chains them: train a small model, fail the job when its accuracy is
# below a bar, classify a folder of images to CSV. Every step's exit code stops the job on failure.
# Settings: DATASET (mnist), MIN_ACCURACY (0.95), OUT (ci-out); MNIST_MIRROR for an offline mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

dataset=${DATASET:-mnist}
data="data/$dataset"
out=${OUT:-ci-out}
mkdir -p "$out"

./mnist download --quiet --dataset "$dataset" --dir "$data"
./mnist train --quiet --data "$data" --epochs 1 --limit 20000 --runs "$out/runs" --run "ci-$(date +%Y%m%d-%H%M%S)"
./mnist evaluate --quiet --model "$out/runs/latest" --data "$data" --json \
  --min-accuracy "${MIN_ACCURACY:-0.95}" > "$out/evaluation.json"
./mnist classify --quiet --model "$out/runs/latest" --csv examples/digits > "$out/digits.csv"
echo "ci: model $out/runs/latest passed --min-accuracy ${MIN_ACCURACY:-0.95}; report $out/evaluation.json, predictions $out/digits.csv"
