#!/bin/sh
# cdk8s-db Redis preStop of the Sentinel container: keep this pod's Sentinel running while the
# server container's preStop (prestop.sh) hands the master over. The kubelet sends SIGTERM to a
# container as soon as its own preStop returns, so without this the Sentinel would stop at once
# and could neither take part in nor be asked for the failover. Returns as soon as the local
# server is not (or no longer) a master, at most PRESTOP_TIMEOUT + PRESTOP_SYNC_SECONDS + 5 seconds.
# Environment: as prestop.sh.
set -eu
LOG_NAME=sentinel-prestop
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
init_self
limit=$((${PRESTOP_TIMEOUT:-30} + ${PRESTOP_SYNC_SECONDS:-5} + 5))
waited=0
while [ "$waited" -lt "$limit" ]; do
  INFO=$(local_cli INFO replication 2>/dev/null) || exit 0
  [ "$(info_field role)" = master ] || exit 0
  [ "$(info_field connected_slaves)" != 0 ] || exit 0
  sleep 1
  waited=$((waited + 1))
done
log "the local server is still the master after ${limit}s"
