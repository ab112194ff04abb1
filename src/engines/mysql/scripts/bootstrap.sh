#!/bin/sh
# cdk8s-db MySQL / MariaDB bootstrap (init container). Idempotent: safe to kill and re-run at any point.
#
# Pod 0 (primary), no data yet: initialize a data dir in a work dir next to MYSQL_DATADIR (MariaDB:
#   mariadb-install-db; MySQL: mysqld --initialize-insecure), start it on a private socket only (no
#   TCP, no binlog), set the root password (root@localhost only: no TCP login), create the
#   replication, monitoring, app, backup and read-only users and the app database, stop it, rename
#   the dir into place.
# Pod N > 0 (replica), no data yet: wait for the primary (looping and logging, never crash-looping),
#   then clone it into the work dir:
#   - MariaDB: a fresh data dir on a private socket loads `mariadb-dump --single-transaction --gtid
#     --master-data` streamed from the primary (no intermediate file; each stage's status checked);
#     the dump sets gtid_slave_pos to the snapshot's position;
#   - MySQL: a throwaway instance runs CLONE INSTANCE FROM the primary into the work dir;
#   then CHANGE MASTER ... MASTER_USE_GTID=slave_pos (MariaDB) / CHANGE REPLICATION SOURCE ...
#   SOURCE_AUTO_POSITION=1 (MySQL) with a short connect retry, stop, rename the dir into place.
#   The server starts replicating when run.sh starts it.
# Already initialized (MYSQL_DATADIR/mysql exists; only a completed rename produces MYSQL_DATADIR):
#   nothing to do, unless a replica's liveness.sh found that the primary purged the binlog it needs
#   (error 1236) and left $RESEED_MARKER (next to the data dir, with the reason): then, once the
#   primary answers and is writable, the replica's data is removed and it is cloned again, saying
#   why. Never pod 0; while the primary is unreachable the data is kept (the server starts and
#   retries). A work dir left by an interrupted run (and its temporary server) is discarded and
#   the work redone.
#
# Environment: MYSQL_FLAVOR (mysql|mariadb) MYSQL_SERVER MYSQL_CLIENT MYSQL_ADMIN MYSQL_CONFIG_FILE
#   MYSQL_DATADIR MYSQL_SOCKET MYSQL_PROBE_DEFAULTS POD_NAME REPLICATION_USER REPLICATION_PASSWORD
#   MONITORING_USER MONITORING_PASSWORD MYSQL_ROOT_PASSWORD; MariaDB also MYSQL_INSTALL_DB and
#   MYSQL_DUMP; pod 0 also MYSQL_MONITORING_GRANTS MYSQL_REPLICATION_GRANTS and, when set, APP_USER
#   APP_PASSWORD [APP_DATABASE] and MYSQL_BACKUP_GRANTS BACKUP_PASSWORD READONLY_PASSWORD
#   [BACKUP_USER READONLY_USER] (users.sh); replicas also DB_PRIMARY_HOST DB_PRIMARY_PORT.
#   Optional: SERVER_ID_OFFSET (default 1), REPLICA_CONNECT_RETRY_SECONDS (default 2),
#   PRIMARY_WAIT_SECONDS (default 2), BOOTSTRAP_START_TIMEOUT_SECONDS (default 300).
# Passwords never appear on a command line or in the output: SQL goes through stdin, client
# credentials through option files of mode 0600 in a private temp dir, and client errors that
# would echo one are cut short.
set -eu

log() { printf '%s bootstrap[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${POD_NAME:-?}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# shellcheck source=users.sh
. "$(dirname "$0")/users.sh"

need() {
  for _n in "$@"; do
    eval "_v=\${$_n:-}"
    [ -n "$_v" ] || die "environment variable $_n is required"
  done
}

is_number() {
  case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac
}

is_identifier() {
  case $1 in
    '' | [!a-z_]* | *[!a-z0-9_]*) return 1 ;;
    *) return 0 ;;
  esac
}

nl='
'
cr=$(printf '\r')

# SQL string literal (the sessions set sql_mode='' so that backslash escapes apply).
sql_string() {
  printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"
}

