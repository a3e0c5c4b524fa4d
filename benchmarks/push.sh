#!/usr/bin/env bash
# Push latency (issue 11): event time -> push message on the queue, p50/p99, at a steady event rate.
# Runs the real chain as separate processes on one machine: events appended (stamped "now") to the embedded stream
# of a fresh workspace -> `./stillwater stream` on Flink (embedded mini-cluster) with the bundled trigger rules,
# writing triggers to the embedded trigger log -> `./stillwater push-worker` scoring with the workspace's live
# generation and model and publishing to ElasticMQ (sqs-local, 127.0.0.1) -> a consumer long-polling the queue with
# the AWS SDK. 2% of the events are searches and 2% short sleep sessions (the `search` and `sleep_bounce` rules);
# the rest are biometrics and completed sessions, as benchmarks/stream.sh. The worker runs with the rate limit
# raised (--max-per-user 100000) and quiet hours off, so every trigger is scored and published.
# Usage: benchmarks/push.sh [events/s] [seconds measured] [warm-up seconds] [users]   (default 1000 60 60 2000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RATE="${1:-1000}"
SECONDS_MEASURED="${2:-60}"
WARMUP="${3:-60}"
USERS="${4:-2000}"
WORK="$ROOT/benchmarks/.work/push"
mkdir -p "$WORK"
WS="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WS"
}
trap cleanup EXIT

echo "building (sqs-local, push, pipelines-flink and what they need)..." >&2
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl sqs-local,push -am install) >&2
# the stream command's module on what was just installed; its tests are not needed here
(cd "$ROOT" && ./mvnw -q -B -o -Dmaven.test.skip=true -pl pipelines-flink package) >&2
(cd "$ROOT" && ./mvnw -q -B -o -pl push dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/push-test-classpath.txt") >&2
BENCH_CP="$ROOT/push/target/test-classes:$ROOT/push/target/classes:$(cat "$WORK/push-test-classpath.txt")"
read -r -a LMDB_FLAGS < "$ROOT/push/target/jvm-options.txt"
BENCH_JVM=("${LMDB_FLAGS[@]}" "-Dorg.bytedeco.javacpp.cachedir=$ROOT/.cache/javacpp" "-DDJL_CACHE_DIR=$ROOT/.cache/djl")

echo "workspace $WS: training a model, loading a live generation (blue)" >&2
java "${BENCH_JVM[@]}" -cp "$BENCH_CP" io.stillwater.push.bench.PushBenchmark prepare "$WS/ws" >&2

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
java -Xmx256m -cp "$ROOT/sqs-local/target/classes:$(cat "$ROOT/sqs-local/target/classes/io/stillwater/sqslocal/server-classpath.txt")" \
  io.stillwater.sqslocal.ElasticMqServer --port "$PORT" > "$WORK/elasticmq.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do grep -q "listening" "$WORK/elasticmq.log" && break; sleep 0.2; done
ENDPOINT="http://127.0.0.1:$PORT"
QUEUE="$(curl -s -X POST "$ENDPOINT/" -H 'Content-Type: application/x-amz-json-1.0' \
  -H 'X-Amz-Target: AmazonSQS.CreateQueue' -d '{"QueueName":"pushes"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["QueueUrl"])')"
echo "ElasticMQ at $ENDPOINT, queue $QUEUE" >&2

export STILLWATER_SKIP_BUILD=1
"$ROOT/stillwater" stream --workspace "$WS/ws" --slot blue --start-at TRIM_HORIZON > "$WORK/stream.log" 2>&1 &
PIDS+=($!)
"$ROOT/stillwater" push-worker --workspace "$WS/ws" --push-sink sqs --push-queue-url "$QUEUE" --sqs-endpoint "$ENDPOINT" \
  --max-per-user 100000 --quiet-hours off > "$WORK/push-worker.log" 2>&1 &
PIDS+=($!)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java "${BENCH_JVM[@]}" -cp "$BENCH_CP" io.stillwater.push.bench.PushBenchmark run "$WS/ws" "$ENDPOINT" "$QUEUE" \
  "$RATE" "$SECONDS_MEASURED" "$WARMUP" "$USERS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "push-worker status:"
cat "$WS/ws/push/status.json"
echo
