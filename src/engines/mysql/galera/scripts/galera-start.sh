#!/bin/sh
# cdk8s-db Galera main container command (FailoverMode.AUTOMATIC for MariaDB): decides how this
# node starts, then execs mariadbd as PID 1 with the node's Galera settings:
#   --wsrep-cluster-address=gcomm://<every pod>, --wsrep-node-name=<pod>, the node's addresses and
#   ports, GALERA_PROVIDER_OPTIONS (pc.recovery=TRUE...), --read-only=ON (galera-role.sh makes the
#   chosen writer writable), --server-id and --report-host as run.sh.
#
# The decision, from this node's volume and its peers (asked over TCP as the monitoring user):
#   1. $VOLUME/.cdk8s-galera-force-bootstrap (written by galera-recover.sh, a human's decision):
#      safe_to_bootstrap is set in grastate.dat and the node bootstraps (--wsrep-new-cluster).
#   2. A peer is in a Primary component: join it (IST or SST), unless this node holds data of
#      another cluster (grastate.dat state UUID differs from the peer's): then it waits and says
#      that a human must decide (joining would replace the data by SST).
#   3. No data yet (a new pod, or a lost volume) and ordinal > 0: wait for a Primary peer (no
#      server runs meanwhile, so pod 0 can tell a new set from one whose members hold data).
#   4. Its volume holds bootstrap.sh's new-cluster marker (pod 0 of a new set, never started) and no peer answers on its SQL or Galera port
#      during GALERA_JOIN_WAIT_SECONDS: bootstrap the new cluster. A peer that listens means a
#      member with data exists: join (never an empty new cluster that would replace its data).
#   5. grastate.dat says safe_to_bootstrap: 1 (the last node of a graceful full stop) and no peer
#      became Primary during GALERA_JOIN_WAIT_SECONDS: bootstrap (--wsrep-new-cluster).
#   6. Otherwise a normal start: after a crash of every node, gvwstate.dat lets Galera's
#      pc.recovery restore the Primary component once all members of the last one are back;
#      after a graceful stop, the node waits for the safe_to_bootstrap node (pc.wait_prim_timeout
#      in GALERA_PROVIDER_OPTIONS bounds the wait; the container then restarts and decides again).
# Cases no rule covers (every node crashed and one volume is lost; simultaneous graceful stops that
# left no node safe_to_bootstrap) wait: see galera-recover.sh and the README.
#
# Environment: as run.sh, plus GALERA_PEERS GALERA_PROVIDER_OPTIONS; optional GALERA_BIND_ADDRESS
#   (0.0.0.0), GALERA_IST_PORT (4568), GALERA_SST_PORT (4444), GALERA_JOIN_WAIT_SECONDS (10),
#   GALERA_SERVER_ARGS (extra --name=value words).
# A joining node prefers the read-only replicas as its state donor (--wsrep-sst-donor, with a
# trailing comma: any member when none of them can).
set -eu
LOG_NAME=galera-start
# shellcheck source-path=SCRIPTDIR source=galera-lib.sh
. "$(dirname "$0")/galera-lib.sh"