# Option-file value: double-quoted, with \ and " escaped (MySQL and MariaDB unescape both).
cnf_value() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# write_defaults FILE USER PASSWORD [SOCKET]: a [client] option file of mode 0600, written atomically.
write_defaults() {
  case $2$3 in *"$nl"* | *"$cr"*) die "a user name or password for $1 contains a line break: option files cannot hold it" ;; esac
  _tmp="$1.tmp.$$"
  (
    umask 077
    {
      printf '[client]\n'
      printf 'user=%s\n' "$(cnf_value "$2")"
      printf 'password=%s\n' "$(cnf_value "$3")"
      [ -z "${4:-}" ] || printf 'socket=%s\n' "$4"
    } >"$_tmp"
  )
  chmod 0600 "$_tmp"
  mv -f "$_tmp" "$1"
}

# Prints the start of a client's error output. Statement text quoted by a syntax error is cut, and
# a message that still contains a password (as given or as escaped in SQL) is cut to its prefix.
client_error() {
  _msg=$(head -n 3 "$1" 2>/dev/null | tr '\n' ' ')
  case $_msg in *" near '"*) _msg="${_msg%%" near '"*} near (statement text withheld)" ;; esac
  for _p in "${MYSQL_ROOT_PASSWORD:-}" "${REPLICATION_PASSWORD:-}" "${APP_PASSWORD:-}" "${MONITORING_PASSWORD:-}" "${BACKUP_PASSWORD:-}" "${READONLY_PASSWORD:-}"; do
    [ -n "$_p" ] || continue
    _e=$(printf '%s' "$_p" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")
    case $_msg in *"$_p"* | *"$_e"*) _msg="${_msg%%:*}: (message withheld: it quotes a password)" ;; esac
  done
  printf '%.300s' "$_msg"
}

need MYSQL_FLAVOR MYSQL_SERVER MYSQL_CLIENT MYSQL_ADMIN MYSQL_CONFIG_FILE MYSQL_DATADIR MYSQL_SOCKET \
  MYSQL_PROBE_DEFAULTS POD_NAME REPLICATION_USER REPLICATION_PASSWORD MONITORING_USER MONITORING_PASSWORD \
  MYSQL_ROOT_PASSWORD
case $MYSQL_FLAVOR in
  mariadb)
    need MYSQL_INSTALL_DB MYSQL_DUMP
    temp_server_args="--skip-log-bin --skip-slave-start"
    # Galera (GALERA_PEERS set): the temporary server never joins a cluster.
    [ -z "${GALERA_PEERS:-}" ] || temp_server_args="$temp_server_args --wsrep-on=OFF --wsrep-provider=none"
    ;;
  mysql) temp_server_args="--disable-log-bin --skip-replica-start" ;;
  *) die "MYSQL_FLAVOR=$MYSQL_FLAVOR: expected mysql or mariadb" ;;
esac
for _n in REPLICATION_USER MONITORING_USER; do
  eval "_v=\$$_n"
  is_identifier "$_v" || die "$_n=$_v is not a valid user name (lowercase letters, digits, _)"
done
[ -f "$MYSQL_CONFIG_FILE" ] || die "config file $MYSQL_CONFIG_FILE is missing"

