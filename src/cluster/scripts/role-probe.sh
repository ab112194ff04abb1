#!/bin/sh
# role-probe.sh - the prober half of the role labeller of engines that fail over by themselves.
#
# Runs in the database image (which has the engine's client but no HTTP client) as a sidecar.
# Every ROLE_INTERVAL seconds it runs the engine's role command (the arguments), which prints
# `primary`, `replica` or `none` (no quorum-backed answer), and writes
#
#   <role> <unix seconds>
#
# atomically (write + rename) to ROLE_FILE, an emptyDir shared with role-labeller.sh (curl image),
# which patches the pod's role label. Anything but primary/replica, a failed or hung command
# (killed after ROLE_TIMEOUT seconds when `timeout` exists) counts as `none`. The time stamp lets the
# labeller notice a prober that stopped writing.
#
# Environment:
#   ROLE_FILE      (required) file to write, e.g. /run/cdk8s-db/role/role
#   ROLE_INTERVAL  seconds between probes (default 2)
#   ROLE_TIMEOUT   seconds a probe may take (default 10)
#   ROLE_ONCE      set to 1 to probe once and exit (tests)
set -eu

ROLE_FILE=${ROLE_FILE:-}
ROLE_INTERVAL=${ROLE_INTERVAL:-2}
ROLE_TIMEOUT=${ROLE_TIMEOUT:-10}
log() { printf '%s role-probe: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$*" >&2; }
[ -n "$ROLE_FILE" ] || { log 'error: ROLE_FILE is required'; exit 1; }
[ $# -gt 0 ] || { log 'error: the role command is required (arguments)'; exit 1; }
case $ROLE_INTERVAL in '' | *[!0-9]* | 0) log "error: ROLE_INTERVAL must be a positive whole number, got '$ROLE_INTERVAL'"; exit 1 ;; esac
case $ROLE_TIMEOUT in '' | *[!0-9]* | 0) log "error: ROLE_TIMEOUT must be a positive whole number, got '$ROLE_TIMEOUT'"; exit 1 ;; esac

last=''
# PID 1 of its container: without a trap, sh ignores SIGTERM and the pod waits out its grace period.
trap 'exit 0' TERM INT
while :; do
  if command -v timeout >/dev/null 2>&1; then
    out=$(timeout "$ROLE_TIMEOUT" "$@" 2>/dev/null) || out=none
  else
    out=$("$@" 2>/dev/null) || out=none
  fi
  role=$(printf '%s\n' "$out" | head -n 1)
  case $role in primary | replica) ;; *) role=none ;; esac
  printf '%s %s\n' "$role" "$(date +%s)" >"$ROLE_FILE.tmp"
  mv -f "$ROLE_FILE.tmp" "$ROLE_FILE"
  if [ "$role" != "$last" ]; then
    log "role: ${last:-(start)} -> $role"
    last=$role
  fi
  [ "${ROLE_ONCE:-0}" != 1 ] || exit 0
  sleep "$ROLE_INTERVAL"
done