for _n in MYSQL_SERVER MYSQL_CONFIG_FILE MYSQL_DATADIR POD_NAME GALERA_PROVIDER_OPTIONS; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || galera_die "environment variable $_n is required"
done
galera_init
datadir=${MYSQL_DATADIR%/}
volume=${datadir%/*}
offset=${SERVER_ID_OFFSET:-1}
{ galera_is_uint "$offset" && [ "$offset" -ge 1 ]; } || galera_die "SERVER_ID_OFFSET=$offset must be a whole number >= 1"
server_id=$((offset + ORDINAL))
bind=${GALERA_BIND_ADDRESS:-0.0.0.0}
ist_port=${GALERA_IST_PORT:-4568}
sst_port=${GALERA_SST_PORT:-4444}
wait_seconds=${GALERA_JOIN_WAIT_SECONDS:-10}
for _v in "$ist_port" "$sst_port" "$wait_seconds" "$SELF_SQL_PORT" "$SELF_GCOMM_PORT"; do
  galera_is_uint "$_v" || galera_die "ports and GALERA_JOIN_WAIT_SECONDS must be whole numbers, got '$_v'"
done
case $bind$GALERA_PROVIDER_OPTIONS in *[!A-Za-z0-9.:/=\;_-]*) galera_die "GALERA_BIND_ADDRESS or GALERA_PROVIDER_OPTIONS has unexpected characters" ;; esac
force_marker="$volume/.cdk8s-galera-force-bootstrap"
new_marker="$volume/.cdk8s-galera-new"

# The probes' credentials (as run.sh): the socket dir is an emptyDir.
if [ ! -f "$MYSQL_PROBE_DEFAULTS" ]; then
  galera_write_defaults "$MYSQL_PROBE_DEFAULTS" "${MONITORING_USER:?}" "${MONITORING_PASSWORD:?}" "${MYSQL_SOCKET:?}"
  galera_log "rewrote missing probe credentials $MYSQL_PROBE_DEFAULTS"
fi

# grastate.dat: uuid, seqno, safe_to_bootstrap.
gra_uuid='' gra_seqno='' gra_safe=''
read_grastate() {
  gra_uuid='' gra_seqno='' gra_safe=''
  [ -f "$datadir/grastate.dat" ] || return 0
  gra_uuid=$(sed -n 's/^uuid:[[:space:]]*//p' "$datadir/grastate.dat" | head -n 1)
  gra_seqno=$(sed -n 's/^seqno:[[:space:]]*//p' "$datadir/grastate.dat" | head -n 1)
  gra_safe=$(sed -n 's/^safe_to_bootstrap:[[:space:]]*//p' "$datadir/grastate.dat" | head -n 1)
}
read_grastate
# What grastate.dat said before this start (the running server sets its seqno to -1): for
# galera-recover.sh status, which a human compares across pods.
printf 'uuid: %s\nseqno: %s\nsafe_to_bootstrap: %s\nat: %s\n' "${gra_uuid:-none}" "${gra_seqno:-none}" "${gra_safe:-none}" \
  "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" >"$volume/.cdk8s-galera-start-state.tmp" &&
  mv -f "$volume/.cdk8s-galera-start-state.tmp" "$volume/.cdk8s-galera-start-state"
[ "$gra_uuid" != 00000000-0000-0000-0000-000000000000 ] || gra_uuid=''
has_data=
[ ! -d "$datadir/mysql" ] || has_data=1
# The new-cluster marker only counts until the node has joined or formed a cluster.
if [ -f "$new_marker" ] && [ -n "$gra_uuid" ]; then
  rm -f "$new_marker"
fi
data_text=none
[ -z "$has_data" ] || data_text=present
galera_log "starting: ordinal $ORDINAL of $PEER_COUNT, data $data_text, grastate uuid ${gra_uuid:-none} seqno ${gra_seqno:-none} safe_to_bootstrap ${gra_safe:-none}, gvwstate.dat $([ -f "$datadir/gvwstate.dat" ] && echo present || echo absent)"

# primary_peer: sets PRIMARY_PEER (ordinal) and PRIMARY_UUID when a peer is in a Primary component.
primary_peer() {
  PRIMARY_PEER='' PRIMARY_UUID=''
  _i=0
  while [ "$_i" -lt "$PEER_COUNT" ]; do
    if [ "$_i" -ne "$ORDINAL" ] && galera_peer_status "$_i" && [ "$G_STATUS" = Primary ]; then
      PRIMARY_PEER=$_i PRIMARY_UUID=$G_UUID
      return 0
    fi
    _i=$((_i + 1))
  done
  return 1
}

# listening_peer: sets LISTENING_PEER when a peer's SQL or Galera port answers.
listening_peer() {
  LISTENING_PEER=''
  _i=0
  while [ "$_i" -lt "$PEER_COUNT" ]; do
    if [ "$_i" -ne "$ORDINAL" ] && galera_peer "$_i"; then
      if galera_tcp_open "$PEER_HOST" "$PEER_GCOMM_PORT" || galera_tcp_open "$PEER_HOST" "$PEER_SQL_PORT"; then
        LISTENING_PEER="$_i ($PEER_HOST)"
        return 0
      fi
    fi
    _i=$((_i + 1))
  done
  return 1
}

