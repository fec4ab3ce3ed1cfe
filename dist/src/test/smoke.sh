#!/usr/bin/env bash
# The release archive's smoke test: unpacked into an empty folder and run from another, with a PATH
# that holds no Java and no Maven (only the few tools the launcher and this script use) and no
# JAVA_HOME: --version, download from a local mirror, train --json, classify, serve, board, bash
# completion of "mnist tr<Tab>" and "mnist train --model <Tab>", a man page and the licences.
#
#   dist/src/test/smoke.sh dist/target/mnist-VERSION-linux-x86_64.tar.gz
#
# MNIST_SMOKE_MIRROR names a folder holding all four MNIST .gz files (../shared/data/mnist, say);
# by default the tests' three real files are the mirror, and training reads the test images.
set -euo pipefail
archive="$(readlink -f "$1")"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
mirror="$(readlink -f "${MNIST_SMOKE_MIRROR:-$repo/core/src/test/resources/mnist-test}")"
tmp="$(mktemp -d)"
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

mkdir -p "$tmp/install" "$tmp/work" "$tmp/home" "$tmp/tools"
tar -xzf "$archive" -C "$tmp/install"
dist="$(echo "$tmp"/install/mnist-*)"
for tool in bash dirname readlink cat grep awk timeout sort tail head sleep kill cp mkdir ls; do
  ln -s "$(command -v "$tool")" "$tmp/tools/$tool"
done
run() { (cd "$tmp/work" && env -i HOME="$tmp/home" PATH="$tmp/tools" LANG=C.UTF-8 "$dist/bin/mnist" "$@"); }
PATH="$tmp/tools" command -v java >/dev/null && fail "java is on the clean PATH"

version="$(run --version)" || fail "--version"
[[ "$version" == "mnist "* && "$version" == *"Java 17"* ]] || fail "--version said: $version"
echo "smoke: $(head -1 <<<"$version") on its own runtime"

set +e
run download -q --mirror "file://$mirror/" --dir data/mnist 2>"$tmp/download.err"
code=$?
set -e
if [[ -f "$mirror/train-images-idx3-ubyte.gz" ]]; then
  [[ $code == 0 ]] || fail "download exit $code: $(cat "$tmp/download.err")"
  data=data/mnist
else
  # Three of the four files: those three arrive, and the fourth is reported (exit 4).
  [[ $code == 4 && -f "$tmp/work/data/mnist/t10k-labels-idx1-ubyte" ]] || fail "download exit $code: $(cat "$tmp/download.err")"
  mkdir -p "$tmp/work/data/small"
  cp "$tmp/work/data/mnist/t10k-images-idx3-ubyte" "$tmp/work/data/small/train-images-idx3-ubyte"
  cp "$tmp/work/data/mnist/t10k-labels-idx1-ubyte" "$tmp/work/data/small/train-labels-idx1-ubyte"
  data=data/small
fi
echo "smoke: download from $mirror: exit $code"

result="$(run train -q --data "$data" --epochs 1 --limit 2000 --json --run smoke)" || fail "train"
[[ "$result" == "{"*'"epochs":1'*'"valAccuracy":'*"}" ]] || fail "train --json said: $result"
[[ -f "$tmp/work/runs/smoke/model.zip" ]] || fail "no model"
echo "smoke: train --json: $result"

answer="$(run classify -q --model runs/latest "$dist/examples/digits/7-pen.png")" || fail "classify"
[[ "$answer" == *"7-pen.png: 7 ("* ]] || fail "classify said: $answer"
echo "smoke: $answer"

for server in serve board; do
  # exec all the way down: $! is the server's JVM itself, so that kill stops it.
  (cd "$tmp/work" && exec env -i HOME="$tmp/home" PATH="$tmp/tools" "$dist/bin/mnist" "$server" --port 0 >"$tmp/$server.out" 2>"$tmp/$server.err") &
  pid=$!
  for _ in $(seq 1 120); do [[ -s "$tmp/$server.out" ]] && break; sleep 0.5; done
  address="$(head -1 "$tmp/$server.out")"
  [[ "$address" =~ ^http://127\.0\.0\.1:([0-9]+)$ ]] || fail "$server printed '$address'; $(cat "$tmp/$server.err")"
  exec 3<>"/dev/tcp/127.0.0.1/${BASH_REMATCH[1]}"
  printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "${BASH_REMATCH[1]}" >&3
  status="$(head -1 <&3)"
  exec 3>&-
  [[ "$status" == "HTTP/1.1 200"* ]] || fail "$server answered '$status'"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "smoke: $server at $address answered $status"
done

tab() {
  env -i PATH="$tmp/tools" bash --norc --noprofile -c '
    source "$0"
    COMP_WORDS=("${@}"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _complete_mnist mnist "${@: -1}" "${@: -2:1}" 2>/dev/null
    printf "%s\n" "${COMPREPLY[@]}"' "$dist/share/bash-completion/completions/mnist" "$@"
}
[[ "$(tab mnist tr)" == "train" ]] || fail "mnist tr<Tab> gave: $(tab mnist tr)"
models="$(tab mnist train --model '')"
[[ "$models" == *lenet5* && "$models" == *resnet* ]] || fail "mnist train --model <Tab> gave: $models"
echo "smoke: completion: mnist tr<Tab> -> train; mnist train --model <Tab> -> $(tr '\n' ' ' <<<"$models")"

grep -q "Usage: mnist train" "$dist/share/man/man1/mnist-train.1" || fail "no man page for train"
echo "smoke: $(ls "$dist/share/man/man1" | wc -l) man pages"
grep -q ") picocli (info.picocli:picocli:" "$dist/licences/THIRD-PARTY.txt" \
  || fail "licences/THIRD-PARTY.txt does not list picocli"
[[ -f "$dist/licences/commons-compress-1.27.1/META-INF/LICENSE.txt" && -d "$dist/runtime/legal/java.base" ]] \
  || fail "the licence texts of the jars or of the runtime are missing"
if compgen -G "$dist/lib/cuda-*-redist.jar" >/dev/null; then
  grep -q "CUDA Toolkit End User License Agreement" "$dist/licences/NVIDIA-CUDA.txt" 2>/dev/null \
    || fail "the CUDA build does not name NVIDIA's licence terms in licences/NVIDIA-CUDA.txt"
elif [[ -e "$dist/licences/NVIDIA-CUDA.txt" ]]; then
  fail "licences/NVIDIA-CUDA.txt in a build without NVIDIA's libraries"
fi
echo "smoke: licences of $(grep -c '^ *(' "$dist/licences/THIRD-PARTY.txt") libraries and the runtime's"
echo "smoke: passed; archive $(du -h "$archive" | cut -f1), unpacked $(du -sh "$dist" | cut -f1)"
