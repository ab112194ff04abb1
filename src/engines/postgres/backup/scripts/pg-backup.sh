#!/bin/sh
# pg-backup.sh - logical backup of a PostgreSQL server into a scratch directory.
#
# Runs in the engine's own image (pg_dump matches the server's major version) as an init
# container; the upload step (upload.sh, rclone image) runs only when this exits 0.
#
# Writes $BACKUP_WORK_DIR/<ID>/:
#   <database>.dump     pg_dump -Fc (custom format, compressed) of each database
#   globals.sql.gz      pg_dumpall --globals-only --no-role-passwords (roles without their
#                       passwords, which only a superuser can read; tablespaces), gzip-compressed
#   MANIFEST            engine, server version, source host, recovery state, databases
#   SHA256SUMS          sha256 of every file above (written last)
# and then $BACKUP_WORK_DIR/READY with the ID. Every step runs on its own and its exit
# status is checked (no pipelines: `pg_dump | gzip` in sh hides a failed dump).
#
# Environment:
#   BACKUP_WORK_DIR   (required) scratch directory (an emptyDir)
#   BACKUP_DATABASES  (required) space-separated database names
#   PGHOST, PGPORT    server to dump (by default the read Service: an in-sync replica)
#   PGUSER            role for the dump: the backup role (pg_read_all_data, no superuser)
#   PGPASSWORD        its password (from the database's Secret)
#   BACKUP_ID         backup name (default: UTC start time, YYYYMMDDTHHMMSSZ)
#   COMPRESS_LEVEL    compression level 0-9 (default 6)
#   PGCONNECT_TIMEOUT seconds (default 10)
#   RETRY_TIMEOUT     seconds to keep retrying the first connection (default 60, retry.sh)
set -eu
PROG=pg-backup
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
BACKUP_DATABASES=${BACKUP_DATABASES:-}
COMPRESS_LEVEL=${COMPRESS_LEVEL:-6}
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$BACKUP_DATABASES" ] || die 'BACKUP_DATABASES is required'
[ -n "${PGUSER:-}" ] || die 'PGUSER is required'
case $COMPRESS_LEVEL in [0-9]) ;; *) die "COMPRESS_LEVEL must be 0-9, got '$COMPRESS_LEVEL'" ;; esac
for db in $BACKUP_DATABASES; do
  case $db in *[!A-Za-z0-9_]* | '') die "database name '$db' must consist of letters, digits and _" ;; esac
done
ID=${BACKUP_ID:-$(date -u +%Y%m%dT%H%M%SZ)}
case $ID in
  [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) ;;
  *) die "BACKUP_ID '$ID' is not of the form YYYYMMDDTHHMMSSZ" ;;
esac
DIR=$BACKUP_WORK_DIR/$ID
rm -rf "$DIR" "$BACKUP_WORK_DIR/READY"
mkdir -p "$DIR"
SOURCE="${PGHOST:-local socket}:${PGPORT:-5432}"

pg_wait_connect "$SOURCE" \
  "SELECT current_setting('server_version') || ' ' || CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END"
STATE=$RETRY_OUT
log "backup $ID from $SOURCE (PostgreSQL ${STATE% *}, ${STATE##* })"

for db in $BACKUP_DATABASES; do
  t0=$(date +%s)
  pg_dump -Fc -Z "$COMPRESS_LEVEL" -d "$db" -f "$DIR/$db.dump" || die "pg_dump of database $db failed"
  log "dumped $db: $(wc -c <"$DIR/$db.dump" | tr -d ' ') bytes in $(($(date +%s) - t0))s"
done
pg_dumpall --globals-only --no-role-passwords -f "$DIR/globals.sql" || die 'pg_dumpall --globals-only failed'
gzip -"$COMPRESS_LEVEL" "$DIR/globals.sql" || die 'gzip of globals.sql failed'
gzip -t "$DIR/globals.sql.gz" || die 'globals.sql.gz is not a valid gzip file'
for db in $BACKUP_DATABASES; do
  # A truncated custom-format archive fails to list.
  pg_restore -l "$DIR/$db.dump" >/dev/null || die "$db.dump is not a readable pg_dump archive"
done

{
  printf 'engine=postgres\nserver_version=%s\nrole=%s\nsource=%s\nid=%s\ndatabases=%s\n' \
    "${STATE% *}" "${STATE##* }" "$SOURCE" "$ID" "$BACKUP_DATABASES"
} >"$DIR/MANIFEST"
(cd "$DIR" && sha256sum -- *.dump globals.sql.gz MANIFEST >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS) ||
  die 'writing SHA256SUMS failed'
printf '%s\n' "$ID" >"$BACKUP_WORK_DIR/READY.tmp"
mv "$BACKUP_WORK_DIR/READY.tmp" "$BACKUP_WORK_DIR/READY"
log "backup $ID ready: $(du -sk "$DIR" | cut -f1) KiB"
