#!/bin/sh
# cdk8s-db Redis role command of the role labeller (run by role-probe.sh in the Redis image).
# Prints `primary` only when the local server is a writable master that a majority of the set's
# Sentinels name the master (self = the majority answer of SENTINEL get-master-addr-by-name);
# `replica` when it is a replica (in sync or not: the read Service's readiness gate handles lag);
# `none` otherwise (no quorum, a stale former master, the server does not answer): the labeller
# then removes the label.
# Environment: as readiness.sh.
set -eu
LOG_NAME=role
CLI_TIMEOUT=${CLI_TIMEOUT:-2}
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
# shellcheck source-path=SCRIPTDIR source=role-state.sh
. "$(dirname "$0")/role-state.sh"
init_self
role_state
case $STATE in
  master) echo primary ;;
  replica | replica-behind) echo replica ;;
  *) echo none ;;
esac
echo "$STATE: $DETAIL" >&2
