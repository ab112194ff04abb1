#!/bin/sh
# cdk8s-db Galera role command of the role labeller (run every ROLE_INTERVAL seconds by
# role-probe.sh in the MariaDB image). Prints `primary`, `replica` or `none` and keeps the node's
# read_only in step with it: the writer is the only node with read_only OFF.
#
# Which node writes is a routing choice, not a safety one: Galera's quorum (the Primary component)
# decides which nodes may commit at all, and a node outside it refuses every query (fencing).
# Among the Primary component's members that are Synced and ready ("eligible"):
#   - local node not eligible (not Primary, joining, donor, desynced by galera-prestop.sh, not
#     ready, not answering): `none`, and read_only ON when the server still takes it;
#   - an eligible peer with a LOWER ordinal already writes (read_only OFF): `replica`, read_only ON
#     (two writers after a race: the lower ordinal keeps the role);
#   - the local node writes already: `primary` (sticky: a node that rejoins does not take the
#     role back, so a returning pod 0 costs no switch);
#   - an eligible peer with a higher ordinal writes: `replica`;
#   - no eligible node writes: the lowest-ordinal eligible node claims (read_only OFF, `primary`);
#     the others say `replica`.
# Peers are asked over TCP as the monitoring user (SHOW statements only), 2-3 s at most each; a
# peer that does not answer, is in another cluster (state UUID) or is not eligible does not count.
# Environment: as galera-lib.sh, plus MYSQL_ROOT_PASSWORD (read_only).
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
MY_UUID=$G_UUID
if ! galera_eligible; then
  # A node leaving the writer role (desynced, donor, lost quorum) stops taking writes at once.
  [ "$G_STATUS" != Primary ] || set_read_only ON || :
  say none "not eligible: cluster status ${G_STATUS:-?}, state ${G_STATE:-?}, ready ${G_READY:-?}"
  exit 0
fi

lower_writer='' higher_writer='' lower_eligible='' seen=''
i=0
while [ "$i" -lt "$PEER_COUNT" ]; do
  if [ "$i" -ne "$ORDINAL" ]; then
    if galera_peer_status "$i" && galera_eligible && [ "$G_UUID" = "$MY_UUID" ]; then
      seen="$seen $i:$([ "$G_READ_ONLY" = OFF ] && echo writer || echo replica)"
      if [ "$G_READ_ONLY" = OFF ]; then
        if [ "$i" -lt "$ORDINAL" ]; then lower_writer=${lower_writer:-$i}; else higher_writer=${higher_writer:-$i}; fi
      elif [ "$i" -lt "$ORDINAL" ]; then
        lower_eligible=${lower_eligible:-$i}
      fi
    else
      seen="$seen $i:-"
    fi
  fi
  i=$((i + 1))
done

if [ -n "$lower_writer" ]; then
  set_read_only ON || :
  say replica "pod $lower_writer (lower ordinal) writes; peers:$seen"
elif [ "$G_LOCAL_RO" = OFF ]; then
  say primary "this node writes; peers:$seen"
elif [ -n "$higher_writer" ]; then
  say replica "pod $higher_writer writes; peers:$seen"
elif [ -n "$lower_eligible" ]; then
  say replica "no writer; pod $lower_eligible (lower ordinal) is eligible and takes the role; peers:$seen"
elif set_read_only OFF; then
  say primary "no writer among the eligible members: this node (lowest ordinal) takes the role; peers:$seen"
else
  say none "could not make this node writable; peers:$seen"
fi
