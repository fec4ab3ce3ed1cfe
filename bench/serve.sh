#!/usr/bin/env bash
# Load-tests 'mnist serve' over loopback with a model trained here for 1 epoch on 10,000
# Fashion-MNIST images: single 28x28 requests as JSON pixels and as a PNG, one client at a time
# and then 4 at once. Each run is bounded: REQUESTS requests (default 5,000) or 60 s, after
# 500 warm-up requests. Target: p99 <= 5 ms for one client sending one 28x28 image.
set -euo pipefail
source "$(dirname "$0")/common.sh"
requests=${REQUESTS:-5000}
"$root/mnist" download --quiet --dataset fashion-mnist --mirror "$fashion" --dir "$work/fm" >/dev/null
"$root/mnist" convert --quiet --data "$work/fm" --out "$work/png" >/dev/null
"$root/mnist" train --quiet --data "$work/fm" --epochs 1 --limit 10000 --runs "$work/runs" --run model >/dev/null
one="$work/png/test/$(head -1 "$work/png/test.txt" | cut -d' ' -f1 | cut -d/ -f2-)"

"$root/mnist" serve --quiet --port 0 --model "$work/runs/model" >"$work/address" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do [[ -s "$work/address" ]] && break; sleep 0.1; done
address=$(head -1 "$work/address")
echo "server: $address (pid $server), $(nproc) cores"

java bench/ServeLoad.java "$address" "$one" json "$requests" 1 60
java bench/ServeLoad.java "$address" "$one" png "$requests" 1 60
java bench/ServeLoad.java "$address" "$one" json "$requests" 4 60
ps -o rss= -p "$server" | awk '{printf "server resident memory after the runs: %d MB\n", $1 / 1024}'
kill -TERM "$server"; wait "$server" || true
