#!/bin/sh
# cdk8s-db Galera preStop hook (FailoverMode.AUTOMATIC for MariaDB): hands the writer role over
# before a clean shutdown, so that a planned restart (rolling update, eviction, pod deletion)
# costs about one role interval of writes.
#   - Not the writer (read_only ON), or not eligible: clean shutdown (prestop.sh) after
#     GALERA_LEAVE_STAGGER_SECONDS (default 3) times the ordinal. When every pod stops at once,
#     members that leave in the same instant can take the Primary component down with them (the
#     survivor is then not safe_to_bootstrap): staggered, they leave one after the other.
#   - The writer: SET GLOBAL wsrep_desync = ON, which makes the node not Synced, so the peers'
#     galera-role.sh no longer count it and the lowest-ordinal eligible peer takes the role; it
#     keeps applying and committing meanwhile (open connections keep working). Then it waits for a
#     peer that writes (read_only OFF), sets its own read_only ON (open connections get errors and
#     reconnect through the write Service) and shuts down. It waits as long as peers answer (pods
#     recreated after a full stop join from this node and one of them takes the role), at most
#     GALERA_HANDOVER_SECONDS (default 10). When no peer has answered for GALERA_QUIET_SECONDS
#     (default 10; longer than the staggered leaves), every pod is stopping: desync is turned off
#     again and the node stops last, as the only member of the Primary component, so that Galera
#     marks it safe_to_bootstrap for the next start of the set.
# Environment: as galera-lib.sh and prestop.sh, plus MYSQL_ROOT_PASSWORD.
set -eu
LOG_NAME=galera-prestop
# shellcheck source-path=SCRIPTDIR source=galera-lib.sh
. "$(dirname "$0")/galera-lib.sh"
handover=${GALERA_HANDOVER_SECONDS:-10}
galera_is_uint "$handover" || handover=10
stagger=${GALERA_LEAVE_STAGGER_SECONDS:-3}
galera_is_uint "$stagger" || stagger=3
quiet=${GALERA_QUIET_SECONDS:-10}
galera_is_uint "$quiet" || quiet=10

stop() { exec sh "$(dirname "$0")/prestop.sh"; }

galera_init
galera_admin_defaults
if ! galera_local_status; then
  galera_log "server does not answer ($G_ERROR): shutting down"
  stop
fi
if ! galera_eligible || [ "$G_READ_ONLY" != OFF ]; then
  galera_log "not the writer (cluster status ${G_STATUS:-?}, state ${G_STATE:-?}, read_only ${G_READ_ONLY:-?}): shutting down in $((ORDINAL * stagger))s"
  sleep $((ORDINAL * stagger))
  stop
fi
MY_UUID=$G_UUID
galera_log "the writer is stopping: desync, so that a peer takes the writer role"
galera_admin_sql 'SET GLOBAL wsrep_desync = ON' >/dev/null 2>&1 || galera_log 'could not desync (continuing)'
now=$(date +%s)
end=$((now + handover))
heard=$now
taken=''
# Until a peer writes; while peers answer (e.g. pods recreated after a full stop, joining from this
# node), keep waiting; once none has answered for GALERA_QUIET_SECONDS, this node is the last.
while [ "$(date +%s)" -lt "$end" ] && [ $(($(date +%s) - heard)) -lt "$quiet" ]; do
  i=0
  while [ "$i" -lt "$PEER_COUNT" ]; do
    if [ "$i" -ne "$ORDINAL" ] && galera_peer_status "$i"; then
      heard=$(date +%s)
      if galera_eligible && [ "$G_UUID" = "$MY_UUID" ] && [ "$G_READ_ONLY" = OFF ]; then
        taken=$i
        break 2
      fi
    fi
    i=$((i + 1))
  done
  sleep 0.2
done
if [ -n "$taken" ]; then
  galera_admin_sql 'SET GLOBAL read_only = ON' >/dev/null 2>&1 || :
  galera_log "pod $taken took the writer role: shutting down"
else
  galera_admin_sql 'SET GLOBAL wsrep_desync = OFF' >/dev/null 2>&1 || :
  galera_log "no peer took the writer role (no peer answered for ${quiet}s, or ${handover}s passed): shutting down as the last member"
fi
stop
