#!/usr/bin/env bash
# Feedback-loop latency on the embedded stream: an event posted to the API -> the user's recommendations changed.
# Each sample posts a search for one user (alternating "preparing for my exams" and "I can't fall asleep") and
# polls POST /v1/recommendations (after_search) every 20 ms until the list differs from the one before the post.
# Runs against a running quickstart (./stillwater quickstart in another terminal).
# Usage: benchmarks/feedback-loop.sh [samples, default 40] [base url, default http://127.0.0.1:7070]
set -euo pipefail
N="${1:-40}"
BASE="${2:-http://127.0.0.1:7070}"
curl -sf "$BASE/health/ready" >/dev/null || { echo "no API ready at $BASE (start ./stillwater quickstart)" >&2; exit 1; }
now_ms() { date +%s%3N; }
list() { curl -s -X POST "$BASE/v1/recommendations" -H 'Content-Type: application/json' \
  -d "{\"user_id\":\"$1\",\"flags\":[\"after_search\"],\"limit\":5}" | sed 's/"request_id":"[^"]*",//'; }
results=()
for i in $(seq 1 "$N"); do
  user=$(printf 'u_%06d' $(( (i % 100) + 1 )))
  if (( i % 2 )); then query="preparing for my exams"; else query="I can't fall asleep, my mind is racing"; fi
  before=$(list "$user")
  t0=$(now_ms)
  curl -sf -X POST "$BASE/v1/events" -H 'Content-Type: application/json' \
    -d "{\"event_id\":\"fb-$t0-$i\",\"user_id\":\"$user\",\"type\":\"search\",\"ts\":\"$(date -u +%FT%T.%3NZ)\",\"query\":\"$query\"}" >/dev/null
  while :; do
    after=$(list "$user")
    [[ "$after" != "$before" ]] && break
    (( $(now_ms) - t0 > 30000 )) && { echo "sample $i: no change within 30 s" >&2; break; }
    sleep 0.02
  done
  results+=($(( $(now_ms) - t0 )))
done
printf '%s\n' "${results[@]}" | sort -n | awk -v n="$N" '{a[NR]=$1} END {
  p50=a[int((NR+1)*0.50)]; p99=a[(int(NR*0.99+0.999) > NR ? NR : int(NR*0.99+0.999))];
  printf "feedback loop (event posted -> after_search changed), %d samples: p50 %d ms, p99 %d ms, max %d ms\n", NR, p50, p99, a[NR] }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
