#!/bin/sh
# cdk8s-db Redis preStop of the server container: a master being stopped hands over first.
#
# On a replica (or when nothing answers) it does nothing. On the master with at least one
# connected replica:
#   1. CLIENT PAUSE WRITE: writes wait (they are neither acknowledged nor lost);
#   2. waits (at most PRESTOP_SYNC_SECONDS) until a replica has acknowledged the master's offset,
#      so that no acknowledged write is left only on this pod;
#   3. SENTINEL FAILOVER on this pod's Sentinel, else another one (a forced failover, no vote needed);
#   4. waits (at most PRESTOP_TIMEOUT seconds) until a majority of the Sentinels names another
#      master, makes this server its replica (REPLICAOF) and lifts the pause. The paused writes
#      then fail with READONLY on this pod and the clients retry on the new master. Then the
#      kubelet stops the server (SIGTERM: it saves and exits).
# If the failover does not happen in time, writes are unpaused and the pod stops anyway (the
# Sentinels fail over after down-after-milliseconds).
#
# Environment: POD_NAME REDIS_PEERS MONITORING_USER MONITORING_PASSWORD REPLICATION_USER
#   REPLICATION_PASSWORD; optional PRESTOP_TIMEOUT (30), PRESTOP_SYNC_SECONDS (5).
set -eu
LOG_NAME=prestop
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
init_self
timeout_s=${PRESTOP_TIMEOUT:-30}
sync_s=${PRESTOP_SYNC_SECONDS:-5}
is_uint "$timeout_s" || die "PRESTOP_TIMEOUT must be a whole number of seconds, got '$timeout_s'"
is_uint "$sync_s" || die "PRESTOP_SYNC_SECONDS must be a whole number of seconds, got '$sync_s'"

INFO=$(local_cli INFO replication 2>/dev/null) || { log 'server does not answer: nothing to hand over'; exit 0; }
[ "$(info_field role)" = master ] || { log 'replica: nothing to hand over'; exit 0; }
replicas=$(info_field connected_slaves)
if ! is_uint "$replicas" || [ "$replicas" -eq 0 ]; then
  log 'master without connected replicas: no failover possible'
  exit 0
fi
admin() { cli "$REPLICATION_USER" "$REPLICATION_PASSWORD" 127.0.0.1 "$SELF_PORT" "$@"; }

pause_ms=$(((timeout_s + sync_s + 5) * 1000))
admin CLIENT PAUSE "$pause_ms" WRITE >/dev/null || log 'WARNING: CLIENT PAUSE failed; failing over without pausing writes'
waited=0
while :; do
  INFO=$(local_cli INFO replication 2>/dev/null) || INFO=''
  offset=$(info_field master_repl_offset)
  acked=$(printf '%s\n' "$INFO" | tr -d '\r' | sed -n 's/^slave[0-9]*:.*,state=online,offset=\([0-9]*\),.*/\1/p' | sort -n | tail -n 1)
  if is_uint "$offset" && is_uint "$acked" && [ "$acked" -ge "$offset" ]; then
    log "a replica has acknowledged offset $offset"
    break
  fi
  if [ "$waited" -ge "$sync_s" ]; then
    log "WARNING: no replica acknowledged offset ${offset:-?} (best ${acked:-none}) within ${sync_s}s"
    break
  fi
  sleep 1
  waited=$((waited + 1))
done

# This pod's Sentinel first (its container waits in sentinel-prestop.sh), then the others.
asked=''
for _i in self $(seq 0 $((PEERS - 1))); do
  if [ "$_i" = self ]; then _h=127.0.0.1 _p=$SELF_SPORT; else
    [ "$_i" != "$ORDINAL" ] || continue
    peer "$_i"
    _h=$PEER_HOST _p=$PEER_SPORT
  fi
  out=$(sentinel_cli "$_h" "$_p" SENTINEL FAILOVER "$REDIS_MASTER_NAME" 2>&1) || out="no answer: $out"
  log "SENTINEL FAILOVER on $_h:$_p: $out"
  case $out in OK | *INPROG*) asked=$_h:$_p; break ;; esac
done
[ -n "$asked" ] || log 'WARNING: no Sentinel started a failover
# The Sentinels' commands to this server queue behind their paused hello PUBLISH, so this pod
# follows the new master itself once a majority names it, then lifts the pause: the paused writes
# then fail with READONLY here and the clients retry on the new master.
waited=0
while [ "$waited" -lt "$timeout_s" ]; do
  agreed_master 0
  if [ -n "$AGREED" ] && [ "$AGREED" != "$SELF_HOST:$SELF_PORT" ]; then
    admin REPLICAOF "${AGREED%:*}" "${AGREED##*:}" >/dev/null || log "WARNING: REPLICAOF $AGREED failed"
    admin CLIENT UNPAUSE >/dev/null 2>&1 || true
    log "handed over after ${waited}s: now a replica of $AGREED (agreed by $AGREED_COUNT of $PEERS Sentinels)"
    exit 0
  fi
  sleep 1
  waited=$((waited + 1))
done
admin CLIENT UNPAUSE >/dev/null 2>&1 || true
log "WARNING: still the agreed master after ${timeout_s}s; stopping anyway (the Sentinels fail over after down-after-milliseconds)"
