#!/bin/sh
# mysql-restore.sh - restores one database of a downloaded backup into a MySQL/MariaDB server.
#
# The dump (made with --databases) drops and re-creates each table it contains; it is loaded
# with the client after its checksum and its '-- Dump completed' trailer are checked. Unlike
# PostgreSQL's restore this is not one transaction (DDL commits implicitly): a failure midway
# leaves the database partly restored, and the Job fails visibly.
#
# Environment:
#   BACKUP_WORK_DIR    (required) directory with READY and <ID>/ (from download.sh)
#   RESTORE_DATABASE   (required) database to restore into
#   RESTORE_SOURCE     database name in the backup (default: RESTORE_DATABASE, or the only dump)
#   MYSQL_CLIENT       mariadb or mysql (required)
#   MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASSWORD   target server (the write endpoint) and
#                      its application user (all privileges on RESTORE_DATABASE, nothing else)
#
# It runs as the application user, not root (root has no TCP login): the DEFINER clauses of views,
# triggers, routines and events are removed, so each is created with the application user as its
# definer (an account may name only itself as definer without SET USER/SUPER), like PostgreSQL's
# pg_restore --no-owner. Data lines (INSERT) are never changed.
set -eu
PROG=mysql-restore
LIB_DIR=$(dirname "$0")
# shellcheck source=../../../../cluster/scripts/retry.sh
. "$LIB_DIR/retry.sh"
# shellcheck source-path=SCRIPTDIR source=mysql-lib.sh
. "$LIB_DIR/mysql-lib.sh"
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
RESTORE_DATABASE=${RESTORE_DATABASE:-}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$RESTORE_DATABASE" ] || die 'RESTORE_DATABASE is required'
[ -n "${MYSQL_CLIENT:-}" ] || die 'MYSQL_CLIENT is required'
case $RESTORE_DATABASE in *[!A-Za-z0-9_]*) die "RESTORE_DATABASE '$RESTORE_DATABASE' must consist of letters, digits and _" ;; esac
ready_backup
SOURCE=${RESTORE_SOURCE:-}
if [ -z "$SOURCE" ]; then
  if [ -f "$DIR/$RESTORE_DATABASE.sql.gz" ]; then
    SOURCE=$RESTORE_DATABASE
  else
    set -- "$DIR"/*.sql.gz
    [ "$#" -eq 1 ] || die "backup $ID has no $RESTORE_DATABASE.sql.gz; set RESTORE_SOURCE"
    SOURCE=$(basename "$1" .sql.gz)
  fi
fi
[ -f "$DIR/$SOURCE.sql.gz" ] || die "backup $ID has no dump of database $SOURCE"
PRIV=$(mktemp -d "${TMPDIR:-/tmp}/mysql-restore.XXXXXX")
trap 'rm -rf "$PRIV"' EXIT
write_client_cnf "$PRIV/client.cnf"
unpack "$SOURCE" "$PRIV/dump.sql"
mysql_wait_connect "$PRIV/client.cnf" "${MYSQL_HOST:-localhost}:${MYSQL_PORT:-3306}" 'SELECT 1'
log "restoring $ID/$SOURCE.sql.gz into database $RESTORE_DATABASE on ${MYSQL_HOST:-localhost}:${MYSQL_PORT:-3306}"
t0=$(date +%s)
# The dump selects its own database (USE `source`): restore under another name by loading it
# with the database created and the CREATE DATABASE/USE lines pointing at the target.
# shellcheck disable=SC2016 # the backquotes are SQL's identifier quotes, not command substitution
sed -e "s/^CREATE DATABASE \/\*!32312 IF NOT EXISTS\*\/ \`$SOURCE\`/CREATE DATABASE \/*!32312 IF NOT EXISTS*\/ \`$RESTORE_DATABASE\`/" \
  -e "s/^USE \`$SOURCE\`;/USE \`$RESTORE_DATABASE\`;/" \
  -e '/^INSERT INTO /!s/DEFINER=`[^`]*`@`[^`]*`//g' "$PRIV/dump.sql" >"$PRIV/restore.sql" || die 'preparing the dump failed'
"$MYSQL_CLIENT" --defaults-file="$PRIV/client.cnf" --batch <"$PRIV/restore.sql" 2>"$PRIV/err" ||
  die "loading $ID/$SOURCE.sql.gz into $RESTORE_DATABASE failed: $(head -c 300 "$PRIV/err")"
log "restored $ID/$SOURCE.sql.gz into $RESTORE_DATABASE in $(($(date +%s) - t0))s"
