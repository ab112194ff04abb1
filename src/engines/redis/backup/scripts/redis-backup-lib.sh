# shellcheck shell=sh
# redis-backup-lib.sh - helpers of the Redis backup, verification and restore steps (sourced).
# The caller sets PROG.

log() { printf '%s: %s\n' "$PROG" "$*"; }
die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  if [ -n "${VERIFY_RESULT_FILE:-}" ]; then printf 'FAILED: %s\n' "$*" >"$VERIFY_RESULT_FILE" 2>/dev/null || true; fi
  exit 1
}

is_backup_id() {
  case $1 in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) return 0 ;;
    *) return 1 ;;
  esac
}

# ready_backup: sets ID and DIR from $BACKUP_WORK_DIR/READY (written last by download.sh) and
# checks that the backup holds an RDB file.
ready_backup() {
  [ -f "$BACKUP_WORK_DIR/READY" ] || die "no downloaded backup in $BACKUP_WORK_DIR (READY is missing)"
  ID=$(cat "$BACKUP_WORK_DIR/READY")
  is_backup_id "$ID" || die "READY holds '$ID', not a backup ID"
  DIR=$BACKUP_WORK_DIR/$ID
  [ -f "$DIR/dump.rdb" ] || die "backup $ID has no dump.rdb"
}

# remote_cli ARGS...: redis-cli to REDIS_HOST:REDIS_PORT as REDIS_USER, the password through the
# environment (REDISCLI_AUTH), never the command line. With TLS (REDIS_TLS_CA_FILE set, the
# database's CA) the connection is TLS and the server's certificate is verified against the CA.
remote_cli() {
  if [ -n "${REDIS_TLS_CA_FILE:-}" ]; then set -- --tls --cacert "$REDIS_TLS_CA_FILE" "$@"; fi
  REDISCLI_AUTH=$REDIS_PASSWORD "${REDIS_CLI:-redis-cli}" --no-auth-warning --user "$REDIS_USER" -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"
}

# start_throwaway DIR [OPTIONS...]: a private redis-server on a Unix socket only (port 0: no
# network) loading DIR/dump.rdb, no persistence, with further server OPTIONS; sets SOCK and
# SERVER_PID, waits until the dataset is loaded.
start_throwaway() {
  SOCK=$1/redis.sock
  _dir=$1
  shift
  rm -f "$SOCK"
  "${REDIS_SERVER:-redis-server}" --port 0 --unixsocket "$SOCK" --unixsocketperm 700 --dir "$_dir" \
    --dbfilename dump.rdb --appendonly no --save '' --protected-mode yes --logfile "$_dir/server.log" "$@" &
  SERVER_PID=$!
  trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
  trap 'exit 1' INT TERM
  _i=0
  while :; do
    _out=$(local_redis PING 2>&1) || _out=''
    [ "$_out" != PONG ] || break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the throwaway server exited: $(tail -n 5 "$_dir/server.log" 2>/dev/null)"
    _i=$((_i + 1))
    [ "$_i" -lt 600 ] || die 'the throwaway server did not load the snapshot within 5 minutes'
    sleep 0.5
  done
}

# local_redis ARGS...: the throwaway server.
local_redis() {
  "${REDIS_CLI:-redis-cli}" -s "$SOCK" "$@"
}

# keyspace: "db count" lines of the throwaway server (INFO keyspace).
keyspace() {
  local_redis INFO keyspace | tr -d '\r' | sed -n 's/^db\([0-9][0-9]*\):keys=\([0-9][0-9]*\),.*/\1 \2/p'
}

# retry_connect WHAT CMD...: runs CMD until it succeeds, for at most CONNECT_WAIT_SECONDS (default
# 60): a new pod's address can take seconds to reach the NetworkPolicy controller, and until then
# its connections are refused. Sets OUT to the last output; returns CMD's last status.
retry_connect() {
  _what=$1
  shift
  _waited=0
  while :; do
    if OUT=$("$@" 2>&1); then return 0; fi
    # Only a connection that could not be made is retried (not an authentication error).
    case $OUT in *'Could not connect'* | *'Connection refused'* | *'timed out'* | *'not known'* | *'Temporary failure'*) ;; *) return 1 ;; esac
    [ "$_waited" -lt "${CONNECT_WAIT_SECONDS:-60}" ] || return 1
    log "cannot reach $_what yet ($(printf '%s' "$OUT" | head -c 120)); retrying"
    sleep 2
    _waited=$((_waited + 2))
  done
}