ordinal=${POD_NAME##*-}
is_number "$ordinal" || die "cannot read the ordinal from POD_NAME=$POD_NAME (expected <name>-<number>)"
ordinal=$((ordinal + 0))
offset=${SERVER_ID_OFFSET:-1}
if ! is_number "$offset" || [ "$offset" -lt 1 ]; then die "SERVER_ID_OFFSET=$offset must be a whole number >= 1"; fi
server_id=$((offset + ordinal))
retry=${REPLICA_CONNECT_RETRY_SECONDS:-2}
if ! is_number "$retry" || [ "$retry" -lt 1 ]; then die "REPLICA_CONNECT_RETRY_SECONDS=$retry must be a whole number >= 1"; fi
start_timeout=${BOOTSTRAP_START_TIMEOUT_SECONDS:-300}
is_number "$start_timeout" || die "BOOTSTRAP_START_TIMEOUT_SECONDS=$start_timeout is not a number"

case $MYSQL_DATADIR in
  /*/*) ;;
  *) die "MYSQL_DATADIR=$MYSQL_DATADIR must be an absolute path below the volume mount" ;;
esac
datadir=${MYSQL_DATADIR%/}
parent=${datadir%/*}
work="$datadir.bootstrap"
[ -d "$parent" ] || die "$parent (the parent of MYSQL_DATADIR) does not exist"
[ -w "$parent" ] || die "$parent is not writable by uid $(id -u): check the pod's fsGroup"

# The probes' credentials: the monitoring user through the local socket.
write_defaults "$MYSQL_PROBE_DEFAULTS" "$MONITORING_USER" "$MONITORING_PASSWORD" "$MYSQL_SOCKET"
log "wrote probe credentials $MYSQL_PROBE_DEFAULTS"

initialized() { [ -d "$datadir/mysql" ]; }
# Written by liveness.sh on a replica whose binlog position the primary purged (error 1236).
reseed_marker="$parent/.cdk8s-reseed-requested"
discarded="$datadir.discarded"
if [ -e "$discarded" ]; then
  log "removing $discarded (data of an earlier re-seed)"
  rm -rf "$discarded"
fi

# Kills a temporary server left running by a killed run (its pid file is in the work dir).
stop_stale_server() {
  [ -f "$work/server.pid" ] || return 0
  _pid=$(cat "$work/server.pid" 2>/dev/null || true)
  is_number "$_pid" || return 0
  kill -0 "$_pid" 2>/dev/null || return 0
  _comm=$(cat "/proc/$_pid/comm" 2>/dev/null || true)
  case $_comm in
    mysqld | mariadbd | "${MYSQL_SERVER##*/}") ;;
    *) return 0 ;;
  esac
  log "stopping the temporary server (pid $_pid) of an interrupted bootstrap"
  kill -KILL "$_pid" 2>/dev/null || true
  _i=0
  while kill -0 "$_pid" 2>/dev/null && [ "$_i" -lt 300 ]; do
    sleep 0.1
    _i=$((_i + 1))
  done
}

discard_work() {
  if [ -e "$work" ]; then
    log "discarding $work left by an interrupted bootstrap; starting over"
    stop_stale_server
    rm -rf "$work"
  fi
}

reseed=
if initialized; then
  discard_work
  if [ "$ordinal" -eq 0 ]; then
    [ ! -e "$reseed_marker" ] || { log "pod 0 is the primary: ignoring $reseed_marker"; rm -f "$reseed_marker"; }
    log "pod 0: $datadir already initialized; nothing to do"
    exit 0
  fi
  if [ ! -f "$reseed_marker" ]; then
    log "replica: $datadir already initialized (replication settings are kept in it); nothing to do"
    exit 0
  fi
  reseed=$(head -c 400 "$reseed_marker" | tr -d '\r\n')
  log "replica: re-seed requested by liveness.sh: $reseed"
fi

# Galera: a pod other than 0 gets its data from a peer by state transfer (SST) when galera-start.sh
# starts it; pod 0 of a new set initializes it and marks it new (galera-start.sh bootstraps a new
# cluster from it only when no peer runs).
galera_new=''
if [ -n "${GALERA_PEERS:-}" ]; then
  if [ "$ordinal" -ne 0 ]; then
    log "Galera: no data yet; it comes from a peer by state transfer (SST) when the server starts"
    exit 0
  fi
  galera_new="$parent/.cdk8s-galera-new"
fi

# MYSQL_DATADIR exists but is not initialized: an empty dir is removed so the rename can happen;
# anything else is foreign data we refuse to touch.
if [ -n "$reseed" ]; then
  : # initialized: removed below, once the primary is known to answer
elif [ -d "$datadir" ]; then
  if rmdir "$datadir" 2>/dev/null; then
    log "removed empty $datadir"
  else
    die "$datadir exists, is not empty and has no mysql/ directory: refusing to overwrite it; move it away to re-initialize"
  fi
elif [ -e "$datadir" ]; then
  die "$datadir exists and is not a directory"
fi
discard_work

# Private work area: option files with passwords, the temporary server's socket and logs.
tmp_base=${TMPDIR:-/tmp}
rm -rf "$tmp_base"/cdk8s-mysql-bootstrap.*
priv=$(mktemp -d "$tmp_base/cdk8s-mysql-bootstrap.XXXXXX")
chmod 0700 "$priv"
server_pid=
# shellcheck disable=SC2317 # invoked by trap
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$priv"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work"
chmod 0700 "$work"
socket="$priv/mysqld.sock"
write_defaults "$priv/root-nopw.cnf" root "" "$socket"
write_defaults "$priv/root.cnf" root "$MYSQL_ROOT_PASSWORD" "$socket"

