#!/usr/bin/env bash
# Serving benchmark with wrk (apt-get install wrk) on 127.0.0.1: POST /v1/recommendations (3 flags, 10 items each,
# user ids of a simulated history) against the real API over a quickstart workspace, and in the same run a bare
# Javalin route returning a constant (the ceiling). Two loads each: saturation (8 connections, no pause) and paced
# at about 1,000 requests/s (10 connections, 10 ms between a connection's requests).
# Usage: benchmarks/serve.sh [seconds per run, default 30]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_RUN="${1:-30}"
WS="$ROOT/benchmarks/.work/serve"
API_PORT=7171
CEILING_PORT=7172
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

cd "$ROOT"
if [[ ! -f "$WS/store/registry.json" ]]; then
  ./stillwater quickstart --workspace "$WS" --no-serve >&2   # a simulated history, backfilled, trained, loaded, live
fi
./mvnw -q -B -DskipTests -pl serving-api -am package >&2
USERS_FILE="$WS/bench-users.txt"
./stillwater query --workspace "$WS" --format csv \
  "SELECT DISTINCT entity_id FROM snapshots WHERE entity = 'user' ORDER BY 1" | tail -n +2 > "$USERS_FILE"
echo "users: $(wc -l < "$USERS_FILE")"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
read -r -a JVM_OPTIONS < serving-api/target/jvm-options.txt
CP="serving-api/target/classes:$(cat serving-api/target/runtime-classpath.txt)"
STILLWATER_SKIP_BUILD=1 ./stillwater serve --workspace "$WS" --port "$API_PORT" 2>"$WS/serve.log" &
PIDS+=($!)
java "${JVM_OPTIONS[@]}" -cp "$CP" io.stillwater.serving.bench.ConstantRouteServer "$CEILING_PORT" 2>/dev/null &
PIDS+=($!)
for port in $API_PORT $CEILING_PORT; do
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 1
  done
done

run() { # name port connections pace_ms
  USERS_FILE="$USERS_FILE" PACE_MS="$4" wrk -t2 -c"$3" -d"${SECONDS_PER_RUN}s" -s benchmarks/serve.lua \
    "http://127.0.0.1:$2" | grep RESULT | sed "s|^RESULT|$1|"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
USERS_FILE="$USERS_FILE" wrk -t2 -c8 -d10s -s benchmarks/serve.lua "http://127.0.0.1:$API_PORT" >/dev/null   # warm-up
USERS_FILE="$USERS_FILE" wrk -t2 -c8 -d5s -s benchmarks/serve.lua "http://127.0.0.1:$CEILING_PORT" >/dev/null
run "api      saturation" $API_PORT 8 0
run "constant saturation" $CEILING_PORT 8 0
run "api      ~1000/s   " $API_PORT 10 10
run "constant ~1000/s   " $CEILING_PORT 10 10
echo "fallbacks during the run: $(curl -s "http://127.0.0.1:$API_PORT/metrics" | grep '^stillwater_fallbacks_total' || echo none)"
