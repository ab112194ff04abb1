#!/bin/sh
# cdk8s-db PostgreSQL: apply a changed configuration live. The ConfigMap with postgresql.conf and
# pg_hba.conf is mounted as a directory (never subPath), so the kubelet swaps the files in place
# within about a minute of a change. Settings that need a restart are in the pod template's
# config-hash (the StatefulSet rolls the pods for those); everything else only needs a reload.
# Called by liveness.sh (every 10 s) while the server accepts connections; cheap when nothing
# changed (one checksum). run.sh records the checksum of the files the server starts with.
#
# On a change: SELECT pg_reload_conf(), then verify: pg_file_settings must show no error for the
# new files, and pg_settings which settings still wait for a restart (expected only while the
# StatefulSet rolls this pod). The outcome is printed, written to $PGHOST/.config-reload and to
# the server's log stream (PID 1's stderr, so that `kubectl logs` shows it). Never fails the probe.
# Environment: PGHOST (socket dir) PGPORT PG_CONFIG_FILE PG_HBA_FILE
set -eu

stamp="$PGHOST/.config-files.cksum"
status="$PGHOST/.config-reload"
sum=$(cat "$PG_CONFIG_FILE" "${PG_HBA_FILE:-/dev/null}" 2>/dev/null | cksum) || exit 0
if [ -f "$stamp" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
  exit 0
fi

say() {
  line="$(date -u '+%Y-%m-%dT%H:%M:%SZ') config-reload: $*"
  printf '%s\n' "$line"
  printf '%s\n' "$line" >"$status.tmp" && mv -f "$status.tmp" "$status"
  { printf '%s\n' "$line" >>/proc/1/fd/2; } 2>/dev/null || true
}
q() { PGCONNECT_TIMEOUT=3 PGOPTIONS='-c statement_timeout=3000' psql -XAtq -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c "$1"; }

if ! q 'SELECT pg_reload_conf()' >/dev/null 2>&1; then
  exit 0 # not reachable right now: the next probe tries again
fi
printf '%s\n' "$sum" >"$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
# The postmaster re-reads the files asynchronously: give it a moment before checking.
sleep 1
# A setting waiting for a restart shows as "setting could not be applied" too: only the others are errors.
errors=$(q "SELECT coalesce(string_agg(format('%s (%s line %s): %s', name, sourcefile, sourceline, error), '; '), '') FROM pg_file_settings
  WHERE error IS NOT NULL AND name NOT IN (SELECT name FROM pg_settings WHERE pending_restart)" 2>&1) ||
  errors="cannot read pg_file_settings: $errors"
pending=$(q "SELECT coalesce(string_agg(name, ', ' ORDER BY name), '') FROM pg_settings WHERE pending_restart" 2>&1) ||
  pending="unknown ($pending)"
if [ -n "$errors" ]; then
  say "reloaded $PG_CONFIG_FILE with ERRORS (the server keeps the previous values of these): $errors"
elif [ -n "$pending" ]; then
  say "reloaded $PG_CONFIG_FILE; applied, except settings waiting for a restart (the pod rolls for them): $pending"
else
  say "reloaded $PG_CONFIG_FILE; every setting applied, none pending a restart"
fi
exit 0