# wait_for_primary SECONDS: polls the peers once a second for a Primary component.
wait_for_primary() {
  _end=$(($(date +%s) + $1))
  while :; do
    primary_peer && return 0
    [ "$(date +%s)" -lt "$_end" ] || return 1
    sleep 1
  done
}

# PID 1 while it waits: without a trap, sh ignores SIGTERM.
trap 'exit 143' TERM INT

mode='join'
reason=''
if [ -f "$force_marker" ]; then
  mode=bootstrap
  reason="forced by galera-recover.sh ($(head -c 300 "$force_marker" | tr -d '\r\n'))"
  [ -n "$has_data" ] || galera_die "$force_marker is present but $datadir holds no data: refusing to bootstrap an empty cluster"
  if [ -f "$datadir/grastate.dat" ]; then
    sed -i 's/^safe_to_bootstrap:.*/safe_to_bootstrap: 1/' "$datadir/grastate.dat"
  fi
  rm -f "$force_marker"
elif primary_peer; then
  reason="pod $PRIMARY_PEER is in a Primary component"
else
  if [ -z "$has_data" ]; then
    if [ "$ORDINAL" -ne 0 ] || [ ! -f "$new_marker" ]; then
      galera_log "no data yet: waiting for a peer in a Primary component to copy (SST) from"
      while ! primary_peer; do sleep 2; done
      reason="pod $PRIMARY_PEER is in a Primary component"
    fi
  fi
  if [ -z "$PRIMARY_PEER" ] && [ -f "$new_marker" ] && [ -z "$gra_uuid" ]; then
    galera_log "new cluster: checking for ${wait_seconds}s that no peer runs"
    if wait_for_primary "$wait_seconds"; then
      reason="pod $PRIMARY_PEER is in a Primary component"
    elif listening_peer; then
      reason="pod $LISTENING_PEER is running with data: joining instead of creating a new cluster (a human must decide if no Primary component forms)"
    else
      mode=bootstrap
      reason='new cluster: first start of the set, no peer runs'
    fi
  elif [ -z "$PRIMARY_PEER" ] && [ "$gra_safe" = 1 ]; then
    galera_log "safe_to_bootstrap: 1 (last node of a graceful stop): checking for ${wait_seconds}s that no peer is Primary"
    if wait_for_primary "$wait_seconds"; then
      reason="pod $PRIMARY_PEER is in a Primary component"
    else
      mode=bootstrap
      reason='safe_to_bootstrap: 1 and no peer is in a Primary component'
    fi
  elif [ -z "$PRIMARY_PEER" ]; then
    if [ -f "$datadir/gvwstate.dat" ]; then
      reason='no Primary component: pc.recovery restores it from gvwstate.dat once the members of the last one are back'
    else
      reason='no Primary component: waiting for the node that may bootstrap (safe_to_bootstrap) or for a human (galera-recover.sh)'
    fi
  fi
fi

# Joining a cluster with another state UUID would replace this node's data (SST): never automatically.
if [ "$mode" = join ] && [ -n "$PRIMARY_PEER" ] && [ -n "$gra_uuid" ] && [ -n "$has_data" ] && [ "$PRIMARY_UUID" != "$gra_uuid" ]; then
  while :; do
    galera_log "REFUSING to join: this node's data belongs to cluster $gra_uuid (seqno ${gra_seqno:-?}), pod $PRIMARY_PEER runs cluster $PRIMARY_UUID; joining would replace the data. Remove this pod's data (delete its PVC) to join, or see galera-recover.sh"
    sleep 30
    primary_peer || :
    [ -z "$PRIMARY_PEER" ] || [ "$PRIMARY_UUID" != "$gra_uuid" ] || break
  done
fi

if [ -z "$has_data" ]; then
  mkdir -p "$datadir"
  chmod 0700 "$datadir"
fi
peers=''
i=0
while [ "$i" -lt "$PEER_COUNT" ]; do
  galera_peer "$i"
  peers="${peers:+$peers,}$PEER_HOST:$PEER_GCOMM_PORT"
  i=$((i + 1))
