#!/bin/sh
# cdk8s-db Redis Sentinel container command (one Sentinel in every pod).
#
# Writes SENTINEL_DIR/sentinel.conf (on the data volume, mode 0600: Sentinel rewrites it with
# what it learns, and a restarted pod finds the last master in it) and execs redis-sentinel:
#   - a stable `sentinel myid` derived from the pod name, so that a restarted Sentinel is the
#     same member for the others and no stale entry inflates the count a majority needs;
#   - `resolve-hostnames`/`announce-hostnames` with this pod's stable DNS name (never a pod IP);
#   - `sentinel monitor` of the master the set's Sentinels agree on (majority), else the one
#     recorded in the previous file, else pod 0; quorum = a majority of the pods;
#   - the epochs of the previous file (a restarted Sentinel does not vote in an old epoch);
#   - ACL users of the Sentinel itself: default off; REPLICATION_USER (the Sentinels among
#     themselves, the probes and preStop: every command); APP_USER (sentinel-aware clients:
#     discovery commands and the event channels only). Password hashes only.
# It waits until this pod's and the master's names resolve: Sentinel refuses an unresolvable
# master at start.
#
# Environment: POD_NAME REDIS_PEERS SENTINEL_DIR REPLICATION_USER REPLICATION_PASSWORD APP_USER
#   APP_PASSWORD; optional SENTINEL_DOWN_AFTER_MS (5000), SENTINEL_FAILOVER_TIMEOUT_MS (60000),
#   REDIS_SENTINEL (redis-sentinel), RESOLVE_WAIT_SECONDS (120), BIND_ADDRESS (default: every
#   interface of the pod); with TLS REDIS_TLS_CERT_FILE REDIS_TLS_KEY_FILE REDIS_TLS_CA_FILE
#   and optional TLS_CHECK_SECONDS (10), TLS_RESTART_STAGGER_SECONDS (10).
set -eu
LOG_NAME=sentinel
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"

for _n in SENTINEL_DIR REPLICATION_USER REPLICATION_PASSWORD APP_USER APP_PASSWORD; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || die "environment variable $_n is required"
done
init_self
tls_check_files
down_after=${SENTINEL_DOWN_AFTER_MS:-5000}
failover_timeout=${SENTINEL_FAILOVER_TIMEOUT_MS:-60000}
is_uint "$down_after" || die "SENTINEL_DOWN_AFTER_MS must be a whole number, got '$down_after'"
is_uint "$failover_timeout" || die "SENTINEL_FAILOVER_TIMEOUT_MS must be a whole number, got '$failover_timeout'"
umask 077
mkdir -p "$SENTINEL_DIR"
conf=$SENTINEL_DIR/sentinel.conf

resolves() {
  case $1 in *[!0-9.]*) getent hosts "$1" >/dev/null 2>&1 ;; *) return 0 ;; esac
}
wait_resolve() {
  _w=0
  until resolves "$1"; do
    [ "$_w" -lt "${RESOLVE_WAIT_SECONDS:-120}" ] || die "$1 does not resolve after ${_w}s"
    sleep 2
    _w=$((_w + 2))
  done
}
wait_resolve "$SELF_HOST"
decide_master "$conf"
wait_resolve "${MASTER%:*}"

epoch() { [ -r "$conf" ] && sed -n "s/^$1 \\([0-9][0-9]*\\)\$/\\1/p" "$conf" | head -n 1; }
current_epoch=$(epoch 'sentinel current-epoch' || true)
config_epoch=$(epoch "sentinel config-epoch $REDIS_MASTER_NAME" || true)
leader_epoch=$(epoch "sentinel leader-epoch $REDIS_MASTER_NAME" || true)
myid=$(printf 'cdk8s-db sentinel %s' "$POD_NAME" | sha1sum | cut -d' ' -f1)

