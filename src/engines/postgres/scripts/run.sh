#!/bin/sh
# cdk8s-db PostgreSQL main container command.
# Rewrites the libpq passfile if it is missing (the socket dir is an emptyDir, normally written by
# bootstrap.sh), then execs postgres as PID 1 with the mounted config. cluster_name is the pod name:
# standbys use it as their application_name on the primary (pg_stat_replication).
#
# Environment: PGDATA PG_CONFIG_FILE POD_NAME PG_PASSFILE REPLICATION_USER REPLICATION_PASSWORD
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

exec postgres -D "$PGDATA" -c config_file="$PG_CONFIG_FILE" -c cluster_name="$POD_NAME"
