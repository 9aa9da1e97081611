#!/usr/bin/env bash
# Runs the same low-rate open-loop load against the stack under each switch once, one configuration after
# the other in one folder (the database is seeded once), and prints one line per configuration.
#   compare.sh DIR [RATE=10] [SECONDS=20]
# Per configuration DIR/results/NAME/ keeps load.csv, summary.json, cpu.csv and access.log.
# A first look only: on a shared or small machine the numbers move by tens of percent between runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: compare.sh DIR [RATE] [SECONDS]}; rate=${2:-10}; secs=${3:-20}
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
trap '"$here/stack.sh" stop "$dir" >/dev/null 2>&1 || true' EXIT
configs=(
  "baseline|--workers 3"
  "workers8|--workers 8"
  "persistent-db|--workers 3 --persistent-db"
  "gzip|--workers 3 --gzip"
  "no-buffering|--workers 3 --no-buffering"
  "upstream-ka|--workers 3 --upstream-keepalive"
  "all-on|--workers 8 --persistent-db --gzip"
)
printf '%-14s %6s %6s %8s %8s %8s %9s %9s %6s %5s %5s %9s\n' config rate ok thr/s p50_ms p95_ms page_p50 api_p50 hit err drop KB/page
for c in "${configs[@]}"; do
  name=${c%%|*}; opts=${c#*|}
  out="$dir/results/$name"; mkdir -p "$out"
  # shellcheck disable=SC2086
  "$here/stack.sh" start "$dir" $opts > "$out/start.log" 2>&1 || { cat "$out/start.log" >&2; exit 1; }
  : > "$dir/logs/access.log"
  "$here/cpu.sh" "$dir" "$out/cpu.csv" $((secs + 5)) & cpu=$!
  /usr/bin/python3 "$here/load.py" --stack "$dir" --rate "$rate" --duration "$secs" \
    --csv "$out/load.csv" --summary-json "$out/summary.json" > "$out/load.txt" || true
  kill "$cpu" 2>/dev/null || true; wait "$cpu" 2>/dev/null || true
  cp "$dir/logs/access.log" "$out/access.log"
  "$here/stack.sh" stop "$dir" > /dev/null
  /usr/bin/python3 - "$name" "$out/summary.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[2])); b = s["by_class"]
print("%-14s %6.1f %6d %8.2f %8.1f %8.1f %9.1f %9.1f %6.2f %5d %5d %9.1f" % (
    sys.argv[1], s["rate_offered_per_s"], s["ok"], s["throughput_per_s"], s["all"]["p50_ms"], s["all"]["p95_ms"],
    b["page"]["p50_ms"], b["api"]["p50_ms"], s["cache_hit_ratio"] or 0, s["errors"], s["dropped"], b["page"]["mean_bytes"] / 1024))
EOF
done
