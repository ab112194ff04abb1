#!/bin/sh
# label-pod.sh - a StatefulSet pod labels itself with its replication role.
#
# Runs in the curlimages/curl image (busybox ash) with the pod's service-account token. The
# pod's ordinal is the number after the last '-' of POD_NAME (orders-2 -> 2); the pod with
# ordinal PRIMARY_ORDINAL gets ROLE_LABEL=primary, every other pod ROLE_LABEL=replica, so
# that a Service can select only the replicas. The label is set with a JSON merge patch:
#
#   PATCH /api/v1/namespaces/$NAMESPACE/pods/$POD_NAME
#   Content-Type: application/merge-patch+json
#   {"metadata":{"labels":{"<ROLE_LABEL>":"primary|replica"}}}
#
# 200 -> exit 0. Transient failures (curl connection errors and timeouts, HTTP 429 and 5xx)
# are retried with exponential backoff for at most RETRY_TIMEOUT seconds; any other status
# -> exit 1 with the status and the API's message.
#
# Environment:
#   POD_NAME         (required) this pod's name, e.g. orders-2 (use the downward API)
#   NAMESPACE        (required) this pod's namespace
#   ROLE_LABEL       (required) label key, e.g. db.cdk8s.io/role
#   PRIMARY_ORDINAL  ordinal of the primary (default 0)
#   KUBE_API_URL     API server URL (default https://kubernetes.default.svc)
#   SA_DIR           service-account directory: token, and ca.crt used when it exists
#                    (default /var/run/secrets/kubernetes.io/serviceaccount)
#   MAX_ATTEMPTS     attempts (default 30)
#   RETRY_TIMEOUT    seconds of retrying in all (default 60); waits start at RETRY_DELAY (default
#                    1) and double up to RETRY_MAX_DELAY (default 10), see retry.sh
#
# Needs only sh, curl, cat, tr, head, sed, sleep and dirname (to find kube-api.sh); writes no files.
set -eu
set -f
export LC_ALL=C

LOG_NAME=label-pod
# shellcheck source=kube-api.sh
. "$(dirname "$0")/kube-api.sh"

# ---------------------------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------------------------
POD_NAME=${POD_NAME:-}
NAMESPACE=${NAMESPACE:-}
ROLE_LABEL=${ROLE_LABEL:-}
PRIMARY_ORDINAL=${PRIMARY_ORDINAL:-0}

[ -n "$POD_NAME" ] || die 'POD_NAME is required'
[ -n "$NAMESPACE" ] || die 'NAMESPACE is required'
[ -n "$ROLE_LABEL" ] || die 'ROLE_LABEL is required'
case $POD_NAME in *[!a-z0-9.-]*) die "POD_NAME '$POD_NAME' is not a valid Kubernetes pod name" ;; esac
case $NAMESPACE in *[!a-z0-9-]*) die "NAMESPACE '$NAMESPACE' is not a valid Kubernetes namespace name" ;; esac
case $ROLE_LABEL in *[!A-Za-z0-9./_-]*) die "ROLE_LABEL '$ROLE_LABEL' is not a valid label key" ;; esac

case $POD_NAME in
  *-*) ORDINAL=${POD_NAME##*-} ;;
  *) ORDINAL='' ;;
esac
is_uint "$ORDINAL" ||
  die "cannot take a StatefulSet ordinal from POD_NAME '$POD_NAME': expected <name>-<number>, e.g. orders-0"
ORDINAL=$(to_int "$ORDINAL")
is_uint "$PRIMARY_ORDINAL" || die "PRIMARY_ORDINAL must be a non-negative integer, got '$PRIMARY_ORDINAL'"
PRIMARY_ORDINAL=$(to_int "$PRIMARY_ORDINAL")
check_retry_settings

if [ "$ORDINAL" = "$PRIMARY_ORDINAL" ]; then
  ROLE=primary
else
  ROLE=replica
fi

require_token

POD_PATH=/api/v1/namespaces/$NAMESPACE/pods/$POD_NAME

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
api PATCH "$POD_PATH" "{\"metadata\":{\"labels\":{\"$ROLE_LABEL\":\"$ROLE\"}}}" application/merge-patch+json
case $HTTP_STATUS in
  200)
    log "labelled pod $NAMESPACE/$POD_NAME (ordinal $ORDINAL, primary ordinal $PRIMARY_ORDINAL) with $ROLE_LABEL=$ROLE"
    ;;
  *) fail_request "PATCH $POD_PATH" "patch on pods in namespace $NAMESPACE" ;;
esac
