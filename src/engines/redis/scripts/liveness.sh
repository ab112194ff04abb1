#!/bin/sh
# cdk8s-db Redis livenessProbe: only "does the server answer at all". PONG, LOADING, BUSY or
# MASTERDOWN are answers (a loading or lagging server is never restarted); no answer is a failure.
# With TLS it also reloads renewed certificate files (tls_reload in redis-lib.sh).
# Environment: POD_NAME REDIS_PEERS MONITORING_USER MONITORING_PASSWORD; with TLS
#   REDIS_TLS_CERT_FILE REDIS_TLS_KEY_FILE REDIS_TLS_CA_FILE ADMIN_PASSWORD REDIS_RUN_DIR.
set -eu
LOG_NAME=liveness
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
init_self
out=$(local_cli PING 2>&1) || { echo "no answer: $(printf '%s' "$out" | head -n 1)"; exit 1; }
case $out in
  PONG | *LOADING* | *BUSY* | *MASTERDOWN*)
    echo "alive: $out"
    # With TLS: load renewed certificate files (cheap when nothing changed; never fails the probe).
    [ "$out" != PONG ] || tls_reload
    exit 0
    ;;
  *) echo "unexpected answer: $(printf '%s' "$out" | head -n 1)"; exit 1 ;;
esac