# init_datadir DIR: a new, empty data dir whose root@localhost has no password (socket only).
init_datadir() {
  log "initializing a new data directory $1"
  case $MYSQL_FLAVOR in
    mariadb)
      "$MYSQL_INSTALL_DB" --defaults-file="$MYSQL_CONFIG_FILE" --datadir="$1" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve --skip-log-bin ${GALERA_PEERS:+--wsrep-on=OFF} \
        >"$priv/init.log" 2>&1 || { cat "$priv/init.log" >&2; die "$MYSQL_INSTALL_DB failed"; }
      ;;
    mysql)
      "$MYSQL_SERVER" --defaults-file="$MYSQL_CONFIG_FILE" --initialize-insecure --datadir="$1" \
        --disable-log-bin --log-error="$priv/init.log" >/dev/null 2>&1 ||
        { cat "$priv/init.log" >&2; die "$MYSQL_SERVER --initialize-insecure failed"; }
      ;;
  esac
}

# start_server DIR: the data dir's server on the private socket only: no TCP, no binlog, no replication.
start_server() {
  : >"$priv/server.log"
  # shellcheck disable=SC2086 # temp_server_args is a list of plain words
  "$MYSQL_SERVER" --defaults-file="$MYSQL_CONFIG_FILE" --datadir="$1" --socket="$socket" \
    --pid-file="$work/server.pid" --skip-networking $temp_server_args --server-id="$server_id" \
    --log-error="$priv/server.log" >>"$priv/server.log" 2>&1 &
  server_pid=$!
  _i=0
  while :; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      tail -n 30 "$priv/server.log" >&2
      server_pid=
      return 1
    fi
    "$MYSQL_ADMIN" --defaults-file="$priv/root-nopw.cnf" --connect-timeout=2 ping >/dev/null 2>&1 && return 0
    _i=$((_i + 1))
    if [ "$_i" -ge $((start_timeout * 5)) ]; then
      tail -n 30 "$priv/server.log" >&2
      return 1
    fi
    sleep 0.2
  done
}

# stop_server: clean shutdown by SIGTERM (no credentials needed), then wait for the exit.
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  _rc=0
  wait "$server_pid" || _rc=$?
  server_pid=
  rm -f "$work/server.pid"
  [ "$_rc" -eq 0 ] || { tail -n 30 "$priv/server.log" >&2; return 1; }
}

# run_sql DEFAULTS: SQL from stdin; output to $priv/sql.out, errors summarized without passwords.
run_sql() {
  if "$MYSQL_CLIENT" --defaults-file="$1" --batch --skip-column-names --max-allowed-packet=1G >"$priv/sql.out" 2>"$priv/sql.err"; then
    return 0
  fi
  log "SQL failed: $(client_error "$priv/sql.err")"
  return 1
}

publish() {
  [ -d "$work/data/mysql" ] || die "$work/data has no mysql/ directory: not publishing it"
  mv "$work/data" "$datadir"
  sync "$parent" 2>/dev/null || sync
  rm -rf "$work"
  log "$datadir is in place"
}

