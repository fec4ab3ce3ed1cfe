#!/usr/bin/env bash
# The whole main job: download -> convert -> train (5 epochs).
# Usage: examples/quickstart.sh [--dataset mnist|fashion-mnist]
# Offline: MNIST_MIRROR=/path/to/a/folder/of/the/.gz/files examples/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dataset=mnist
if [[ "${1:-}" == "--dataset" && -n "${2:-}" ]]; then dataset=$2; fi
data="data/$dataset"

./mnist download --dataset "$dataset" --dir "$data"
./mnist convert --data "$data"
./mnist train --data "$data" --epochs "${EPOCHS:-5}"
