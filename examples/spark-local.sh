#!/usr/bin/env bash
# The Spark jobs without a Spark installation: spark-submit's own launcher in local mode, run from
# the Spark jars Maven fetched (spark/target/spark-jars) and the application jar, both built on
# first use. The arguments are the job's:
#
#   examples/spark-local.sh classify --model runs/latest --input data/mnist/png/test --output out/classified
#   examples/spark-local.sh evaluate --model runs/latest --input data/mnist/png/test --output out/evaluated
#   examples/spark-local.sh sweep --name rates --lr 0.001,0.003,0.01 --seed 1,2 --epochs 1
#   examples/spark-local.sh classify --help
#
# SPARK_MASTER (default local[*]), SPARK_DRIVER_MEMORY (default 2g) and MNIST_SPARK_JAVA_OPTS (the JVM
# options below) change the defaults; MNIST_SPARK_CDS=0 turns the class archive below off.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/spark/target/mnist-spark.jar"
jars="$root/spark/target/spark-jars"

if [[ ! -f "$jar" || ! -d "$jars" || -n "$(find "$root/pom.xml" "$root/core/pom.xml" "$root/cli/pom.xml" "$root/spark/pom.xml" \
      "$root/core/src/main" "$root/cli/src/main" "$root/spark/src/main" -newer "$jar" -type f -print -quit)" ]]; then
  command -v mvn >/dev/null || { echo "spark-local: error: Maven (mvn) is needed to build the Spark jobs" >&2; exit 1; }
  echo "spark-local: building the application jar (first run, or sources changed)..." >&2
  log="$root/spark/target/build.log"
  mkdir -p "$root/spark/target"
  if ! (cd "$root" && mvn -B -Dstyle.color=never -DskipTests package -pl spark -am) >"$log" 2>&1; then
    grep -E '^\[ERROR\]' "$log" | head -20 >&2
    echo "spark-local: error: build failed; full log in $log" >&2
    exit 1
  fi
  touch "$jar"
  rm -f "$root"/spark/target/spark-classes-*.jsa*
fi
command -v java >/dev/null || { echo "spark-local: error: java (JDK 17 or newer) is needed" >&2; exit 1; }

# What spark-submit's launcher passes to a Java 17 JVM for Spark (its JavaModuleOptions).
opens=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

# The executors' forward passes use OpenMP; its threads must not spin between passes while the
# tasks decode images on the same cores (twice as slow with spinning, bench/spark.sh).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# As mnist's own launcher: C1 only (C2's compilations compete with the work for the cores: 25 s
# against 18 s for bench/spark.sh's job on 2 cores), the parallel collector with a small young
# generation (ND4J's arrays are freed when their Java holders are collected: peak RSS 800 MB
# instead of 1.2 GB, as fast), and glibc's malloc keeping the memory ND4J frees for its next
# arrays. MNIST_SPARK_JAVA_OPTS replaces the JVM options.
java_opts="${MNIST_SPARK_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseParallelGC -Xmn64m}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-268435456}" MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
# Local mode talks to itself only: no warning about the host name resolving to a loopback address.
[[ "${SPARK_MASTER:-local[*]}" == local* ]] && export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# The JVM's own options and Spark's classpath, as the job runs and as its class archive is checked.
jvm=(-Xmx"${SPARK_DRIVER_MEMORY:-2g}" $java_opts -cp "$jars/*")

# Class data sharing: the first classify or evaluate after a build records the classes the JVM loaded
# (Spark's, ND4J's, the jobs') in an archive that later runs map instead of loading them again, 3.5 s
# less for each (bench/README.md). Recording costs about 20 s more, once. The archive is kept per JVM
# and its options, and recorded again when a jar changes; one that still does not match is ignored
# (the JVM's CDS messages are off: they would go to stdout).
cds=()
recording=""
if [[ "${MNIST_SPARK_CDS:-1}" != 0 && ( "${1:-}" == classify || "${1:-}" == evaluate ) && -w "$root/spark/target" ]] \
   && ! printf '%s\n' "$@" | grep -xE -- '-h|--help|-V|--version' >/dev/null; then
  cds=(-Xlog:cds*=off -Xlog:class+path=off)
  java_bin="$(readlink -f "$(command -v java)")"
  key=$(printf '%s\n' "$java_bin" "$(stat -c %Y "$java_bin")" "${jvm[@]}" | cksum | cut -d' ' -f1)
  archive="$root/spark/target/spark-classes-$key.jsa"
  # A jar changed since the archive was recorded would make the JVM ignore it: record again.
  [[ -f "$archive" && -n "$(find "$jar" "$jars" -newer "$archive" -print -quit)" ]] && rm -f "$archive"
  if [[ -f "$archive" ]]; then
    cds+=(-XX:SharedArchiveFile="$archive")
  else
    echo "spark-local: this first run also records the classes it loads, for faster starts later (about 20 s more, once)" >&2
    for left in "$archive".*; do   # a recording whose script was killed: its JVM wrote it later, or not at all
      [[ -e "$left" ]] && ! kill -0 "${left##*.}" 2>/dev/null && rm -f "$left"
    done
    recording="$archive.$$"
    cds+=(-XX:ArchiveClassesAtExit="$recording")
  fi
fi

command=(java "${opens[@]}" "${cds[@]}" "${jvm[@]}" -Dlog4j2.configurationFile="$root/examples/spark-log4j2.properties"
  org.apache.spark.deploy.SparkSubmit
  --master "${SPARK_MASTER:-local[*]}" --conf spark.ui.enabled=false
  --class dev.mnist.spark.SparkMain "$jar" "$@")
[[ -z "$recording" ]] && exec "${command[@]}"

# This once the JVM runs as the script's child: it writes the archive as it exits, under a temporary
# name, moved into place only after a successful run (a failed one may have loaded few classes) whose
# jars did not change meanwhile, and only once a JVM has mapped it: JDK 17 aborts on a damaged archive
# even where sharing is optional. Signals to the script are passed on to the JVM.
started="$archive.started.$$"
touch "$started"
trap 'rm -f "$recording" "$started"' EXIT
"${command[@]}" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT HUP
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do   # a signal ended the wait, not the JVM
  status=0
  wait "$child" || status=$?
done
if [[ $status -eq 0 && -s "$recording" && -z "$(find "$jar" "$jars" -newer "$started" -print -quit)" ]] \
   && (java -Xshare:on -XX:ErrorFile=/dev/null "${cds[@]/#-XX:ArchiveClassesAtExit=/-XX:SharedArchiveFile=}" "${jvm[@]}" \
        -version) >/dev/null 2>&1; then
  mv -f "$recording" "$archive"
fi
exit "$status"
