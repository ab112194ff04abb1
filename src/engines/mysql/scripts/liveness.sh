#!/bin/sh
# cdk8s-db MySQL / MariaDB livenessProbe: exit 0 while the server answers at all. `mysqladmin ping`
# succeeds even when the login is refused or connections are exhausted: only a server that does not
# answer fails. Never looks at replication: a slow or lagging replica is alive.
# Environment: MYSQL_ADMIN MYSQL_SOCKET; MYSQL_PROBE_DEFAULTS when present (no password in the log);
#   what config-reload.sh needs.
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
  echo "alive: ${out%%"$nl"*}"
  exit 0
fi
echo "not alive: no answer from the server: ${out%%"$nl"*}"
exit 1
