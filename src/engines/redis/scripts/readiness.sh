#!/bin/sh
# cdk8s-db Redis readinessProbe. Exit 0 = ready, 1 = not ready; prints ONE line with the reason.
# Role-aware (see role-state.sh):
#   master: ready only while it accepts writes AND a majority of the set's Sentinels name it the
#           master, so that a stale role label on a fenced former master does not keep it in the
#           write endpoint;
#   replica: ready only while master_link_status is up, no initial sync runs, and its lag is under
#           READINESS_MAX_LAG_BYTES (master offset - own offset) and READINESS_MAX_LAG_SECONDS
#           (the master's last ACK); unknown lag is not ready.
# Environment: as role-state.sh, plus POD_NAME REDIS_PEERS.
set -eu
LOG_NAME=readiness
CLI_TIMEOUT=${CLI_TIMEOUT:-2}
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
# shellcheck source-path=SCRIPTDIR source=role-state.sh
. "$(dirname "$0")/role-state.sh"
init_self
role_state
case $STATE in
  master | replica) echo "ready: $STATE: $DETAIL"; exit 0 ;;
  *) echo "not ready: $STATE: $DETAIL"; exit 1 ;;
esac
