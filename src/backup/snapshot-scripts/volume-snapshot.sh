#!/bin/sh
# volume-snapshot.sh - CSI VolumeSnapshots of a database's volumes, with retention.
#
# Runs in the curlimages/curl image (busybox sh) with a service-account token whose Role allows
# get on the named PersistentVolumeClaims and create/get/list/delete on VolumeSnapshots. For each
# claim in CLAIMS:
#   1. GET the claim (it must exist and be Bound);
#   2. POST a snapshot.storage.k8s.io/v1 VolumeSnapshot named <claim>-<YYYYMMDD>-<HHMMSS>
#      (UTC), class SNAPSHOT_CLASS, labelled LABELS plus cdk8s-db.io/snapshot-of=<claim>;
#   3. wait until it reports readyToUse (at most READY_TIMEOUT seconds; an error -> fail);
#   4. only then list this claim's snapshots (by label) and delete the oldest beyond KEEP_LAST.
# Any failure exits 1 with the API's message; nothing is deleted for a claim whose new snapshot
# is not ready.
#
# Environment:
#   NAMESPACE       (required) namespace of the claims
#   CLAIMS          (required) space-separated PersistentVolumeClaim names
#   SNAPSHOT_CLASS  (required) VolumeSnapshotClass name
#   KEEP_LAST       snapshots kept per claim, >= 1 (default 7)
#   LABELS          extra labels, space-separated key=value (default none)
#   READY_TIMEOUT   seconds to wait for readyToUse (default 600)
#   POLL_INTERVAL   seconds between readiness checks, >= 1 (default 5)
#   KUBE_API_URL    API server URL (default https://kubernetes.default.svc)
#   SA_DIR          service-account directory with token (and ca.crt)
#   (the API client is kube-api.sh, sourced from this script's directory; one attempt per request)
#   SNAPSHOT_TIME   UTC time stamp YYYYMMDD-HHMMSS for the names (tests; default now)
set -eu
set -f
export LC_ALL=C

LOG_NAME=volume-snapshot
# The CronJob mounts this script and kube-api.sh (src/cluster/scripts) side by side.
# shellcheck source=../../cluster/scripts/kube-api.sh
. "$(dirname "$0")/kube-api.sh"
MAX_ATTEMPTS=1 # one attempt per request: a failed run is retried by the Job (backoffLimit)

NAMESPACE=${NAMESPACE:-}
CLAIMS=${CLAIMS:-}
SNAPSHOT_CLASS=${SNAPSHOT_CLASS:-}
KEEP_LAST=${KEEP_LAST:-7}
LABELS=${LABELS:-}
READY_TIMEOUT=${READY_TIMEOUT:-600}
POLL_INTERVAL=${POLL_INTERVAL:-5}
SNAPSHOT_TIME=${SNAPSHOT_TIME:-$(date -u +%Y%m%d-%H%M%S)}
OF_LABEL=cdk8s-db.io/snapshot-of

[ -n "$NAMESPACE" ] || die 'NAMESPACE is required'
[ -n "$CLAIMS" ] || die 'CLAIMS is required'
[ -n "$SNAPSHOT_CLASS" ] || die 'SNAPSHOT_CLASS is required'
case $NAMESPACE in *[!a-z0-9-]*) die "NAMESPACE '$NAMESPACE' is not a valid namespace name" ;; esac
case $SNAPSHOT_CLASS in *[!a-z0-9.-]*) die "SNAPSHOT_CLASS '$SNAPSHOT_CLASS' is not a valid name" ;; esac
for c in $CLAIMS; do
  case $c in *[!a-z0-9.-]*) die "claim '$c' is not a valid name" ;; esac
done
if ! is_uint "$KEEP_LAST" || [ "$KEEP_LAST" -lt 1 ]; then die "KEEP_LAST must be a whole number >= 1, got '$KEEP_LAST'"; fi
is_uint "$READY_TIMEOUT" || die "READY_TIMEOUT must be a whole number of seconds, got '$READY_TIMEOUT'"
if ! is_uint "$POLL_INTERVAL" || [ "$POLL_INTERVAL" -lt 1 ]; then die "POLL_INTERVAL must be a whole number of seconds >= 1, got '$POLL_INTERVAL'"; fi
case $SNAPSHOT_TIME in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) die "SNAPSHOT_TIME '$SNAPSHOT_TIME' is not YYYYMMDD-HHMMSS" ;; esac
LABELS_JSON=''
for kv in $LABELS; do
  k=${kv%%=*} v=${kv#*=}
  case $k$v in *[!A-Za-z0-9./_-]*) die "label '$kv' is not a valid key=value" ;; esac
  LABELS_JSON="$LABELS_JSON\"$k\":\"$v\","
