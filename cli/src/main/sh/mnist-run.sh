# Sourced by the launchers (the checkout's ./mnist, a release's bin/mnist) once they know $jar
# (the toolkit's jar), $lib (the folder of its dependencies) and $java: checks the CPU and GPU
# the build can run on, then runs the toolkit with its JVM settings (MNIST_JAVA_OPTS replaces them).
if ! grep -qw avx2 /proc/cpuinfo 2>/dev/null && [[ -f "$lib/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2.jar" ]]; then
  echo "mnist: error: this CPU lacks AVX2; ${cpu_compat_hint:-build for it with: MNIST_BUILD_ARGS=-Pcpu-compat ./mnist --version}" >&2
  exit 1
fi

# A CUDA build that cannot run on this machine's GPU, if any, puts ND4J's CPU backend first, so that
# --device auto runs on the CPU and says why and --device gpu exits 7 saying why:
# - with no NVIDIA GPU or driver (no nvidia-smi, or it lists no GPU), ND4J would otherwise print
#   CUDA's "libcuda.so.1: cannot open shared object file" as a stack trace before falling back;
# - on a GPU newer than ND4J 1.0.0-M2.1's kernels (they stop at compute capability 8.6; 8.9 runs
#   them; 9.0 Hopper and newer cannot), it would fail with a CUDA error mid-step.
# A driver too old to report compute_cap leaves the choice to ND4J.
# It also puts the CPU first for --device cpu (ND4J picks its backend once, as it loads), and where
# CUDA_VISIBLE_DEVICES hides every GPU: CUDA reads its list up to the first entry that is not a GPU
# index or UUID, so a first entry like "", -1 or NoDevFiles hides them all.
asks_for_cpu() {
  local previous="" argument
  for argument in "$@"; do
    [[ "$argument" == -- ]] && return 1
    [[ "${argument,,}" == --device=cpu || ( "$previous" == --device && "${argument,,}" == cpu ) ]] && return 0
    previous="$argument"
  done
  return 1
}
hides_every_gpu() {
  [[ -v CUDA_VISIBLE_DEVICES ]] || return 1
  local first="${CUDA_VISIBLE_DEVICES%%,*}"
  first="${first//[[:space:]]/}"
  [[ ! "$first" =~ ^([0-9]+|GPU-.+|MIG-.+)$ ]]
}
if [[ -z "${BACKEND_PRIORITY_CPU:-}" ]] && compgen -G "$lib/nd4j-cuda-*.jar" >/dev/null; then
  if asks_for_cpu "$@" || hides_every_gpu; then
    export BACKEND_PRIORITY_CPU=200
  else
    capabilities=$(timeout -k 2 10 nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null \
                   | grep -E '^[0-9]+(\.[0-9]+)?$' || true)
    if [[ -n "$capabilities" ]]; then
      if awk '$1 + 0 > 8.9 { newer = 1 } END { exit !newer }' <<<"$capabilities"; then
        export BACKEND_PRIORITY_CPU=200
      fi
    elif ! timeout -k 2 10 nvidia-smi -L 2>/dev/null | grep '^GPU ' >/dev/null; then
      export BACKEND_PRIORITY_CPU=200
    fi
  fi
fi

# JVM settings, measured (bench/README.md):
# -Xmn64m: ND4J's arrays live off-heap and are freed only when the small Java objects holding them
#   are collected; a small young generation collects them every ~64 MB of Java allocation, which keeps
#   a 60k training run at ~0.7 GB resident instead of ~1.9-3.9 GB, and reuses warm memory (faster).
# -XX:TieredStopAtLevel=1: the C1 compiler only. On 2 cores C2's compilations compete with the math
#   for minutes; C1 trains an epoch ~40 % faster, classifies ~70 % faster and converts faster.
#   Not for the servers (below).
# javacpp.maxbytes caps ND4J's off-heap memory; JavaCPP's native libraries are cached under ~/.javacpp.
# glibc malloc thresholds: ND4J's arrays are malloc'd and freed in bursts after each collection. By
#   default glibc gives large blocks back to the kernel (mmap/munmap, heap trimming) and the next
#   batch faults fresh zeroed pages in again; keeping them in the heap trains ~15 % faster.
# A server (serve, board) keeps C2: it answers for hours, and C2 prepares a drawing twice as fast.
# serve has a 256 MB young generation: a drawing's answer allocates ~1 MB, and at 64 MB the 2 ms
#   collection every ~60 answers was the drawing's p99 (4 ms, against 2.7 with 256 MB; ~210 MB more resident).
command_name() {
  local argument
  for argument in "$@"; do
    [[ "$argument" != -* ]] && { printf '%s' "$argument"; return; }
  done
}
jit="-XX:TieredStopAtLevel=1"
heap="-Xms256m -Xmx2g -Xmn64m"
case "$(command_name "$@")" in
  serve) jit="" heap="-Xms512m -Xmx2g -Xmn256m" ;;
  board) jit="" ;;
esac
# Java maps file names through the locale's character set: under LANG=C (a cron job, a container)
# a folder named ünï could not even be named, and classify would call its images unreadable. Linux
# file names are UTF-8 bytes; say so, keeping the rest of the locale's C behaviour.
ctype="${LC_ALL:-${LC_CTYPE:-${LANG:-}}}"
if [[ ! "${ctype,,}" =~ utf-?8 ]]; then
  export LC_ALL=C.UTF-8
fi
# Options the JVM refuses, alone or with the launcher's own, would end in its own lines ("Error: Could
# not create the Java Virtual Machine"): name the variable they came from, and the JVM's reason.
gc="-XX:+UseParallelGC"
if [[ -n "${MNIST_JAVA_OPTS:-}" ]] && ! refusal="$("$java" $MNIST_JAVA_OPTS $gc -version 2>&1)"; then
  reason="$(grep -v -e '^Error occurred during initialization of VM' -e '^Error: Could not create' \
    -e '^Error: A fatal exception' <<<"$refusal" | grep -m 1 . || true)"
  [[ "$reason" == "Multiple garbage collectors selected" ]] && reason+=" (the launcher uses $gc)"
  echo "mnist: error: MNIST_JAVA_OPTS='$MNIST_JAVA_OPTS': the JVM refuses it: ${reason:-${refusal%%$'\n'*}}" >&2
  exit 2
fi
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-268435456}" MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
exec "$java" ${MNIST_JAVA_OPTS:-$heap $jit} \
  -Dorg.bytedeco.javacpp.maxbytes=${MNIST_OFFHEAP:-4G} \
  -Dorg.bytedeco.javacpp.maxphysicalbytes=${MNIST_MAXPHYSICAL:-8G} \
  $gc \
  -jar "$jar" "$@"
