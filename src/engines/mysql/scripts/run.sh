#!/bin/sh
# cdk8s-db MySQL / MariaDB main container command.
# Rewrites the probes' option file if it is missing (the socket dir is an emptyDir, normally written
# by bootstrap.sh), then execs the server as PID 1 with the mounted config and what differs by pod:
#   --server-id = SERVER_ID_OFFSET + ordinal (never 0), --report-host = the pod name,
#   pod 0: MYSQL_PRIMARY_ARGS (e.g. the semi-sync primary switch),
#   others: MYSQL_REPLICA_ARGS (read-only: super_read_only on MySQL, read_only on MariaDB; the
#   semi-sync replica switch). Replicas start replicating as the server starts.
#
# Environment: MYSQL_SERVER MYSQL_CONFIG_FILE MYSQL_DATADIR POD_NAME; optional SERVER_ID_OFFSET
#   (default 1), MYSQL_PRIMARY_ARGS, MYSQL_REPLICA_ARGS, and MYSQL_PROBE_DEFAULTS MYSQL_SOCKET
#   MONITORING_USER MONITORING_PASSWORD (to rewrite the probes' option file).
set -eu

log() { printf '%s run[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${POD_NAME:-?}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for _n in MYSQL_SERVER MYSQL_CONFIG_FILE MYSQL_DATADIR POD_NAME; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || die "environment variable $_n is required"
done

ordinal=${POD_NAME##*-}
case $ordinal in '' | *[!0-9]*) die "cannot read the ordinal from POD_NAME=$POD_NAME (expected <name>-<number>)" ;; esac
ordinal=$((ordinal + 0))
offset=${SERVER_ID_OFFSET:-1}
case $offset in '' | *[!0-9]*) die "SERVER_ID_OFFSET=$offset is not a whole number" ;; esac
[ "$offset" -ge 1 ] || die "SERVER_ID_OFFSET=$offset must be >= 1 (server_id 0 cannot replicate)"
server_id=$((offset + ordinal))

# A replica that liveness.sh marked for a re-seed (the primary purged the binlog it needs) runs
# bootstrap.sh again on this container start: it re-seeds once the primary answers.
_marker="${MYSQL_DATADIR%/}"
_marker="${_marker%/*}/.cdk8s-reseed-requested"
if [ "$ordinal" -ne 0 ] && [ -f "$_marker" ]; then
  sh "$(dirname "$0")/bootstrap.sh" &
  _child=$!
  trap 'kill -TERM "$_child" 2>/dev/null; wait "$_child"; exit 143' TERM INT
  wait "$_child" || die "bootstrap.sh failed"
  trap - TERM INT
fi

[ -d "${MYSQL_DATADIR%/}/mysql" ] || die "${MYSQL_DATADIR%/} is not initialized: bootstrap.sh must run first"

nl='
'
cr=$(printf '\r')
cnf_value() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

if [ -n "${MYSQL_PROBE_DEFAULTS:-}" ] && [ ! -f "$MYSQL_PROBE_DEFAULTS" ]; then
  if [ -n "${MONITORING_USER:-}" ] && [ -n "${MONITORING_PASSWORD:-}" ] && [ -n "${MYSQL_SOCKET:-}" ]; then
    case $MONITORING_USER$MONITORING_PASSWORD in *"$nl"* | *"$cr"*) die "the monitoring user or password contains a line break" ;; esac
    _tmp="$MYSQL_PROBE_DEFAULTS.tmp.$$"
    (
      umask 077
      printf '[client]\nuser=%s\npassword=%s\nsocket=%s\n' "$(cnf_value "$MONITORING_USER")" \
        "$(cnf_value "$MONITORING_PASSWORD")" "$MYSQL_SOCKET" >"$_tmp"
    )
    mv -f "$_tmp" "$MYSQL_PROBE_DEFAULTS"
    log "rewrote missing probe credentials $MYSQL_PROBE_DEFAULTS"
  else
    log "WARNING: $MYSQL_PROBE_DEFAULTS is missing and MONITORING_USER/MONITORING_PASSWORD/MYSQL_SOCKET are not set: probes cannot log in"
  fi
fi

# readiness.sh's grace counts only in-sync passes of this container (the socket dir outlives it).
[ -z "${MYSQL_PROBE_DEFAULTS:-}" ] || rm -f "${MYSQL_PROBE_DEFAULTS%/*}/.readiness-in-sync"

if [ "$ordinal" -eq 0 ]; then
  role=primary
  extra=${MYSQL_PRIMARY_ARGS:-}
else
  role=replica
  extra=${MYSQL_REPLICA_ARGS:-}
fi
set -f
for _a in $extra; do
  case $_a in
    --[a-z]*) case $_a in *[!A-Za-z0-9_=.-]*) die "unexpected server argument '$_a'" ;; esac ;;
    *) die "unexpected server argument '$_a' (expected --name=value)" ;;
  esac
done

# The primary (pod 0) makes sure the backup and read-only users exist, and root is socket-only,
# once the server answers: a data directory made by an older version lacks them. In the
# background, started before the exec so that it outlives this shell.
if [ "$ordinal" -eq 0 ]; then
  sh "$(dirname "$0")/ensure-users.sh" &
fi

log "starting ${MYSQL_SERVER##*/} as $role, server_id $server_id${extra:+, $extra}"
# What the server starts with: config-reload.sh (from liveness.sh) applies later changes live.
if [ -n "${MYSQL_SOCKET:-}" ]; then
  cat "$MYSQL_CONFIG_FILE" "${MYSQL_DYNAMIC_SETTINGS:-/dev/null}" 2>/dev/null | cksum >"${MYSQL_SOCKET%/*}/.config-files.cksum" || true
fi
# shellcheck disable=SC2086 # extra is a list of --name=value words (checked above), globbing off
exec "$MYSQL_SERVER" --defaults-file="$MYSQL_CONFIG_FILE" --server-id="$server_id" --report-host="$POD_NAME" $extra
