# shellcheck shell=sh
# pg-connect.sh - wait until the PostgreSQL server of a backup or restore step answers; sourced
# by pg-backup.sh and pg-restore.sh after retry.sh (never run on its own).
#
# The step's pod has just started: its first connections can be refused or dropped until its
# NetworkPolicy is programmed, or the server may still be starting. Those are retried with the
# bounded backoff of retry.sh (RETRY_TIMEOUT, default 60 s). A wrong password, a role or a
# database that does not exist, or a pg_hba.conf refusal do not fix themselves: not retried.

PG_PERMANENT_ERRORS='*password authentication failed*
*no pg_hba.conf entry*
*role "*" does not exist*
*database "*" does not exist*
*pg_hba.conf rejects connection*'

# pg_wait_connect WHERE QUERY: runs QUERY in database postgres until it succeeds; its output is
# in RETRY_OUT. Exits (die) naming WHERE and the last error when it gives up.
pg_wait_connect() {
  _pw_rc=0
  retry_command "$1 to accept connections as $PGUSER" "$PG_PERMANENT_ERRORS" \
    psql -XAtq -v ON_ERROR_STOP=1 -d postgres -c "$2" || _pw_rc=$?
  case $_pw_rc in
    0) ;;
    2) die "cannot connect to $1 as $PGUSER: $RETRY_ERR (not retried: a wrong password, role, database or pg_hba.conf rule does not fix itself)" ;;
    *) die "cannot connect to $1 as $PGUSER: gave up after ${RETRY_TIMEOUT}s ($RETRY_ATTEMPT attempts): $RETRY_ERR" ;;
  esac
}
