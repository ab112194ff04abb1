#!/bin/sh
# redis-verify.sh - proves a backup loads: starts a throwaway redis-server in this pod (Unix socket
# only, no network, no persistence) on a copy of the downloaded dump.rdb, waits until it has loaded
# it, counts the keys of every database, runs an optional check command, and stops the server.
# Writes a one-line result to VERIFY_RESULT_FILE; exits non-zero on any failure.
#
# Environment:
#   BACKUP_WORK_DIR     (required) directory with READY and <ID>/ (from download.sh)
#   VERIFY_DIR          (required) empty, writable directory for the throwaway server
#   VERIFY_MIN_KEYS     the snapshot must hold at least this many keys (default 0)
#   VERIFY_QUERY        optional Redis command (words split on blanks), e.g. `EXISTS orders:last`;
#                       must succeed and answer neither an error, nor empty, nor 0
#   VERIFY_RESULT_FILE  file for the summary line (default: none)
#   REDIS_SERVER, REDIS_CLI   tools (default redis-server, redis-cli)
set -eu
PROG=redis-verify
# shellcheck source-path=SCRIPTDIR source=redis-backup-lib.sh
. "$(dirname "$0")/redis-backup-lib.sh"
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
VERIFY_DIR=${VERIFY_DIR:-}
VERIFY_MIN_KEYS=${VERIFY_MIN_KEYS:-0}
VERIFY_QUERY=${VERIFY_QUERY:-}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$VERIFY_DIR" ] || die 'VERIFY_DIR is required'
case $VERIFY_MIN_KEYS in '' | *[!0-9]*) die "VERIFY_MIN_KEYS must be a whole number, got '$VERIFY_MIN_KEYS'" ;; esac
ready_backup
WORK=$VERIFY_DIR/redis
rm -rf "$WORK"
mkdir -p "$WORK"
cp "$DIR/dump.rdb" "$WORK/dump.rdb"
t0=$(date +%s)
start_throwaway "$WORK"
KEYS=0
DBS=''
for line in $(keyspace | tr ' ' ':'); do
  KEYS=$((KEYS + ${line#*:}))
  DBS="$DBS db${line%%:*}=${line#*:}"
done
[ "$KEYS" -ge "$VERIFY_MIN_KEYS" ] || die "backup $ID holds $KEYS keys, fewer than the $VERIFY_MIN_KEYS required"
QUERY_RESULT=''
if [ -n "$VERIFY_QUERY" ]; then
  set -f
  # shellcheck disable=SC2086 # the command's words
  QUERY_RESULT=$(local_redis $VERIFY_QUERY 2>&1) || die "VERIFY_QUERY failed: $(printf '%s' "$QUERY_RESULT" | head -c 200)"
  set +f
  case $QUERY_RESULT in
    '' | 0 | '(nil)' | ERR* | WRONGTYPE* | NOPERM* | *'(error)'*) die "VERIFY_QUERY answered '$(printf '%s' "$QUERY_RESULT" | head -c 200)'" ;;
  esac
fi
RESULT="OK: backup $ID loaded in $(($(date +%s) - t0))s: $KEYS keys (${DBS# }${DBS:+, }min $VERIFY_MIN_KEYS)${VERIFY_QUERY:+, query answered $(printf '%s' "$QUERY_RESULT" | head -n 1 | head -c 80)}"
[ -z "${VERIFY_RESULT_FILE:-}" ] || printf '%s\n' "$RESULT" >"$VERIFY_RESULT_FILE"
log "$RESULT"
