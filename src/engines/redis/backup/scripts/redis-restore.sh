#!/bin/sh
# redis-restore.sh - restores a downloaded RDB snapshot into a running Redis (the write Service).
#
# A running server cannot load an RDB file from elsewhere, so the snapshot is loaded into a
# throwaway redis-server in this pod (Unix socket only) and every key is copied to the target with
# MIGRATE ... COPY REPLACE AUTH2 (the key with its value and TTL, server to server), database by
# database, in batches. Keys of the backup replace keys of the same name; other keys of the target
# stay. The commands, with the target's password, go to redis-cli on its standard input, never in
# its arguments. At the end the number of keys copied must equal the number in the snapshot (a key
# name with a line break, which SCAN output cannot carry, fails the restore instead of being
# skipped silently).
#
# Environment:
#   BACKUP_WORK_DIR     (required) directory with READY and <ID>/ (from download.sh)
#   RESTORE_DIR         (required) empty, writable directory for the throwaway server
#   REDIS_HOST, REDIS_PORT, REDIS_USER, REDIS_PASSWORD   (required) target and account (admin)
#   REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE, REDIS_TLS_KEY_FILE   the target's CA and the database's
#                       key pair: connect and MIGRATE over TLS (a database with TLS has no plain port)
#   RESTORE_BATCH       keys per MIGRATE (default 100)
#   CONNECT_WAIT_SECONDS  how long to retry the first connection (default 60)
#   REDIS_SERVER, REDIS_CLI   tools (default redis-server, redis-cli)
set -eu
PROG=redis-restore
# shellcheck source-path=SCRIPTDIR source=redis-backup-lib.sh
. "$(dirname "$0")/redis-backup-lib.sh"
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
RESTORE_DIR=${RESTORE_DIR:-}
BATCH=${RESTORE_BATCH:-100}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$RESTORE_DIR" ] || die 'RESTORE_DIR is required'
for _n in REDIS_HOST REDIS_PORT REDIS_USER REDIS_PASSWORD; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || die "$_n is required"
done
case $BATCH in '' | *[!0-9]* | 0) die "RESTORE_BATCH must be a positive whole number, got '$BATCH'" ;; esac
case $REDIS_PASSWORD in *'
'*) die 'the password contains a line break' ;; esac
ready_backup
retry_connect "$REDIS_HOST:$REDIS_PORT" remote_cli INFO replication || die "cannot connect to $REDIS_HOST:$REDIS_PORT as $REDIS_USER: $(printf '%s' "$OUT" | head -c 300)"
ROLE=$(printf '%s\n' "$OUT" | tr -d '\r' | sed -n 's/^role://p')
[ "$ROLE" = master ] || die "the target $REDIS_HOST:$REDIS_PORT is not a writable master (role '${ROLE:-unknown}')"

WORK=$RESTORE_DIR/redis
rm -rf "$WORK"
mkdir -p "$WORK"
cp "$DIR/dump.rdb" "$WORK/dump.rdb"
t0=$(date +%s)
if [ -n "${REDIS_TLS_CA_FILE:-}" ]; then
  # MIGRATE connects from the throwaway server to the target: over TLS (tls-cluster), the target's
  # certificate verified against the CA. Redis needs a key pair to set up TLS at all, so the
  # database's certificate and key are mounted too (the target asks for no client certificate).
  for _f in "${REDIS_TLS_CERT_FILE:?REDIS_TLS_CERT_FILE is required with TLS}" "${REDIS_TLS_KEY_FILE:?REDIS_TLS_KEY_FILE is required with TLS}" "$REDIS_TLS_CA_FILE"; do
    [ -r "$_f" ] || die "TLS file $_f is not readable"
  done
  start_throwaway "$WORK" --tls-cluster yes --tls-cert-file "$REDIS_TLS_CERT_FILE" --tls-key-file "$REDIS_TLS_KEY_FILE" \
    --tls-ca-cert-file "$REDIS_TLS_CA_FILE"
else
  start_throwaway "$WORK"
fi

# quote KEY: a double-quoted redis-cli argument (\ and " escaped).
quote() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
PW=$(quote "$REDIS_PASSWORD")
USER_Q=$(quote "$REDIS_USER")
TOTAL=0
COPIED=0
for line in $(keyspace | tr ' ' ':'); do
  db=${line%%:*} n=${line#*:}
  TOTAL=$((TOTAL + n))
  local_redis -n "$db" --scan >"$WORK/keys" || die "SCAN of db $db failed"
  # One MIGRATE per batch, read by redis-cli from its standard input; each key double-quoted.
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/"/' "$WORK/keys" |
    MIGRATE_HEAD="MIGRATE $REDIS_HOST $REDIS_PORT \"\" $db 30000 COPY REPLACE AUTH2 $USER_Q $PW KEYS" awk -v batch="$BATCH" '
      BEGIN { head = ENVIRON["MIGRATE_HEAD"] }
      { keys = keys " " $0; if (++k == batch) { print head keys; keys = ""; k = 0 } }
      END { if (k > 0) print head keys }
    ' >"$WORK/migrate"
  local_redis -n "$db" <"$WORK/migrate" >"$WORK/out" 2>&1 || die "MIGRATE to $REDIS_HOST:$REDIS_PORT failed: $(head -c 300 "$WORK/out")"
  rm -f "$WORK/migrate"
  bad=$(grep -v '^OK$' "$WORK/out" | head -n 3 | tr '\n' ' ') || bad=''
  [ -z "$bad" ] || die "MIGRATE of db $db answered: $(printf '%s' "$bad" | head -c 300)"
  keys=$(wc -l <"$WORK/keys" | tr -d ' ')
  [ "$keys" -eq "$n" ] || die "db $db: the snapshot has $n keys but SCAN listed $keys (a key name with a line break?)"
  COPIED=$((COPIED + keys))
  log "db $db: $keys keys copied"
done
[ "$COPIED" -eq "$TOTAL" ] || die "copied $COPIED of $TOTAL keys"
log "restored backup $ID into $REDIS_HOST:$REDIS_PORT: $COPIED keys in $(($(date +%s) - t0))s"
