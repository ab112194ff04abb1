#!/bin/sh
# cdk8s-db PostgreSQL livenessProbe: exit 0 while the server answers at all, accepting connections
# (pg_isready 0) or rejecting them while starting up, recovering or shutting down (1). Fails only when
# there is no response, or on a standby whose WAL is gone from the primary (below). Never looks at
# lag: a slow or lagging standby is alive.
#
# A standby that is not streaming gets a check of the primary (wal-check.sh --ensure-slot: it also
# creates the standby's replication slot when it is missing), bounded by WAL_CHECK_TIMEOUT_SECONDS
# (default 8; the probe's timeoutSeconds leaves room for it). Its verdict also lands in
# $PGHOST/.wal-check for readiness.sh's message. "WAL gone" (the primary answered, as a primary,
# and no longer has the WAL this standby needs) fails the probe: after failureThreshold such probes
# in a row the container restarts and run.sh re-clones the standby. "No verdict" (primary
# unreachable or slow, pod 0, anything unknown) never fails it. Nothing is left running.
# Environment: PGHOST (socket dir) PGPORT, and what wal-check.sh and config-reload.sh need; with TLS
#   also TLS_CERT_FILE TLS_KEY_FILE TLS_CA_FILE (tls-reload.sh). Optional WAL_CHECK_TIMEOUT_SECONDS (default 8).
set -eu

here=${0%/*}
state="$PGHOST/.wal-check"

if out=$(pg_isready -h "$PGHOST" -p "$PGPORT" -t 3 2>&1); then
  rc=0
else
  rc=$?
fi
case $rc in
  0) ;;
  1) echo "alive: server answers but rejects connections (starting up, recovering or shutting down)" ; exit 0 ;;
  2) echo "not alive: no response from the server: $out" ; exit 1 ;;
  *) echo "not alive: pg_isready failed (exit $rc): $out" ; exit 1 ;;
esac

# Renewed TLS certificates and a changed ConfigMap take effect on a reload (no-ops otherwise).
sh "$here/tls-reload.sh" || true
sh "$here/config-reload.sh" || true

# A standby without a streaming WAL receiver?
waiting=$(PGCONNECT_TIMEOUT=2 PGOPTIONS='-c statement_timeout=1000' psql -XAtq -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c \
  "SELECT pg_is_in_recovery() AND NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')" 2>/dev/null) || waiting=
if [ "$waiting" != t ]; then
  rm -f "$state"
  echo "alive: accepting connections"
  exit 0
fi

# The verdict, "<epoch> <exit code> <message>" in the state file (readiness.sh reads it too).
limit=${WAL_CHECK_TIMEOUT_SECONDS:-8}
case $limit in '' | *[!0-9]*) limit=8 ;; esac
verdict=0
message=$(timeout -s KILL "$limit" sh "$here/wal-check.sh" --ensure-slot 2>&1) || verdict=$?
case $verdict in 0 | 1 | 2) ;; *) verdict=2 message="no verdict: the check of the primary took longer than ${limit}s" ;; esac
message=$(printf '%s' "$message" | tr -d '\r' | head -n 1)
printf '%s %s %s\n' "$(date +%s)" "$verdict" "$message" >"$state.tmp" && mv -f "$state.tmp" "$state"

if [ "$verdict" = 0 ]; then
  echo "not alive: standby cannot resume streaming: $message; restart so that run.sh re-clones it"
  exit 1
fi
echo "alive: accepting connections (standby not streaming${message:+: $message})"
exit 0
