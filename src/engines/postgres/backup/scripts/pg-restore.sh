#!/bin/sh
# pg-restore.sh - restores one database of a downloaded backup into a PostgreSQL server.
#
# Runs in the engine's image after download.sh fetched and checked the backup. The restore is
# one transaction (pg_restore --clean --if-exists --single-transaction --exit-on-error): it
# either replaces the database's objects completely or leaves the database as it was.
# Roles (globals.sql.gz) are not restored: the target's own users are kept. It runs as the
# target's application user (the owner of its database, no superuser): --no-owner makes every
# restored object the application user's, whoever owned it in the source, and the source's
# default privileges are not restored (only their role could set them).
#
# Environment:
#   BACKUP_WORK_DIR    (required) directory with READY and <ID>/
#   RESTORE_DATABASE   (required) database to restore into (it must exist)
#   RESTORE_SOURCE     database name in the backup (default: RESTORE_DATABASE, or the only dump)
#   PGHOST, PGPORT     target server (the write endpoint)
#   PGUSER, PGPASSWORD the target's application user (owner of RESTORE_DATABASE and its objects)
#   RETRY_TIMEOUT      seconds to keep retrying the first connection (default 60, retry.sh)
set -eu
PROG=pg-restore
log() { printf '%s: %s\n' "$PROG" "$*"; }
die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}
# shellcheck source=../../../../cluster/scripts/retry.sh
. "$(dirname "$0")/retry.sh"
# shellcheck source=pg-connect.sh
. "$(dirname "$0")/pg-connect.sh"
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
RESTORE_DATABASE=${RESTORE_DATABASE:-}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$RESTORE_DATABASE" ] || die 'RESTORE_DATABASE is required'
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
[ -f "$BACKUP_WORK_DIR/READY" ] || die "no downloaded backup in $BACKUP_WORK_DIR (READY is missing)"
ID=$(cat "$BACKUP_WORK_DIR/READY")
DIR=$BACKUP_WORK_DIR/$ID
[ -d "$DIR" ] || die "backup directory $DIR is missing"
(cd "$DIR" && sha256sum -c --quiet SHA256SUMS) || die "backup $ID does not match its SHA256SUMS"

SOURCE=${RESTORE_SOURCE:-}
if [ -z "$SOURCE" ]; then
  if [ -f "$DIR/$RESTORE_DATABASE.dump" ]; then
    SOURCE=$RESTORE_DATABASE
  else
    set -- "$DIR"/*.dump
    if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
      names=''
      for f in "$@"; do [ -f "$f" ] && names="$names $(basename "$f" .dump)"; done
      die "backup $ID has no $RESTORE_DATABASE.dump; set RESTORE_SOURCE to one of:${names:- (none)}"
    fi
    SOURCE=$(basename "$1" .dump)
  fi
fi
[ -f "$DIR/$SOURCE.dump" ] || die "backup $ID has no dump of database $SOURCE"

TARGET="${PGHOST:-local socket}:${PGPORT:-5432}"
pg_wait_connect "$TARGET" 'SELECT 1'
log "restoring $ID/$SOURCE.dump into database $RESTORE_DATABASE on $TARGET"
t0=$(date +%s)
# The source's default privileges (ALTER DEFAULT PRIVILEGES FOR ROLE <its app user>) are left out:
# only that role (or a superuser) may set them, and the target keeps its own (bootstrap.sh and
# ensure-users.sh set them for its application user).
LIST=$(mktemp "${TMPDIR:-/tmp}/pg-restore.XXXXXX") || die 'cannot create a temporary file'
trap 'rm -f "$LIST" "$LIST.all"' EXIT
pg_restore -l "$DIR/$SOURCE.dump" >"$LIST.all" || die "cannot list $ID/$SOURCE.dump"
grep -v '^[0-9]*; [0-9]* [0-9]* DEFAULT ACL ' "$LIST.all" >"$LIST" || [ "$?" -eq 1 ] || die "cannot filter the list of $ID/$SOURCE.dump"
pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --no-password \
  -L "$LIST" -d "$RESTORE_DATABASE" "$DIR/$SOURCE.dump" ||
  die "pg_restore of $ID/$SOURCE.dump into $RESTORE_DATABASE failed; the transaction was rolled back"
log "restored $ID/$SOURCE.dump into $RESTORE_DATABASE in $(($(date +%s) - t0))s"
