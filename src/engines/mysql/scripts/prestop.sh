#!/bin/sh
# cdk8s-db MySQL / MariaDB preStop hook: clean shutdown. Sends SIGTERM to the server (a normal
# shutdown: replication threads stop, InnoDB flushes, the binlog is closed) and waits for it to exit,
# so the kubelet's own SIGTERM finds nothing left to do. No credentials needed.
# Exits 0 if the server is already stopped.
# Environment: MYSQL_PID_FILE MYSQL_SERVER; optional SHUTDOWN_TIMEOUT_SECONDS (default 50, keep it
# below the pod's terminationGracePeriodSeconds).
set -eu

timeout=${SHUTDOWN_TIMEOUT_SECONDS:-50}
case $timeout in '' | *[!0-9]*) timeout=50 ;; esac
pidfile=${MYSQL_PID_FILE:?}
server=${MYSQL_SERVER:?}
server=${server##*/}

if [ ! -f "$pidfile" ]; then
  echo "prestop: server already stopped (no $pidfile)"
  exit 0
fi
pid=$(cat "$pidfile" 2>/dev/null || true)
case $pid in
  '' | *[!0-9]*) echo "prestop: $pidfile holds no pid; nothing to stop" ; exit 0 ;;
esac
# Running: the pid exists and is not a zombie (an exited child its parent has not reaped yet).
running() {
  kill -0 "$1" 2>/dev/null || return 1
  _state=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [ "$_state" != Z ]
}
if ! running "$pid"; then
  echo "prestop: server already stopped (pid $pid is gone)"
  exit 0
fi
comm=$(cat "/proc/$pid/comm" 2>/dev/null || echo "$server")
if [ "$comm" != "$server" ]; then
  echo "prestop: pid $pid is $comm, not $server (stale $pidfile); nothing to stop"
  exit 0
fi
kill -TERM "$pid"
i=0
while running "$pid"; do
  if [ "$i" -ge $((timeout * 5)) ]; then
    echo "prestop: server (pid $pid) still running after ${timeout}s (shutdown requested; it continues)"
    exit 1
  fi
  sleep 0.2
  i=$((i + 1))
done
echo "prestop: server stopped"
exit 0