if [ "$ordinal" -eq 0 ]; then
  need MYSQL_MONITORING_GRANTS MYSQL_REPLICATION_GRANTS
  for _n in MYSQL_MONITORING_GRANTS MYSQL_REPLICATION_GRANTS; do
    eval "_v=\$$_n"
    case $_v in *[!A-Z_,\ ]*) die "$_n=$_v: expected privilege names such as 'REPLICATION SLAVE, SELECT'" ;; esac
  done
  has_app=
  if [ -n "${APP_USER:-}" ]; then
    need APP_PASSWORD
    APP_DATABASE=${APP_DATABASE:-$APP_USER}
    is_identifier "$APP_USER" || die "APP_USER=$APP_USER is not a valid user name (lowercase letters, digits, _)"
    is_identifier "$APP_DATABASE" || die "APP_DATABASE=$APP_DATABASE is not a valid database name (lowercase letters, digits, _)"
    case $APP_USER in root | "$REPLICATION_USER" | "$MONITORING_USER") die "APP_USER=$APP_USER is reserved" ;; esac
    has_app=1
  fi

  has_users=
  if [ -n "$has_app" ] && [ -n "${BACKUP_PASSWORD:-}" ] && [ -n "${READONLY_PASSWORD:-}" ]; then
    users_check || die "cannot make the backup and read-only users (see above)"
    for _u in "${BACKUP_USER:-backup}" "${READONLY_USER:-readonly}"; do
      case $_u in root | "$APP_USER" | "$REPLICATION_USER" | "$MONITORING_USER") die "BACKUP_USER/READONLY_USER=$_u is taken by another user" ;; esac
    done
    [ "${BACKUP_USER:-backup}" != "${READONLY_USER:-readonly}" ] || die "BACKUP_USER and READONLY_USER must differ"
    has_users=1
  fi

  log "pod 0: creating a new $MYSQL_FLAVOR primary (server_id $server_id)"
  init_datadir "$work/data"
  start_server "$work/data" || die "the temporary server did not start (log above)"
  {
    printf "SET SESSION sql_mode = '';\n"
    printf 'SET SESSION sql_log_bin = 0;\n'
    # Only root@localhost and the system accounts survive (mariadb-install-db also creates
    # password-less root@<hostname>, root@127.0.0.1 and root@::1).
    printf '%s\n' "SELECT GROUP_CONCAT(CONCAT(QUOTE(user), '@', QUOTE(host))) FROM mysql.user" \
      "  WHERE NOT (user = 'root' AND host = 'localhost')" \
      "  AND user NOT IN ('mariadb.sys', 'mysql.sys', 'mysql.session', 'mysql.infoschema') INTO @cdk8s_drop;" \
      "SET @cdk8s_drop = IFNULL(CONCAT('DROP USER ', @cdk8s_drop), 'DO 0');" \
      'PREPARE cdk8s_stmt FROM @cdk8s_drop;' 'EXECUTE cdk8s_stmt;' 'DEALLOCATE PREPARE cdk8s_stmt;'
    # root only over the socket (root@localhost): no root@'%', so the superuser has no TCP login.
    root_pw=$(sql_string "$MYSQL_ROOT_PASSWORD")
    printf "ALTER USER 'root'@'localhost' IDENTIFIED BY %s;\n" "$root_pw"
    printf "CREATE USER '%s'@'%%' IDENTIFIED BY %s;\n" "$REPLICATION_USER" "$(sql_string "$REPLICATION_PASSWORD")"
    printf "GRANT %s ON *.* TO '%s'@'%%';\n" "$MYSQL_REPLICATION_GRANTS" "$REPLICATION_USER"
    printf "CREATE USER '%s'@'%%' IDENTIFIED BY %s WITH MAX_USER_CONNECTIONS 10;\n" "$MONITORING_USER" "$(sql_string "$MONITORING_PASSWORD")"
    printf "GRANT %s ON *.* TO '%s'@'%%';\n" "$MYSQL_MONITORING_GRANTS" "$MONITORING_USER"
    if [ -n "$has_app" ]; then
      printf "CREATE DATABASE \`%s\`;\n" "$APP_DATABASE"
      printf "CREATE USER '%s'@'%%' IDENTIFIED BY %s;\n" "$APP_USER" "$(sql_string "$APP_PASSWORD")"
      printf "GRANT ALL PRIVILEGES ON \`%s\`.* TO '%s'@'%%';\n" "$APP_DATABASE" "$APP_USER"
    fi
    [ -z "$has_users" ] || users_sql
  } | run_sql "$priv/root-nopw.cnf" || die "creating users failed"
  log "created users: root (localhost only: the socket), $REPLICATION_USER ($MYSQL_REPLICATION_GRANTS), $MONITORING_USER ($MYSQL_MONITORING_GRANTS)${has_app:+, $APP_USER (all on database $APP_DATABASE)}${has_users:+, ${BACKUP_USER:-backup} (backups: $MYSQL_BACKUP_GRANTS), ${READONLY_USER:-readonly} (SELECT on $APP_DATABASE)}"
  [ -n "$has_users" ] || log "BACKUP_PASSWORD or READONLY_PASSWORD is not set: no backup or read-only user"
  stop_server || die "the temporary server did not shut down cleanly (log above)"
  if [ -n "$galera_new" ]; then
    : >"$galera_new"
    log "Galera: marked the data as a new cluster ($galera_new)"
  fi
  publish
  log "pod 0: new primary ready"
  exit 0
fi

