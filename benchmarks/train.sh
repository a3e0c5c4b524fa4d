#!/usr/bin/env bash
# Trainer benchmark: training time for N synthetic examples of the real feature width (default 1,000,000, 3 epochs),
# then scoring latency for 200 candidates in one ModelScorer call on the exported SavedModel, p50/p99 after warm-up.
# Usage: benchmarks/train.sh [examples] [epochs] [scoring calls]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl trainer -am package) >&2   # build first, outside the timings
CACHE="$ROOT/.cache"
mkdir -p "$CACHE/javacpp"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx8g -Dorg.bytedeco.javacpp.cachedir="$CACHE/javacpp" \
  -cp "$ROOT/trainer/target/classes:$(cat "$ROOT/trainer/target/runtime-classpath.txt")" \
  io.stillwater.trainer.TrainBenchmark "${1:-1000000}" "${2:-3}" "${3:-5000}" 2>&1 | grep -v -e '^I0000' -e 'cpu_feature_guard' -e 'To enable the following' -e 'All log messages before'
