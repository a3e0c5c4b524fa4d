#!/usr/bin/env bash
# Streaming freshness: event appended (stamped "now") -> visible in the store (LMDB commit), p50/p99, on the Flink
# runner (embedded mini-cluster, parallelism 1) with the embedded source, at a steady rate. SOURCE=kinesis puts the
# events to kinesalite (npm kinesalite@3.3.3, installed into benchmarks/.work/kinesalite, bound to 127.0.0.1) and
# the pipeline reads them with KinesisIO instead.
# Usage: [SOURCE=kinesis] benchmarks/stream.sh [events/s] [seconds] [warm-up seconds] [users] [checkpoint s]
#        (default 1000 60 15 2000 10)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RATE="${1:-1000}"
SECONDS_MEASURED="${2:-60}"
WARMUP="${3:-15}"
USERS="${4:-2000}"
CHECKPOINT="${5:-10}"
WS="$(mktemp -d)"
KINESALITE_PID=""
trap 'rm -rf "$WS"; [[ -n "$KINESALITE_PID" ]] && kill "$KINESALITE_PID" 2>/dev/null; true' EXIT

if [[ "${SOURCE:-embedded}" == "kinesis" ]]; then
  KDIR="$ROOT/benchmarks/.work/kinesalite"
  mkdir -p "$KDIR"
  [[ -x "$KDIR/node_modules/.bin/kinesalite" ]] || npm install --prefix "$KDIR" --no-audit --no-fund --loglevel=error kinesalite@3.3.3 >&2
  cat > "$KDIR/bind-loopback.js" <<'JS'
// kinesalite has no host option: bind its servers to loopback
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') { args.splice(1, 0, '127.0.0.1'); }
  else if (args[0] && typeof args[0] === 'object' && !args[0].path) { args[0] = Object.assign({}, args[0], { host: '127.0.0.1' }); }
  return listen.apply(this, args);
};
JS
  KPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  node --require "$KDIR/bind-loopback.js" "$KDIR/node_modules/kinesalite/cli.js" --port "$KPORT" --shardLimit 1000 \
    --createStreamMs 0 > "$KDIR/kinesalite.log" 2>&1 &
  KINESALITE_PID=$!
  for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$KPORT") 2>/dev/null && break; sleep 0.1; done
  export STREAM_BENCH_KINESIS_ENDPOINT="http://127.0.0.1:$KPORT"
  echo "source: kinesalite at $STREAM_BENCH_KINESIS_ENDPOINT"
fi

(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl pipelines-flink -am package) >&2
CP="$ROOT/pipelines-flink/target/classes:$(cat "$ROOT/pipelines-flink/target/runtime-classpath.txt")"
read -r -a FLAGS < "$ROOT/pipelines-flink/target/jvm-options.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java "${FLAGS[@]}" -Xmx2g -DDJL_CACHE_DIR="$ROOT/.cache/djl" -cp "$CP" io.stillwater.pipelines.flink.bench.StreamBenchmark \
  "$WS/ws" "$RATE" "$SECONDS_MEASURED" "$WARMUP" "$USERS" "$CHECKPOINT"
