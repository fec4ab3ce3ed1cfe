#!/usr/bin/env bash
# Load-tests 'mnist serve' over loopback with a LeNet trained here for 1 epoch on 10,000 real MNIST
# digits: the drawing page's own upload (a 280x280 RGBA PNG of a drawn 7, as Chromium's canvas.toBlob
# encodes it, the test fixture chromium-drawing.png; and the same strokes as ImageIO encodes them,
# bench/DrawnDigit.java, with no row filters: slower to inflate) and a 28x28 MNIST PNG from 1 client, the 28x28 digit as JSON pixels from 1 client, and the 28x28 PNG
# from 8 clients at once. Each run is bounded: REQUESTS requests (default 5,000) or 60 s, after 500
# warm-up requests. BASELINE=DIR also serves the same model from another checkout (built: e.g. a
# 'git worktree' of an older commit), alternated with this one for ROUNDS rounds (default 1).
# Targets (issue #37): p99 <= 3 ms for the drawing, <= 2 ms for the 28x28 PNG; 8 clients >= 1,500
# answers/s with p99 < 20 ms.
set -euo pipefail
source "$(dirname "$0")/common.sh"
requests=${REQUESTS:-5000}
rounds=${ROUNDS:-1}
mnist="$shared/mnist"
"$root/mnist" train --quiet --data "$mnist" --epochs 1 --limit 10000 --runs "$work/runs" --run model >/dev/null
"$root/mnist" convert --quiet --data "$mnist" --out "$work/png" >/dev/null
one="$work/png/test/$(head -1 "$work/png/test.txt" | cut -d' ' -f1 | cut -d/ -f2-)"
drawn="$work/drawn.png"
chromium="$root/core/src/test/resources/dev/mnist/core/image/chromium-drawing.png"
java "$root/bench/DrawnDigit.java" "$drawn"

server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
load() {   # BUILD_ROOT LABEL
  rm -f "$work/address"
  "$1/mnist" serve --quiet --port 0 --model "$work/runs/model" >"$work/address" &
  server=$!
  for _ in $(seq 600); do [[ -s "$work/address" ]] && break; sleep 0.1; done
  local address
  address=$(head -1 "$work/address")
  echo "== $2: $address (pid $server), $(nproc) cores"
  # A server answers for hours: let the JIT finish with both images before the first figures.
  java "$root/bench/ServeLoad.java" "$address" "$chromium" png 3000 1 60 >/dev/null
  java "$root/bench/ServeLoad.java" "$address" "$one" png 3000 1 60 >/dev/null
  java "$root/bench/ServeLoad.java" "$address" "$chromium" png "$requests" 1 60
  java "$root/bench/ServeLoad.java" "$address" "$drawn" png "$requests" 1 60
  java "$root/bench/ServeLoad.java" "$address" "$one" png "$requests" 1 60
  java "$root/bench/ServeLoad.java" "$address" "$one" json "$requests" 1 60
  java "$root/bench/ServeLoad.java" "$address" "$one" png "$requests" 8 60
  ps -o rss= -p "$server" | awk '{printf "server resident memory after the runs: %d MB\n", $1 / 1024}'
  kill -TERM "$server"; wait "$server" || true
  server=""
}
for round in $(seq "$rounds"); do
  load "$root" "this checkout, round $round"
  [[ -n "${BASELINE:-}" ]] && load "$BASELINE" "baseline $BASELINE, round $round"
done
