#!/usr/bin/env bash
# Time from a fresh clone to the first recommendation: clone, run ./stillwater quickstart (it builds the project,
# simulates, runs the first retrain, starts the stream and the API), and poll until POST /v1/recommendations
# answers 200 without fallback. Maven's local repository is assumed warm (dependencies already downloaded).
# Usage: benchmarks/fresh-clone.sh [repository, default: this one] [port, default 7079]
set -euo pipefail
REPO="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
PORT="${2:-7079}"
DIR="$(mktemp -d)"
QS=""
cleanup() { [[ -n "$QS" ]] && kill -TERM "$QS" 2>/dev/null && wait "$QS" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s)
git clone -q "$REPO" "$DIR/stillwater"
cd "$DIR/stillwater"
./stillwater quickstart --port "$PORT" > "$DIR/quickstart.log" 2>&1 &
QS=$!
until curl -sf -X POST "http://127.0.0.1:$PORT/v1/recommendations" -H 'Content-Type: application/json' \
    -d '{"user_id": "u_000007", "flags": ["for_you"], "limit": 3}' | grep -q '"fallback":false'; do
  kill -0 "$QS" 2>/dev/null || { echo "quickstart exited; its log ends:"; tail -20 "$DIR/quickstart.log"; exit 1; }
  sleep 2
done
t1=$(date +%s)
echo "fresh clone -> first recommendation: $(( t1 - t0 )) s (build, simulate, first retrain, stream, API)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
