#!/bin/sh
# cdk8s-db Galera recovery for the cases that need a human (README "Galera: what needs a human").
# Run in a pod's mariadb container with kubectl exec:
#
#   galera-recover.sh status      this node's saved state: grastate.dat (cluster UUID, seqno,
#                                 safe_to_bootstrap) now and before the last start (a running
#                                 server sets seqno -1; after a crash it is -1 too: the server's
#                                 log says "Recovered position" at start), gvwstate.dat, the new-cluster marker and, when
#                                 the server answers, its live Galera status. Compare the seqno of
#                                 every pod: the highest one holds the most recent data.
#   galera-recover.sh bootstrap   this node bootstraps a new Primary component from its data at its
#                                 next start (marker on the volume, read by galera-start.sh); then
#                                 delete the pod (kubectl delete pod <pod>): a process in the
#                                 container cannot signal its PID 1. The other pods join it (a
#                                 waiting one may need a restart too: kubectl delete pod).
#
# Only bootstrap the pod with the highest seqno, and only when no pod is in a Primary component
# (status says so): two bootstrapped nodes are two clusters that never merge.
# Environment: as galera-lib.sh.
set -eu
LOG_NAME=galera-recover
# shellcheck source-path=SCRIPTDIR source=galera-lib.sh
. "$(dirname "$0")/galera-lib.sh"
datadir=${MYSQL_DATADIR:?}
datadir=${datadir%/}
volume=${datadir%/*}
marker="$volume/.cdk8s-galera-force-bootstrap"

case ${1:-} in
  status)
    echo "pod: ${POD_NAME:-?}"
    if [ -f "$datadir/grastate.dat" ]; then
      sed -n 's/^\(uuid\|seqno\|safe_to_bootstrap\):[[:space:]]*/\1: /p' "$datadir/grastate.dat"
    else
      echo 'grastate.dat: absent'
    fi
    if [ -f "$volume/.cdk8s-galera-start-state" ]; then
      echo 'grastate.dat before the last start (a running server shows seqno -1):'
      sed -n 's/^\(uuid\|seqno\|safe_to_bootstrap\|at\):/  \1:/p' "$volume/.cdk8s-galera-start-state"
    fi
    echo "gvwstate.dat: $([ -f "$datadir/gvwstate.dat" ] && echo present || echo absent)"
    echo "new-cluster marker: $([ -f "$volume/.cdk8s-galera-new" ] && echo present || echo absent)"
    echo "force-bootstrap marker: $([ -f "$marker" ] && echo present || echo absent)"
    if galera_local_status; then
      echo "server: cluster status ${G_STATUS:-?}, state ${G_STATE:-?}, ready ${G_READY:-?}, size ${G_SIZE:-?}, uuid ${G_UUID:-?}"
    else
      echo "server: not answering ($G_ERROR)"
    fi
    ;;
  bootstrap)
    [ -d "$datadir/mysql" ] || galera_die "$datadir holds no data: bootstrap the pod with the highest seqno instead"
    if galera_local_status && [ "$G_STATUS" = Primary ]; then
      galera_die "this node is already in a Primary component: nothing to recover"
    fi
    printf 'requested at %s by galera-recover.sh\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" >"$marker"
    galera_log "wrote $marker: this node bootstraps at its next start; now run: kubectl delete pod ${POD_NAME:-<this pod>}"
    ;;
  *)
    echo 'usage: galera-recover.sh status|bootstrap' >&2
    exit 2
    ;;
esac
