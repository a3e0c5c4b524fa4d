#!/usr/bin/env bash
# Backfill throughput on the Spark runner (local[2]) over a 30-day simulated history, with DuckDB SQL over the
# same events as a reference: per-user sleep bounce counts, timed, and checked against the snapshot's values.
# Usage: benchmarks/backfill.sh [users]   (default 500 users x 30 days, about 1.7 M lines)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
USERS="${1:-500}"
WS="$(mktemp -d)"
trap 'rm -rf "$WS"' EXIT
SW="$ROOT/stillwater"

"$SW" --help >/dev/null && "$SW" backfill --help >/dev/null   # build first, outside the timings
STILLWATER_SKIP_BUILD=1 "$SW" simulate --workspace "$WS" --users "$USERS" --days 30 --seed 1 --end 2026-11-28 > "$WS/simulate.txt"
sed -n 1,3p "$WS/simulate.txt"

start=$(date +%s.%N)
STILLWATER_SKIP_BUILD=1 "$SW" backfill --workspace "$WS" --events "$WS/events" --until 2026-11-28 | tee "$WS/report.txt"
end=$(date +%s.%N)
read_lines=$(grep -o 'read [0-9,]*' "$WS/report.txt" | tr -dc '0-9')
pipeline_s=$(grep -o 'done in [0-9.]*' "$WS/report.txt" | grep -o '[0-9.]*$')
process_s=$(echo "$end - $start" | bc -l)

# One query: prints its first value, and leaves DuckDB's own timing in $WS/q.ms.
q() {
  STILLWATER_SKIP_BUILD=1 "$SW" query --workspace "$WS" --format csv "$1" > "$WS/q.out" 2> "$WS/q.err"
  grep -o '[0-9]* ms' "$WS/q.err" | tr -dc '0-9' > "$WS/q.ms"
  sed -n 2p "$WS/q.out"
}
BOUNCES="SELECT user_id, count(*) AS sleep_bounces FROM events WHERE type = 'content_end' AND content_id LIKE 'sleep-%'
  AND NOT completed AND position_s < 120 GROUP BY user_id"
users_with_bounces=$(q "SELECT count(*) FROM ($BOUNCES)")
duck_ms=$(cat "$WS/q.ms")
events=$(q "SELECT count(*) FROM events")
# The same numbers from the backfill's snapshot: 7-day bounces at the watermark, per user, against SQL over events.
disagree=$(q "WITH sql AS (SELECT user_id, count(*) AS n FROM events WHERE type = 'content_end' AND content_id LIKE 'sleep-%'
  AND NOT completed AND position_s < 120 AND ts >= TIMESTAMPTZ '2026-11-21 00:00:00+00' GROUP BY user_id)
  SELECT count(*) FROM user_snapshots s LEFT JOIN sql ON s.entity_id = sql.user_id WHERE s.sleep_bounces_7d <> coalesce(sql.n, 0)")

printf '\nbackfill: %s lines in %.1f s pipeline (%.1f s process): %.0f lines/s\n' "$read_lines" "$pipeline_s" "$process_s" \
  "$(echo "$read_lines / $pipeline_s" | bc -l)"
printf 'duckdb:   per-user sleep bounce counts (%s users) over %s events in %s ms: %.0f events/s\n' "$users_with_bounces" "$events" "$duck_ms" \
  "$(echo "$events * 1000 / $duck_ms" | bc -l)"
printf 'ratio duckdb/backfill: %.0fx; users whose snapshot sleep_bounces_7d disagrees with SQL: %s\n' \
  "$(echo "($events * 1000 / $duck_ms) / ($read_lines / $pipeline_s)" | bc -l)" "$disagree"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
