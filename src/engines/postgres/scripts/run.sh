#!/bin/sh
# cdk8s-db PostgreSQL main container command.
# Rewrites the libpq passfile if it is missing (the socket dir is an emptyDir, normally written by
# bootstrap.sh), then runs postgres with the mounted config, as a child of this shell (PID 1, see below). cluster_name is the pod name:
# standbys use it as their application_name on the primary (pg_stat_replication).
#
# Environment: PGDATA PG_CONFIG_FILE POD_NAME PG_PASSFILE REPLICATION_USER REPLICATION_PASSWORD, on
#   a standby what bootstrap.sh and wal-check.sh need, on pod 0 what ensure-users.sh needs
set -eu

log() { printf '%s run[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${POD_NAME:-?}" "$*" >&2; }

for _n in PGDATA PG_CONFIG_FILE POD_NAME PG_PASSFILE; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || { log "ERROR: environment variable $_n is required"; exit 1; }
done

# shellcheck source=passfile.sh
. "$(dirname "$0")/passfile.sh"

if [ ! -f "$PG_PASSFILE" ]; then
  if [ -n "${REPLICATION_USER:-}" ] && [ -n "${REPLICATION_PASSWORD:-}" ]; then
    write_passfile
    log "rewrote missing passfile $PG_PASSFILE"
  else
    log "WARNING: $PG_PASSFILE is missing and REPLICATION_USER/REPLICATION_PASSWORD are not set: a standby cannot authenticate"
  fi
fi

# A standby re-runs bootstrap.sh on every container start: after liveness.sh restarted the
# container because the primary no longer has the WAL this standby needs, it re-clones here
# (bootstrap.sh decides, under its rules: never pod 0, never while the primary is unreachable).
ordinal=${POD_NAME##*-}
case $ordinal in '' | *[!0-9]*) ordinal=0 ;; esac
if [ "$((ordinal + 0))" -ne 0 ]; then
  sh "$(dirname "$0")/bootstrap.sh" &
  child=$!
  # As PID 1, sh ignores an untrapped SIGTERM: pass it on to the bootstrap (a clone in progress).
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM INT
  wait "$child" || { log "ERROR: bootstrap.sh failed"; exit 1; }
  trap - TERM INT
fi

# readiness.sh's grace counts only in-sync passes of this container (the socket dir outlives it).
rm -f "$PGHOST/.readiness-in-sync"

# What the server starts with: config-reload.sh (from liveness.sh) reloads when the mounted files change.
cat "$PG_CONFIG_FILE" "${PG_HBA_FILE:-/dev/null}" 2>/dev/null | cksum >"$PGHOST/.config-files.cksum" || true

# Each standby streams through its own replication slot (ignored while this server is a primary).
slot=$(printf '%s' "$POD_NAME" | tr -- '-.' '__')
# postgres runs as a child, not as PID 1: the postmaster treats every child it reaps as one of its
# server processes, and as PID 1 it would also reap orphans (a probe's psql left behind when the
# kubelet kills a timed-out probe): one killed by a signal makes it terminate every session and run
# crash recovery ("server process (PID n) was terminated by signal 13"). This shell, as PID 1, reaps
# such orphans instead, and passes the kubelet's signals on to the postmaster.
postgres -D "$PGDATA" -c config_file="$PG_CONFIG_FILE" -c cluster_name="$POD_NAME" -c primary_slot_name="$slot" &
server=$!
for sig in TERM INT QUIT HUP USR1 USR2; do
  # shellcheck disable=SC2064 # expand now: the signal name and the pid are fixed
  trap "kill -$sig $server 2>/dev/null" "$sig"
done
# The primary (pod 0) makes sure the backup and read-only roles exist once it accepts connections:
# a data directory made by an older version has none. In the background: the server must start.
if [ "$((ordinal + 0))" -eq 0 ]; then
  sh "$(dirname "$0")/ensure-users.sh" &
fi
while :; do
  rc=0
  wait "$server" || rc=$?
  # wait returns early when a trapped signal arrives: keep waiting while the server runs.
  kill -0 "$server" 2>/dev/null || break
done
exit "$rc"
