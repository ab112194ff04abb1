#!/bin/sh
# cdk8s-db PostgreSQL startupProbe: exit 0 once the server accepts connections.
# A standby accepts connections once it has replayed to a consistent state.
# Environment: PGHOST (socket dir) PGPORT
set -eu

if out=$(pg_isready -h "$PGHOST" -p "$PGPORT" -t 3 2>&1); then
  echo "started: $out"
  exit 0
else
  rc=$?
fi
case $rc in
  1) echo "not started: server is rejecting connections (starting up or recovering): $out" ;;
  2) echo "not started: no response from the server: $out" ;;
  *) echo "not started: pg_isready failed (exit $rc): $out" ;;
esac
exit 1
