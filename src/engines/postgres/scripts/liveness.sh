#!/bin/sh
# cdk8s-db PostgreSQL livenessProbe: exit 0 while the server answers at all, accepting connections
# (pg_isready 0) or rejecting them while starting up, recovering or shutting down (1). Fails only when
# there is no response, or on a standby whose WAL is gone from the primary (below). Never looks at
# lag: a slow or lagging standby is alive.
#
# A standby that is not streaming gets a check of the primary (wal-check.sh --ensure-slot: it also
# creates the standby's replication slot when it is missing), run in the background so that this
# probe never waits for a slow or unreachable primary; its verdict lands in $PGHOST/.wal-check and
# is read by the next probe (and by readiness.sh for its message). A fresh verdict "WAL gone" (the
# primary answered, as a primary, and no longer has the WAL this standby needs) fails the probe:
# after failureThreshold such probes in a row the container restarts and run.sh re-clones the
# standby. "No verdict" (primary unreachable, pod 0, anything unknown) never fails it.
# Environment: PGHOST (socket dir) PGPORT, and what wal-check.sh and config-reload.sh need; with TLS
#   also TLS_CERT_FILE TLS_KEY_FILE TLS_CA_FILE (tls-reload.sh). Optional WAL_CHECK_MAX_AGE_SECONDS (default 60).
set -eu

here=${0%/*}
state="$PGHOST/.wal-check"
max_age=${WAL_CHECK_MAX_AGE_SECONDS:-60}
case $max_age in '' | *[!0-9]*) max_age=60 ;; esac

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

# The verdict of the previous check, when fresh: "<epoch> <exit code> <message>".
now=$(date +%s)
verdict=
if [ -f "$state" ] && read -r when code message <"$state"; then
  case $when$code in *[!0-9]*) when=0 ;; esac
  if [ $((now - when)) -le "$max_age" ]; then verdict=$code; fi
fi
# Next check in the background, at most one at a time (the lock is dropped when older than max_age).
lock="$state.lock"
if [ -d "$lock" ] && [ -n "$(find "$lock" -maxdepth 0 -mmin +1 2>/dev/null)" ]; then rmdir "$lock" 2>/dev/null || true; fi
if mkdir "$lock" 2>/dev/null; then
  (
    c=0
    m=$(sh "$here/wal-check.sh" --ensure-slot 2>&1) || c=$?
    printf '%s %s %s\n' "$(date +%s)" "$c" "$m" | tr -d '\r' | head -n 1 >"$state.tmp" && mv -f "$state.tmp" "$state"
    rmdir "$lock"
  ) </dev/null >/dev/null 2>&1 &
fi

if [ "$verdict" = 0 ]; then
  echo "not alive: standby cannot resume streaming: $message; restart so that run.sh re-clones it"
  exit 1
fi
echo "alive: accepting connections (standby not streaming${message:+: $message})"
exit 0
