# shellcheck shell=sh
# retry.sh - bounded exponential backoff for the in-cluster scripts; sourced, never run.
#
# A pod's first connections can be refused for a second or two after it starts: its
# NetworkPolicy is not programmed yet (the Kubernetes NetworkPolicy documentation, "Pod
# lifecycle", says pods must tolerate exactly this), the Service has no endpoint yet, or the
# server is still starting. Every script that connects soon after its pod starts (backup dump,
# restore, verification download, credentials generator, role labeller) retries through this
# file: waits of RETRY_DELAY, 2x, 4x ... seconds, each at most RETRY_MAX_DELAY, until
# RETRY_TIMEOUT seconds have passed since the first attempt; each wait is logged with what the
# script waits for and why. Failures that retrying cannot fix (a wrong password) are not retried.
#
# Shared by kube-api.sh (curl image, busybox ash) and the engines' backup scripts (the engine's
# image, dash): only sh, date, sleep, cat, head and mktemp.
#
# Environment:
#   RETRY_TIMEOUT    give up once this many seconds have passed (default 60; 0 = one attempt)
#   RETRY_DELAY      first wait in whole seconds (default 1)
#   RETRY_MAX_DELAY  longest single wait in whole seconds (default 10)
# Caller sets: LOG_NAME or PROG (prefix of the messages).

RETRY_TIMEOUT=${RETRY_TIMEOUT:-60}
RETRY_DELAY=${RETRY_DELAY:-1}
RETRY_MAX_DELAY=${RETRY_MAX_DELAY:-10}

_retry_log() { printf '%s: %s\n' "${LOG_NAME:-${PROG:-retry}}" "$*" >&2; }

# retry_check_settings: exit 1 unless the three settings are whole numbers.
retry_check_settings() {
  for _rv in RETRY_TIMEOUT RETRY_DELAY RETRY_MAX_DELAY; do
    _rx=
    eval "_rx=\$$_rv"
    case $_rx in
      '' | *[!0-9]*)
        _retry_log "error: $_rv must be a whole number of seconds, got '$_rx'"
        exit 1
        ;;
    esac
  done
}

# backoff_start: starts the clock and resets the wait for a new series of attempts.
backoff_start() {
  retry_check_settings
  _retry_t0=$(date +%s)
  _retry_wait=$RETRY_DELAY
  RETRY_ATTEMPT=1
}

# backoff_next WHAT WHY: after a failed attempt, logs "waiting for WHAT (WHY)" and sleeps the
# next wait; returns 1 (without sleeping) when that wait would end after RETRY_TIMEOUT.
backoff_next() {
  _retry_elapsed=$(($(date +%s) - _retry_t0))
  if [ $((_retry_elapsed + _retry_wait)) -gt "$RETRY_TIMEOUT" ]; then
    return 1
  fi
  _retry_log "waiting for $1 ($2); retrying in ${_retry_wait}s, ${_retry_elapsed}s of ${RETRY_TIMEOUT}s spent"
  sleep "$_retry_wait"
  RETRY_ATTEMPT=$((RETRY_ATTEMPT + 1))
  _retry_wait=$((_retry_wait * 2))
  [ "$_retry_wait" -gt 0 ] || _retry_wait=0
  [ "$_retry_wait" -le "$RETRY_MAX_DELAY" ] || _retry_wait=$RETRY_MAX_DELAY
  return 0
}

# retry_command WHAT PERMANENT CMD [ARGS...]: runs CMD until it exits 0 or the time is up.
# Its standard output (of the successful run) is in RETRY_OUT, the first line of its error
# output (of the last failed run) in RETRY_ERR. PERMANENT is a list of shell patterns, one per
# line: a failure whose error output matches one is not retried. Returns 0 on success, 1 when it
# gave up, 2 on a permanent failure.
retry_command() {
  _rc_what=$1 _rc_perm=$2
  shift 2
  _rc_err=$(mktemp "${TMPDIR:-/tmp}/retry.XXXXXX") || return 1
  backoff_start
  while :; do
    # shellcheck disable=SC2034 # read by the caller
    if RETRY_OUT=$("$@" 2>"$_rc_err"); then
      RETRY_ERR=''
      rm -f "$_rc_err"
      return 0
    fi
    RETRY_ERR=$(head -n 1 "$_rc_err" | head -c 300)
    [ -n "$RETRY_ERR" ] || RETRY_ERR='no error message'
    _rc_all=$(head -c 2000 "$_rc_err")
    _rc_old_ifs=$IFS _rc_glob=on
    case $- in *f*) _rc_glob=off ;; esac
    set -f
    IFS='
'
    for _rc_p in $_rc_perm; do
      # shellcheck disable=SC2254 # the pattern is meant to be a pattern
      case $_rc_all in
        $_rc_p)
          IFS=$_rc_old_ifs
          [ "$_rc_glob" = off ] || set +f
          RETRY_ERR=$(printf '%s' "$_rc_all" | head -n 3 | head -c 300)
          rm -f "$_rc_err"
          return 2
          ;;
      esac
    done
    IFS=$_rc_old_ifs
    [ "$_rc_glob" = off ] || set +f
    if ! backoff_next "$_rc_what" "attempt $RETRY_ATTEMPT failed: $RETRY_ERR"; then
      rm -f "$_rc_err"
      return 1
    fi
  done
}
