#!/bin/sh
# mysql-lib.sh - helpers for the MySQL/MariaDB backup scripts (sourced, not run).

log() { printf '%s: %s\n' "$PROG" "$*"; }
die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  if [ -n "${VERIFY_RESULT_FILE:-}" ]; then printf 'FAILED: %s\n' "$*" >"$VERIFY_RESULT_FILE" 2>/dev/null || true; fi
  exit 1
}

# Option-file value: double-quoted, with \ and " escaped (MySQL and MariaDB unescape both).
cnf_value() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# write_client_cnf FILE: [client] options (user, password, host, port) from MYSQL_USER,
# MYSQL_PASSWORD, MYSQL_HOST, MYSQL_PORT; mode 0600. The password never reaches argv.
write_client_cnf() {
  case ${MYSQL_PASSWORD:-} in *'
'*) die 'the password contains a line break: option files cannot hold it' ;; esac
  (
    umask 077
    {
      printf '[client]\n'
      printf 'user=%s\n' "$(cnf_value "${MYSQL_USER:-root}")"
      printf 'password=%s\n' "$(cnf_value "${MYSQL_PASSWORD:-}")"
      [ -z "${MYSQL_HOST:-}" ] || printf 'host=%s\n' "$MYSQL_HOST"
      [ -z "${MYSQL_PORT:-}" ] || printf 'port=%s\n' "$MYSQL_PORT"
    } >"$1"
  )
}

# ready_backup: sets ID and DIR from $BACKUP_WORK_DIR/READY and checks SHA256SUMS.
ready_backup() {
  [ -f "$BACKUP_WORK_DIR/READY" ] || die "no downloaded backup in $BACKUP_WORK_DIR (READY is missing)"
  ID=$(cat "$BACKUP_WORK_DIR/READY")
  DIR=$BACKUP_WORK_DIR/$ID
  [ -d "$DIR" ] || die "backup directory $DIR is missing"
  (cd "$DIR" && sha256sum -c --quiet SHA256SUMS) || die "backup $ID does not match its SHA256SUMS"
}

# unpack NAME OUT: decompresses $DIR/NAME.sql.gz to OUT (own step: no pipeline) and checks that
# the dump tool finished writing it.
unpack() {
  gzip -dc "$DIR/$1.sql.gz" >"$2" || die "$1.sql.gz does not decompress"
  tail -n 1 "$2" | grep -q '^-- Dump completed' || die "$1.sql.gz is truncated (no '-- Dump completed' line)"
}

# The step's pod has just started: its first connections can be refused or dropped until its
# NetworkPolicy is programmed, or the server may still be starting; those are retried with the
# bounded backoff of retry.sh (RETRY_TIMEOUT, default 60 s). Access denied (1045, 1044, 1698)
# or an unknown database (1049) do not fix themselves: not retried.
MYSQL_PERMANENT_ERRORS='*ERROR 1045 *
*ERROR 1044 *
*ERROR 1698 *
*ERROR 1049 *'

# mysql_wait_connect CNF WHERE QUERY: runs QUERY until it succeeds; its output is in RETRY_OUT.
# Exits (die) naming WHERE and the last error when it gives up.
mysql_wait_connect() {
  _mw_rc=0
  retry_command "$2 to accept connections as ${MYSQL_USER:-root}" "$MYSQL_PERMANENT_ERRORS" \
    "$MYSQL_CLIENT" --defaults-file="$1" --batch --skip-column-names -e "$3" || _mw_rc=$?
  case $_mw_rc in
    0) ;;
    2) die "cannot connect to $2 as ${MYSQL_USER:-root}: $RETRY_ERR (not retried: a wrong password or missing grant does not fix itself)" ;;
    *) die "cannot connect to $2 as ${MYSQL_USER:-root}: gave up after ${RETRY_TIMEOUT}s ($RETRY_ATTEMPT attempts): $RETRY_ERR" ;;
  esac
}
