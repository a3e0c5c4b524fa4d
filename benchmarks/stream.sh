#!/usr/bin/env bash
# Streaming freshness: event appended (stamped "now") -> visible in the store (LMDB commit), p50/p99, on the Flink
# runner (embedded mini-cluster, parallelism 1) with the embedded source, at a steady rate.
# Usage: benchmarks/stream.sh [events/s] [seconds] [warm-up seconds] [users] [checkpoint s]   (default 1000 60 15 2000 10)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RATE="${1:-1000}"
SECONDS_MEASURED="${2:-60}"
WARMUP="${3:-15}"
USERS="${4:-2000}"
CHECKPOINT="${5:-10}"
WS="$(mktemp -d)"
trap 'rm -rf "$WS"' EXIT

(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl pipelines-flink -am package) >&2
CP="$ROOT/pipelines-flink/target/classes:$(cat "$ROOT/pipelines-flink/target/runtime-classpath.txt")"
read -r -a FLAGS < "$ROOT/pipelines-flink/target/jvm-options.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java "${FLAGS[@]}" -Xmx2g -DDJL_CACHE_DIR="$ROOT/.cache/djl" -cp "$CP" io.stillwater.pipelines.flink.bench.StreamBenchmark \
  "$WS/ws" "$RATE" "$SECONDS_MEASURED" "$WARMUP" "$USERS" "$CHECKPOINT"