{
  printf '%s\n' "# written by cdk8s-db sentinel.sh at start; Sentinel rewrites it"
  if [ -n "${REDIS_TLS_CA_FILE:-}" ]; then
    # TLS only: clients and the other Sentinels connect over TLS; this Sentinel talks TLS to
    # the servers and the other Sentinels (tls-replication), verified against the CA.
    echo 'port 0'
    printf '%s\n' "tls-port $SELF_SPORT"
    printf '%s\n' "tls-cert-file $REDIS_TLS_CERT_FILE" "tls-key-file $REDIS_TLS_KEY_FILE" "tls-ca-cert-file $REDIS_TLS_CA_FILE"
    echo 'tls-auth-clients no'
    echo 'tls-replication yes'
    echo 'tls-protocols "TLSv1.2 TLSv1.3"'
  else
    printf '%s\n' "port $SELF_SPORT"
  fi
  echo 'protected-mode no'
  [ -z "${BIND_ADDRESS:-}" ] || printf '%s\n' "bind $BIND_ADDRESS"
  printf '%s\n' "dir $SENTINEL_DIR"
  printf '%s\n' "sentinel myid $myid"
  echo 'sentinel resolve-hostnames yes'
  echo 'sentinel announce-hostnames yes'
  printf '%s\n' "sentinel announce-ip $SELF_HOST"
  printf '%s\n' "sentinel announce-port $SELF_SPORT"
  printf '%s\n' "sentinel monitor $REDIS_MASTER_NAME ${MASTER%:*} ${MASTER##*:} $QUORUM"
  printf '%s\n' "sentinel auth-user $REDIS_MASTER_NAME $REPLICATION_USER"
  printf '%s\n' "sentinel auth-pass $REDIS_MASTER_NAME $(conf_quote "$REPLICATION_PASSWORD")"
  printf '%s\n' "sentinel down-after-milliseconds $REDIS_MASTER_NAME $down_after"
  printf '%s\n' "sentinel failover-timeout $REDIS_MASTER_NAME $failover_timeout"
  printf '%s\n' "sentinel parallel-syncs $REDIS_MASTER_NAME 1"
  printf '%s\n' "sentinel sentinel-user $REPLICATION_USER"
  printf '%s\n' "sentinel sentinel-pass $(conf_quote "$REPLICATION_PASSWORD")"
  [ -z "$current_epoch" ] || printf '%s\n' "sentinel current-epoch $current_epoch"
  [ -z "$config_epoch" ] || printf '%s\n' "sentinel config-epoch $REDIS_MASTER_NAME $config_epoch"
  [ -z "$leader_epoch" ] || printf '%s\n' "sentinel leader-epoch $REDIS_MASTER_NAME $leader_epoch"
  echo 'user default off resetchannels -@all'
  printf '%s\n' "user $REPLICATION_USER on #$(password_hash "$REPLICATION_PASSWORD") allchannels +@all"
  printf '%s %s %s %s\n' "user $APP_USER on #$(password_hash "$APP_PASSWORD") resetchannels &* -@all +auth +hello +ping" \
    '+sentinel|get-master-addr-by-name +sentinel|master +sentinel|masters +sentinel|replicas +sentinel|slaves' \
    '+sentinel|sentinels +sentinel|myid +sentinel|ckquorum +subscribe +psubscribe +unsubscribe +punsubscribe' \
    '+client|setname +client|getname +client|id +role'
} >"$conf.tmp"
mv -f "$conf.tmp" "$conf"
log "monitoring master $MASTER ($MASTER_SOURCE), quorum $QUORUM of $PEERS, down-after ${down_after}ms${REDIS_TLS_CA_FILE:+, TLS only}"
[ -n "${REDIS_TLS_CA_FILE:-}" ] || exec "${REDIS_SENTINEL:-redis-sentinel}" "$conf"

# With TLS, Sentinel reads its certificate files only at start (it has no CONFIG SET): this
# script stays the container's process, checks the mounted files every TLS_CHECK_SECONDS (10),
# and when they changed (a renewed Secret) restarts Sentinel through itself (the same start as a
# container restart: the master the Sentinels agree on, the recorded epochs). Pods wait
# ordinal x TLS_RESTART_STAGGER_SECONDS (10) first, so that the Sentinels of a set do not restart
# at the same moment. SIGTERM/SIGINT are passed on to Sentinel.
sum=$(tls_files_sum)
check=${TLS_CHECK_SECONDS:-10}
stagger=${TLS_RESTART_STAGGER_SECONDS:-10}
{ is_uint "$check" && [ "$check" -gt 0 ]; } || die "TLS_CHECK_SECONDS must be a positive whole number, got '$check'"
is_uint "$stagger" || die "TLS_RESTART_STAGGER_SECONDS must be a whole number, got '$stagger'"
"${REDIS_SENTINEL:-redis-sentinel}" "$conf" &
pid=$!
stopping=''
trap 'stopping=1; kill -TERM "$pid" 2>/dev/null || true' TERM INT
# pause SECONDS: a sleep the traps interrupt.
pause() {
  sleep "$1" &
  _sleep=$!
  wait "$_sleep" 2>/dev/null || true
  kill "$_sleep" 2>/dev/null || true
}
restart=''
while [ -z "$stopping" ] && kill -0 "$pid" 2>/dev/null; do
  pause "$check"
  [ -z "$stopping" ] || break
  now=$(tls_files_sum)
  if [ -n "$now" ] && [ "$now" != "$sum" ]; then
    log "TLS files changed: restarting Sentinel in $((ORDINAL * stagger))s"
    pause $((ORDINAL * stagger))
    [ -z "$stopping" ] || break
    restart=1
    kill -TERM "$pid" 2>/dev/null || true
    break
  fi
done
rc=0
wait "$pid" || rc=$?
# A trap during wait returns early while Sentinel still runs: wait until it has exited.
while kill -0 "$pid" 2>/dev/null; do
  rc=0
  wait "$pid" || rc=$?
done
if [ -n "$restart" ] && [ -z "$stopping" ]; then
  trap - TERM INT
  exec /bin/sh "$0"
fi
exit "$rc"
