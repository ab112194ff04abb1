#!/bin/sh
# cdk8s-db PostgreSQL bootstrap (init container). Idempotent: safe to kill and re-run at any point.
#
# Pod 0 (primary), no data yet: initdb into a sibling temp dir, create the roles (users.sh too) and
#   the app database on a socket-only temporary server, stop it, rename the dir into place.
# Pod N > 0 (standby), no data yet: wait for the primary, pg_basebackup into a sibling temp dir,
#   add standby.signal, rename the dir into place.
# Already initialized (PG_VERSION present; only a completed rename produces PGDATA): a standby makes
#   sure standby.signal exists, then asks the primary whether the WAL it needs is still there
#   (wal-check.sh --offline): when the primary removed it (its replication slot invalidated, or
#   the primary's oldest WAL segment past the standby's position) the standby re-clones itself,
#   saying why. Never pod 0, never while the primary is unreachable or not a primary (then the
#   data is kept and the server retries). Otherwise it makes sure its slot exists. The primary has
#   nothing to do.
# Each standby streams through its own physical replication slot (<pod name> with '-' as '_'):
#   the clone creates it (pg_basebackup --create-slot, after dropping a stale one of the same
#   name), so WAL is retained from the clone's start; run.sh sets primary_slot_name.
# A temp dir left by an interrupted run is discarded and the work redone.
#
# Environment: PGDATA PGPORT PGHOST POD_NAME DB_PRIMARY_HOST DB_PRIMARY_PORT PG_PASSFILE
#   REPLICATION_USER REPLICATION_PASSWORD; pod 0 also POSTGRES_PASSWORD and, when set, APP_USER
#   APP_PASSWORD [APP_DATABASE], MONITORING_USER MONITORING_PASSWORD and BACKUP_PASSWORD
#   READONLY_PASSWORD [BACKUP_USER READONLY_USER] (users.sh).
#   Optional: PRIMARY_WAIT_SECONDS (default 2), PG_BASEBACKUP_MAX_RATE (pg_basebackup --max-rate,
#   e.g. 100M, to spare the primary), INITDB_LOCALE (default C.UTF-8).
# Passwords are never written to the output or to a command line.
set -eu

log() { printf '%s bootstrap[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${POD_NAME:-?}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need() {
  for _n in "$@"; do
    eval "_v=\${$_n:-}"
    [ -n "$_v" ] || die "environment variable $_n is required"
  done
}

# shellcheck source=passfile.sh
. "$(dirname "$0")/passfile.sh"
# shellcheck source=users.sh
. "$(dirname "$0")/users.sh"

is_role_name() {
  case $1 in
    '' | [!a-z_]* | *[!a-z0-9_]*) return 1 ;;
    *) return 0 ;;
  esac
}

need PGDATA PGPORT PGHOST POD_NAME PG_PASSFILE REPLICATION_USER REPLICATION_PASSWORD

ordinal=${POD_NAME##*-}
case $ordinal in
  '' | *[!0-9]*) die "cannot read the ordinal from POD_NAME=$POD_NAME (expected <name>-<number>)" ;;
esac
ordinal=$((ordinal + 0))

