#!/bin/sh
# cdk8s-db PostgreSQL livenessProbe: exit 0 while the server answers at all, accepting connections
# (pg_isready 0) or rejecting them while starting up, recovering or shutting down (1). Fails only when
# there is no response. Never looks at replication: a slow or lagging standby is alive.
# Environment: PGHOST (socket dir) PGPORT; with TLS also TLS_CERT_FILE TLS_KEY_FILE TLS_CA_FILE (tls-reload.sh)
set -eu

if out=$(pg_isready -h "$PGHOST" -p "$PGPORT" -t 3 2>&1); then
  rc=0
else
  rc=$?
fi
case $rc in
  0)
    echo "alive: accepting connections"
    # Renewed TLS certificates take effect on a reload (no-op without TLS).
    sh "${0%/*}/tls-reload.sh" || true
    exit 0
    ;;
  1) echo "alive: server answers but rejects connections (starting up, recovering or shutting down)" ; exit 0 ;;
  2) echo "not alive: no response from the server: $out" ; exit 1 ;;
  *) echo "not alive: pg_isready failed (exit $rc): $out" ; exit 1 ;;
esac