# Replica: clone pod 0, then point replication at it.
need DB_PRIMARY_HOST DB_PRIMARY_PORT
is_number "$DB_PRIMARY_PORT" || die "DB_PRIMARY_PORT=$DB_PRIMARY_PORT is not a number"
case $DB_PRIMARY_HOST in *[!A-Za-z0-9.:_-]*) die "DB_PRIMARY_HOST=$DB_PRIMARY_HOST is not a host name" ;; esac
wait_seconds=${PRIMARY_WAIT_SECONDS:-2}
is_number "$wait_seconds" || die "PRIMARY_WAIT_SECONDS=$wait_seconds is not a number"
write_defaults "$priv/repl.cnf" "$REPLICATION_USER" "$REPLICATION_PASSWORD"
# With TLS: the CA to verify the primary's name against (MYSQL_PRIMARY_TLS_ARGS for the client tools).
tls_ca=${REPLICATION_TLS_CA:-}
case $tls_ca in *[!A-Za-z0-9._/-]*) die "REPLICATION_TLS_CA=$tls_ca is not a plain absolute path" ;; esac
case ${MYSQL_PRIMARY_TLS_ARGS:-} in *[!A-Za-z0-9._/=\ -]*) die "MYSQL_PRIMARY_TLS_ARGS has unexpected characters" ;; esac
primary="--protocol=TCP --host=$DB_PRIMARY_HOST --port=$DB_PRIMARY_PORT${MYSQL_PRIMARY_TLS_ARGS:+ $MYSQL_PRIMARY_TLS_ARGS}"

change_source_sql() {
  _user=$(sql_string "$REPLICATION_USER")
  _pw=$(sql_string "$REPLICATION_PASSWORD")
  case $MYSQL_FLAVOR in
    mariadb)
      _tls=
      [ -z "$tls_ca" ] || _tls=", MASTER_SSL=1, MASTER_SSL_CA='$tls_ca', MASTER_SSL_VERIFY_SERVER_CERT=1"
      printf "CHANGE MASTER TO MASTER_HOST='%s', MASTER_PORT=%s, MASTER_USER=%s, MASTER_PASSWORD=%s, MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=%s%s;\n" \
        "$DB_PRIMARY_HOST" "$DB_PRIMARY_PORT" "$_user" "$_pw" "$retry" "$_tls"
      ;;
    mysql)
      _tls=
      [ -z "$tls_ca" ] || _tls=", SOURCE_SSL_CA='$tls_ca', SOURCE_SSL_VERIFY_SERVER_CERT=1"
      printf "CHANGE REPLICATION SOURCE TO SOURCE_HOST='%s', SOURCE_PORT=%s, SOURCE_USER=%s, SOURCE_PASSWORD=%s, SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=%s, SOURCE_RETRY_COUNT=1000000, SOURCE_SSL=1, GET_SOURCE_PUBLIC_KEY=1%s;\n" \
        "$DB_PRIMARY_HOST" "$DB_PRIMARY_PORT" "$_user" "$_pw" "$retry" "$_tls"
      ;;
  esac
}

# MariaDB: a fresh data dir loads a consistent dump streamed from the primary. The dump carries its
# GTID position (SET GLOBAL gtid_slave_pos at the end); binlogging is off while it loads, so the
# replica's own GTID history stays empty.
clone_mariadb() {
  init_datadir "$work/data"
  start_server "$work/data" || { log "the temporary server did not start (log above)"; return 1; }
  rm -f "$priv/dump.rc"
  # shellcheck disable=SC2086 # primary is a list of plain words
  if ! {
    printf "SET SESSION sql_mode = '';\nSET SESSION sql_log_bin = 0;\n"
    if "$MYSQL_DUMP" --defaults-file="$priv/repl.cnf" $primary \
      --single-transaction --gtid --master-data=1 --all-databases --routines --events --triggers \
      --hex-blob --flush-privileges --max-allowed-packet=1G 2>"$priv/dump.err"; then
      echo 0 >"$priv/dump.rc"
      change_source_sql
      printf "SELECT CONCAT('cdk8s-gtid=', @@global.gtid_slave_pos);\n"
    else
      echo $? >"$priv/dump.rc"
    fi
  } | run_sql "$priv/root-nopw.cnf"; then
    [ "$(cat "$priv/dump.rc" 2>/dev/null)" = 0 ] || log "$MYSQL_DUMP failed: $(client_error "$priv/dump.err")"
    return 1
  fi
  if [ "$(cat "$priv/dump.rc" 2>/dev/null)" != 0 ]; then
    log "$MYSQL_DUMP failed: $(client_error "$priv/dump.err")"
    return 1
  fi
  _gtid=$(sed -n 's/^cdk8s-gtid=//p' "$priv/sql.out")
  log "loaded the primary's dump; replication starts at GTID position '${_gtid}'"
  stop_server || { log "the temporary server did not shut down cleanly (log above)"; return 1; }
}

