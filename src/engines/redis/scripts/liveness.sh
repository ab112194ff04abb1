#!/bin/sh
# cdk8s-db Redis livenessProbe: only "does the server answer at all". PONG, LOADING, BUSY or
# MASTERDOWN are answers (a loading or lagging server is never restarted); no answer is a failure.
# Environment: POD_NAME REDIS_PEERS MONITORING_USER MONITORING_PASSWORD.
set -eu
LOG_NAME=liveness
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
init_self
out=$(local_cli PING 2>&1) || { echo "no answer: $(printf '%s' "$out" | head -n 1)"; exit 1; }
case $out in
  PONG | *LOADING* | *BUSY* | *MASTERDOWN*) echo "alive: $out"; exit 0 ;;
  *) echo "unexpected answer: $(printf '%s' "$out" | head -n 1)"; exit 1 ;;
esac
