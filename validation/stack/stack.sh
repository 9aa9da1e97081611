#!/usr/bin/env bash
# The reference stack: PostgreSQL, Redis, gunicorn (app/app.py) and nginx, all on 127.0.0.1 with free
# ports, every file (data, configs, logs, pid files) under one folder DIR.
#
#   stack.sh start DIR [--workers N] [--persistent-db] [--gzip] [--no-buffering] [--upstream-keepalive]
#                      [--cache-hit-ratio R] [--hot-keys N] [--page-kb N]
#   stack.sh stop DIR
#   stack.sh status DIR
#
# start waits until each server answers and fails loudly (with its log's tail, after stopping what it had
# started) if one does not. stop signals only the PIDs in DIR/run/*.pid (never a process name) and waits
# for them and their children to exit. PostgreSQL refuses to run as root, so as root it runs as the
# 'postgres' user (runuser); the other servers run as the caller. DIR must be traversable by that user.
# See docs/reference-stack.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3            # Debian's python3, which has psycopg2/redis/aiohttp (not a pyenv one)
PGBIN=/usr/lib/postgresql/15/bin
SERVERS=(postgres redis gunicorn nginx)   # start order; stop goes in reverse

die() { echo "stack.sh: $*" >&2; exit 1; }
usage() { sed -n '5,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# ---------- pids -------------------------------------------------------------------------------
alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
read_pid() { [ -s "$1" ] && tr -dc '0-9' < "$1" || true; }
# All descendants of a pid (children, grandchildren …), from /proc, one per line.
descendants() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
    { line = $0; sub(/^.*\) /, "", line); split(line, f, " "); if (f[1] != "Z") ppid[$1] = f[2] }
    END { found[root] = 1; changed = 1
          while (changed) { changed = 0; for (p in ppid) if (!(p in found) && (ppid[p] in found)) { found[p] = 1; changed = 1 } }
          for (p in found) if (p != root) print p }' || true
}
# The executable a server's pid must be, so that a stale pid file never makes us signal a stranger.
expect_exe() {
  case "$1" in
    postgres) echo "$PGBIN/postgres" ;;
    redis) echo /usr/bin/redis-server ;;
    gunicorn) echo /usr/bin/python3 ;;
    nginx) echo /usr/sbin/nginx ;;
  esac
}
is_ours() {  # is_ours NAME PID: the pid runs the expected program
  local exe; exe=$(readlink -f "/proc/$2/exe" 2>/dev/null || true)
  [ "$exe" = "$(readlink -f "$(expect_exe "$1")")" ]
}

stop_one() {  # stop_one DIR NAME: signal the pid in DIR/run/NAME.pid, wait for it and its children
  local dir=$1 name=$2 pid kids sig waited=0
  pid=$(read_pid "$dir/run/$name.pid")
  [ -n "$pid" ] || return 0
  if ! alive "$pid"; then rm -f "$dir/run/$name.pid"; return 0; fi
  if ! is_ours "$name" "$pid"; then
    echo "stack.sh: $dir/run/$name.pid names pid $pid, which is not $name; not signalling it" >&2
    return 1
  fi
  kids=$(descendants "$pid")
  case "$name" in
    postgres) sig=INT ;;   # fast shutdown
    nginx) sig=TERM ;;     # fast shutdown (QUIT would wait for keepalive connections)
    *) sig=TERM ;;
  esac
  kill -s "$sig" "$pid" 2>/dev/null || true
  while alive "$pid" && [ $waited -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
  if alive "$pid"; then
    echo "stack.sh: $name (pid $pid) still running after 15 s; sending KILL" >&2
    kill -s KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  # Children go with their parent; any left over (recorded before the signal) are killed by pid.
  local k left=""
  for k in $kids; do alive "$k" && left="$left $k"; done
  if [ -n "$left" ]; then
    sleep 1
    for k in $left; do alive "$k" && kill -s KILL "$k" 2>/dev/null || true; done
  fi
  rm -f "$dir/run/$name.pid"
}

