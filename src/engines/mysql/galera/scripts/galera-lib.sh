# shellcheck shell=sh disable=SC2034
# galera-lib.sh - shared functions of the Galera scripts (FailoverMode.AUTOMATIC for MariaDB);
# sourced by galera-start.sh, galera-role.sh, galera-readiness.sh, galera-prestop.sh and
# galera-recover.sh, never run.
#
# Environment: POD_NAME MYSQL_CLIENT MYSQL_ADMIN MYSQL_SOCKET MYSQL_PROBE_DEFAULTS MONITORING_USER
#   MONITORING_PASSWORD GALERA_PEERS (space-separated `host:sqlport:gcommport`, one per pod, in
#   ordinal order); MYSQL_ROOT_PASSWORD for the functions that change server state.
# Passwords never reach a command line: the clients read option files of mode 0600.

galera_log() { printf '%s %s[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${LOG_NAME:-galera}" "${POD_NAME:-?}" "$*" >&2; }
galera_die() { galera_log "ERROR: $*"; exit 1; }

galera_is_uint() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac; }

# Option-file value: double-quoted, with \ and " escaped.
galera_cnf_value() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# galera_write_defaults FILE USER PASSWORD [SOCKET]: a [client] option file of mode 0600, atomically.
galera_write_defaults() {
  case $2$3 in *'
'*) galera_die "a user name or password for $1 contains a line break" ;; esac
  _gtmp="$1.tmp.$$"
  (
    umask 077
    {
      printf '[client]\n'
      printf 'user=%s\n' "$(galera_cnf_value "$2")"
      printf 'password=%s\n' "$(galera_cnf_value "$3")"
      [ -z "${4:-}" ] || printf 'socket=%s\n' "$4"
    } >"$_gtmp"
  )
  mv -f "$_gtmp" "$1"
}

