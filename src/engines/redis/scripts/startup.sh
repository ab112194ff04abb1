#!/bin/sh
# cdk8s-db Redis startupProbe: the server has loaded its dataset (PING answers PONG, not LOADING).
# Covers AOF/RDB loading at start, however long (readiness.startupTimeout). A replica's initial
# sync is not waited for here: readiness keeps it out of the read endpoint meanwhile.
# Environment: POD_NAME REDIS_PEERS MONITORING_USER MONITORING_PASSWORD.
set -eu
LOG_NAME=startup
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
init_self
out=$(local_cli PING 2>&1) || { echo "not started: $(printf '%s' "$out" | head -n 1)"; exit 1; }
[ "$out" = PONG ] || { echo "not started: $out"; exit 1; }
echo started
