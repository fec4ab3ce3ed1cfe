#!/usr/bin/env bash
# Converts all 70,000 Fashion-MNIST images to PNG (the whole command, JVM start included).
# Target: <= 10 s on 2 cores.
set -euo pipefail
source "$(dirname "$0")/common.sh"
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm"
start=$(date +%s.%N)
"$root/mnist" convert --quiet --data "$work/fm" --out "$work/png" >/dev/null
end=$(date +%s.%N)
count=$(find "$work/png" -name '*.png' | wc -l)
printf 'convert: %d images in %.2f s (%.0f images/s), %s cores\n' "$count" "$(echo "$end - $start" | bc)" \
  "$(echo "$count / ($end - $start)" | bc -l)" "$(nproc)"
