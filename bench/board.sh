#!/usr/bin/env bash
# mnist board at scale: RUNS (1,000) run folders listed, and a run of RECORDS (1,000,000) training
# records paged for its chart, first (cold: every file read) and again (warm: only what changed);
# then the board's peak resident memory. The runs are copies of one real 1-epoch run's records.
set -euo pipefail
source "$(dirname "$0")/common.sh"
runs_count="${RUNS:-1000}"
records="${RECORDS:-1000000}"
"$root/mnist" train --quiet --data "$fashion" --limit 2000 --epochs 1 --runs "$work/seed" --run one
mkdir -p "$work/runs"
for i in $(seq -w 1 "$runs_count"); do
  mkdir "$work/runs/run-$i"
  cp "$work/seed/one/"{run.json,metrics.csv,state.json,steps.csv} "$work/runs/run-$i/"
done
mkdir "$work/runs/big"
cp "$work/seed/one/"{run.json,metrics.csv,state.json} "$work/runs/big/"
python3 - "$work/runs/big/steps.csv" "$records" <<'PY'
import math, sys
with open(sys.argv[1], "w") as out:
    out.write("step,epoch,loss,learning_rate,images_per_second,time\n")
    for i in range(1, int(sys.argv[2]) + 1):
        out.write("%d,%.5f,%.6g,0.001,3000.0,%.3f\n" % (i, i / 938, 0.1 + 2 * math.exp(-i / 50000) + 0.05 * math.sin(i), 1.8e9 + i))
PY
echo "board: $runs_count run folders, one of them with $(( $(wc -l < "$work/runs/big/steps.csv") - 1 )) records ($(du -h "$work/runs/big/steps.csv" | cut -f1))"

"$root/mnist" board --quiet --runs "$work/runs" --port 0 > "$work/url" &
board=$!
trap 'kill $board 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do [[ -s "$work/url" ]] && break; sleep 0.1; done
url="$(head -1 "$work/url")"
pid="$(pgrep -P "$board" java || echo "$board")"
seconds() { curl -s -o /dev/null -w "%{time_total}" "$url$1"; }
echo "GET /api/runs                    cold $(seconds api/runs) s, warm $(seconds api/runs) s, $(seconds api/runs) s"
echo "GET /api/runs/big/steps?max=2000 cold $(seconds 'api/runs/big/steps?max=2000') s, warm $(seconds 'api/runs/big/steps?max=2000') s, $(seconds 'api/runs/big/steps?max=2000') s"
echo "GET /api/runs/big                     $(seconds api/runs/big) s"
echo "points sent for the chart: $(curl -s "$url"'api/runs/big/steps?max=2000' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["step"]))')"
echo "board peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status")"
