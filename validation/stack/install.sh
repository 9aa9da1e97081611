#!/usr/bin/env bash
# Installs the reference stack's Debian packages if any is missing. Idempotent and quiet; needs root
# (CI runs it as root). Service start-up by the packages is blocked (policy-rc.d exit 101) so that
# installing never leaves a system nginx/redis/postgres running: stack.sh starts its own copies.
set -euo pipefail
pkgs=(nginx postgresql-15 redis-server gunicorn python3-psycopg2 python3-redis python3-aiohttp python3-django sysstat curl)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install.sh: missing Debian packages ${missing[*]}; run as root to install them" >&2
  exit 1
fi
made_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  made_policy=1
fi
trap '[ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2; rm -f "$log"
  echo "install.sh: apt-get install ${missing[*]} failed" >&2
  exit 1
fi
rm -f "$log"