done
provider="base_port=$SELF_GCOMM_PORT;gmcast.listen_addr=tcp://$bind:$SELF_GCOMM_PORT;ist.recv_addr=$SELF_HOST:$ist_port;ist.recv_bind=$bind;$GALERA_PROVIDER_OPTIONS"
set -f
extra=${GALERA_SERVER_ARGS:-}
for _a in $extra; do
  case $_a in
    --[a-z]*) case $_a in *[!A-Za-z0-9_=.,/-]*) galera_die "unexpected server argument '$_a'" ;; esac ;;
    *) galera_die "unexpected server argument '$_a' (expected --name=value)" ;;
  esac
done
# A joiner's state donor: preferably a read-only replica, never the writer when another member can
# give the state (an rsync donor blocks its commits, and a writer that is not Synced loses its role);
# the trailing comma lets Galera fall back to any member.
if [ "$mode" = join ]; then
  donors=''
  i=0
  while [ "$i" -lt "$PEER_COUNT" ]; do
    if [ "$i" -ne "$ORDINAL" ] && galera_peer_status "$i" && galera_eligible && [ "$G_READ_ONLY" = ON ]; then
      donors="$donors${POD_NAME%-*}-$i,"
    fi
    i=$((i + 1))
  done
  if [ -n "$donors" ]; then
    extra="$extra --wsrep-sst-donor=$donors"
    galera_log "preferred state donors: $donors"
  fi
fi
if [ "$mode" = bootstrap ]; then
  extra="$extra --wsrep-new-cluster"
  # A new Primary component gets a new member id: the peers forget an id that left for
  # evs.view_forget_timeout (a day) and would not talk to the old one again.
  rm -f "$datadir/gvwstate.dat"
fi
# After a crash grastate.dat says seqno -1: the node's real position is in InnoDB. Without it the
# node would offer 00000000-...:-1, and a Primary component restored by pc.recovery from such
# nodes starts a new, empty history (seen on the cluster). mariadbd --wsrep-recover reads it
# (no networking, no Galera) and the server starts with --wsrep-start-position, as mysqld_safe and
# galera_recovery do.
if [ -n "$has_data" ] && [ -n "$gra_uuid" ] && [ "$gra_seqno" = -1 ]; then
  recover_log="$RUN_DIR/.wsrep-recover.log"
  rm -f "$recover_log"
  rm -f "$recover_log.out"
  if "$MYSQL_SERVER" --defaults-file="$MYSQL_CONFIG_FILE" --wsrep-recover --skip-networking --wsrep-cluster-address="gcomm://$peers" \
    --log-error="$recover_log" >"$recover_log.out" 2>&1; then
    position=$(sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:-*[0-9]*\).*/\1/p' "$recover_log" | tail -n 1)
  else
    position=''
  fi
  case $position in
    "$gra_uuid":-1 | '') galera_log "no position recovered from InnoDB ($(tail -n 3 "$recover_log" "$recover_log.out" 2>/dev/null | tr '\n' ' ' | cut -c1-400)): starting from grastate.dat" ;;
    "$gra_uuid":*)
      galera_log "Recovered position $position (grastate.dat said seqno -1 after a crash)"
      extra="$extra --wsrep-start-position=$position"
      ;;
    *) galera_log "recovered position $position is not of cluster $gra_uuid: ignored" ;;
  esac
fi
rm -f "$RUN_DIR/.readiness-in-sync" "$(galera_leaving_marker)"
galera_log "$mode: $reason"
# shellcheck disable=SC2086 # extra is a list of --name=value words (checked above), globbing off
exec "$MYSQL_SERVER" --defaults-file="$MYSQL_CONFIG_FILE" --server-id="$server_id" --report-host="$POD_NAME" \
  --read-only=ON --wsrep-cluster-address="gcomm://$peers" --wsrep-node-name="$POD_NAME" \
  --wsrep-node-address="$SELF_HOST" --wsrep-sst-receive-address="$SELF_HOST:$sst_port" \
  --wsrep-provider-options="$provider" $extra
