#!/usr/bin/env bash
# Per-second CPU samples of the reference stack's servers, by their pid files.
#
#   cpu.sh DIR OUT.csv [SECONDS]     (runs until SECONDS have passed, or until killed, or until every
#                                     server in DIR has stopped)
#
# Each second, for each component (postgres, redis, gunicorn, nginx, and loadgen when DIR/run/loadgen.pid
# names a running load generator, as validate.py writes) the process tree under the pid in
# DIR/run/NAME.pid is read from /proc/PID/stat. One row per component and sample:
#
#   time_unix,component,pids,utime_s,stime_s,cutime_s,cstime_s,cpu_s
#
# utime/stime: summed over the live tree; cutime/cstime: CPU of children already exited and reaped by a
# member of the tree (PostgreSQL's per-connection backends, recycled workers), so cpu_s (the sum of the
# four) is cumulative and never goes down while the server runs; the CPU a component used between two
# samples is the difference of cpu_s. A row with component 'host' gives the whole machine from
# /proc/stat (busy_s in utime_s, idle+iowait in stime_s, cpu_s = busy): other work on the machine shows
# there.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '4p' "$0" | sed 's/^# *//' >&2; exit 2; }
dir=$1 out=$2 secs=${3:-0}
[ -d "$dir/run" ] || { echo "cpu.sh: $dir/run does not exist (start the stack first)" >&2; exit 1; }
hz=$(getconf CLK_TCK)
echo "time_unix,component,pids,utime_s,stime_s,cutime_s,cstime_s,cpu_s" > "$out"
start=$(date +%s)
next_ns=$(date +%s%N)
while :; do
  roots=""
  for name in postgres redis gunicorn nginx loadgen; do
    pid=$( [ -s "$dir/run/$name.pid" ] && tr -dc '0-9' < "$dir/run/$name.pid" || true)
    [ -n "$pid" ] && [ -d "/proc/$pid" ] && roots="$roots $name=$pid"
  done
  [ -n "$roots" ] || break
  now=$(date +%s.%N)
  read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ < /proc/stat
  # One pass over /proc (pid = field 1; comm may hold spaces, so fields are counted after its ")"):
  # parent links and times of every process, then each root's tree is summed.
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v roots="$roots" -v hz="$hz" -v now="$now" \
      -v host_busy=$((u1 + n1 + s1 + q1 + sq1 + st1)) -v host_idle=$((i1 + w1)) '
    { pid = $1; line = $0; sub(/^.*\) /, "", line); split(line, f, " ")
      if (f[1] == "Z") next
      ppid[pid] = f[2]; ut[pid] = f[12]; st[pid] = f[13]; cut[pid] = f[14]; cst[pid] = f[15] }
    END {
      n = split(roots, rs, " ")
      for (i = 1; i <= n; i++) {
        split(rs[i], kv, "="); name = kv[1]; root = kv[2]
        if (!(root in ppid)) continue
        for (p in found) delete found[p]
        found[root] = 1; changed = 1
        while (changed) { changed = 0; for (p in ppid) if (!(p in found) && (ppid[p] in found)) { found[p] = 1; changed = 1 } }
        c = 0; u = 0; s = 0; cu = 0; cs = 0
        for (p in found) { c++; u += ut[p]; s += st[p]; cu += cut[p]; cs += cst[p] }
        printf "%.3f,%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f\n", now, name, c, u / hz, s / hz, cu / hz, cs / hz, (u + s + cu + cs) / hz
      }
      printf "%.3f,host,0,%.2f,%.2f,0,0,%.2f\n", now, host_busy / hz, host_idle / hz, host_busy / hz
    }' >> "$out" || true
  if [ "$secs" != 0 ] && [ $(( $(date +%s) - start )) -ge "$secs" ]; then break; fi
  # Sleep to the next whole second after the first sample, so that reading /proc does not stretch the period.
  next_ns=$((next_ns + 1000000000)); rem=$((next_ns - $(date +%s%N)))
  [ "$rem" -le 0 ] || sleep "$(printf '%d.%09d' $((rem / 1000000000)) $((rem % 1000000000)))"
done
