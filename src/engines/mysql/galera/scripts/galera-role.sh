#!/bin/sh
# cdk8s-db Galera role command of the role labeller (run every ROLE_INTERVAL seconds by
# role-probe.sh in the MariaDB image). Prints `primary`, `replica` or `none` and keeps the node's
# read_only in step with it: the writer is the only node with read_only OFF.
#
# Which node may commit at all is Galera's quorum (the Primary component): a node outside it
# refuses every query. Which node of the Primary component writes is the writer lease, one row of
# a Galera-replicated table (galera-lib.sh, galera_lease): every member reads the same row, and a
# change of writer is a certified transaction, so two claims never both succeed.
#   - local node not eligible (not Primary, joining, donor, desynced, not ready, not answering) or
#     stopping (galera-prestop.sh's marker): `none`, read_only ON when the server still takes it;
#   - otherwise it renews the lease if it holds it, or claims it when it is free or its holder has
#     not renewed it for GALERA_LEASE_SECONDS (GALERA_LEASE_GONE_SECONDS once the holder has left
#     the Primary component). Holding it: read_only OFF, `primary`. Not holding it: read_only ON,
#     `replica`. The lease's transaction failed (a concurrent claim won, an error): read_only ON,
#     `none`; except that a holder whose renewal only stalls (Galera commits nothing while it
#     evicts a dead member, about evs.suspect_timeout) keeps the role for GALERA_LEASE_HOLD_SECONDS
#     (default 8) after its last renewal: less than the GALERA_LEASE_SECONDS a live member's lease
#     lasts, minus the labeller's delay.
# Sticky: the holder renews every round, so a node that rejoins never takes the role back.
# Only the local server is asked (through the socket): a slow or unreachable peer changes nothing.
# Environment: as galera-lib.sh, plus MYSQL_ROOT_PASSWORD; GALERA_LEASE_SECONDS,
#   GALERA_LEASE_GONE_SECONDS, GALERA_LEASE_HOLD_SECONDS, GALERA_LEASE_SQL_TIMEOUT (2).
set -eu
LOG_NAME=galera-role
# shellcheck source-path=SCRIPTDIR source=galera-lib.sh
. "$(dirname "$0")/galera-lib.sh"
galera_init
galera_admin_defaults

say() {
  echo "$1"
  shift
  echo "$*" >&2
}

set_read_only() {
  [ "$G_LOCAL_RO" = "$1" ] && return 0
  if galera_admin_sql "SET GLOBAL read_only = $1" >/dev/null 2>&1; then
    echo "read_only $G_LOCAL_RO -> $1" >&2
    return 0
  fi
  echo "could not set read_only = $1" >&2
  return 1
}

if ! galera_local_status; then
  say none "local server does not answer: $G_ERROR"
  exit 0
fi
G_LOCAL_RO=$G_READ_ONLY
if [ -f "$(galera_leaving_marker)" ]; then
  [ "$G_STATUS" != Primary ] || set_read_only ON || :
  say none "stopping (galera-prestop.sh): not a writer candidate"
  exit 0
fi
if ! galera_eligible; then
  # A node leaving the writer role (desynced, donor, lost quorum) stops taking writes at once.
  [ "$G_STATUS" != Primary ] || set_read_only ON || :
  say none "not eligible: cluster status ${G_STATUS:-?}, state ${G_STATE:-?}, ready ${G_READY:-?}"
  exit 0
fi
renewed_file=$(galera_renewed_file)
if ! galera_lease "$GALERA_CLAIM_WHERE"; then
  hold=${GALERA_LEASE_HOLD_SECONDS:-8}
  galera_is_uint "$hold" || hold=8
  last=$(cat "$renewed_file" 2>/dev/null) || last=''
  galera_is_uint "$last" || last=0
  age=$(($(date +%s) - last))
  case $G_ERROR in
    'no answer within'*)
      if [ "$G_LOCAL_RO" = OFF ] && [ "$age" -lt "$hold" ]; then
        say primary "the lease renewal stalled ($G_ERROR); renewed ${age}s ago, holding the role up to ${hold}s"
        exit 0
      fi
      ;;
  esac
  set_read_only ON || :
  say none "the writer lease could not be read or renewed: $G_ERROR"
  exit 0
fi
if [ "$L_POD" = "$POD_NAME" ]; then
  date +%s >"$renewed_file.tmp" && mv -f "$renewed_file.tmp" "$renewed_file"
  if set_read_only OFF; then
    say primary "this node holds the writer lease (epoch $L_EPOCH)"
  else
    say none "this node holds the writer lease (epoch $L_EPOCH) but could not be made writable"
  fi
else
  rm -f "$renewed_file"
  set_read_only ON || :
  say replica "${L_POD:-nobody} holds the writer lease (epoch $L_EPOCH)"
fi
