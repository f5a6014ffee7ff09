#!/usr/bin/env bash
# Stops the cluster test/slurm/start-slurm.sh STATE_DIR started: cancels its jobs, then ends exactly the daemons it
# started (their pids are in STATE_DIR/pids) and waits for them to exit.
set -uo pipefail
export PATH="/usr/sbin:/sbin:$PATH"
state=${1:?usage: stop-slurm.sh STATE_DIR}
[ -f "$state/pids" ] || exit 0
SLURM_CONF="$state/slurm.conf" scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
read -r -a pids <<<"$(sed 's/^pids: *//' "$state/pids")"
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
for _ in $(seq 1 100); do
  alive=0
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ "$alive" = 0 ] && break
  sleep 0.1
done
for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null; done
rm -f "$state/pids"
exit 0
