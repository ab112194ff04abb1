#!/bin/sh
# cdk8s-db PostgreSQL preStop hook: fast, clean shutdown. Sessions are disconnected, a standby gets
# all WAL before a primary's senders exit, and a shutdown checkpoint makes the next start quick.
# SIGTERM alone (sent by the kubelet afterwards) would be a "smart" shutdown that waits for clients.
# Exits 0 if the server is already stopped.
# Environment: PGDATA; optional SHUTDOWN_TIMEOUT_SECONDS (default 60, keep it below the pod's
# terminationGracePeriodSeconds).
set -eu

timeout=${SHUTDOWN_TIMEOUT_SECONDS:-60}
case $timeout in '' | *[!0-9]*) timeout=60 ;; esac

if [ ! -f "$PGDATA/postmaster.pid" ]; then
  echo "prestop: server already stopped"
  exit 0
fi
if pg_ctl -D "$PGDATA" stop -m fast -w -t "$timeout"; then
  echo "prestop: server stopped"
  exit 0
fi
if pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
  echo "prestop: server still running after ${timeout}s (fast shutdown requested; it continues)"
  exit 1
fi
echo "prestop: server stopped"
exit 0
