#!/usr/bin/env bash
# Smoke test of the reference stack, from a clean state: install the Debian packages (if root), start the
# stack in a temporary folder, sample CPU while 15 s of low-rate open-loop load run, check that the load
# had no error and no drop, that every access-log line has the documented format and that the CPU samples
# name every server, then stop and check that no server process (nor any child) is left.
#   smoke.sh [--keep DIR]     (--keep: use DIR and leave its logs/CSVs there after stopping)
# Exit 0 when everything holds; 1 with the reason otherwise. Used by .ci/run.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
keep=""
[ "${1:-}" = --keep ] && { keep=${2:?--keep wants a folder}; }
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
  "$here/install.sh" || fail "install.sh"
fi

if [ -n "$keep" ]; then dir=$keep; mkdir -p "$dir"; else dir=$(mktemp -d /tmp/refstack-smoke.XXXXXX); fi
dir=$(cd "$dir" && pwd)
cpu_pid=""
cleanup() {
  [ -z "$cpu_pid" ] || { kill "$cpu_pid" 2>/dev/null; wait "$cpu_pid" 2>/dev/null; }
  "$here/stack.sh" stop "$dir" >/dev/null 2>&1
  [ -n "$keep" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'echo "smoke: interrupted" >&2; exit 1' TERM INT   # so that a timeout still stops the servers

t0=$(date +%s)
"$here/stack.sh" start "$dir" --workers 3 --cache-hit-ratio 0.35 || fail "stack.sh start"
echo "smoke: stack started in $(( $(date +%s) - t0 )) s"

"$here/cpu.sh" "$dir" "$dir/cpu.csv" 30 & cpu_pid=$!
$PY "$here/load.py" --stack "$dir" --rate 4 --duration 15 --max-in-flight 32 \
  --csv "$dir/load.csv" --summary-json "$dir/summary.json"
load_rc=$?
kill "$cpu_pid" 2>/dev/null; wait "$cpu_pid" 2>/dev/null; cpu_pid=""

# 1. the load: requests answered, none failed, none dropped
$PY - "$dir/summary.json" <<'EOF' || fail "load summary (exit $load_rc)"
import json, sys
s = json.load(open(sys.argv[1]))
problems = []
if s["ok"] < 20: problems.append("only %d requests answered" % s["ok"])
if s["errors"]: problems.append("%d errors %s" % (s["errors"], s["error_kinds"]))
if s["dropped"]: problems.append("%d dropped at the in-flight cap" % s["dropped"])
for c in ("page", "api", "static"):
    if not s["by_class"].get(c, {}).get("count"): problems.append("no successful %s request" % c)
if problems:
    print("smoke: " + "; ".join(problems), file=sys.stderr); sys.exit(1)
print("smoke: load ok: %d requests, 0 errors, 0 dropped, p50 %.1f ms" % (s["ok"], s["all"]["p50_ms"]))
EOF

# 2. the access log: every line in the documented format (docs/reference-stack.md), one per request
$PY - "$dir/logs/access.log" "$dir/summary.json" <<'EOF' || fail "access log format"
import json, re, sys
num = r"(-|\d+\.\d{3})"        # $request_time and the upstream times: seconds with ms, '-' when none
fields = [r"\d{10}\.\d{3}", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", r"[0-9.]+", r"[A-Z]+", r"/\S*",
          r"\d{3}", r"\d+", r"\d+", r"\d+\.\d{3}", num, num, num, r"(-|[0-9.]+:\d+)",
          r"(-|HIT|MISS|NONE)", r"(-|\d+\.\d+)", r"(-|\d+\.\d+)", r"\d+", r"\d+"]
pat = re.compile("^" + "\t".join("(?:%s)" % f for f in fields) + "$")
lines = open(sys.argv[1]).read().splitlines()
bad = [l for l in lines if not pat.match(l)]
s = json.load(open(sys.argv[2]))
if bad:
    print("smoke: %d of %d access-log lines do not match the documented format, e.g.\n  %r" % (len(bad), len(lines), bad[0]), file=sys.stderr)
    sys.exit(1)
if len(lines) < s["ok"]:
    print("smoke: %d access-log lines for %d requests" % (len(lines), s["ok"]), file=sys.stderr); sys.exit(1)
print("smoke: access log ok: %d lines in the documented format" % len(lines))
EOF

# 3. the CPU samples name every server
for c in postgres redis gunicorn nginx host; do
  grep -q ",$c," "$dir/cpu.csv" || fail "cpu.csv has no sample for $c"
done
echo "smoke: cpu samples ok: $(( $(wc -l < "$dir/cpu.csv") - 1 )) rows"

# 4. stop, and no server process (nor child) may remain
pids=""
for f in "$dir"/run/*.pid; do
  [ -f "$f" ] || continue
  p=$(tr -dc '0-9' < "$f")
  [ -n "$p" ] || continue
  pids="$pids $p $(cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$p" '{ line = $0; sub(/^.*\) /, "", line); split(line, f, " "); if (f[2] == root) print $1 }' | tr '\n' ' ')"
done
[ $(echo $pids | wc -w) -ge 8 ] || fail "expected at least 8 server processes before stopping, found: $pids"
"$here/stack.sh" stop "$dir" || fail "stack.sh stop"
left=""
for p in $pids; do
  if [ -d "/proc/$p" ] && [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ]; then left="$left $p"; fi
done
[ -z "$left" ] || fail "processes still running after stop:$left"
ls "$dir"/run/*.pid >/dev/null 2>&1 && fail "pid files left in $dir/run"
echo "smoke: stopped; none of the $(echo $pids | wc -w) server processes remain"
echo "smoke: passed in $(( $(date +%s) - t0 )) s"
