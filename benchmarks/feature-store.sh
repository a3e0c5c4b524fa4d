#!/usr/bin/env bash
# Online feature store: load throughput (rows/s) and in-process point-read latency (p50/p99) on 1M users with
# 200-byte states, for the embedded (LMDB) backend and for the DynamoDB backend against dynalite (local,
# in-memory, Node: a functional stand-in, so its numbers say nothing about AWS DynamoDB).
# Usage: benchmarks/feature-store.sh [users] [reads] [dynamodb-users]   (default 1000000 100000 20000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
USERS="${1:-1000000}"
READS="${2:-100000}"
DYNAMO_USERS="${3:-20000}"
WS="$(mktemp -d)"
DYNALITE_PID=""
cleanup() { [[ -n "$DYNALITE_PID" ]] && kill "$DYNALITE_PID" 2>/dev/null; rm -rf "$WS"; }
trap cleanup EXIT

(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl feature-store -am package) >&2
CP="$ROOT/feature-store/target/classes:$(cat "$ROOT/feature-store/target/runtime-classpath.txt")"
read -r -a FLAGS < "$ROOT/feature-store/target/jvm-options.txt"
MAIN=io.stillwater.featurestore.bench.FeatureStoreBenchmark

echo "embedded (LMDB), $USERS users:"
java "${FLAGS[@]}" -cp "$CP" "$MAIN" embedded "$WS/store" "$USERS" "$READS"
du -sh "$WS/store" | sed 's/^/  on disk: /'

if command -v node >/dev/null && command -v npm >/dev/null; then
  DYN="$ROOT/feature-store/target/dynalite"
  [[ -f "$DYN/node_modules/dynalite/cli.js" ]] || npm install --prefix "$DYN" --no-audit --no-fund --loglevel=error dynalite@4.0.0 >&2
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  node "$DYN/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$PORT" --createTableMs 0 --deleteTableMs 0 > "$WS/dynalite.log" 2>&1 &
  DYNALITE_PID=$!
  for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  echo "dynamodb (dynalite), $DYNAMO_USERS users:"
  java "${FLAGS[@]}" -Daws.cborEnabled=false -cp "$CP" "$MAIN" dynamodb "http://127.0.0.1:$PORT" "$DYNAMO_USERS" 2000
else
  echo "node/npm not found: DynamoDB (dynalite) part skipped"
fi
