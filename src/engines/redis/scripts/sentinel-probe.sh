#!/bin/sh
# cdk8s-db Redis Sentinel livenessProbe: this pod's Sentinel answers PING.
# Environment: POD_NAME REDIS_PEERS REPLICATION_USER REPLICATION_PASSWORD.
set -eu
LOG_NAME=sentinel-probe
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
init_self
out=$(sentinel_cli 127.0.0.1 "$SELF_SPORT" PING 2>&1) || { echo "Sentinel does not answer: $(printf '%s' "$out" | head -n 1)"; exit 1; }
[ "$out" = PONG ] || { echo "unexpected answer from Sentinel: $(printf '%s' "$out" | head -n 1)"; exit 1; }
echo "Sentinel alive"
