#!/bin/sh
# cdk8s-db Galera preStop hook (FailoverMode.AUTOMATIC for MariaDB): hands the writer role over
# before a clean shutdown, so that a planned restart (rolling update, eviction, pod deletion)
# costs about one role interval of writes.
#   - Every stopping node first writes galera-lib.sh's leaving marker: its galera-role.sh then
#     says `none` and never claims the writer lease again.
#   - Not the writer (read_only ON, or not eligible): clean shutdown (prestop.sh) after
#     GALERA_LEAVE_STAGGER_SECONDS (default 3) times the ordinal. When every pod stops at once,
#     members that leave in the same instant can take the Primary component down with them (the
#     survivor is then not safe_to_bootstrap): staggered, they leave one after the other.
#   - The writer: read_only ON (open connections get errors and reconnect through the write
#     Service), then it releases the writer lease, which the next round of a peer's galera-role.sh
#     claims. It waits until the lease names another pod, at most GALERA_HANDOVER_SECONDS (default
#     10), and shuts down. When it is the only member left (every pod is stopping), it stops at once,
#     as the last member of the Primary component, so that Galera marks it safe_to_bootstrap for
#     the next start of the set; pods recreated meanwhile join from it and one of them takes the
#     lease.
# Environment: as galera-lib.sh and prestop.sh, plus MYSQL_ROOT_PASSWORD.
set -eu
LOG_NAME=galera-prestop
# shellcheck source-path=SCRIPTDIR source=galera-lib.sh
. "$(dirname "$0")/galera-lib.sh"
handover=${GALERA_HANDOVER_SECONDS:-10}
galera_is_uint "$handover" || handover=10
stagger=${GALERA_LEAVE_STAGGER_SECONDS:-3}
galera_is_uint "$stagger" || stagger=3

stop() { exec sh "$(dirname "$0")/prestop.sh"; }

galera_init
galera_admin_defaults
: >"$(galera_leaving_marker)" || galera_log 'could not write the leaving marker (continuing)'
if ! galera_local_status; then
  galera_log "server does not answer ($G_ERROR): shutting down"
  stop
fi
if ! galera_eligible || [ "$G_READ_ONLY" != OFF ]; then
  galera_log "not the writer (cluster status ${G_STATUS:-?}, state ${G_STATE:-?}, read_only ${G_READ_ONLY:-?}): shutting down in $((ORDINAL * stagger))s"
  sleep $((ORDINAL * stagger))
  stop
fi
galera_log "the writer is stopping: read_only ON, releasing the writer lease"
galera_admin_sql 'SET GLOBAL read_only = ON' >/dev/null 2>&1 || galera_log 'could not set read_only ON (continuing)'
galera_lease_release || galera_log 'could not release the writer lease (a peer claims it once it expires)'
end=$(($(date +%s) + handover))
taken=''
while [ "$(date +%s)" -lt "$end" ]; do
  if galera_lease FALSE && [ -n "$L_POD" ] && [ "$L_POD" != "$POD_NAME" ]; then
    taken=$L_POD
    break
  fi
  if galera_local_status && [ "${G_SIZE:-0}" = 1 ]; then
    break
  fi
  sleep 0.2
done
if [ -n "$taken" ]; then
  galera_log "$taken took the writer lease (epoch $L_EPOCH): shutting down"
else
  galera_log "no peer took the writer lease (members ${G_SIZE:-?}, or ${handover}s passed): shutting down"
fi
stop
