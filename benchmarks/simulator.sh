#!/usr/bin/env bash
# Simulator throughput: lines written per second (generation, JSON, gzip, files) for a 2,000-user week.
# Usage: benchmarks/simulator.sh [runs]   Results go to BENCHMARKS.md by hand, with the machine's load.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/stillwater" --help >/dev/null   # build first if needed, outside the timing
for i in $(seq "$RUNS"); do
  STILLWATER_SKIP_BUILD=1 "$ROOT/stillwater" simulate --users 2000 --days 7 --seed 1 --end 2026-11-28 --out "$OUT/run" | sed -n 2p
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
