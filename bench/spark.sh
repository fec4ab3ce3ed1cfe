#!/usr/bin/env bash
# The Spark classify job in local mode (examples/spark-local.sh, local[*] on this machine's cores)
# against 'mnist classify' on the same 70,000 real MNIST PNGs with the same model (trained here for
# 1 epoch): images/s of each and peak resident memory (in local mode the executor is the driver's
# JVM). Goal: the job at least 70 % of mnist classify's rate. Each prints its own count too (the job's
# from its start, after Spark's; mnist classify's from its first image, after the model's load).
set -euo pipefail
source "$(dirname "$0")/common.sh"
mnist="$shared/mnist"
"$root/mnist" download --quiet --mirror "$mnist" --dir "$work/mnist" >/dev/null
"$root/mnist" convert --quiet --data "$work/mnist" --out "$work/png" >/dev/null
"$root/mnist" train --quiet --data "$work/mnist" --epochs 1 --runs "$work/runs" --run model >/dev/null
model="$work/runs/model"
"$root/examples/spark-local.sh" --version >/dev/null   # build the application jar outside the timings
# The first job after a build records the JVM's class archive (about 20 s more): that too outside the
# timings (MNIST_SPARK_CDS=0 runs without the archive).
"$root/examples/spark-local.sh" classify --model "$model" --input "$work/png/test/0" --output "$work/warm-up" \
  >/dev/null 2>"$work/warm-up.err" || { cat "$work/warm-up.err" >&2; exit 1; }
count=$(find "$work/png/train" "$work/png/test" -name '*.png' | wc -l)
echo "$count PNGs, $(nproc) cores"

start=$(date +%s.%N)
peak_rss "$root/mnist" classify --csv --model "$model" "$work/png/train" "$work/png/test" >"$work/cli.csv" 2>"$work/cli.err"
end=$(date +%s.%N)
printf 'mnist classify:           %.1f s whole command, %.0f images/s, peak RSS %d MB\n' "$(echo "$end - $start" | bc)" \
  "$(echo "$count / ($end - $start)" | bc -l)" $(($(tail -1 "$work/cli.err") / 1024))
echo "  its own count: $(grep '^classify:' "$work/cli.err")"
cli_rate=$(echo "$count / ($end - $start)" | bc -l)

for format in parquet csv; do
  start=$(date +%s.%N)
  peak_rss "$root/examples/spark-local.sh" classify --model "$model" --input "$work/png/train" "$work/png/test" \
    --output "$work/spark-$format" --format "$format" >"$work/spark.out" 2>"$work/spark.err"
  end=$(date +%s.%N)
  rate=$(echo "$count / ($end - $start)" | bc -l)
  printf 'spark classify (%s): %.1f s whole command, %.0f images/s (%.0f %% of mnist classify), peak RSS %d MB\n' "$format" \
    "$(echo "$end - $start" | bc)" "$rate" "$(echo "100 * $rate / $cli_rate" | bc -l)" $(($(tail -1 "$work/spark.err") / 1024))
  echo "  job: $(cat "$work/spark.out")"
done
