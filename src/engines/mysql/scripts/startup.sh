#!/bin/sh
# cdk8s-db MySQL / MariaDB startupProbe: exit 0 once the server answers SELECT 1 as the monitoring user
# through the local socket (InnoDB recovery and, on MySQL, the first start after a clone are done).
# Environment: MYSQL_CLIENT MYSQL_PROBE_DEFAULTS
set -eu

nl='
'
if [ ! -f "${MYSQL_PROBE_DEFAULTS:?}" ]; then
  echo "not started: probe credentials $MYSQL_PROBE_DEFAULTS are missing (bootstrap.sh and run.sh write them)"
  exit 1
fi
if out=$("${MYSQL_CLIENT:?}" --defaults-file="$MYSQL_PROBE_DEFAULTS" --connect-timeout=3 --batch --skip-column-names \
  -e 'SELECT 1' 2>&1) && [ "$out" = 1 ]; then
  echo "started: server answers SELECT 1"
  exit 0
fi
echo "not started: ${out%%"$nl"*}"
exit 1
