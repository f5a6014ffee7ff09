#!/usr/bin/env bash
# Starts a real one-node Slurm cluster (Debian 12's slurm-wlm 22.05 + munge) on this machine, for the tests that
# submit job arrays. Needs root; installs slurmctld, slurmd, slurm-client and munge with apt when they are missing.
#
#   test/slurm/start-slurm.sh STATE_DIR [CTLD_PORT SLURMD_PORT]
#
# Everything it writes lives in STATE_DIR (slurm.conf, spool, logs, pid files), so /etc/slurm is left alone and two
# clusters with different ports can run side by side. Clients find the cluster through SLURM_CONF=STATE_DIR/slurm.conf.
# On success the last line is "pids: ..." (also written to STATE_DIR/pids); stop with test/slurm/stop-slurm.sh STATE_DIR.
# Exit codes: 0 started; 3 Slurm cannot be started here (not root, no apt to install it: the reason is printed);
# 1 anything else (the daemons' logs are printed).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive PATH="/usr/sbin:/sbin:$PATH"
state=${1:?usage: start-slurm.sh STATE_DIR [CTLD_PORT SLURMD_PORT]}
ctld_port=${2:-6817}
slurmd_port=${3:-6818}
cannot() {
  echo "cannot start Slurm: $*" >&2
  exit 3
}

[ "$(id -u)" = 0 ] || cannot "needs root (slurmd runs jobs as their user and munged reads a root-owned key)"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
  ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || cannot "slurmctld, slurmd, slurm-client and munge are not installed and there is no apt-get"
  # Others may hold the dpkg lock for a while: wait for it rather than fail.
  apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 ||
    cannot "apt-get update failed"
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >&2 ||
    cannot "apt-get install slurmctld slurmd slurm-client munge failed"
fi

state=$(realpath -m "$state")
rm -rf "$state"
mkdir -p "$state/ctld" "$state/slurmd" "$state/log"
host=$(hostname -s)
cores=$(nproc)
memory=$(($(free -m | awk '/^Mem:/{print $2}') * 3 / 4))
cat >"$state/slurm.conf" <<CONF
ClusterName=molmltest
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cores RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$state/slurm.conf

pids=()
# munged is shared by every Slurm on the machine: started (and later stopped) here only when none runs yet.
if ! pgrep -x munged >/dev/null; then
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  [ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
  munged --force --pid-file="$state/munged.pid"
  for _ in $(seq 1 50); do [ -s "$state/munged.pid" ] && break; sleep 0.1; done
  pids+=("$(cat "$state/munged.pid")")
fi

fail() {
  echo "Slurm did not start: $*" >&2
  for f in "$state"/log/*.log; do
    echo "--- $f" >&2
    tail -n 40 "$f" >&2 || true
  done
  for p in slurmd.pid slurmctld.pid; do [ -s "$state/$p" ] && kill "$(cat "$state/$p")" 2>/dev/null || true; done
  echo "pids: ${pids[*]}" >"$state/pids"
  exit 1
}

slurmctld -f "$state/slurm.conf" || fail "slurmctld exited"
slurmd -f "$state/slurm.conf" || fail "slurmd exited"
for _ in $(seq 1 50); do [ -s "$state/slurmctld.pid" ] && [ -s "$state/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$state/slurmctld.pid")" "$(cat "$state/slurmd.pid")")
echo "pids: ${pids[*]}" >"$state/pids"

ready=
for _ in $(seq 1 60); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then
    ready=1
    break
  fi
  sleep 1
done
[ -n "$ready" ] || fail "the node did not become idle within 60 s ($(sinfo -h -o %T 2>&1 | head -1))"
sinfo >&2
echo "SLURM_CONF=$SLURM_CONF"
echo "pids: ${pids[*]}"
