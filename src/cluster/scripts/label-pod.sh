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
# are retried, at most MAX_ATTEMPTS attempts, RETRY_DELAY seconds apart; any other status
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
#   MAX_ATTEMPTS     attempts (default 10)
#   RETRY_DELAY      whole seconds between attempts (default 3)
#
# Needs only sh, curl, cat, tr, head, sed and sleep; writes no files.
set -eu
set -f
export LC_ALL=C

log() { printf 'label-pod: %s\n' "$*"; }
die() {
  printf 'label-pod: error: %s\n' "$*" >&2
  exit 1
}

# is_uint VALUE: VALUE is a non-empty string of decimal digits.
is_uint() {
  case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac
}

# to_int DIGITS: print DIGITS without leading zeros (shell arithmetic reads 010 as octal).
to_int() {
  _n=$1
  while :; do
    case $_n in 0?*) _n=${_n#0} ;; *) break ;; esac
  done
  printf '%s' "$_n"
}

# ---------------------------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------------------------
POD_NAME=${POD_NAME:-}
NAMESPACE=${NAMESPACE:-}
ROLE_LABEL=${ROLE_LABEL:-}
PRIMARY_ORDINAL=${PRIMARY_ORDINAL:-0}
KUBE_API_URL=${KUBE_API_URL:-https://kubernetes.default.svc}
KUBE_API_URL=${KUBE_API_URL%/}
SA_DIR=${SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-10}
RETRY_DELAY=${RETRY_DELAY:-3}

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
is_uint "$MAX_ATTEMPTS" || die "MAX_ATTEMPTS must be a positive integer, got '$MAX_ATTEMPTS'"
MAX_ATTEMPTS=$(to_int "$MAX_ATTEMPTS")
[ "$MAX_ATTEMPTS" -ge 1 ] || die 'MAX_ATTEMPTS must be at least 1'
is_uint "$RETRY_DELAY" || die "RETRY_DELAY must be a whole number of seconds, got '$RETRY_DELAY'"

if [ "$ORDINAL" = "$PRIMARY_ORDINAL" ]; then
  ROLE=primary
else
  ROLE=replica
fi

TOKEN_FILE=$SA_DIR/token
CA_FILE=$SA_DIR/ca.crt
[ -r "$TOKEN_FILE" ] || die "service-account token $TOKEN_FILE is not readable"

POD_PATH=/api/v1/namespaces/$NAMESPACE/pods/$POD_NAME

# ---------------------------------------------------------------------------------------------
# Kubernetes API access (same helpers as generate-secret.sh)
# ---------------------------------------------------------------------------------------------

# curl_api METHOD PATH [CURL_ARGS...]: one request; prints the body followed by the 3-digit
# status (000 when no response arrived). The token is re-read each time (projected tokens rotate).
curl_api() {
  _m=$1 _p=$2
  shift 2
  _token=$(cat "$TOKEN_FILE")
  set -- -sS -X "$_m" --connect-timeout 10 --max-time 30 \
    -H "Authorization: Bearer $_token" -H 'Accept: application/json' -H 'Expect:' \
    -w '%{http_code}' "$@" "$KUBE_API_URL$_p"
  if [ -f "$CA_FILE" ]; then
    set -- --cacert "$CA_FILE" "$@"
  fi
  curl "$@"
}

# api METHOD PATH [JSON_BODY [CONTENT_TYPE]]: sets HTTP_STATUS, HTTP_BODY and CURL_RC.
# Retries curl connection errors, 429 and 5xx.
api() {
  _method=$1 _path=$2 _data=${3-} _ctype=${4:-application/json}
  _attempt=1
  while :; do
    CURL_RC=0
    if [ -n "$_data" ]; then
      _out=$(printf '%s' "$_data" |
        curl_api "$_method" "$_path" -H "Content-Type: $_ctype" --data-binary @-) || CURL_RC=$?
    else
      _out=$(curl_api "$_method" "$_path") || CURL_RC=$?
    fi
    HTTP_STATUS=000 HTTP_BODY=''
    if [ "${#_out}" -ge 3 ]; then
      HTTP_STATUS=${_out#"${_out%???}"}
      HTTP_BODY=${_out%???}
    fi
    is_uint "$HTTP_STATUS" || HTTP_STATUS=000

    _transient=no
    case $CURL_RC in
      0) ;;
      # could not resolve/connect, HTTP/2 error, partial body, timeout, TLS handshake,
      # empty reply, send/receive failure, HTTP/2 stream error
      5 | 6 | 7 | 16 | 18 | 28 | 35 | 52 | 55 | 56 | 92) _transient=yes ;;
      *) return 0 ;; # e.g. malformed URL or a certificate problem: retrying will not help
    esac
    case $HTTP_STATUS in 429 | 5??) _transient=yes ;; esac
    [ "$_transient" = yes ] || return 0
    [ "$_attempt" -lt "$MAX_ATTEMPTS" ] || return 0

    log "attempt $_attempt/$MAX_ATTEMPTS: $_method $_path failed ($(describe_failure)); retrying in ${RETRY_DELAY}s" >&2
    _attempt=$((_attempt + 1))
    sleep "$RETRY_DELAY"
  done
}

# api_message: the "message" of a Kubernetes Status in HTTP_BODY (or a short excerpt of a
# non-JSON error body); nothing for a 2xx body.
api_message() {
  case $HTTP_STATUS in 2??) return 0 ;; esac
  case $HTTP_BODY in
    *'"message":'*)
      _rest=${HTTP_BODY#*\"message\":}
      printf '%s' "$_rest" | tr -d '\r\n' |
        sed -E -e 's/^[[:space:]]*"//' -e 's/^(([^"\\]|\\.)*)".*$/\1/' \
          -e 's/\\"/"/g' -e 's/\\\\/\\/g' | head -c 500
      ;;
    *) printf '%s' "$HTTP_BODY" | tr '\r\n' '  ' | head -c 200 ;;
  esac
}

# describe_failure: human-readable summary of the last api call's failure.
describe_failure() {
  if [ "$HTTP_STATUS" = 000 ]; then
    printf 'no response from %s, curl exit code %s' "$KUBE_API_URL" "$CURL_RC"
  else
    _msg=$(api_message)
    printf 'HTTP %s%s' "$HTTP_STATUS" "${_msg:+: $_msg}"
  fi
}

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
api PATCH "$POD_PATH" "{\"metadata\":{\"labels\":{\"$ROLE_LABEL\":\"$ROLE\"}}}" application/merge-patch+json
case $HTTP_STATUS in
  200)
    log "labelled pod $NAMESPACE/$POD_NAME (ordinal $ORDINAL, primary ordinal $PRIMARY_ORDINAL) with $ROLE_LABEL=$ROLE"
    ;;
  *)
    _hint=''
    case $HTTP_STATUS in
      401) _hint=' (is the service-account token valid and mounted?)' ;;
      403) _hint=" (the service account needs patch on pods in namespace $NAMESPACE)" ;;
    esac
    die "PATCH $POD_PATH failed after $_attempt attempt(s): $(describe_failure)$_hint"
    ;;
esac
