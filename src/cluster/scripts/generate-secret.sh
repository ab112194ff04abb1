#!/bin/sh
# generate-secret.sh - create the database credentials Secret once, only when it is absent.
#
# Runs in the curlimages/curl image (busybox ash) with the pod's service-account token, so
# that no password ever appears in the synthesized YAML and re-running never rotates one:
#
#   GET the Secret
#     200 -> every expected key present in .data: exit 0 (the Secret is never modified);
#            some keys missing: exit 1 naming them.
#     404 -> POST a new Opaque Secret with one fresh random password per SECRET_KEYS entry
#            plus SECRET_LITERALS and LABELS; 201 -> exit 0; 409 (created concurrently by
#            someone else) -> GET again and check the keys as above.
#     any other status -> exit 1 with the status and the API's message.
#   Transient failures (curl connection errors and timeouts, HTTP 429 and 5xx) are retried,
#   at most MAX_ATTEMPTS attempts per request, RETRY_DELAY seconds apart.
#
# Environment:
#   SECRET_NAME      (required) name of the Secret
#   NAMESPACE        (required) namespace of the Secret
#   SECRET_KEYS      space-separated keys that each get a random password
#   SECRET_LITERALS  space-separated key=value pairs stored as given (e.g. user names)
#   PASSWORD_LENGTH  characters per password, all from [A-Za-z0-9] (default 32)
#   LABELS           space-separated k=v labels put on the created Secret
#   KUBE_API_URL     API server URL (default https://kubernetes.default.svc)
#   SA_DIR           service-account directory: token, and ca.crt used when it exists
#                    (default /var/run/secrets/kubernetes.io/serviceaccount)
#   MAX_ATTEMPTS     attempts per API request (default 10)
#   RETRY_DELAY      whole seconds between attempts (default 3)
#
# Passwords are never printed and never put on a command line: they live in shell variables
# only and reach curl through a pipe from the printf builtin. Never run this with `sh -x`.
# Needs only sh, curl, cat, tr, head, sed and sleep; writes no files.
set -eu
set -f # keys and labels are split on whitespace: never glob them
export LC_ALL=C

log() { printf 'generate-secret: %s\n' "$*"; }
die() {
  printf 'generate-secret: error: %s\n' "$*" >&2
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
SECRET_NAME=${SECRET_NAME:-}
NAMESPACE=${NAMESPACE:-}
SECRET_KEYS=${SECRET_KEYS:-}
SECRET_LITERALS=${SECRET_LITERALS:-}
PASSWORD_LENGTH=${PASSWORD_LENGTH:-32}
LABELS=${LABELS:-}
KUBE_API_URL=${KUBE_API_URL:-https://kubernetes.default.svc}
KUBE_API_URL=${KUBE_API_URL%/}
SA_DIR=${SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-10}
RETRY_DELAY=${RETRY_DELAY:-3}

[ -n "$SECRET_NAME" ] || die 'SECRET_NAME is required'
[ -n "$NAMESPACE" ] || die 'NAMESPACE is required'
case $SECRET_NAME in *[!a-z0-9.-]*) die "SECRET_NAME '$SECRET_NAME' is not a valid Kubernetes object name" ;; esac
case $NAMESPACE in *[!a-z0-9-]*) die "NAMESPACE '$NAMESPACE' is not a valid Kubernetes namespace name" ;; esac

is_uint "$PASSWORD_LENGTH" || die "PASSWORD_LENGTH must be a positive integer, got '$PASSWORD_LENGTH'"
PASSWORD_LENGTH=$(to_int "$PASSWORD_LENGTH")
if [ "$PASSWORD_LENGTH" -lt 1 ] || [ "$PASSWORD_LENGTH" -gt 4096 ]; then
  die "PASSWORD_LENGTH must be between 1 and 4096, got $PASSWORD_LENGTH"
