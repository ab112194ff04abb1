#!/bin/sh
# generate-secret.sh - create the database credentials Secret once, only when it is absent, and
# add the keys a newer version of the library needs to a Secret it created before.
#
# Runs in the curlimages/curl image (busybox ash) with the pod's service-account token, so
# that no password ever appears in the synthesized YAML and re-running never rotates one:
#
#   GET the Secret
#     200 -> every expected key present in .data: exit 0 (the Secret is never modified);
#            some keys missing: PATCH (JSON merge patch) the Secret with only the missing keys,
#            a fresh random password each (a literal key gets its value), guarded by the
#            Secret's resourceVersion: the keys it holds are never changed, so no password is
#            ever rotated. 200 -> exit 0; 409 (changed meanwhile) -> GET and check again (at
#            most PATCH_ATTEMPTS times, default 5).
#     404 -> POST a new Opaque Secret with one fresh random password per SECRET_KEYS entry
#            plus SECRET_LITERALS and LABELS; 201 -> exit 0; 409 (created concurrently by
#            someone else) -> GET again and check the keys as above.
#     any other status -> exit 1 with the status and the API's message.
#   Transient failures (curl connection errors and timeouts, HTTP 429 and 5xx) are retried,
#   with exponential backoff, for at most RETRY_TIMEOUT seconds per request.
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
#   PATCH_ATTEMPTS   merge patches tried when the Secret keeps changing meanwhile (default 5)
#   MAX_ATTEMPTS     attempts per API request (default 30)
#   RETRY_TIMEOUT    seconds of retrying per request (default 60); waits start at RETRY_DELAY
#                    (default 1) and double up to RETRY_MAX_DELAY (default 10), see retry.sh
#
# Passwords are never printed and never put on a command line: they live in shell variables
# only and reach curl through a pipe from the printf builtin. Never run this with `sh -x`.
# Needs only sh, curl, cat, tr, head, sed, sleep and dirname (to find kube-api.sh); writes no files.
set -eu
set -f # keys and labels are split on whitespace: never glob them
export LC_ALL=C

LOG_NAME=generate-secret
# shellcheck source=kube-api.sh
. "$(dirname "$0")/kube-api.sh"

# ---------------------------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------------------------
SECRET_NAME=${SECRET_NAME:-}
NAMESPACE=${NAMESPACE:-}
SECRET_KEYS=${SECRET_KEYS:-}
SECRET_LITERALS=${SECRET_LITERALS:-}
PASSWORD_LENGTH=${PASSWORD_LENGTH:-32}
LABELS=${LABELS:-}

[ -n "$SECRET_NAME" ] || die 'SECRET_NAME is required'
[ -n "$NAMESPACE" ] || die 'NAMESPACE is required'
case $SECRET_NAME in *[!a-z0-9.-]*) die "SECRET_NAME '$SECRET_NAME' is not a valid Kubernetes object name" ;; esac
case $NAMESPACE in *[!a-z0-9-]*) die "NAMESPACE '$NAMESPACE' is not a valid Kubernetes namespace name" ;; esac

is_uint "$PASSWORD_LENGTH" || die "PASSWORD_LENGTH must be a positive integer, got '$PASSWORD_LENGTH'"
PASSWORD_LENGTH=$(to_int "$PASSWORD_LENGTH")
if [ "$PASSWORD_LENGTH" -lt 1 ] || [ "$PASSWORD_LENGTH" -gt 4096 ]; then
  die "PASSWORD_LENGTH must be between 1 and 4096, got $PASSWORD_LENGTH"
fi
check_retry_settings

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

require_token

SECRETS_PATH=/api/v1/namespaces/$NAMESPACE/secrets
SECRET_PATH=$SECRETS_PATH/$SECRET_NAME
# what the service account needs, named when the API answers 403
NEEDS="get and create on secrets in namespace $NAMESPACE"
NEEDS_PATCH="patch on secret $SECRET_NAME in namespace $NAMESPACE"

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

# json_resource_version: the metadata.resourceVersion of the JSON object on stdin. Only an
# unescaped "resourceVersion" key matches: the copy inside the last-applied-configuration
# annotation (a JSON string) has its quotes escaped.
json_resource_version() {
  tr -d ' \t\r\n' | sed -n 's/.*[^\\]"resourceVersion":"\([0-9A-Za-z._-]*\)".*/\1/p' | head -n 1
}

