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
  case $POD_NAME in *[!a-z0-9.-]*) galera_die "POD_NAME '$POD_NAME' is not a Kubernetes pod name" ;; esac
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

# galera_sql_error TEXT: the client's error line (it echoes the failed statement around it).
galera_sql_error() {
  _ge=$(printf '%s\n' "$1" | grep -m 1 '^ERROR') || _ge=$(printf '%s\n' "$1" | head -n 1)
  printf '%s' "$_ge" | cut -c1-200
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
  G_ERROR=$(galera_sql_error "$_gout")
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
  G_ERROR=$(galera_sql_error "$_gout")
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

# The writer lease: one row in a Galera-replicated table, changed only by certified transactions
# (two nodes that claim at once conflict on its primary key and one of them is refused), so every
# member of the Primary component reads the same writer. galera-role.sh renews or claims it as
# root through the socket; galera-prestop.sh releases it.
#   pod      the writer's pod name ('' = free)
#   epoch    incremented at every change of writer
#   renewed  when the writer last renewed it, or when it was freed (the writing node's clock)
#   member   the writer's Galera member id (wsrep_gcomm_uuid) at its last renewal: a new one at
#            every start of its server, so a restarted writer counts as gone
# The holder renews it every round. Another node may claim it when it is free, or its holder has
# not renewed it for GALERA_LEASE_SECONDS (default 12; alive but stuck), or for
# GALERA_LEASE_GONE_SECONDS (default 3) while the holder's member id is not in this Primary
# component (mysql.wsrep_cluster_members), even if its pod has rejoined with a new one: a node
# outside the Primary component cannot commit
# anything, and by then its own labeller has removed its role label. Precedence by ordinal: each
# of those delays grows by two seconds (two role rounds) for every current member with a lower
# ordinal, so the lowest-ordinal eligible member claims first.
GALERA_LEASE_TABLE=cdk8s_db.galera_writer

# galera_lease_sql CONDITION: an UPDATE that makes this node the writer where CONDITION holds,
# then the row. Causal reads and writes (wsrep_sync_wait = 3): the UPDATE sees the latest claim.
galera_lease_sql() {
  _glease=${GALERA_LEASE_SECONDS:-12}
  _ggone=${GALERA_LEASE_GONE_SECONDS:-3}
  galera_is_uint "$_glease" || _glease=12
  galera_is_uint "$_ggone" || _ggone=3
  printf "SET SESSION wsrep_sync_wait = 3; SET @me = '%s';
SET @member = (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_GCOMM_UUID');
SET @rank = 2 * (SELECT COUNT(*) FROM mysql.wsrep_cluster_members
  WHERE CAST(SUBSTRING_INDEX(node_name, '-', -1) AS UNSIGNED) < %s);
UPDATE %s SET epoch = epoch + IF(pod = @me, 0, 1), pod = @me, member = @member, renewed = NOW(6)
  WHERE id = 1 AND %s;
SELECT CONCAT('lease ', epoch, ' ', pod) FROM %s WHERE id = 1;" "$POD_NAME" "$ORDINAL" "$GALERA_LEASE_TABLE" "$1" "$GALERA_LEASE_TABLE" |
    sed -e "s/@lease/$_glease/g" -e "s/@gone/$_ggone/g"
}

# The condition under which this node may hold the lease (renew, or claim).
GALERA_CLAIM_WHERE="(pod = @me
    OR (pod = '' AND renewed < NOW(6) - INTERVAL @rank SECOND)
    OR renewed < NOW(6) - INTERVAL (@lease + @rank) SECOND
    OR (renewed < NOW(6) - INTERVAL (@gone + @rank) SECOND AND member NOT IN (SELECT node_uuid FROM mysql.wsrep_cluster_members)))"

# galera_lease_create: the table and its row, when missing (DDL replicates in total order; a
# concurrent INSERT IGNORE of the row by two nodes conflicts and one is refused, harmlessly).
galera_lease_create() {
  galera_admin_sql "CREATE DATABASE IF NOT EXISTS cdk8s_db; CREATE TABLE IF NOT EXISTS $GALERA_LEASE_TABLE (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY, pod VARCHAR(253) NOT NULL, epoch BIGINT UNSIGNED NOT NULL,
    renewed DATETIME(6) NOT NULL, member VARCHAR(36) NOT NULL DEFAULT '') ENGINE=InnoDB COMMENT='cdk8s-db: the Galera writer lease (galera-role.sh)';
  ALTER TABLE $GALERA_LEASE_TABLE ADD COLUMN IF NOT EXISTS member VARCHAR(36) NOT NULL DEFAULT '';
  INSERT IGNORE INTO $GALERA_LEASE_TABLE (id, pod, epoch, renewed) VALUES (1, '', 0, NOW(6))" >/dev/null 2>&1
}

# galera_lease CONDITION: renews or claims the lease where CONDITION holds (GALERA_CLAIM_WHERE; `FALSE`
# only reads it). Sets L_POD (the writer, '' = none) and L_EPOCH; returns 1 with G_ERROR set when
# the transaction failed (no quorum, a conflicting claim, the server does not answer).
galera_lease() {
  L_POD='' L_EPOCH='' G_ERROR=''
  _gsql=$(galera_lease_sql "$1")
  # Bounded: while Galera evicts a dead member (evs.suspect_timeout) nothing commits anywhere.
  if ! _gout=$(galera_lease_run "$_gsql" 2>&1); then
    case $_gout in
      *"doesn't exist"* | *"Unknown column"*) galera_lease_create || :; _gout=$(galera_lease_run "$_gsql" 2>&1) || { G_ERROR=$(galera_sql_error "$_gout"); return 1; } ;;
      '') G_ERROR="no answer within ${GALERA_LEASE_SQL_TIMEOUT:-2}s (the cluster is not committing)"; return 1 ;;
      *) G_ERROR=$(galera_sql_error "$_gout"); return 1 ;;
    esac
  fi
  # `lease <epoch> <pod>` (the pod is empty when the lease is free)
  _gline=$(printf '%s\n' "$_gout" | grep '^lease ' | head -n 1) || _gline=''
  [ -n "$_gline" ] || { G_ERROR='the lease row is missing'; galera_lease_create || :; return 1; }
  _gline=${_gline#lease }
  L_EPOCH=${_gline%% *}
  L_POD=${_gline#"$L_EPOCH"}
  L_POD=${L_POD# }
  return 0
}

galera_lease_run() {
  galera_run_timeout "${GALERA_LEASE_SQL_TIMEOUT:-2}" "${MYSQL_CLIENT:?}" --defaults-file="$ADMIN_DEFAULTS" --connect-timeout=2 --batch --skip-column-names -e "$1"
}

# galera_lease_release: frees the lease if this node holds it (a stopping writer).
galera_lease_release() {
  galera_admin_sql "SET SESSION wsrep_sync_wait = 3; UPDATE $GALERA_LEASE_TABLE SET pod = '', epoch = epoch + 1, renewed = NOW(6) WHERE id = 1 AND pod = '$POD_NAME'" >/dev/null 2>&1
}

# The time (unix seconds) of this node's last renewal of the lease it holds (galera-role.sh).
galera_renewed_file() { printf '%s/.galera-lease-renewed' "$RUN_DIR"; }

# The marker galera-prestop.sh writes while the pod stops: galera-role.sh then never claims.
galera_leaving_marker() { printf '%s/.galera-leaving' "$RUN_DIR"; }