fi
is_uint "$MAX_ATTEMPTS" || die "MAX_ATTEMPTS must be a positive integer, got '$MAX_ATTEMPTS'"
MAX_ATTEMPTS=$(to_int "$MAX_ATTEMPTS")
[ "$MAX_ATTEMPTS" -ge 1 ] || die 'MAX_ATTEMPTS must be at least 1'
is_uint "$RETRY_DELAY" || die "RETRY_DELAY must be a whole number of seconds, got '$RETRY_DELAY'"

# ALL_KEYS: every key the Secret must hold, space-separated, each validated and unique.
ALL_KEYS=''
add_key() {
  case $1 in
    '' | *[!A-Za-z0-9._-]*) die "invalid Secret key '$1' (allowed characters: A-Z a-z 0-9 . _ -)" ;;
  esac
  case " $ALL_KEYS " in *" $1 "*) die "Secret key '$1' is listed more than once" ;; esac
  ALL_KEYS="${ALL_KEYS:+$ALL_KEYS }$1"
}
for _key in $SECRET_KEYS; do add_key "$_key"; done
for _pair in $SECRET_LITERALS; do
  case $_pair in *=*) ;; *) die "SECRET_LITERALS entry '$_pair' is not key=value" ;; esac
  add_key "${_pair%%=*}"
done
[ -n "$ALL_KEYS" ] || die 'SECRET_KEYS and SECRET_LITERALS are both empty: nothing to store'

for _pair in $LABELS; do
  case $_pair in *=*) ;; *) die "LABELS entry '$_pair' is not key=value" ;; esac
  case ${_pair%%=*} in
    '' | *[!A-Za-z0-9./_-]*) die "invalid label key in '$_pair'" ;;
  esac
  case ${_pair#*=} in
    *[!A-Za-z0-9._-]*) die "invalid label value in '$_pair'" ;;
  esac
done

TOKEN_FILE=$SA_DIR/token
CA_FILE=$SA_DIR/ca.crt
[ -r "$TOKEN_FILE" ] || die "service-account token $TOKEN_FILE is not readable"

SECRETS_PATH=/api/v1/namespaces/$NAMESPACE/secrets
SECRET_PATH=$SECRETS_PATH/$SECRET_NAME

# ---------------------------------------------------------------------------------------------
# Kubernetes API access
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
# Retries curl connection errors, 429 and 5xx. The body is piped to curl from the printf
# builtin so that it never appears in a process's arguments.
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
# non-JSON error body). Never prints anything for a 2xx body, which may hold secret data.
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

# fail_request WHAT: exit 1 explaining why the last api call failed.
fail_request() {
  _hint=''
  case $HTTP_STATUS in
    401) _hint=' (is the service-account token valid and mounted?)' ;;
    403) _hint=" (the service account needs get and create on secrets in namespace $NAMESPACE)" ;;
  esac
  die "$1 failed after $_attempt attempt(s): $(describe_failure)$_hint"
}

# ---------------------------------------------------------------------------------------------
# JSON helpers (no jq in the image)
# ---------------------------------------------------------------------------------------------

