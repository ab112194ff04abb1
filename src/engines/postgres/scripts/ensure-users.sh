#!/bin/sh
# cdk8s-db PostgreSQL: makes sure the backup and read-only roles exist (users.sh) once the
# primary accepts connections. run.sh starts it in the background on pod 0 at every start, so a
# data directory initialized by an older version of cdk8s-db (which had no such roles) gets them
# on its next restart; on a new cluster bootstrap.sh has made them already and this only resets
# their passwords and grants to what they should be. A standby never runs it (its roles come
# from the primary through replication).
#
# Environment: PGHOST (socket dir) PGPORT POD_NAME BACKUP_PASSWORD READONLY_PASSWORD
#   [BACKUP_USER (default backup)] [READONLY_USER (default readonly)]
#   Optional: ENSURE_USERS_TIMEOUT_SECONDS (default 3600: how long to wait for the server,
#   e.g. through crash recovery).
# Without BACKUP_PASSWORD and READONLY_PASSWORD it does nothing and says so.
set -eu

log() { printf '%s ensure-users[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${POD_NAME:-?}" "$*" >&2; }

# shellcheck source=users.sh
. "$(dirname "$0")/users.sh"

if [ -z "${BACKUP_PASSWORD:-}" ] || [ -z "${READONLY_PASSWORD:-}" ]; then
  log "BACKUP_PASSWORD or READONLY_PASSWORD is not set: the backup and read-only roles are left as they are"
  exit 0
fi
timeout=${ENSURE_USERS_TIMEOUT_SECONDS:-3600}
case $timeout in '' | *[!0-9]*) log "ERROR: ENSURE_USERS_TIMEOUT_SECONDS=$timeout is not a number"; exit 1 ;; esac

start=$(date +%s)
until pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 5; do
  if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
    log "ERROR: the server did not accept connections within ${timeout}s: the backup and read-only roles were not checked"
    exit 1
  fi
  sleep 1
done
recovery=$(psql -XAtq -h "$PGHOST" -U postgres -d postgres -c 'SELECT pg_is_in_recovery()') || {
  log "ERROR: could not ask the server whether it is a primary"
  exit 1
}
if [ "$recovery" != f ]; then
  log "this server is a standby: its roles come from the primary"
  exit 0
fi
if ensure_users "$PGHOST"; then
  log "roles ${BACKUP_USER:-backup} (pg_read_all_data, backups) and ${READONLY_USER:-readonly} (SELECT in database ${APP_DATABASE:-?}, read-only clients) are in place"
else
  log "ERROR: making the roles ${BACKUP_USER:-backup} and ${READONLY_USER:-readonly} failed (see above)"
  exit 1
fi
