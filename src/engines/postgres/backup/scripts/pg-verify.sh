#!/bin/sh
# pg-verify.sh - proves a backup restores: starts a throwaway PostgreSQL server on an empty
# directory inside this pod (Unix socket only, no TCP), restores the roles and every dump of
# the downloaded backup into it, runs check queries, and stops the server.
#
# Prints one result line per database ("verified <ID>/<db>: <n> tables, <m> rows") and writes
# a one-line summary to VERIFY_RESULT_FILE (the container's termination message). Exits non-zero
# when the checksum, the restore or a check fails.
#
# Environment:
#   BACKUP_WORK_DIR     (required) directory with READY and <ID>/ (from download.sh)
#   VERIFY_DIR          (required) empty, writable directory for the throwaway server
#   VERIFY_MIN_TABLES   each database must have at least this many tables (default 0)
#   VERIFY_QUERY        optional SQL run in each database; it must succeed and return a first
#                       value that is not empty, 'f', 'false' or '0'
#   VERIFY_QUERY_DATABASE  run VERIFY_QUERY only in this database (default: in every database)
#   VERIFY_RESULT_FILE  file for the summary line (default: none)
#   VERIFY_PORT         port number of the throwaway server's socket (default 5432)
set -eu
PROG=pg-verify
log() { printf '%s: %s\n' "$PROG" "$*"; }
RESULT=''
die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  if [ -n "${VERIFY_RESULT_FILE:-}" ]; then printf 'FAILED: %s\n' "$*" >"$VERIFY_RESULT_FILE" 2>/dev/null || true; fi
  exit 1
}
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
VERIFY_DIR=${VERIFY_DIR:-}
VERIFY_MIN_TABLES=${VERIFY_MIN_TABLES:-0}
VERIFY_QUERY=${VERIFY_QUERY:-}
VERIFY_PORT=${VERIFY_PORT:-5432}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$VERIFY_DIR" ] || die 'VERIFY_DIR is required'
case $VERIFY_MIN_TABLES in '' | *[!0-9]*) die "VERIFY_MIN_TABLES must be a whole number, got '$VERIFY_MIN_TABLES'" ;; esac
case $VERIFY_PORT in '' | *[!0-9]*) die "VERIFY_PORT must be a port number, got '$VERIFY_PORT'" ;; esac
[ -f "$BACKUP_WORK_DIR/READY" ] || die "no downloaded backup in $BACKUP_WORK_DIR (READY is missing)"
ID=$(cat "$BACKUP_WORK_DIR/READY")
DIR=$BACKUP_WORK_DIR/$ID
(cd "$DIR" && sha256sum -c --quiet SHA256SUMS) || die "backup $ID does not match its SHA256SUMS"
set -- "$DIR"/*.dump
[ -f "$1" ] || die "backup $ID contains no database dump"

# The throwaway server: trust over the socket only (it is in this pod's private directory).
PGDATA_T=$VERIFY_DIR/pgdata
SOCK=$VERIFY_DIR/run
rm -rf "$PGDATA_T" "$SOCK"
mkdir -p "$SOCK"
chmod 700 "$SOCK"
export PGHOST="$SOCK" PGPORT="$VERIFY_PORT" PGUSER=postgres
unset PGPASSWORD PGDATABASE
initdb -D "$PGDATA_T" -U postgres --auth=trust -E UTF8 --locale=C >"$VERIFY_DIR/initdb.log" 2>&1 ||
  die "initdb failed: $(tail -n 5 "$VERIFY_DIR/initdb.log")"
stop_server() {
  if [ -f "$PGDATA_T/postmaster.pid" ]; then pg_ctl -D "$PGDATA_T" stop -m immediate -w -t 30 >/dev/null 2>&1 || true; fi
}
trap stop_server EXIT
trap 'exit 1' INT TERM
pg_ctl -D "$PGDATA_T" -l "$VERIFY_DIR/server.log" -w -t 60 start \
  -o "-c listen_addresses='' -c unix_socket_directories='$SOCK' -p $VERIFY_PORT -c fsync=off -c full_page_writes=off -c max_wal_size=1GB" \
  >/dev/null || die "the throwaway server did not start: $(tail -n 5 "$VERIFY_DIR/server.log")"

# Roles and tablespaces: errors such as "role postgres already exists" are expected.
if [ -f "$DIR/globals.sql.gz" ]; then
  gzip -dc "$DIR/globals.sql.gz" >"$VERIFY_DIR/globals.sql" || die 'globals.sql.gz does not decompress'
  psql -Xq -d postgres -f "$VERIFY_DIR/globals.sql" >/dev/null 2>"$VERIFY_DIR/globals.err" || die 'restoring globals failed'
fi

SUMMARY=''
for dump in "$DIR"/*.dump; do
  db=$(basename "$dump" .dump)
  psql -XAtq -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null || die "cannot create database $db"
  pg_restore --exit-on-error --single-transaction -d "$db" "$dump" || die "restore of $ID/$db.dump failed"
  # Exact row counts of every user table (reads every row: proves the data is readable).
  COUNTS=$(psql -XAtq -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
SELECT format('SELECT count(*) FROM %I.%I', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
\gexec
SQL
) || die "counting rows in $db failed"
  tables=0
  rows=0
  for n in $COUNTS; do
    tables=$((tables + 1))
    rows=$((rows + n))
  done
  [ "$tables" -ge "$VERIFY_MIN_TABLES" ] || die "database $db has $tables table(s), expected at least $VERIFY_MIN_TABLES"
  if [ -n "$VERIFY_QUERY" ] && { [ -z "${VERIFY_QUERY_DATABASE:-}" ] || [ "$VERIFY_QUERY_DATABASE" = "$db" ]; }; then
    answer=$(psql -XAtq -v ON_ERROR_STOP=1 -d "$db" -c "$VERIFY_QUERY") || die "VERIFY_QUERY failed in $db"
    first=$(printf '%s\n' "$answer" | head -n 1 | cut -d'|' -f1)
    case $first in '' | f | false | 0) die "VERIFY_QUERY returned '$first' in $db" ;; esac
  fi
  RESULT="verified $ID/$db: $tables tables, $rows rows"
  log "$RESULT"
  SUMMARY="${SUMMARY:+$SUMMARY; }$db $tables tables $rows rows"
done
if [ -n "${VERIFY_RESULT_FILE:-}" ]; then printf 'OK %s: %s\n' "$ID" "$SUMMARY" >"$VERIFY_RESULT_FILE" || true; fi
log "backup $ID restores: $SUMMARY"
