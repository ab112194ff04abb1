#!/bin/sh
# mysql-backup.sh - consistent logical backup of a MySQL or MariaDB server into a scratch directory.
#
# Runs in the engine's own image as an init container; upload.sh (rclone image) runs after it.
# One dump per database with --single-transaction (a consistent InnoDB snapshot without locking
# writes) and the binlog/GTID position as a comment (MariaDB: --gtid --master-data=2, MySQL:
# --source-data=2 --set-gtid-purged=COMMENTED). Each step runs on its own and is checked: the
# dump is written to a file, checked for its '-- Dump completed' trailer, then compressed.
#
# Writes $BACKUP_WORK_DIR/<ID>/<database>.sql.gz, MANIFEST, SHA256SUMS, then READY.
#
# Environment:
#   BACKUP_WORK_DIR   (required) scratch directory (an emptyDir)
#   BACKUP_DATABASES  (required) space-separated database names
#   MYSQL_DUMP        dump tool: mariadb-dump or mysqldump (required)
#   MYSQL_CLIENT      client: mariadb or mysql (required)
#   MYSQL_FLAVOR      mariadb or mysql (required)
#   MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASSWORD   source server and account
#   BACKUP_ID         backup name (default: UTC start time, YYYYMMDDTHHMMSSZ)
#   COMPRESS_LEVEL    gzip level 1-9 (default 6)
#   TMPDIR            private directory for the option file (default /tmp)
set -eu
PROG=mysql-backup
LIB_DIR=$(dirname "$0")
# shellcheck source=../../../../cluster/scripts/retry.sh
. "$LIB_DIR/retry.sh"
# shellcheck source-path=SCRIPTDIR source=mysql-lib.sh
. "$LIB_DIR/mysql-lib.sh"

BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
BACKUP_DATABASES=${BACKUP_DATABASES:-}
COMPRESS_LEVEL=${COMPRESS_LEVEL:-6}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$BACKUP_DATABASES" ] || die 'BACKUP_DATABASES is required'
if [ -z "${MYSQL_DUMP:-}" ] || [ -z "${MYSQL_CLIENT:-}" ]; then die "MYSQL_DUMP and MYSQL_CLIENT are required"; fi
case ${MYSQL_FLAVOR:-} in
  mariadb) POSITION_ARGS='--gtid --master-data=2' GTID_VAR=gtid_current_pos ;;
  mysql) POSITION_ARGS='--source-data=2 --set-gtid-purged=COMMENTED' GTID_VAR=gtid_executed ;;
  *) die "MYSQL_FLAVOR must be mariadb or mysql, got '${MYSQL_FLAVOR:-}'" ;;
esac
case $COMPRESS_LEVEL in [1-9]) ;; *) die "COMPRESS_LEVEL must be 1-9, got '$COMPRESS_LEVEL'" ;; esac
for db in $BACKUP_DATABASES; do
  case $db in *[!A-Za-z0-9_]* | '') die "database name '$db' must consist of letters, digits and _" ;; esac
done
ID=${BACKUP_ID:-$(date -u +%Y%m%dT%H%M%SZ)}
case $ID in
  [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) ;;
  *) die "BACKUP_ID '$ID' is not of the form YYYYMMDDTHHMMSSZ" ;;
esac
PRIV=$(mktemp -d "${TMPDIR:-/tmp}/mysql-backup.XXXXXX")
trap 'rm -rf "$PRIV"' EXIT
CNF=$PRIV/client.cnf
write_client_cnf "$CNF"
DIR=$BACKUP_WORK_DIR/$ID
rm -rf "$DIR" "$BACKUP_WORK_DIR/READY"
mkdir -p "$DIR"
SOURCE="${MYSQL_HOST:-localhost}:${MYSQL_PORT:-3306}"

mysql_wait_connect "$CNF" "$SOURCE" "SELECT CONCAT(VERSION(), ' ', IF(@@read_only, 'replica', 'primary'))"
STATE=$RETRY_OUT
log "backup $ID from $SOURCE (${STATE% *}, ${STATE##* })"

# The dump records the binlog position (and GTID, when the server logs GTIDs); the server's GTID
# position just before and after the dumps brackets the snapshot on replicas too.
gtid() {
  "$MYSQL_CLIENT" --defaults-file="$CNF" --batch --skip-column-names -e "SELECT @@$GTID_VAR" 2>/dev/null | tr -d '\n' || true
}
GTID_BEFORE=$(gtid)
for db in $BACKUP_DATABASES; do
  t0=$(date +%s)
  # shellcheck disable=SC2086 # POSITION_ARGS is a list of options
  "$MYSQL_DUMP" --defaults-file="$CNF" --single-transaction --quick --routines --events --triggers \
    --hex-blob --default-character-set=utf8mb4 $POSITION_ARGS --databases "$db" \
    --result-file="$DIR/$db.sql" 2>"$PRIV/err" ||
    die "$MYSQL_DUMP of database $db failed: $(head -c 300 "$PRIV/err")"
  tail -n 1 "$DIR/$db.sql" | grep -q '^-- Dump completed' || die "$db.sql is incomplete (no '-- Dump completed' line)"
  gzip -"$COMPRESS_LEVEL" "$DIR/$db.sql" || die "gzip of $db.sql failed"
  gzip -t "$DIR/$db.sql.gz" || die "$db.sql.gz is not a valid gzip file"
  log "dumped $db: $(wc -c <"$DIR/$db.sql.gz" | tr -d ' ') bytes compressed in $(($(date +%s) - t0))s"
done
GTID_AFTER=$(gtid)
GTID=$(gzip -dc "$DIR/$(printf '%s' "$BACKUP_DATABASES" | cut -d' ' -f1).sql.gz" | head -n 60 | grep -E "gtid_slave_pos|GTID_PURGED|MASTER_LOG_POS|SOURCE_LOG_POS" | head -n 2 | tr '\n' ' ') || GTID=''
printf 'engine=%s\nserver_version=%s\nrole=%s\nsource=%s\nid=%s\ndatabases=%s\nposition=%s\n%s_before=%s\n%s_after=%s\n' \
  "$MYSQL_FLAVOR" "${STATE% *}" "${STATE##* }" "$SOURCE" "$ID" "$BACKUP_DATABASES" "$GTID" \
  "$GTID_VAR" "$GTID_BEFORE" "$GTID_VAR" "$GTID_AFTER" >"$DIR/MANIFEST"
(cd "$DIR" && sha256sum -- *.sql.gz MANIFEST >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS) || die 'writing SHA256SUMS failed'
printf '%s\n' "$ID" >"$BACKUP_WORK_DIR/READY.tmp"
mv "$BACKUP_WORK_DIR/READY.tmp" "$BACKUP_WORK_DIR/READY"
log "backup $ID ready: $(du -sk "$DIR" | cut -f1) KiB"
