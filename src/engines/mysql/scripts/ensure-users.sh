#!/bin/sh
# cdk8s-db MySQL / MariaDB: makes sure the backup and read-only users exist and root is reachable
# only over the socket (users.sh), once the primary accepts connections. run.sh starts it in the
# background on pod 0 at every start, so a data directory initialized by an older version of
# cdk8s-db (no backup or read-only user, root@'%') is brought in line on its next restart; on a
# new primary bootstrap.sh has done it already and this only resets passwords and grants. The
# statements go to the binlog: the replicas get them by replication. A replica never runs it, nor
# does a server that is read-only (not the primary).
#
# Environment: MYSQL_CLIENT MYSQL_SOCKET MYSQL_ROOT_PASSWORD POD_NAME MYSQL_BACKUP_GRANTS APP_DATABASE
#   BACKUP_PASSWORD READONLY_PASSWORD [BACKUP_USER (default backup)] [READONLY_USER (default readonly)]
#   Optional: ENSURE_USERS_TIMEOUT_SECONDS (default 3600: how long to wait for the server).
# Without BACKUP_PASSWORD and READONLY_PASSWORD it does nothing and says so. Passwords never reach
# a command line: the client reads root's from a 0600 option file, the SQL from stdin.
set -eu

log() { printf '%s ensure-users[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${POD_NAME:-?}" "$*" >&2; }

# shellcheck source=users.sh
. "$(dirname "$0")/users.sh"

if [ -z "${BACKUP_PASSWORD:-}" ] || [ -z "${READONLY_PASSWORD:-}" ]; then
  log "BACKUP_PASSWORD or READONLY_PASSWORD is not set: the backup and read-only users are left as they are"
  exit 0
fi
for _n in MYSQL_CLIENT MYSQL_SOCKET MYSQL_ROOT_PASSWORD APP_DATABASE MYSQL_BACKUP_GRANTS; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || { log "ERROR: environment variable $_n is required"; exit 1; }
done
users_check || { log "ERROR: cannot make the backup and read-only users (see above)"; exit 1; }
timeout=${ENSURE_USERS_TIMEOUT_SECONDS:-3600}
case $timeout in '' | *[!0-9]*) log "ERROR: ENSURE_USERS_TIMEOUT_SECONDS=$timeout is not a number"; exit 1 ;; esac

priv=$(mktemp -d "${TMPDIR:-/tmp}/ensure-users.XXXXXX")
trap 'rm -rf "$priv"' EXIT
(
  umask 077
  printf '[client]\nuser=root\npassword="%s"\nsocket=%s\n' \
    "$(printf '%s' "$MYSQL_ROOT_PASSWORD" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')" "$MYSQL_SOCKET" >"$priv/root.cnf"
)
sql() { "$MYSQL_CLIENT" --defaults-file="$priv/root.cnf" --connect-timeout=3 --batch --skip-column-names "$@"; }

start=$(date +%s)
until ro=$(sql -e 'SELECT @@global.read_only' 2>"$priv/err"); do
  if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
    log "ERROR: the server did not accept connections within ${timeout}s ($(head -c 200 "$priv/err")): the users were not checked"
    exit 1
  fi
  sleep 1
done
if [ "$ro" != 0 ]; then
  log "this server is read-only (not the primary): its users come from the primary"
  exit 0
fi
if users_sql | sql 2>"$priv/err"; then
  log "users ${BACKUP_USER:-backup} (backups: $MYSQL_BACKUP_GRANTS) and ${READONLY_USER:-readonly} (SELECT on $APP_DATABASE) are in place; root only over the socket"
else
  log "ERROR: making the backup and read-only users failed: $(head -c 200 "$priv/err" | sed 's/ near .*/ near (statement text withheld)/')"
  exit 1
fi
