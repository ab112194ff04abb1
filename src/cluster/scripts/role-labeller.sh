#!/bin/sh
# role-labeller.sh - the patcher half of the role labeller of engines that fail over by themselves.
#
# Runs in the curlimages/curl image with the pod's service-account token, next to role-probe.sh
# (database image), which writes `<role> <unix seconds>` to ROLE_FILE. Every ROLE_INTERVAL seconds
# it reads that file and, when the role differs from the label it last set (or RESYNC_SECONDS have
# passed), patches the pod's own label with a JSON merge patch:
#
#   primary | replica -> {"metadata":{"labels":{"<ROLE_LABEL>":"<role>"}}}
#   none              -> {"metadata":{"labels":{"<ROLE_LABEL>":null}}}   (label removed)
#
# A missing file, an unreadable line or a time stamp older than STALE_SECONDS (the prober stopped)
# counts as `none`: the pod leaves the write and read Services rather than keep a stale role.
# A failed patch is logged and retried on the next round; the loop never exits on API errors.
#
# Environment:
#   POD_NAME, NAMESPACE, ROLE_LABEL  (required) as for label-pod.sh
#   ROLE_FILE       (required) the prober's file
#   ROLE_INTERVAL   seconds between rounds (default 2)
#   STALE_SECONDS   age after which the prober's answer is ignored (default 30)
#   RESYNC_SECONDS  re-patch an unchanged role this often, in case someone edited it (default 60)
#   KUBE_API_URL, SA_DIR  as for kube-api.sh
#   ROLE_ONCE       set to 1 to run one round and exit with the patch's status (tests)
set -eu
set -f
export LC_ALL=C

LOG_NAME='role-labeller'
# One attempt per round: the loop itself is the retry.
MAX_ATTEMPTS=${MAX_ATTEMPTS:-1}
RETRY_DELAY=${RETRY_DELAY:-1}
# shellcheck source=kube-api.sh
. "$(dirname "$0")/kube-api.sh"

POD_NAME=${POD_NAME:-}
NAMESPACE=${NAMESPACE:-}
ROLE_LABEL=${ROLE_LABEL:-}
ROLE_FILE=${ROLE_FILE:-}
ROLE_INTERVAL=${ROLE_INTERVAL:-2}
STALE_SECONDS=${STALE_SECONDS:-30}
RESYNC_SECONDS=${RESYNC_SECONDS:-60}
[ -n "$POD_NAME" ] || die 'POD_NAME is required'
[ -n "$NAMESPACE" ] || die 'NAMESPACE is required'
[ -n "$ROLE_LABEL" ] || die 'ROLE_LABEL is required'
[ -n "$ROLE_FILE" ] || die 'ROLE_FILE is required'
case $POD_NAME in *[!a-z0-9.-]*) die "POD_NAME '$POD_NAME' is not a valid Kubernetes pod name" ;; esac
case $NAMESPACE in *[!a-z0-9-]*) die "NAMESPACE '$NAMESPACE' is not a valid Kubernetes namespace name" ;; esac
case $ROLE_LABEL in *[!A-Za-z0-9./_-]*) die "ROLE_LABEL '$ROLE_LABEL' is not a valid label key" ;; esac
for _v in "$ROLE_INTERVAL" "$STALE_SECONDS" "$RESYNC_SECONDS"; do
  is_uint "$_v" || die "ROLE_INTERVAL, STALE_SECONDS and RESYNC_SECONDS must be whole numbers, got '$_v'"
done
check_retry_settings
require_token
POD_PATH=/api/v1/namespaces/$NAMESPACE/pods/$POD_NAME

# current_role: the prober's answer, or none when missing, malformed or stale.
current_role() {
  _line=''
  if [ -r "$ROLE_FILE" ]; then _line=$(head -n 1 "$ROLE_FILE" 2>/dev/null) || _line=''; fi
  _role=${_line%% *}
  _at=${_line#* }
  case $_role in primary | replica) ;; *) printf none; return 0 ;; esac
  is_uint "$_at" || { printf none; return 0; }
  _now=$(date +%s)
  if [ $((_now - _at)) -gt "$STALE_SECONDS" ]; then printf none; return 0; fi
  printf '%s' "$_role"
}

# patch ROLE: set (or remove, for none) the label; returns 1 on failure.
patch() {
  if [ "$1" = none ]; then _value=null; else _value="\"$1\""; fi
  api PATCH "$POD_PATH" "{\"metadata\":{\"labels\":{\"$ROLE_LABEL\":$_value}}}" application/merge-patch+json
  if [ "$HTTP_STATUS" = 200 ]; then
    if [ "$1" = none ]; then log "removed $ROLE_LABEL from pod $NAMESPACE/$POD_NAME"; else log "labelled pod $NAMESPACE/$POD_NAME: $ROLE_LABEL=$1"; fi
    return 0
  fi
  log "PATCH $POD_PATH for $ROLE_LABEL=$1 failed: $(describe_failure); retrying next round" >&2
  return 1
}

labelled=''
since=0
# PID 1 of its container: without a trap, sh ignores SIGTERM and the pod waits out its grace period.
trap 'exit 0' TERM INT
while :; do
  role=$(current_role)
  now=$(date +%s)
  rc=0
  if [ "$role" != "$labelled" ] || [ $((now - since)) -ge "$RESYNC_SECONDS" ]; then
    if patch "$role"; then
      labelled=$role
      since=$now
    else
      rc=1
    fi
  fi
  [ "${ROLE_ONCE:-0}" != 1 ] || exit "$rc"
  sleep "$ROLE_INTERVAL"
done
