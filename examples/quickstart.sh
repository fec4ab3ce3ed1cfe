#!/usr/bin/env bash
# The whole main job: download -> convert -> train (5 epochs) -> evaluate (with its report pages)
# -> classify a sample digit.
# The first run builds the tool. Usage: examples/quickstart.sh [--dataset mnist|fashion-mnist]
# Offline: MNIST_MIRROR=/path/to/a/folder/of/the/.gz/files examples/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dataset=mnist
if [[ "${1:-}" == "--dataset" && -n "${2:-}" ]]; then dataset=$2; fi
data="data/$dataset"

./mnist download --dataset "$dataset" --dir "$data"
./mnist convert --data "$data"
./mnist train --data "$data" --epochs "${EPOCHS:-5}"
./mnist evaluate --data "$data" --report runs/latest/report
if [[ "$dataset" == mnist ]]; then
  # A digit drawn with a pen on white paper, not from MNIST: the model's input contract says "digit",
  # so it is prepared as MNIST's digits were.
  ./mnist classify examples/digits/7-pen.png
else
  # Not a digit: the model's contract says "plain", so the first test image is fed as it is.
  ./mnist classify "$data/png/$(head -1 "$data/png/test.txt" | cut -d' ' -f1)"
fi
echo "Pictures: runs/latest/curves.png, runs/latest/report/index.html. Draw digits: ./mnist serve" >&2
