#!/bin/sh
# mysql-verify.sh - proves a backup restores: starts a throwaway MySQL/MariaDB server on an empty
# directory inside this pod (socket only, --skip-networking), loads every dump of the downloaded
# backup, counts the rows of every table, runs an optional check query, and stops the server.
# Writes a one-line result to VERIFY_RESULT_FILE; exits non-zero on any failure.
#
# Environment:
#   BACKUP_WORK_DIR     (required) directory with READY and <ID>/ (from download.sh)
#   VERIFY_DIR          (required) empty, writable directory for the throwaway server
#   MYSQL_FLAVOR, MYSQL_SERVER, MYSQL_CLIENT, MYSQL_INSTALL_DB   (required) the engine's tools
#   VERIFY_MIN_TABLES   each database must have at least this many tables (default 0)
#   VERIFY_QUERY        optional SQL; must succeed and return a first value not empty/0
#   VERIFY_QUERY_DATABASE  run VERIFY_QUERY only in this database (default: every database)
#   VERIFY_RESULT_FILE  file for the summary line (default: none)
set -eu
PROG=mysql-verify
LIB_DIR=$(dirname "$0")
# shellcheck source=../../../../cluster/scripts/retry.sh
. "$LIB_DIR/retry.sh"
# shellcheck source-path=SCRIPTDIR source=mysql-lib.sh
. "$LIB_DIR/mysql-lib.sh"
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
VERIFY_DIR=${VERIFY_DIR:-}
VERIFY_MIN_TABLES=${VERIFY_MIN_TABLES:-0}
VERIFY_QUERY=${VERIFY_QUERY:-}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$VERIFY_DIR" ] || die 'VERIFY_DIR is required'
if [ -z "${MYSQL_SERVER:-}" ] || [ -z "${MYSQL_CLIENT:-}" ]; then die "MYSQL_SERVER and MYSQL_CLIENT are required"; fi
case $VERIFY_MIN_TABLES in '' | *[!0-9]*) die "VERIFY_MIN_TABLES must be a whole number, got '$VERIFY_MIN_TABLES'" ;; esac
ready_backup
set -- "$DIR"/*.sql.gz
[ -f "$1" ] || die "backup $ID contains no database dump"

DATA=$VERIFY_DIR/data
SOCK=$VERIFY_DIR/mysqld.sock
rm -rf "$DATA" "$SOCK"
mkdir -p "$DATA"
CNF=$VERIFY_DIR/client.cnf
printf '[client]\nuser=root\nsocket=%s\n' "$SOCK" >"$CNF"
case ${MYSQL_FLAVOR:-} in
  mariadb)
    "${MYSQL_INSTALL_DB:-mariadb-install-db}" --no-defaults --datadir="$DATA" --auth-root-authentication-method=normal \
      --skip-test-db >"$VERIFY_DIR/install.log" 2>&1 || die "$MYSQL_INSTALL_DB failed: $(tail -n 5 "$VERIFY_DIR/install.log")"
    ;;
  mysql)
    "$MYSQL_SERVER" --no-defaults --initialize-insecure --datadir="$DATA" >"$VERIFY_DIR/install.log" 2>&1 ||
      die "mysqld --initialize-insecure failed: $(tail -n 5 "$VERIFY_DIR/install.log")"
    ;;
  *) die "MYSQL_FLAVOR must be mariadb or mysql, got '${MYSQL_FLAVOR:-}'" ;;
esac
"$MYSQL_SERVER" --no-defaults --datadir="$DATA" --socket="$SOCK" --pid-file="$VERIFY_DIR/mysqld.pid" \
  --skip-networking --skip-log-bin --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 \
  --log-error="$VERIFY_DIR/server.log" >/dev/null 2>&1 &
SERVER_PID=$!
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap stop_server EXIT
trap 'exit 1' INT TERM
i=0
until "$MYSQL_CLIENT" --defaults-file="$CNF" --batch -e 'SELECT 1' >/dev/null 2>&1; do
  kill -0 "$SERVER_PID" 2>/dev/null || die "the throwaway server exited: $(tail -n 5 "$VERIFY_DIR/server.log")"
  i=$((i + 1))
  [ "$i" -lt 120 ] || die 'the throwaway server did not start within 60s'
  sleep 0.5
done

SUMMARY=''
for gz in "$DIR"/*.sql.gz; do
  db=$(basename "$gz" .sql.gz)
  unpack "$db" "$VERIFY_DIR/dump.sql"
  "$MYSQL_CLIENT" --defaults-file="$CNF" --batch <"$VERIFY_DIR/dump.sql" 2>"$VERIFY_DIR/err" ||
    die "restore of $ID/$db.sql.gz failed: $(head -c 300 "$VERIFY_DIR/err")"
  rm -f "$VERIFY_DIR/dump.sql"
  TABLES=$("$MYSQL_CLIENT" --defaults-file="$CNF" --batch --skip-column-names -e \
    "SELECT table_name FROM information_schema.tables WHERE table_schema = '$db' AND table_type = 'BASE TABLE'") ||
    die "listing tables of $db failed"
  tables=0
  rows=0
  for t in $TABLES; do
    n=$("$MYSQL_CLIENT" --defaults-file="$CNF" --batch --skip-column-names -e "SELECT COUNT(*) FROM \`$db\`.\`$t\`") ||
      die "counting rows of $db.$t failed"
    tables=$((tables + 1))
    rows=$((rows + n))
  done
  [ "$tables" -ge "$VERIFY_MIN_TABLES" ] || die "database $db has $tables table(s), expected at least $VERIFY_MIN_TABLES"
  if [ -n "$VERIFY_QUERY" ] && { [ -z "${VERIFY_QUERY_DATABASE:-}" ] || [ "$VERIFY_QUERY_DATABASE" = "$db" ]; }; then
    answer=$("$MYSQL_CLIENT" --defaults-file="$CNF" --batch --skip-column-names -D "$db" -e "$VERIFY_QUERY" 2>"$VERIFY_DIR/err") ||
      die "VERIFY_QUERY failed in $db: $(head -c 300 "$VERIFY_DIR/err")"
    first=$(printf '%s\n' "$answer" | head -n 1 | cut -f1)
    case $first in '' | 0 | NULL) die "VERIFY_QUERY returned '$first' in $db" ;; esac
  fi
  log "verified $ID/$db: $tables tables, $rows rows"
  SUMMARY="${SUMMARY:+$SUMMARY; }$db $tables tables $rows rows"
done
if [ -n "${VERIFY_RESULT_FILE:-}" ]; then printf 'OK %s: %s\n' "$ID" "$SUMMARY" >"$VERIFY_RESULT_FILE" || true; fi
log "backup $ID restores: $SUMMARY"
