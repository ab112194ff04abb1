#!/bin/sh
# redis-backup.sh - an RDB snapshot of a Redis server into a scratch directory.
#
# Runs in the engine's image as an init container; upload.sh (rclone image) runs after it. The
# snapshot is taken with `redis-cli --rdb` from the source (an in-sync replica through the read
# Service by default): the server forks and streams a point-in-time RDB of the whole dataset (every
# numbered database), as it does for a replica's full sync, so the master is not touched. It logs
# in as the replication user (SYNC), over TLS when the database has TLS. The file is checked with redis-check-rdb before it counts.
#
# Writes $BACKUP_WORK_DIR/<ID>/dump.rdb, MANIFEST, SHA256SUMS, then $BACKUP_WORK_DIR/READY.
#
# Environment:
#   BACKUP_WORK_DIR   (required) scratch directory (an emptyDir)
#   REDIS_HOST, REDIS_PORT, REDIS_USER, REDIS_PASSWORD   (required) source server and account
#   REDIS_TLS_CA_FILE the database's CA: connect over TLS (a database with TLS has no plain port)
#   BACKUP_ID         backup name (default: UTC start time, YYYYMMDDTHHMMSSZ)
#   CONNECT_WAIT_SECONDS  how long to retry the first connection (default 60)
#   REDIS_CLI, REDIS_CHECK_RDB   tools (default redis-cli, redis-check-rdb)
set -eu
PROG=redis-backup
# shellcheck source-path=SCRIPTDIR source=redis-backup-lib.sh
. "$(dirname "$0")/redis-backup-lib.sh"

BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
for _n in REDIS_HOST REDIS_PORT REDIS_USER REDIS_PASSWORD; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || die "$_n is required"
done
ID=${BACKUP_ID:-$(date -u +%Y%m%dT%H%M%SZ)}
is_backup_id "$ID" || die "BACKUP_ID '$ID' is not of the form YYYYMMDDTHHMMSSZ"
DIR=$BACKUP_WORK_DIR/$ID
rm -rf "$DIR" "$BACKUP_WORK_DIR/READY"
mkdir -p "$DIR"
SOURCE=$REDIS_HOST:$REDIS_PORT
retry_connect "$SOURCE" remote_cli INFO replication || die "cannot connect to $SOURCE as $REDIS_USER: $(printf '%s' "$OUT" | head -c 300)"
INFO=$OUT
ROLE=$(printf '%s\n' "$INFO" | tr -d '\r' | sed -n 's/^role://p')
[ -n "$ROLE" ] || die "unexpected answer from $SOURCE: $(printf '%s' "$INFO" | head -c 300)"
log "backup $ID from $SOURCE (role $ROLE)"
t0=$(date +%s)
remote_cli --rdb "$DIR/dump.rdb" >"$DIR/cli.log" 2>&1 || die "redis-cli --rdb from $SOURCE failed: $(tail -c 300 "$DIR/cli.log")"
grep -q 'Transfer finished with success' "$DIR/cli.log" || die "redis-cli --rdb did not finish: $(tail -c 300 "$DIR/cli.log")"
rm -f "$DIR/cli.log"
"${REDIS_CHECK_RDB:-redis-check-rdb}" "$DIR/dump.rdb" >"$BACKUP_WORK_DIR/check.log" 2>&1 ||
  die "redis-check-rdb rejects the snapshot: $(tail -c 300 "$BACKUP_WORK_DIR/check.log")"
KEYS=$(sed -n 's/^\[info\] \([0-9]*\) keys read.*/\1/p' "$BACKUP_WORK_DIR/check.log" | tail -n 1)
VERSION=$(printf '%s\n' "$(remote_cli INFO server 2>/dev/null)" | tr -d '\r' | sed -n 's/^redis_version://p')
printf 'engine=redis\nserver_version=%s\nrole=%s\nsource=%s\nid=%s\nkeys=%s\nbytes=%s\n' \
  "$VERSION" "$ROLE" "$SOURCE" "$ID" "${KEYS:-?}" "$(wc -c <"$DIR/dump.rdb" | tr -d ' ')" >"$DIR/MANIFEST"
(cd "$DIR" && sha256sum -- dump.rdb MANIFEST >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS) || die 'writing SHA256SUMS failed'
printf '%s\n' "$ID" >"$BACKUP_WORK_DIR/READY.tmp"
mv "$BACKUP_WORK_DIR/READY.tmp" "$BACKUP_WORK_DIR/READY"
log "backup $ID ready: $(wc -c <"$DIR/dump.rdb" | tr -d ' ') bytes, ${KEYS:-?} keys, in $(($(date +%s) - t0))s"