do_stop() {
  local dir=$1 rc=0 i
  [ -d "$dir" ] || die "no such folder $dir"
  for ((i = ${#SERVERS[@]} - 1; i >= 0; i--)); do stop_one "$dir" "${SERVERS[$i]}" || rc=1; done
  return $rc
}

do_status() {
  local dir=$1 name pid
  for name in "${SERVERS[@]}"; do
    pid=$(read_pid "$dir/run/$name.pid")
    if [ -n "$pid" ] && alive "$pid"; then echo "$name running pid $pid ($(descendants "$pid" | wc -l) children)"
    else echo "$name stopped"; fi
  done
}

# ---------- start ------------------------------------------------------------------------------
free_ports() {  # four distinct free TCP ports on 127.0.0.1
  $PY - <<'EOF'
import socket
socks = []
for _ in range(4):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
EOF
}

http_ok() {  # http_ok URL: status 200
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null)" = 200 ]
}

wait_for() {  # wait_for NAME LOG SECONDS CMD...: poll CMD until it succeeds, else fail with LOG's tail
  local name=$1 log=$2 secs=$3; shift 3
  local n=0
  until "$@" >/dev/null 2>&1; do
    n=$((n + 1))
    if [ $n -gt $((secs * 5)) ]; then
      echo "stack.sh: $name did not answer within $secs s; last lines of $log:" >&2
      tail -n 25 "$log" >&2 2>/dev/null || echo "  (no log)" >&2
      return 1
    fi
    sleep 0.2
  done
}

do_start() {
  local dir=$1; shift
  local workers=3 persistent=0 gzip=0 buffering=1 upkeep=0 hit_ratio=0.35 hot_keys=100 page_kb=200
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) workers=${2:?}; shift ;;
      --persistent-db) persistent=1 ;;
      --gzip) gzip=1 ;;
      --no-buffering) buffering=0 ;;
      --upstream-keepalive) upkeep=1 ;;
      --cache-hit-ratio) hit_ratio=${2:?}; shift ;;
      --hot-keys) hot_keys=${2:?}; shift ;;
      --page-kb) page_kb=${2:?}; shift ;;
      *) echo "stack.sh: unknown option '$1'" >&2; usage ;;
    esac
    shift
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers wants a positive integer, got '$workers'"
  [[ "$hot_keys" =~ ^[1-9][0-9]*$ ]] || die "--hot-keys wants a positive integer, got '$hot_keys'"
  [[ "$page_kb" =~ ^[1-9][0-9]*$ ]] || die "--page-kb wants a positive integer, got '$page_kb'"
  $PY -c "import sys; r=float(sys.argv[1]); sys.exit(0 if 0 <= r <= 1 else 1)" "$hit_ratio" 2>/dev/null \
    || die "--cache-hit-ratio wants a number in [0, 1], got '$hit_ratio'"
  for b in "$PGBIN/initdb" "$PGBIN/pg_ctl" /usr/bin/redis-server /usr/bin/gunicorn /usr/sbin/nginx /usr/bin/curl; do
    [ -x "$b" ] || die "$b is missing: run validation/stack/install.sh (as root)"
  done
  $PY -c 'import psycopg2, redis, aiohttp, django' 2>/dev/null || die "$PY lacks psycopg2/redis/aiohttp/django: run validation/stack/install.sh"

  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  local name pid
  for name in "${SERVERS[@]}"; do
    pid=$(read_pid "$dir/run/$name.pid")
    if [ -n "$pid" ] && alive "$pid"; then die "$name is already running in $dir (pid $pid): stack.sh stop $dir first"; fi
  done
  mkdir -p "$dir/run" "$dir/logs" "$dir/redis" "$dir/nginx/static" "$dir/nginx/tmp"
  chmod 755 "$dir" "$dir/run" "$dir/logs"

  local pg_port redis_port app_port nginx_port
  read -r pg_port redis_port app_port nginx_port < <(free_ports)

  # On any failure from here on, stop what was started.
  trap 'rc=$?; if [ $rc -ne 0 ]; then echo "stack.sh: start failed; stopping what was started" >&2; do_stop "$dir" || true; fi' EXIT

  # --- PostgreSQL ----------------------------------------------------------------------------
  local asuser=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' is missing (it comes with the postgresql-15 package)"
    asuser=(runuser -u postgres --)
  fi
  if [ ! -s "$dir/pg/PG_VERSION" ]; then
    rm -rf "$dir/pg"; mkdir -p "$dir/pg"
    [ ${#asuser[@]} -eq 0 ] || chown postgres: "$dir/pg"
    chmod 700 "$dir/pg"
    "${asuser[@]}" test -w "$dir/pg" || die "$dir/pg is not writable by the postgres user (is a parent folder private?)"
    echo sim > "$dir/run/pgpass"; chmod 644 "$dir/run/pgpass"
    "${asuser[@]}" "$PGBIN/initdb" -D "$dir/pg" -U sim --pwfile="$dir/run/pgpass" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > "$dir/logs/initdb.log" 2>&1 \
      || { tail -n 25 "$dir/logs/initdb.log" >&2; die "initdb failed"; }
  fi
  mkdir -p "$dir/pgsock"; touch "$dir/logs/postgres.log"
  [ ${#asuser[@]} -eq 0 ] || chown postgres: "$dir/logs/postgres.log" "$dir/pgsock"
  # Settings on the command line so a restart with other ports needs no config edit. fsync off: the data
  # is re-creatable and the stack measures serving, not durability.
  "${asuser[@]}" "$PGBIN/pg_ctl" -D "$dir/pg" -l "$dir/logs/postgres.log" -w -t 30 start \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $dir/pgsock -c max_connections=100 -c shared_buffers=64MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    > "$dir/logs/pg_ctl.log" 2>&1 || { tail -n 25 "$dir/logs/postgres.log" >&2; die "PostgreSQL did not start"; }
  head -n 1 "$dir/pg/postmaster.pid" > "$dir/run/postgres.pid"
  export PGPASSWORD=sim
  wait_for postgres "$dir/logs/postgres.log" 20 \
    "${asuser[@]}" env PGPASSWORD=sim "$PGBIN/psql" -h 127.0.0.1 -p "$pg_port" -U sim -d postgres -qAtc 'select 1'
  if ! "${asuser[@]}" "$PGBIN/psql" -h "$dir/pgsock" -p "$pg_port" -U sim -d postgres -qAtc "select 1 from pg_database where datname='shop'" | grep -q 1; then
    "${asuser[@]}" "$PGBIN/psql" -h "$dir/pgsock" -p "$pg_port" -U sim -d postgres -qc 'CREATE DATABASE shop' >/dev/null
    "${asuser[@]}" "$PGBIN/psql" -h "$dir/pgsock" -p "$pg_port" -U sim -d shop -q -v ON_ERROR_STOP=1 -f "$here/seed.sql" \
      > "$dir/logs/seed.log" 2>&1 || { tail -n 25 "$dir/logs/seed.log" >&2; die "seeding the database failed"; }
  fi

  # --- Redis -----------------------------------------------------------------------------------
  cat > "$dir/redis/redis.conf" <<EOF
bind 127.0.0.1
port $redis_port
protected-mode yes
daemonize yes
pidfile $dir/run/redis.pid
logfile $dir/logs/redis.log
dir $dir/redis
save ""
appendonly no
maxclients 100
maxmemory 256mb
maxmemory-policy allkeys-lru
EOF
  /usr/bin/redis-server "$dir/redis/redis.conf" || die "redis-server did not start"
  wait_for redis "$dir/logs/redis.log" 10 bash -c "[ \"\$(redis-cli -h 127.0.0.1 -p $redis_port ping)\" = PONG ]"

  # --- gunicorn + app --------------------------------------------------------------------------
  export STACK_PG_DSN="host=127.0.0.1 port=$pg_port dbname=shop user=sim password=sim connect_timeout=5"
  export STACK_REDIS_PORT=$redis_port STACK_PERSISTENT_DB=$persistent STACK_PAGE_KB=$page_kb STACK_CACHE_TTL_S=300
  # The hot set: pages 1..hot_keys cached with no TTL. The load generator asks for them with probability R.
  redis-cli -h 127.0.0.1 -p "$redis_port" flushall >/dev/null
  # (one persistent connection for the whole prewarm, whatever the switch: it is set-up, not load)
  STACK_PERSISTENT_DB=1 $PY "$here/app/app.py" prewarm "$hot_keys" > "$dir/logs/prewarm.log" 2>&1 \
    || { tail -n 25 "$dir/logs/prewarm.log" >&2; die "prewarming the cache failed"; }
  /usr/bin/gunicorn --daemon --pid "$dir/run/gunicorn.pid" --chdir "$here/app" \
    --workers "$workers" --worker-class sync --bind "127.0.0.1:$app_port" --backlog 2048 --timeout 30 \
    --error-logfile "$dir/logs/gunicorn.log" --capture-output app:application \
    || die "gunicorn did not start"
  wait_for gunicorn "$dir/logs/gunicorn.log" 20 http_ok "http://127.0.0.1:$app_port/health"
  [ -s "$dir/run/gunicorn.pid" ] || die "gunicorn wrote no pid file"

  # --- nginx -----------------------------------------------------------------------------------
  $PY - "$dir/nginx/static" <<'EOF'
import os, sys, random
d = sys.argv[1]
random.seed(14)
css = "".join(".c%d{margin:%dpx;padding:%dpx;color:#%06x}\n" % (i, i % 17, i % 11, random.randrange(1 << 24)) for i in range(1200))
open(os.path.join(d, "app.css"), "w").write(css)                       # ~40 KB, compressible
open(os.path.join(d, "logo.bin"), "wb").write(random.randbytes(20000))  # 20 KB, incompressible
EOF
  local nginx_user="" gz=off buf=on keep="" conn_hdr="proxy_set_header Connection close;"
  [ "$(id -u)" = 0 ] && nginx_user="user nobody nogroup;"
  [ $gzip = 1 ] && gz=on
  [ $buffering = 1 ] || buf=off
  if [ $upkeep = 1 ]; then keep="keepalive 16;"; conn_hdr='proxy_set_header Connection "";'; fi
  cat > "$dir/nginx/nginx.conf" <<EOF
# Generated by validation/stack/stack.sh: workers=$workers persistent_db=$persistent gzip=$gzip buffering=$buffering upstream_keepalive=$upkeep
$nginx_user
worker_processes 1;
pid $dir/run/nginx.pid;
error_log $dir/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  # The documented access-log format (docs/reference-stack.md): tab-separated, one request per line.
  log_format stack '\$msec\t\$time_iso8601\t\$remote_addr\t\$request_method\t\$request_uri\t\$status\t'
                   '\$body_bytes_sent\t\$bytes_sent\t\$request_time\t\$upstream_connect_time\t'
                   '\$upstream_header_time\t\$upstream_response_time\t\$upstream_addr\t'
                   '\$upstream_http_x_cache\t\$upstream_http_x_app_ms\t\$gzip_ratio\t\$connection\t\$connection_requests';
  access_log $dir/logs/access.log stack;
  client_body_temp_path $dir/nginx/tmp/body;
  proxy_temp_path $dir/nginx/tmp/proxy;
  fastcgi_temp_path $dir/nginx/tmp/fastcgi;
  uwsgi_temp_path $dir/nginx/tmp/uwsgi;
  scgi_temp_path $dir/nginx/tmp/scgi;
  types { text/html html; text/css css; application/octet-stream bin; }
  default_type application/octet-stream;
  sendfile on;
  keepalive_timeout 30s;
  gzip $gz;
  gzip_comp_level 1;
  gzip_min_length 1024;
  gzip_types text/html text/css application/json;
  upstream app {
    server 127.0.0.1:$app_port;
    $keep
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location /static/ { alias $dir/nginx/static/; }
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      $conn_hdr
      proxy_set_header Host \$host;
      proxy_buffering $buf;
      proxy_buffers 64 8k;
      proxy_read_timeout 30s;
    }
  }
}
EOF
  /usr/sbin/nginx -p "$dir/nginx" -e "$dir/logs/nginx-error.log" -c "$dir/nginx/nginx.conf" -t > "$dir/logs/nginx-test.log" 2>&1 \
    || { cat "$dir/logs/nginx-test.log" >&2; die "nginx config test failed"; }
  /usr/sbin/nginx -p "$dir/nginx" -e "$dir/logs/nginx-error.log" -c "$dir/nginx/nginx.conf" 2>> "$dir/logs/nginx-error.log" \
    || { tail -n 25 "$dir/logs/nginx-error.log" >&2; die "nginx did not start"; }
  wait_for nginx "$dir/logs/nginx-error.log" 10 http_ok "http://127.0.0.1:$nginx_port/static/app.css"
  wait_for nginx-to-app "$dir/logs/nginx-error.log" 10 http_ok "http://127.0.0.1:$nginx_port/health"
  wait_for page "$dir/logs/gunicorn.log" 10 http_ok "http://127.0.0.1:$nginx_port/page/1"

  cat > "$dir/stack.env" <<EOF
# Written by stack.sh start; read by load.py (--stack DIR), cpu.sh and smoke.sh.
STACK_URL=http://127.0.0.1:$nginx_port
PG_PORT=$pg_port
REDIS_PORT=$redis_port
APP_PORT=$app_port
NGINX_PORT=$nginx_port
WORKERS=$workers
PERSISTENT_DB=$persistent
GZIP=$gzip
BUFFERING=$buffering
UPSTREAM_KEEPALIVE=$upkeep
CACHE_HIT_RATIO=$hit_ratio
HOT_KEYS=$hot_keys
PAGE_KB=$page_kb
EOF
  trap - EXIT
  echo "stack up in $dir: http://127.0.0.1:$nginx_port (workers=$workers persistent_db=$persistent gzip=$gzip buffering=$buffering upstream_keepalive=$upkeep hit_ratio=$hit_ratio)"
  do_status "$dir"
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || usage
shift 2
case "$cmd" in
  start) do_start "$dir" "$@" ;;
  stop) [ $# -eq 0 ] || usage; do_stop "$dir" ;;
  status) do_status "$dir" ;;
  *) usage ;;
esac
