# shellcheck shell=sh disable=SC2034
# role-state.sh - what this pod is, by the local server and the set's Sentinels; sourced by
# readiness.sh and role.sh (after redis-lib.sh and init_self), never run.
#
# role_state: sets STATE to one of
#   master          the local server is a master, accepts writes (not loading, no failover in
#                   progress, at least MIN_REPLICAS_TO_WRITE good replicas), and a majority of the
#                   set's Sentinels name this pod the master;
#   master-unagreed the local server says master, but no majority names this pod (a fenced or
#                   stale former master, or no quorum): never the primary;
#   master-fenced   master agreed, but it refuses writes (min-replicas-to-write not met, loading,
#                   failover in progress);
#   replica         a replica streaming from its master within the lag limits;
#   replica-behind  a replica that is not in sync: link down, initial sync, lag over a limit, or
#                   lag unknown (the master cannot be asked or does not list it);
#   unknown         the local server cannot be queried.
# and DETAIL to a one-line explanation.
# Environment: MONITORING_USER MONITORING_PASSWORD REPLICATION_USER REPLICATION_PASSWORD;
#   optional MIN_REPLICAS_TO_WRITE (0), READINESS_MAX_LAG_BYTES (16777216),
#   READINESS_MAX_LAG_SECONDS (30).

role_state() {
  STATE=unknown DETAIL=''
  if ! INFO=$(local_cli INFO replication persistence 2>&1); then
    DETAIL="cannot query the server: $(printf '%s' "$INFO" | head -n 1)"
    return 0
  fi
  case $INFO in
    *role:*) ;;
    *) DETAIL="unexpected answer: $(printf '%s' "$INFO" | head -n 1 | cut -c1-160)"; return 0 ;;
  esac
  _role=$(info_field role)
  _loading=$(info_field loading)
  if [ "$_role" = master ]; then
    agreed_master 0
    if [ -z "$AGREED" ]; then
      STATE=master-unagreed DETAIL="master, but no majority of the $PEERS Sentinels names a master ($AGREE_DETAIL)"
      return 0
    fi
    if [ "$AGREED" != "$SELF_HOST:$SELF_PORT" ]; then
      STATE=master-unagreed DETAIL="master, but $AGREED_COUNT of $PEERS Sentinels name $AGREED the master: stale former master"
      return 0
    fi
    _good=$(info_field min_slaves_good_slaves)
    _min=${MIN_REPLICAS_TO_WRITE:-0}
    _fo=$(info_field master_failover_state)
    DETAIL="master agreed by $AGREED_COUNT of $PEERS Sentinels, $(info_field connected_slaves) replicas connected"
    if [ "$_loading" = 1 ]; then
      STATE=master-fenced DETAIL="$DETAIL; loading the dataset"
    elif [ -n "$_fo" ] && [ "$_fo" != no-failover ]; then
      STATE=master-fenced DETAIL="$DETAIL; failover in progress ($_fo)"
    elif [ "$_min" -gt 0 ] && { ! is_uint "$_good" || [ "$_good" -lt "$_min" ]; }; then
      STATE=master-fenced DETAIL="$DETAIL; refuses writes: ${_good:-?} good replicas < min-replicas-to-write $_min"
    else
      STATE=master
    fi
    return 0
  fi
  if [ "$_role" != slave ]; then
    DETAIL="unexpected role '$_role'"
    return 0
  fi
  STATE=replica-behind
  _max_bytes=${READINESS_MAX_LAG_BYTES:-16777216}
  _max_seconds=${READINESS_MAX_LAG_SECONDS:-30}
  _mh=$(info_field master_host)
  _mp=$(info_field master_port)
  _link=$(info_field master_link_status)
  _sync=$(info_field master_sync_in_progress)
  _offset=$(info_field slave_repl_offset)
  _src="master $_mh:$_mp"
  # (During the initial sync the link shows down too: say which.)
  if [ "$_sync" = 1 ] || [ "$_loading" = 1 ]; then
    DETAIL="replica: initial sync from $_src in progress"
    return 0
  fi
  if [ "$_link" != up ]; then
    DETAIL="replica: link to $_src is ${_link:-unknown} (down for $(info_field master_link_down_since_seconds)s)"
    return 0
  fi
  # The lag needs the master's offset and its view of this replica.
  if ! _minfo=$(cli "$MONITORING_USER" "$MONITORING_PASSWORD" "$_mh" "$_mp" INFO replication 2>&1); then
    DETAIL="replica: lag unknown, cannot query $_src: $(printf '%s' "$_minfo" | head -n 1)"
    return 0
  fi
  _moffset=$(INFO=$_minfo info_field master_repl_offset)
  _line=$(printf '%s\n' "$_minfo" | tr -d '\r' | grep -E "^slave[0-9]+:ip=$SELF_HOST,port=$SELF_PORT," | head -n 1 || true)
  _lag=$(printf '%s' "$_line" | sed -n 's/.*,lag=\([0-9][0-9]*\).*/\1/p')
  if ! is_uint "$_offset" || ! is_uint "$_moffset" || ! is_uint "$_lag"; then
    DETAIL="replica: lag unknown ($_src offset ${_moffset:-?}, own offset ${_offset:-?}, master lists this replica: ${_line:+yes}${_line:-no})"
    return 0
  fi
  _bytes=$((_moffset - _offset))
  [ "$_bytes" -ge 0 ] || _bytes=0
  DETAIL="replica of $_src, lag $_bytes bytes (max $_max_bytes), last ack ${_lag}s ago (max ${_max_seconds}s)"
  if [ "$_bytes" -gt "$_max_bytes" ] || [ "$_lag" -gt "$_max_seconds" ]; then
    DETAIL="replica: behind: $DETAIL"
    return 0
  fi
  STATE=replica
}