# json_data_keys: read a JSON object on stdin and print the keys of its top-level "data"
# object, one per line. Decoys such as the kubectl last-applied-configuration annotation
# (a JSON string containing \"data\":{...}) or managedFields ("f:data") are not matched:
#   1. drop whitespace (key names have none), turn every backslash escape into '_', so
#      that each remaining '"' delimits a string;
#   2. split on '"': odd lines are string contents, even lines the structure between them;
#   3. track {/[ nesting depth; a string followed by ':' is a key at the current depth.
json_data_keys() {
  tr -d ' \t\r\n' | sed 's/\\./_/g' | tr '"' '\n' | {
    _i=0 _depth=0 _in_data=no _last=''
    while IFS= read -r _tok || [ -n "$_tok" ]; do
      if [ $((_i % 2)) -eq 1 ]; then
        _last=$_tok
      else
        case $_tok in
          :*)
            if [ "$_in_data" = yes ] && [ "$_depth" -eq 2 ]; then
              printf '%s\n' "$_last"
            elif [ "$_depth" -eq 1 ] && [ "$_last" = data ]; then
              case $_tok in :\{*) _in_data=yes ;; esac
            fi
            ;;
        esac
        _s=$_tok
        while [ -n "$_s" ]; do
          case $_s in
            '{'* | '['*) _depth=$((_depth + 1)) ;;
            '}'* | ']'*) _depth=$((_depth - 1)) ;;
          esac
          _s=${_s#?}
        done
        if [ "$_in_data" = yes ] && [ "$_depth" -lt 2 ]; then
          _in_data=no
        fi
      fi
      _i=$((_i + 1))
      _tok=''
    done
  }
}

# json_string VALUE: VALUE as a JSON string literal.
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------

# check_existing: HTTP_BODY holds the existing Secret; exit 0 when it has every key, else 1.
check_existing() {
  _present=$(printf '%s' "$HTTP_BODY" | json_data_keys | tr '\n' ' ')
  _missing=''
  for _key in $ALL_KEYS; do
    case " $_present " in *" $_key "*) ;; *) _missing="${_missing:+$_missing }$_key" ;; esac
  done
  if [ -n "$_missing" ]; then
    die "Secret $NAMESPACE/$SECRET_NAME exists but lacks key(s): $_missing." \
      'It is never modified by this job: add the key(s) or delete the Secret to have it regenerated.'
  fi
  log "Secret $NAMESPACE/$SECRET_NAME already exists with all required keys ($ALL_KEYS); left unchanged"
  exit 0
}

# random_password: PASSWORD_LENGTH characters from [A-Za-z0-9], read from /dev/urandom.
random_password() {
  tr -dc 'A-Za-z0-9' </dev/urandom | head -c "$PASSWORD_LENGTH"
}

create_secret() {
  _string_data=''
  for _key in $SECRET_KEYS; do
    _pw=$(random_password)
    case $_pw in *[!A-Za-z0-9]*) die "generated password for '$_key' has unexpected characters" ;; esac
    [ "${#_pw}" -eq "$PASSWORD_LENGTH" ] || die "could not read enough random data for '$_key'"
    _string_data="${_string_data:+$_string_data,}\"$_key\":\"$_pw\""
  done
  _pw=''
  for _pair in $SECRET_LITERALS; do
    _string_data="${_string_data:+$_string_data,}\"${_pair%%=*}\":$(json_string "${_pair#*=}")"
  done
  _labels=''
  for _pair in $LABELS; do
    _labels="${_labels:+$_labels,}\"${_pair%%=*}\":\"${_pair#*=}\""
  done
  _body="{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"Opaque\""
  _body="$_body,\"metadata\":{\"name\":\"$SECRET_NAME\",\"namespace\":\"$NAMESPACE\",\"labels\":{$_labels}}"
  _body="$_body,\"stringData\":{$_string_data}}"
  _string_data=''

  api POST "$SECRETS_PATH" "$_body"
  _body=''
  case $HTTP_STATUS in
    200 | 201 | 202)
      log "created Secret $NAMESPACE/$SECRET_NAME with key(s): $ALL_KEYS"
      exit 0
      ;;
    409)
      log "Secret $NAMESPACE/$SECRET_NAME was created concurrently by someone else; checking it"
      api GET "$SECRET_PATH"
      [ "$HTTP_STATUS" = 200 ] || fail_request "GET $SECRET_PATH"
      check_existing
      ;;
    *) fail_request "POST $SECRETS_PATH" ;;
  esac
}

api GET "$SECRET_PATH"
case $HTTP_STATUS in
  200) check_existing ;;
  404) create_secret ;;
  *) fail_request "GET $SECRET_PATH" ;;
esac