# galera_init: ORDINAL, SELF_HOST, SELF_SQL_PORT, SELF_GCOMM_PORT, PEER_COUNT, the option files.
galera_init() {
  [ -n "${POD_NAME:-}" ] || galera_die 'POD_NAME is required'
  [ -n "${GALERA_PEERS:-}" ] || galera_die 'GALERA_PEERS is required'
  ORDINAL=${POD_NAME##*-}
  galera_is_uint "$ORDINAL" || galera_die "cannot read the ordinal from POD_NAME=$POD_NAME"
  ORDINAL=$((ORDINAL + 0))
  PEER_COUNT=0
  SELF_HOST=''
  for _gp in $GALERA_PEERS; do
    case $_gp in
      *[!A-Za-z0-9.:_-]* | *:*:*:*) galera_die "GALERA_PEERS entry '$_gp' is not host:sqlport:gcommport" ;;
      *:*:*) ;;
      *) galera_die "GALERA_PEERS entry '$_gp' is not host:sqlport:gcommport" ;;
    esac
    if [ "$PEER_COUNT" -eq "$ORDINAL" ]; then
      SELF_HOST=${_gp%%:*}
      _grest=${_gp#*:}
      SELF_SQL_PORT=${_grest%%:*}
      SELF_GCOMM_PORT=${_grest#*:}
    fi
    PEER_COUNT=$((PEER_COUNT + 1))
  done
  [ -n "$SELF_HOST" ] || galera_die "ordinal $ORDINAL has no entry in GALERA_PEERS ($PEER_COUNT entries)"
  RUN_DIR=${MYSQL_PROBE_DEFAULTS:?}
  RUN_DIR=${RUN_DIR%/*}
  # The monitoring user over TCP, for the peers (probe.cnf names the local socket).
  PEER_DEFAULTS="$RUN_DIR/.galera-peer.cnf"
  [ -f "$PEER_DEFAULTS" ] || galera_write_defaults "$PEER_DEFAULTS" "${MONITORING_USER:?}" "${MONITORING_PASSWORD:?}"
}

# galera_admin_defaults: root through the local socket (SET GLOBAL read_only, wsrep_desync).
galera_admin_defaults() {
  ADMIN_DEFAULTS="$RUN_DIR/.galera-admin.cnf"
  [ -f "$ADMIN_DEFAULTS" ] || galera_write_defaults "$ADMIN_DEFAULTS" root "${MYSQL_ROOT_PASSWORD:?}" "${MYSQL_SOCKET:?}"
}

# galera_peer ORDINAL: sets PEER_HOST PEER_SQL_PORT PEER_GCOMM_PORT.
galera_peer() {
  _gi=0
  for _gp in $GALERA_PEERS; do
    if [ "$_gi" -eq "$1" ]; then
      PEER_HOST=${_gp%%:*}
      _grest=${_gp#*:}
      PEER_SQL_PORT=${_grest%%:*}
      PEER_GCOMM_PORT=${_grest#*:}
      return 0
    fi
    _gi=$((_gi + 1))
  done
  return 1
}

# The status query: SHOW statements only, which a node that is not in a Primary component still answers.
GALERA_STATUS_SQL="SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_status', 'wsrep_local_state_comment', 'wsrep_ready', 'wsrep_cluster_state_uuid', 'wsrep_cluster_size', 'wsrep_connected'); SHOW GLOBAL VARIABLES WHERE Variable_name = 'read_only'"

# galera_parse TEXT: sets G_STATUS G_STATE G_READY G_UUID G_SIZE G_CONNECTED G_READ_ONLY from
# `name<TAB>value` lines.
galera_parse() {
  G_STATUS='' G_STATE='' G_READY='' G_UUID='' G_SIZE='' G_CONNECTED='' G_READ_ONLY=''
  _gtab=$(printf '\t')
  while IFS="$_gtab" read -r _gk _gv; do
    case $_gk in
      wsrep_cluster_status) G_STATUS=$_gv ;;
      wsrep_local_state_comment) G_STATE=$_gv ;;
      wsrep_ready) G_READY=$_gv ;;
      wsrep_cluster_state_uuid) G_UUID=$_gv ;;
      wsrep_cluster_size) G_SIZE=$_gv ;;
      wsrep_connected) G_CONNECTED=$_gv ;;
      read_only) G_READ_ONLY=$_gv ;;
    esac
  done <<EOF_GALERA
$1
EOF_GALERA
}

# galera_run_timeout SECONDS CMD...: CMD, killed after SECONDS when `timeout` exists.
galera_run_timeout() {
  _gsec=$1
  shift
  if command -v timeout >/dev/null 2>&1; then timeout "$_gsec" "$@"; else "$@"; fi
}

# galera_local_status: the local server's Galera state (monitoring user, socket). Returns 1 and
# sets G_ERROR when the server does not answer.
galera_local_status() {
  G_ERROR=''
  if _gout=$(galera_run_timeout 5 "${MYSQL_CLIENT:?}" --defaults-file="$MYSQL_PROBE_DEFAULTS" --connect-timeout=3 --batch --skip-column-names -e "$GALERA_STATUS_SQL" 2>&1); then
    galera_parse "$_gout"
    return 0
  fi
  galera_parse ''
  G_ERROR=$(printf '%s' "$_gout" | head -n 1 | cut -c1-200)
  return 1
}

# galera_peer_status ORDINAL: the same for a peer, over TCP (bounded: a frozen peer costs 2 s).
galera_peer_status() {
  G_ERROR=''
  galera_peer "$1" || { G_ERROR="no peer $1"; galera_parse ''; return 1; }
  if _gout=$(galera_run_timeout 3 "${MYSQL_CLIENT:?}" --defaults-file="$PEER_DEFAULTS" --protocol=TCP --host="$PEER_HOST" --port="$PEER_SQL_PORT" \
    --connect-timeout=2 --batch --skip-column-names -e "$GALERA_STATUS_SQL" 2>&1); then
    galera_parse "$_gout"
    return 0
  fi
  galera_parse ''
  G_ERROR=$(printf '%s' "$_gout" | head -n 1 | cut -c1-200)
  return 1
}

# galera_eligible: the last parsed status is a member that may serve: Primary component, Synced, ready.
galera_eligible() {
  [ "$G_STATUS" = Primary ] && [ "$G_STATE" = Synced ] && [ "$G_READY" = ON ]
}

# galera_tcp_open HOST PORT: something listens there (any answer but "cannot connect").
galera_tcp_open() {
  _gout=$(galera_run_timeout 4 "${MYSQL_ADMIN:?}" --no-defaults --protocol=TCP --host="$1" --port="$2" --connect-timeout=2 ping 2>&1) && return 0
  case $_gout in
    *"Can't connect"* | *"Unknown server host"* | *"Unknown MySQL server host"* | *"Name or service not known"* | '') return 1 ;;
  esac
  return 0
}

# galera_admin_sql SQL: run as root through the socket (after galera_admin_defaults).
galera_admin_sql() {
  galera_run_timeout 5 "${MYSQL_CLIENT:?}" --defaults-file="$ADMIN_DEFAULTS" --connect-timeout=3 --batch --skip-column-names -e "$1"
}