# MySQL: a throwaway instance clones the primary (CLONE INSTANCE, a consistent physical copy with its
# GTID state) into the work dir, then the copy gets its replication settings.
clone_mysql() {
  init_datadir "$work/scratch"
  start_server "$work/scratch" || { log "the temporary server did not start (log above)"; return 1; }
  {
    printf "SET SESSION sql_mode = '';\n"
    printf "SET GLOBAL clone_valid_donor_list = '%s:%s';\n" "$DB_PRIMARY_HOST" "$DB_PRIMARY_PORT"
    # With TLS the clone is encrypted and the donor's certificate checked against the CA.
    [ -z "$tls_ca" ] || printf "SET GLOBAL clone_ssl_ca = '%s';\n" "$tls_ca"
    printf "CLONE INSTANCE FROM %s@'%s':%s IDENTIFIED BY %s DATA DIRECTORY = '%s'%s;\n" \
      "$(sql_string "$REPLICATION_USER")" "$DB_PRIMARY_HOST" "$DB_PRIMARY_PORT" \
      "$(sql_string "$REPLICATION_PASSWORD")" "$work/data" "${tls_ca:+ REQUIRE SSL}"
  } | run_sql "$priv/root-nopw.cnf" || { log "CLONE INSTANCE failed"; return 1; }
  stop_server || { log "the temporary server did not shut down cleanly (log above)"; return 1; }
  rm -rf "$work/scratch"
  start_server "$work/data" || { log "the cloned server did not start (log above)"; return 1; }
  {
    printf "SET SESSION sql_mode = '';\n"
    change_source_sql
    printf "SELECT CONCAT('cdk8s-gtid=', @@global.gtid_executed);\n"
  } | run_sql "$priv/root.cnf" || { log "CHANGE REPLICATION SOURCE failed"; return 1; }
  log "cloned the primary; executed GTIDs: $(sed -n 's/^cdk8s-gtid=//p' "$priv/sql.out" | tr -d '\n')"
  stop_server || { log "the temporary server did not shut down cleanly (log above)"; return 1; }
}

# Re-seed: only when the primary answers now and is writable (a primary); else keep the data.
if [ -n "$reseed" ]; then
  # shellcheck disable=SC2086 # primary is a list of plain words
  if ! ro=$("$MYSQL_CLIENT" --defaults-file="$priv/repl.cnf" $primary --connect-timeout=5 --batch --skip-column-names \
    -e 'SELECT @@global.read_only' 2>"$priv/ping.err"); then
    log "keeping the data: the primary $DB_PRIMARY_HOST:$DB_PRIMARY_PORT does not answer ($(client_error "$priv/ping.err")); the re-seed waits for the next start"
    exit 0
  fi
  if [ "$ro" != 0 ]; then
    log "keeping the data: $DB_PRIMARY_HOST:$DB_PRIMARY_PORT is read-only (not a primary); the re-seed waits for the next start"
    exit 0
  fi
  log "re-seeding this replica: $reseed"
  mv "$datadir" "$discarded"
  rm -rf "$discarded"
  rm -f "$reseed_marker"
  log "removed the replica's data; cloning the primary again"
fi

attempt=0
while :; do
  attempt=$((attempt + 1))
  # shellcheck disable=SC2086 # primary is a list of plain words
  if ! "$MYSQL_ADMIN" --defaults-file="$priv/repl.cnf" $primary --connect-timeout=5 ping >/dev/null 2>"$priv/ping.err"; then
    log "waiting for the primary $DB_PRIMARY_HOST:$DB_PRIMARY_PORT (try $attempt): $(client_error "$priv/ping.err")"
    sleep "$wait_seconds"
    continue
  fi
  log "replica (server_id $server_id): cloning $DB_PRIMARY_HOST:$DB_PRIMARY_PORT as $REPLICATION_USER (try $attempt)"
  if clone_"$MYSQL_FLAVOR"; then
    break
  fi
  log "clone failed (see above); retrying in ${wait_seconds}s"
  if [ -n "$server_pid" ]; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
  rm -rf "$work"
  mkdir -p "$work"
  chmod 0700 "$work"
  sleep "$wait_seconds"
done

publish
log "replica: clone complete; replication starts with the server"
