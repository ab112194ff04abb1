#!/bin/sh
# cdk8s-db MySQL / MariaDB: apply changed dynamic settings live. The ConfigMap with my.cnf and
# dynamic.tsv is mounted as a directory (never subPath), so the kubelet swaps the files in place
# within about a minute of a change. Settings that need a restart are in the pod template's
# config-hash (the StatefulSet rolls the pods for those); dynamic.tsv lists the others (MariaDB
# global variables that are not read-only, from the catalog generated from the real server), one
# "variable<TAB>value" line each, the value as SHOW GLOBAL VARIABLES shows it.
# Called by liveness.sh (every 10 s); cheap when nothing changed (one checksum). run.sh records the
# checksum of the files the server starts with.
#
# On a change: for each variable whose running value differs, SET GLOBAL it, then read it back. The
# outcome is printed, written to $MYSQL_RUN_DIR/.config-reload (the socket's directory) and to
# the server's log stream (PID 1's stderr, `kubectl logs`). Never fails the probe.
# Environment: MYSQL_CONFIG_FILE MYSQL_DYNAMIC_SETTINGS MYSQL_CLIENT MYSQL_SOCKET MYSQL_ROOT_PASSWORD
set -eu

[ -f "${MYSQL_DYNAMIC_SETTINGS:-}" ] || exit 0
rundir=${MYSQL_SOCKET%/*}
stamp="$rundir/.config-files.cksum"
status="$rundir/.config-reload"
sum=$(cat "$MYSQL_CONFIG_FILE" "$MYSQL_DYNAMIC_SETTINGS" 2>/dev/null | cksum) || exit 0
if [ -f "$stamp" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
  exit 0
fi

say() {
  line="$(date -u '+%Y-%m-%dT%H:%M:%SZ') config-reload: $*"
  printf '%s\n' "$line"
  printf '%s\n' "$line" >"$status.tmp" && mv -f "$status.tmp" "$status"
  { printf '%s\n' "$line" >>/proc/1/fd/2; } 2>/dev/null || true
}

# root over the socket, the password in a private option file (never on a command line).
priv=$(mktemp -d "${TMPDIR:-/tmp}/config-reload.XXXXXX")
trap 'rm -rf "$priv"' EXIT
(
  umask 077
  esc=$(printf '%s' "${MYSQL_ROOT_PASSWORD:?}" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')
  printf '[client]\nuser=root\npassword="%s"\nsocket=%s\n' "$esc" "$MYSQL_SOCKET" >"$priv/root.cnf"
)
sql() { "$MYSQL_CLIENT" --defaults-file="$priv/root.cnf" --connect-timeout=3 --batch --skip-column-names -e "$1"; }
current() { sql "SHOW GLOBAL VARIABLES LIKE '$1'" 2>/dev/null | cut -f2; }
upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }
# same WANTED REPORTED: the server reports WANTED in its own form: letter case aside, ON/OFF for
# 1/0, and decimals (long_query_time = 3 is reported as 3.000000) compared as numbers.
same() {
  _a=$(upper "$1") _b=$(upper "$2")
  [ "$_a" != "$_b" ] || return 0
  case $_a in ON | TRUE) _a=1 ;; OFF | FALSE) _a=0 ;; esac
  case $_b in ON | TRUE) _b=1 ;; OFF | FALSE) _b=0 ;; esac
  [ "$_a" != "$_b" ] || return 0
  case $_a$_b in '' | *[!0-9.]* | *.*.*.*) return 1 ;; esac
  awk -v a="$_a" -v b="$_b" 'BEGIN { exit !(a + 0 == b + 0) }'
}

sql 'SELECT 1' >/dev/null 2>&1 || exit 0 # not reachable right now: the next probe tries again
changed='' failed='' tab=$(printf '\t')
while IFS=$tab read -r name value; do
  case $name in '' | *[!a-z0-9_]*) continue ;; esac
  was=$(current "$name")
  ! same "$value" "$was" || continue
  case $value in
    '' | *[!0-9]*) literal="'$(printf '%s' "$value" | sed "s/'/''/g")'" ;;
    *) literal=$value ;;
  esac
  if err=$(sql "SET GLOBAL $name = $literal" 2>&1); then
    now=$(current "$name")
    if same "$value" "$now"; then
      changed="$changed $name=$now (was $was)"
    else
      failed="$failed $name: set to $value, the server reports $now"
    fi
  else
    why=$(printf '%s\n' "$err" | grep -m 1 '^ERROR' || printf '%s\n' "$err" | head -n 1)
    failed="$failed $name: $(printf '%s' "$why" | head -c 200)"
  fi
done <"$MYSQL_DYNAMIC_SETTINGS"
printf '%s\n' "$sum" >"$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
if [ -n "$failed" ]; then
  say "applied:${changed:- nothing}; NOT applied (restart or fix the setting):$failed"
else
  say "applied:${changed:- nothing changed}; every dynamic setting verified"
fi
exit 0
