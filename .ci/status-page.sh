#!/usr/bin/env bash
# Issue 8: the API's status page renders in headless Chromium and shows the live generation. Serves the
# workspace the end-to-end test left behind (e2e/target/e2e-workspace-*: a live generation and its model),
# loads http://127.0.0.1:PORT/ in headless Chromium, and checks the rendered DOM. Needs chromium (apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."
WS="$(ls -d e2e/target/e2e-workspace-* 2>/dev/null | tail -1)"
[[ -n "$WS" ]] || { echo "status page: no e2e workspace (run ./mvnw verify first)" >&2; exit 1; }
LIVE="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["live"])' "$WS/store/registry.json")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
STILLWATER_SKIP_BUILD=1 ./stillwater serve --workspace "$WS" --port "$PORT" > "$WS/logs/status-page-serve.log" 2>&1 &
SERVE=$!
PROFILE="$(mktemp -d)"
trap 'kill $SERVE 2>/dev/null || true; wait $SERVE 2>/dev/null || true; rm -rf "$PROFILE"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 1; done
DOM="$(timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$PROFILE" \
  --dump-dom "http://127.0.0.1:$PORT/" 2>/dev/null)"
# The rendered text: the live generation row with its number, and the model's metrics table.
if grep -q "live generation</th><td>$LIVE (" <<<"$DOM" && grep -q "NDCG@10" <<<"$DOM"; then
  echo "status page: rendered in headless Chromium, live generation $LIVE shown"
else
  echo "status page: live generation $LIVE not found in the rendered page:" >&2
  echo "$DOM" | head -c 2000 >&2
  exit 1
fi
