#!/bin/sh
# cdk8s-db Galera readinessProbe (FailoverMode.AUTOMATIC for MariaDB). Exit 0 = ready, 1 = not
# ready; prints one line with the reason. Ready only while the local node is a member of the
# Primary component (wsrep_cluster_status = Primary), Synced (wsrep_local_state_comment; not a
# joiner, a donor or desynced, which galera-prestop.sh does to a leaving writer) and ready
# (wsrep_ready = ON): then every committed transaction of the cluster is applied or certified
# here, and reads with wsrep_sync_wait see them. Says whether the node is the writer
# (read_only OFF, set by galera-role.sh) or a read-only replica: a stale `primary` label on a
# replica reaches a node that refuses application writes (read_only), never a second writer.
# Environment: MYSQL_CLIENT MYSQL_PROBE_DEFAULTS POD_NAME GALERA_PEERS MONITORING_USER MONITORING_PASSWORD.
set -eu
LOG_NAME=galera-readiness
# shellcheck source-path=SCRIPTDIR source=galera-lib.sh
. "$(dirname "$0")/galera-lib.sh"
[ -f "${MYSQL_PROBE_DEFAULTS:?}" ] || { echo "not ready: probe credentials $MYSQL_PROBE_DEFAULTS are missing"; exit 1; }
if ! galera_local_status; then
  echo "not ready: cannot query the server: $G_ERROR"
  exit 1
fi
detail="cluster status ${G_STATUS:-?}, state ${G_STATE:-?}, wsrep_ready ${G_READY:-?}, ${G_SIZE:-?} members"
if [ "$G_STATUS" != Primary ]; then
  echo "not ready: not in a Primary component (no quorum: writes and reads refused) ($detail)"
  exit 1
fi
if [ "$G_STATE" != Synced ]; then
  echo "not ready: not Synced ($detail)"
  exit 1
fi
if [ "$G_READY" != ON ]; then
  echo "not ready: wsrep not ready ($detail)"
  exit 1
fi
if [ "$G_READ_ONLY" = OFF ]; then
  echo "ready: writer ($detail, read_only OFF)"
else
  echo "ready: replica ($detail, read_only ${G_READ_ONLY:-?})"
fi
exit 0