case $PGDATA in
  /*/*) ;;
  *) die "PGDATA=$PGDATA must be an absolute path below the volume mount" ;;
esac
PGDATA=${PGDATA%/}
parent=${PGDATA%/*}
tmpdata="$PGDATA.bootstrap"
discarded="$PGDATA.discarded"
slot=$(printf '%s' "$POD_NAME" | tr -- '-.' '__')
here=$(dirname "$0")
[ -d "$parent" ] || die "$parent (the parent of PGDATA) does not exist"
[ -w "$parent" ] || die "$parent is not writable by uid $(id -u): check the pod's fsGroup"

write_passfile
log "wrote passfile $PG_PASSFILE"

initialized() { [ -f "$PGDATA/PG_VERSION" ]; }

# Removes the temp dir of an interrupted run (stopping a temporary server still running on it).
discard_tmpdata() {
  if [ -e "$tmpdata" ]; then
    log "discarding $tmpdata left by an interrupted bootstrap; starting over"
    if [ -f "$tmpdata/postmaster.pid" ]; then
      pg_ctl -D "$tmpdata" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmpdata"
  fi
}

# PGDATA exists but is not initialized: an empty dir (e.g. created by hand) is removed so the
# rename can happen; anything else is foreign data we refuse to touch.
clear_uninitialized_pgdata() {
  if [ -d "$PGDATA" ]; then
    if rmdir "$PGDATA" 2>/dev/null; then
      log "removed empty $PGDATA"
    else
      die "$PGDATA exists, is not empty and has no PG_VERSION: refusing to overwrite it; move it away to re-initialize"
    fi
  elif [ -e "$PGDATA" ]; then
    die "$PGDATA exists and is not a directory"
  fi
}

# EXIT trap of the pod-0 path: stop the temporary server, remove the private work dir.
# shellcheck disable=SC2317 # invoked by trap
cleanup_primary() {
  if [ -n "${server_started:-}" ]; then
    pg_ctl -D "$tmpdata" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  [ -z "${workdir:-}" ] || rm -rf "$workdir"
}

# Atomic: rename(2) within the volume, then make the rename durable.
publish() {
  mv "$tmpdata" "$PGDATA"
  sync "$parent" 2>/dev/null || sync
  log "$PGDATA is in place"
}

# A standby's data set aside for a re-clone and not yet removed (killed midway): remove it.
if [ -e "$discarded" ]; then
  log "removing $discarded (data of an earlier re-clone)"
  rm -rf "$discarded"
fi

reclone=
if initialized; then
  # fsGroup may have made the directory group-accessible; PostgreSQL refuses more than 0750.
  chmod 0700 "$PGDATA" 2>/dev/null || true
  discard_tmpdata
  if [ "$ordinal" -eq 0 ]; then
    if [ -f "$PGDATA/standby.signal" ]; then
      log "WARNING: pod 0 has standby.signal in $PGDATA: it will start as a standby"
    fi
    log "pod 0: $PGDATA already initialized (PostgreSQL $(cat "$PGDATA/PG_VERSION")); nothing to do"
  else
    if [ ! -f "$PGDATA/standby.signal" ]; then
      : >"$PGDATA/standby.signal"
      log "created missing $PGDATA/standby.signal"
    fi
    log "standby: $PGDATA already initialized (PostgreSQL $(cat "$PGDATA/PG_VERSION")); standby.signal present"
    if verdict=$(sh "$here/wal-check.sh" --offline --ensure-slot); then
      # exit 0 only when the primary answered as a primary and no longer has our WAL.
      log "re-cloning this standby: $verdict"
      reclone=1
    else
      log "keeping the data: $verdict"
    fi
  fi
  if [ -z "$reclone" ]; then
    exit 0
  fi
  # Atomic set-aside, then removal: the volume may not hold two copies.
  mv "$PGDATA" "$discarded"
  rm -rf "$discarded"
  log "removed the standby's data; cloning the primary again"
fi

clear_uninitialized_pgdata
discard_tmpdata

if [ "$ordinal" -eq 0 ]; then
  need POSTGRES_PASSWORD
  for _n in REPLICATION_USER APP_USER MONITORING_USER BACKUP_USER READONLY_USER; do
    eval "_v=\${$_n:-}"
    if [ -n "$_v" ]; then
      is_role_name "$_v" || die "$_n=$_v: role names must match [a-z_][a-z0-9_]*"
      [ "$_v" != postgres ] || die "$_n must not be postgres"
    fi
  done
  if [ -n "${APP_USER:-}" ]; then
    need APP_PASSWORD
    [ "$APP_USER" != "$REPLICATION_USER" ] || die "APP_USER and REPLICATION_USER must differ"
  fi
  if [ -n "${MONITORING_USER:-}" ]; then
    need MONITORING_PASSWORD
    [ "$MONITORING_USER" != "$REPLICATION_USER" ] || die "MONITORING_USER and REPLICATION_USER must differ"
    [ "$MONITORING_USER" != "${APP_USER:-}" ] || die "MONITORING_USER and APP_USER must differ"
  fi

  # Private work dir (0700) for the password file, the temporary server's socket and its log;
  # ones left by a killed run are removed first.
  rm -rf "${TMPDIR:-/tmp}"/pg-bootstrap.*
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/pg-bootstrap.XXXXXX")
  server_started=
  trap cleanup_primary EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  log "pod 0: initializing a new cluster in $tmpdata"
  (
    umask 077
    printf '%s\n' "$POSTGRES_PASSWORD" >"$workdir/pwfile"
  )
  initdb -D "$tmpdata" --username=postgres --pwfile="$workdir/pwfile" \
    --auth-local=peer --auth-host=scram-sha-256 --data-checksums \
    --encoding=UTF8 --locale="${INITDB_LOCALE:-C.UTF-8}" >"$workdir/initdb.log" 2>&1 || {
    rm -f "$workdir/pwfile"
    cat "$workdir/initdb.log" >&2
    die "initdb failed"
  }
  rm -f "$workdir/pwfile"
  log "initdb done (data checksums on)"

  # Temporary server: socket only, in a private dir nobody else knows; statements never logged.
  pg_ctl -D "$tmpdata" -l "$workdir/server.log" -w -t 120 \
    -o "-c listen_addresses='' -c unix_socket_directories='$workdir' -c port=$PGPORT -c password_encryption=scram-sha-256 -c log_min_error_statement=panic -c log_statement=none" \
    start >/dev/null || {
    cat "$workdir/server.log" >&2
    die "could not start the temporary server"
  }
  server_started=1

  # Passwords come from the environment through psql variables (never a command line); :'x'
  # quotes them as literals. VERBOSITY terse keeps statement text out of error messages.
  has_app=false has_monitoring=false
  if [ -n "${APP_USER:-}" ]; then
    has_app=true
    APP_DATABASE=${APP_DATABASE:-$APP_USER}
    export APP_DATABASE
  fi
  [ -z "${MONITORING_USER:-}" ] || has_monitoring=true
  PGHOST=$workdir psql -X -q -v ON_ERROR_STOP=1 -v has_app=$has_app -v has_monitoring=$has_monitoring \
    -U postgres -d postgres >/dev/null <<'SQL' || die "creating roles failed"
\set VERBOSITY terse
\set repl_user `printenv REPLICATION_USER`
\set repl_password `printenv REPLICATION_PASSWORD`
CREATE ROLE :"repl_user" WITH REPLICATION LOGIN PASSWORD :'repl_password';
\unset repl_password
\if :has_app
\set app_user `printenv APP_USER`
\set app_password `printenv APP_PASSWORD`
\set app_database `printenv APP_DATABASE`
CREATE ROLE :"app_user" WITH LOGIN PASSWORD :'app_password';
\unset app_password
CREATE DATABASE :"app_database" OWNER :"app_user";
\endif
\if :has_monitoring
\set mon_user `printenv MONITORING_USER`
\set mon_password `printenv MONITORING_PASSWORD`
CREATE ROLE :"mon_user" WITH LOGIN CONNECTION LIMIT 5 PASSWORD :'mon_password';
\unset mon_password
GRANT pg_monitor TO :"mon_user";
\endif
SQL
  log "created roles: $REPLICATION_USER (replication)${APP_USER:+, $APP_USER (owner of database ${APP_DATABASE:-})}${MONITORING_USER:+, $MONITORING_USER (pg_monitor)}"
  if [ -n "${BACKUP_PASSWORD:-}" ] && [ -n "${READONLY_PASSWORD:-}" ]; then
    ensure_users "$workdir" || die "creating the backup and read-only roles failed"
    log "created roles: ${BACKUP_USER:-backup} (pg_read_all_data, backups), ${READONLY_USER:-readonly} (SELECT in database ${APP_DATABASE:-?}, read-only clients)"
  else
    log "BACKUP_PASSWORD or READONLY_PASSWORD is not set: no backup or read-only role"
  fi

  pg_ctl -D "$tmpdata" -m fast -w -t 120 stop >/dev/null || die "could not stop the temporary server"
  server_started=
  publish
  log "pod 0: new cluster ready"
  exit 0
fi

# Standby: clone pod 0. Waits forever (logging every try) instead of crash-looping.
need DB_PRIMARY_HOST DB_PRIMARY_PORT
wait_seconds=${PRIMARY_WAIT_SECONDS:-2}
case $wait_seconds in '' | *[!0-9]*) die "PRIMARY_WAIT_SECONDS=$wait_seconds is not a number" ;; esac
rate_opt=
if [ -n "${PG_BASEBACKUP_MAX_RATE:-}" ]; then
  case $PG_BASEBACKUP_MAX_RATE in
    *[!0-9kKmM]* | [!0-9]*) die "PG_BASEBACKUP_MAX_RATE=$PG_BASEBACKUP_MAX_RATE: expected e.g. 32k or 100M" ;;
  esac
  rate_opt="--max-rate=$PG_BASEBACKUP_MAX_RATE"
fi

clone_pid=
# As PID 1 of the init container, sh would ignore an untrapped SIGTERM. On a signal, stop the
# clone's whole process group (pg_basebackup forks a WAL-streaming child that outlives a lone kill).
# shellcheck disable=SC2317 # invoked by trap
on_signal() {
  trap '' TERM INT
  log "$2; an unfinished clone is redone next time"
  [ -z "$clone_pid" ] || kill -TERM 0 2>/dev/null || true
  exit "$1"
}
trap 'on_signal 143 terminated' TERM
trap 'on_signal 130 interrupted' INT
# drop_slot: removes this standby's slot on the primary (a stale or invalidated one) so that the
# clone can create it afresh; "does not exist" is fine.
drop_slot() {
  if _out=$(PGPASSFILE=$PG_PASSFILE PGCONNECT_TIMEOUT=5 psql -XAtq \
    "host=$DB_PRIMARY_HOST port=$DB_PRIMARY_PORT user=$REPLICATION_USER dbname=postgres replication=true" \
    -c "DROP_REPLICATION_SLOT $slot" 2>&1); then
    log "dropped the old replication slot $slot on the primary"
  else
    case $_out in
      *'does not exist'*) ;;
      *) log "could not drop replication slot $slot on the primary: $_out" ;;
    esac
  fi
}

attempt=0
while :; do
  attempt=$((attempt + 1))
  if ! pg_isready -q -h "$DB_PRIMARY_HOST" -p "$DB_PRIMARY_PORT" -t 5; then
    log "waiting for the primary $DB_PRIMARY_HOST:$DB_PRIMARY_PORT to accept connections (try $attempt)"
    sleep "$wait_seconds"
    continue
  fi
  drop_slot
  log "cloning $DB_PRIMARY_HOST:$DB_PRIMARY_PORT into $tmpdata as $REPLICATION_USER through replication slot $slot (try $attempt)"
  # In the background so that SIGTERM (pod deletion) is handled at once, not after the clone.
  # --create-slot: the slot retains WAL from the start of the clone, so streaming can follow it.
  # shellcheck disable=SC2086 # rate_opt is empty or one word
  PGPASSFILE=$PG_PASSFILE PGAPPNAME="$POD_NAME-clone" pg_basebackup \
    -h "$DB_PRIMARY_HOST" -p "$DB_PRIMARY_PORT" -U "$REPLICATION_USER" -w \
    -D "$tmpdata" -X stream -c fast --create-slot --slot="$slot" $rate_opt &
  clone_pid=$!
  if wait "$clone_pid"; then
    clone_pid=
    break
  fi
  clone_pid=
  log "pg_basebackup failed (see above); retrying in ${wait_seconds}s"
  rm -rf "$tmpdata"
  sleep "$wait_seconds"
done

: >"$tmpdata/standby.signal"
# No -R: primary_conninfo comes from the mounted postgresql.conf. Drop what pg_basebackup copied
# that only describes the primary's process.
rm -f "$tmpdata/postmaster.pid" "$tmpdata/postmaster.opts"
publish
log "standby: clone complete"