done
require_token

# request METHOD PATH [BODY]: api (kube-api.sh), one attempt; a request that curl did not
# complete counts as no response (HTTP 000), so that a partial body is never acted on.
request() {
  api "$@"
  [ "$CURL_RC" = 0 ] || HTTP_STATUS=000 HTTP_BODY=''
}
fail_api() { die "$1 failed: HTTP $HTTP_STATUS${HTTP_BODY:+: $(api_message 300)}"; }

SNAP_PATH=/apis/snapshot.storage.k8s.io/v1/namespaces/$NAMESPACE/volumesnapshots
for claim in $CLAIMS; do
  request GET "/api/v1/namespaces/$NAMESPACE/persistentvolumeclaims/$claim"
  [ "$HTTP_STATUS" = 200 ] || fail_api "GET persistentvolumeclaim $claim"
  case $HTTP_BODY in *'"phase":"Bound"'*) ;; *) die "persistentvolumeclaim $claim is not Bound" ;; esac

  name=$claim-$SNAPSHOT_TIME
  body="{\"apiVersion\":\"snapshot.storage.k8s.io/v1\",\"kind\":\"VolumeSnapshot\",\"metadata\":{\"name\":\"$name\",\"namespace\":\"$NAMESPACE\",\"labels\":{$LABELS_JSON\"$OF_LABEL\":\"$claim\"}},\"spec\":{\"volumeSnapshotClassName\":\"$SNAPSHOT_CLASS\",\"source\":{\"persistentVolumeClaimName\":\"$claim\"}}}"
  request POST "$SNAP_PATH" "$body"
  case $HTTP_STATUS in 200 | 201 | 202) ;; *) fail_api "creating VolumeSnapshot $name" ;; esac
  log "created VolumeSnapshot $NAMESPACE/$name of $claim (class $SNAPSHOT_CLASS)"

  deadline=$(($(date +%s) + READY_TIMEOUT))
  while :; do
    request GET "$SNAP_PATH/$name"
    [ "$HTTP_STATUS" = 200 ] || fail_api "GET VolumeSnapshot $name"
    case $HTTP_BODY in *'"readyToUse":true'*) break ;; esac
    case $HTTP_BODY in *'"error":{'*) die "VolumeSnapshot $name failed: $(printf '%s' "$HTTP_BODY" | sed -n 's/.*"error":{[^}]*"message":"\([^"]*\)".*/\1/p' | head -c 300); older snapshots are kept" ;; esac
    [ "$(date +%s)" -lt "$deadline" ] || die "VolumeSnapshot $name not ready after ${READY_TIMEOUT}s; older snapshots are kept"
    sleep "$POLL_INTERVAL"
  done
  log "VolumeSnapshot $name is ready"

  request GET "$SNAP_PATH?labelSelector=$OF_LABEL%3D$claim"
  [ "$HTTP_STATUS" = 200 ] || fail_api "listing VolumeSnapshots of $claim"
  # Names carry the UTC time, so they sort by age.
  names=$(printf '%s' "$HTTP_BODY" | grep -o "\"name\":\"$claim-[0-9]\{8\}-[0-9]\{6\}\"" | sed 's/.*:"\(.*\)"/\1/' | sort -u)
  total=$(printf '%s\n' "$names" | grep -c . || true)
  excess=$((total - KEEP_LAST))
  for old in $names; do
    [ "$excess" -gt 0 ] || break
    [ "$old" = "$name" ] && break
    request DELETE "$SNAP_PATH/$old"
    case $HTTP_STATUS in 200 | 202 | 404) ;; *) fail_api "deleting VolumeSnapshot $old" ;; esac
    log "deleted VolumeSnapshot $old (keeping the newest $KEEP_LAST)"
    excess=$((excess - 1))
  done
done
