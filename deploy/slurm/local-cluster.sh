#!/usr/bin/env bash
# A single-node Slurm cluster on localhost, for CI and for trying `sim sweep --emit slurm` on one machine.
#
#   deploy/slurm/local-cluster.sh start DIR   configure and start munged, slurmctld and slurmd with every file in DIR
#                                             (DIR is created); waits until the node is idle; prints `export SLURM_CONF=…`
#   deploy/slurm/local-cluster.sh stop DIR    stop the three daemons by the pid files in DIR (DIR is kept: logs)
#   deploy/slurm/local-cluster.sh status DIR  sinfo and squeue against DIR's cluster
#
# It installs nothing: it needs slurmctld, slurmd, sinfo and munged on PATH (Debian: apt-get install slurm-wlm munge,
# 22.05.8 checked). It runs as root (Slurm's daemons run as SlurmUser=root here) and touches nothing outside DIR:
# its own munge key, munge socket, state, spool, logs and pid files, and free TCP ports (6817 upward), so a
# system-wide munge or Slurm is left alone. Settings that make Slurm work in a container without systemd or cgroups:
# ProctrackType=proctrack/linuxproc, TaskPlugin=task/none, JobAcctGatherType=jobacct_gather/none.
# Environment: SIM_SLURM_CPUS (default: nproc) CPUs the node offers; SIM_SLURM_START_TIMEOUT (default 90) seconds
# to wait for the node to become idle.
set -euo pipefail

usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
conf=$dir/slurm.conf

# A TCP port on 127.0.0.1 that nothing listens on, from $1 upward (skipping $2).
free_port() {
  local p=$1
  while [ "$p" = "${2:-}" ] || (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# Stops the daemon whose pid file is $1 (TERM, then KILL after 20 s); a missing or stale pid file is fine.
stop_pidfile() {
  local file=$1 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "pid $pid ($file) did not stop after SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

stop() {
  # Jobs still queued or running in this cluster (a test that timed out, say) are cancelled first, so no task's
  # processes outlive the cluster; every job here was submitted through this folder's slurm.conf.
  if [ -s "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    local jobs
    jobs=$(SLURM_CONF=$conf squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ' || true)
    if [ -n "${jobs// /}" ]; then
      echo "cancelling jobs still in the queue: $jobs" >&2
      # shellcheck disable=SC2086
      SLURM_CONF=$conf scancel $jobs 2>/dev/null || true
      for _ in $(seq 1 40); do [ -z "$(SLURM_CONF=$conf squeue -h -o %A 2>/dev/null || true)" ] && break; sleep 0.5; done
    fi
  fi
  # slurmd before slurmctld (so the node does not go DOWN in a saved state), munged last (both use it).
  stop_pidfile "$dir/slurmd.pid"
  stop_pidfile "$dir/slurmctld.pid"
  stop_pidfile "$dir/munged.pid"
}

start() {
  local missing=()
  for tool in munged slurmctld slurmd sinfo; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$0: ${missing[*]} not found; install them first (Debian: apt-get install slurm-wlm munge)" >&2
    exit 1
  fi
  if [ -s "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    echo "$0: a cluster is already running from $dir (slurmctld pid $(cat "$dir/slurmctld.pid")); stop it first" >&2
    exit 1
  fi
  chmod 700 "$dir"
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"

  # munge: a key of its own (1024 random bytes, mode 400), and its own socket, so nothing system-wide is used.
  if [ ! -s "$dir/munge.key" ]; then
    (umask 077 && head -c 1024 /dev/urandom > "$dir/munge.key")
  fi
  chmod 400 "$dir/munge.key"
  munged --force --key-file="$dir/munge.key" --socket="$dir/munge.socket" --pid-file="$dir/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munged.seed"

  local host cpus ctld_port slurmd_port
  host=$(hostname -s)
  cpus=${SIM_SLURM_CPUS:-$(nproc)}
  ctld_port=$(free_port 6817)
  slurmd_port=$(free_port $((ctld_port + 1)) "$ctld_port")
  cat > "$conf" <<EOF
# Written by deploy/slurm/local-cluster.sh: a single-node cluster with every file in $dir.
ClusterName=sim-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
# Finished jobs stay visible to scontrol for 10 minutes (their state is what a test checks).
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$conf
  slurmctld -f "$conf"
  slurmd -f "$conf"

  local timeout=${SIM_SLURM_START_TIMEOUT:-90} waited=0 state=""
  while [ "$waited" -lt "$((timeout * 2))" ]; do
    state=$(sinfo -h -n "$host" -o '%t' 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.5
    waited=$((waited + 1))
  done
  if [ "$state" != idle ]; then
    echo "$0: node $host is '${state:-not reported}' after ${timeout}s (want idle); logs in $dir/log:" >&2
    tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" "$dir/log/munged.log" >&2 2>/dev/null || true
    stop
    exit 1
  fi
  echo "Slurm is up: node $host idle with $cpus CPU(s), slurmctld on 127.0.0.1:$ctld_port. Use it with:"
  echo "export SLURM_CONF=$conf"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF=$conf sinfo && SLURM_CONF=$conf squeue ;;
  *) usage ;;
esac