PATCH_ATTEMPTS=${PATCH_ATTEMPTS:-5}
is_uint "$PATCH_ATTEMPTS" || die "PATCH_ATTEMPTS must be a positive integer, got '$PATCH_ATTEMPTS'"
PATCH_ATTEMPTS=$(to_int "$PATCH_ATTEMPTS")
[ "$PATCH_ATTEMPTS" -ge 1 ] || die "PATCH_ATTEMPTS must be a positive integer, got '$PATCH_ATTEMPTS'"
patch_attempt=0

# check_existing: HTTP_BODY holds the existing Secret; exit 0 when it has every key, else add
# the missing ones (add_missing_keys).
check_existing() {
  _present=$(printf '%s' "$HTTP_BODY" | json_data_keys | tr '\n' ' ')
  _missing=''
  for _key in $ALL_KEYS; do
    case " $_present " in *" $_key "*) ;; *) _missing="${_missing:+$_missing }$_key" ;; esac
  done
  if [ -n "$_missing" ]; then
    add_missing_keys "$_missing"
  fi
  log "Secret $NAMESPACE/$SECRET_NAME already exists with all required keys ($ALL_KEYS); left unchanged"
  exit 0
}

# add_missing_keys KEYS: HTTP_BODY holds the existing Secret, which lacks KEYS. A merge patch
# carrying only KEYS and the resourceVersion just read: the API answers 409 when the Secret changed
# in between (then it is read and checked again), so a key written meanwhile is never replaced.
add_missing_keys() {
  patch_attempt=$((patch_attempt + 1))
  _rv=$(printf '%s' "$HTTP_BODY" | json_resource_version)
  [ -n "$_rv" ] || die "Secret $NAMESPACE/$SECRET_NAME lacks key(s) $1 and its resourceVersion cannot be read; add the key(s) by hand"
  _string_data=''
  for _key in $1; do
    _value=''
    for _pair in $SECRET_LITERALS; do
      if [ "${_pair%%=*}" = "$_key" ]; then _value=$(json_string "${_pair#*=}"); fi
    done
    if [ -z "$_value" ]; then
      _pw=$(random_password)
      case $_pw in *[!A-Za-z0-9]*) die "generated password for '$_key' has unexpected characters" ;; esac
      [ "${#_pw}" -eq "$PASSWORD_LENGTH" ] || die "could not read enough random data for '$_key'"
      _value="\"$_pw\""
      _pw=''
    fi
    _string_data="${_string_data:+$_string_data,}\"$_key\":$_value"
  done
  _body="{\"metadata\":{\"resourceVersion\":\"$_rv\"},\"stringData\":{$_string_data}}"
  _string_data='' _value=''
  api PATCH "$SECRET_PATH" "$_body" application/merge-patch+json
  _body=''
  case $HTTP_STATUS in
    200)
      log "Secret $NAMESPACE/$SECRET_NAME lacked key(s) $1: added them; its other keys are unchanged"
      exit 0
      ;;
    409)
      [ "$patch_attempt" -lt "$PATCH_ATTEMPTS" ] ||
        die "Secret $NAMESPACE/$SECRET_NAME kept changing while key(s) $1 were added ($patch_attempt attempts)"
      log "Secret $NAMESPACE/$SECRET_NAME changed while key(s) $1 were added; reading it again"
      api GET "$SECRET_PATH"
      [ "$HTTP_STATUS" = 200 ] || fail_request "GET $SECRET_PATH" "$NEEDS"
      check_existing
      ;;
    *) fail_request "PATCH $SECRET_PATH" "$NEEDS_PATCH" ;;
  esac
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
      [ "$HTTP_STATUS" = 200 ] || fail_request "GET $SECRET_PATH" "$NEEDS"
      check_existing
      ;;
    *) fail_request "POST $SECRETS_PATH" "$NEEDS" ;;
  esac
}

api GET "$SECRET_PATH"
case $HTTP_STATUS in
  200) check_existing ;;
  404) create_secret ;;
  *) fail_request "GET $SECRET_PATH" "$NEEDS" ;;
esac
