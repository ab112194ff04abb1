# shellcheck shell=sh
# kube-api.sh - Kubernetes API access for the in-cluster scripts; sourced, never run.
#
# Shared by generate-secret.sh and label-pod.sh (src/cluster/scripts) and volume-snapshot.sh
# (src/backup/snapshot-scripts), which run in the curlimages/curl image (busybox ash) with a
# service-account token and source this file from their own directory:
#
#   LOG_NAME=my-script
#   . "$(dirname "$0")/kube-api.sh"
#
# Sourcing it only defines functions and applies the defaults of the environment below; the
# caller sets its own shell options (set -eu, set -f, LC_ALL=C) before.
#
# Caller sets:
#   LOG_NAME      prefix of the messages of log and die (the script's name)
# Environment:
#   KUBE_API_URL  API server URL (default https://kubernetes.default.svc; a trailing / is dropped)
#   SA_DIR        service-account directory: token, and ca.crt used when it exists
#                 (default /var/run/secrets/kubernetes.io/serviceaccount)
#   MAX_ATTEMPTS  attempts per API request (default 30; RETRY_TIMEOUT bounds them first)
#   RETRY_TIMEOUT, RETRY_DELAY, RETRY_MAX_DELAY  the backoff of retry.sh (60 s in all, waits of
#                 1, 2, 4, 8, 10, 10... s), sourced from the same directory
#
# Needs only sh, curl, cat, tr, head, sed, date, mktemp and sleep (the caller, dirname to find
# it); writes no files.

KUBE_API_URL=${KUBE_API_URL:-https://kubernetes.default.svc}
KUBE_API_URL=${KUBE_API_URL%/}
SA_DIR=${SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-30}
# shellcheck source=retry.sh
. "$(dirname "$0")/retry.sh"

log() { printf '%s: %s\n' "$LOG_NAME" "$*"; }
die() {
  printf '%s: error: %s\n' "$LOG_NAME" "$*" >&2
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

# check_retry_settings: exit 1 unless MAX_ATTEMPTS >= 1 and RETRY_DELAY are whole numbers;
# MAX_ATTEMPTS loses its leading zeros.
check_retry_settings() {
  is_uint "$MAX_ATTEMPTS" || die "MAX_ATTEMPTS must be a positive integer, got '$MAX_ATTEMPTS'"
  MAX_ATTEMPTS=$(to_int "$MAX_ATTEMPTS")
  [ "$MAX_ATTEMPTS" -ge 1 ] || die 'MAX_ATTEMPTS must be at least 1'
  is_uint "$RETRY_DELAY" || die "RETRY_DELAY must be a whole number of seconds, got '$RETRY_DELAY'"
  retry_check_settings
}

# require_token: set TOKEN_FILE and CA_FILE from SA_DIR; exit 1 when the token is not readable.
require_token() {
  TOKEN_FILE=$SA_DIR/token
  CA_FILE=$SA_DIR/ca.crt
  [ -r "$TOKEN_FILE" ] || die "service-account token $TOKEN_FILE is not readable"
}

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
# Retries curl connection errors, 429 and 5xx with the exponential backoff of retry.sh, at
# most MAX_ATTEMPTS attempts and RETRY_TIMEOUT seconds; 401, 403 and other answers are final.
# The body is piped to curl from the printf builtin so that it never appears in a process's
# arguments.
api() {
  _method=$1 _path=$2 _data=${3-} _ctype=${4:-application/json}
  _attempt=1
  backoff_start
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
      # The status is the last three characters. ${_out#"${_out%???}"} would be quadratic in
      # the body's length in dash and busybox ash (a PATCH answers with the whole pod: about a
      # second of CPU per call); tail reads it once.
      HTTP_STATUS=$(printf '%s' "$_out" | tail -c 3)
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
    backoff_next 'the API server' "attempt $_attempt/$MAX_ATTEMPTS: $_method $_path failed: $(describe_failure)" || return 0
    _attempt=$((_attempt + 1))
  done
}

# api_message MAX_CHARS: the "message" of a Kubernetes Status in HTTP_BODY, at most MAX_CHARS
# characters, or a short excerpt of a non-JSON error body. Never prints anything
# for a 2xx body, which may hold secret data.
api_message() {
  case $HTTP_STATUS in 2??) return 0 ;; esac
  case $HTTP_BODY in
    *'"message":'*)
      _rest=${HTTP_BODY#*\"message\":}
      printf '%s' "$_rest" | tr -d '\r\n' |
        sed -E -e 's/^[[:space:]]*"//' -e 's/^(([^"\\]|\\.)*)".*$/\1/' \
          -e 's/\\"/"/g' -e 's/\\\\/\\/g' | head -c "$1"
      ;;
    *) printf '%s' "$HTTP_BODY" | tr '\r\n' '  ' | head -c 200 ;;
  esac
}

# describe_failure: human-readable summary of the last api call's failure.
describe_failure() {
  if [ "$HTTP_STATUS" = 000 ]; then
    printf 'no response from %s, curl exit code %s' "$KUBE_API_URL" "$CURL_RC"
  else
    _msg=$(api_message 500)
    printf 'HTTP %s%s' "$HTTP_STATUS" "${_msg:+: $_msg}"
  fi
}

# fail_request WHAT NEEDS: exit 1 explaining why the last api call failed; NEEDS is what the
# service account needs, named in the hint for a 403 (e.g. "patch on pods in namespace x").
fail_request() {
  _hint=''
  case $HTTP_STATUS in
    401) _hint=' (is the service-account token valid and mounted?)' ;;
    403) _hint=" (the service account needs $2)" ;;
  esac
  die "$1 failed after $_attempt attempt(s): $(describe_failure)$_hint"
}
