# Shared by the benchmark scripts: where the real data is, and a scratch folder.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_DATA:-$root/../shared/data}"
fashion="$shared/fashion-mnist"
[[ -f "$fashion/train-images-idx3-ubyte.gz" ]] || { echo "bench: needs Fashion-MNIST in $fashion (set SHARED_DATA)" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/mnist-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$root/mnist" --version >/dev/null   # build first, outside the timings

# Peak resident memory (kB) of a command, from GNU time when present.
peak_rss() { if [[ -x /usr/bin/time ]]; then /usr/bin/time -f "%M" -o "$work/rss" "$@"; cat "$work/rss" >&2; else "$@"; fi; }
