#!/bin/sh
# cdk8s-db MySQL / MariaDB livenessProbe: exit 0 while the server answers at all. `mysqladmin ping`
# succeeds even when the login is refused or connections are exhausted: only a server that does not
# answer fails. Never looks at replication: a slow or lagging replica is alive.
# Environment: MYSQL_ADMIN MYSQL_SOCKET; MYSQL_PROBE_DEFAULTS when present (no password in the log);
#   what config-reload.sh needs; POD_NAME MYSQL_DATADIR MYSQL_CLIENT (the re-seed check).
# Fails also on a replica whose binlog position the primary purged (see below).
set -eu

nl='
'
if [ -f "${MYSQL_PROBE_DEFAULTS:-}" ]; then
  set -- --defaults-file="$MYSQL_PROBE_DEFAULTS"
else
  set -- --no-defaults --socket="${MYSQL_SOCKET:?}"
fi
if out=$("${MYSQL_ADMIN:?}" "$@" --connect-timeout=3 ping 2>&1); then
  # A changed ConfigMap: dynamic settings are applied live (no-op when nothing changed).
  sh "${0%/*}/config-reload.sh" >/dev/null 2>&1 || true
  # A replica whose binlog position the primary purged (error 1236, from the primary itself: it
  # answered) can never catch up: leave the reason next to the data dir and fail, so that the
  # container restarts and run.sh -> bootstrap.sh re-seeds it. Never pod 0.
  ordinal=${POD_NAME:-x-0}
  ordinal=${ordinal##*-}
  case $ordinal in '' | *[!0-9]*) ordinal=0 ;; esac
  if [ "$((ordinal + 0))" -ne 0 ] && [ -n "${MYSQL_DATADIR:-}" ] && [ -f "${MYSQL_PROBE_DEFAULTS:-}" ]; then
    status=$("${MYSQL_CLIENT:-mariadb}" --defaults-file="$MYSQL_PROBE_DEFAULTS" --connect-timeout=3 --batch -e 'SHOW REPLICA STATUS\G' 2>/dev/null) || status=
    errno=$(printf '%s\n' "$status" | sed -n 's/^ *Last_IO_Errno: *//p' | head -n 1)
    error=$(printf '%s\n' "$status" | sed -n 's/^ *Last_IO_Error: *//p' | head -n 1 | head -c 300)
    if [ "$errno" = 1236 ]; then
      case $error in
        *purged* | *"not in the master's binlog"* | *"Could not find GTID state"* | *"could not find next log"*)
          marker="${MYSQL_DATADIR%/}"
          marker="${marker%/*}/.cdk8s-reseed-requested"
          [ -f "$marker" ] || printf 'the primary purged the binlog this replica needs (error 1236: %s)\n' "$error" >"$marker"
          echo "not alive: the primary purged the binlog this replica needs (error 1236: $error); restart so that it re-seeds itself"
          exit 1
          ;;
      esac
    fi
  fi
  echo "alive: ${out%%"$nl"*}"
  exit 0
fi
echo "not alive: no answer from the server: ${out%%"$nl"*}"
exit 1
