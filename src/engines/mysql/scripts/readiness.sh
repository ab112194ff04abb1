#!/bin/sh
# cdk8s-db MySQL / MariaDB readinessProbe (one script for both). Exit 0 = ready, 1 = not ready;
# always prints ONE line with the reason (kubectl describe pod shows it). One client call through the
# local socket as the monitoring user: `SELECT @@global.read_only` and `SHOW REPLICA STATUS`
# (MySQL 8.0.22+ and MariaDB 10.5.1+ both accept it), parsed for both field-name families:
# MySQL Replica_*/Source_*/Seconds_Behind_Source, MariaDB Slave_*/Master_*/Seconds_Behind_Master.
#
# Primary (no replication configured): ready when it accepts writes (read_only OFF). Never gated on
#   lag or on time: an idle primary stays ready.
# Replica: ready only while ALL of these hold, and every failing one is listed:
#   - the IO thread runs (*_IO_Running = Yes: not Connecting, not No) without an error (Last_IO_Errno);
#   - the SQL thread runs (*_SQL_Running = Yes) without an error (Last_SQL_Errno);
#   - Seconds_Behind_* is known (NULL is NOT ready) and <= READINESS_MAX_LAG_SECONDS;
#   - binlog received but not yet applied (Read_*_Log_Pos - Exec_*_Log_Pos while both threads are
#     in the same source binlog file; after a rotation the part in the newer file, a lower bound)
#     <= READINESS_MAX_LAG_BYTES. What the primary has not sent yet is covered by the IO thread
#     check and by the seconds: the server does not report it in bytes.
# Grace (the primary restarting, e.g. pod 0 last in a rolling update): a replica whose IO thread is
#   Connecting stays ready, and says so, only while ALL of these hold: its last in-sync pass (time
#   recorded in .readiness-in-sync next to MYSQL_PROBE_DEFAULTS, in the socket's directory, by every
#   "ready: replica in sync") is at most READINESS_MAX_LAG_SECONDS old; the SQL thread runs without
#   an error and has applied everything received (Exec_*_Log_Pos = Read_*_Log_Pos in the same
#   source binlog file); the IO error is not 1236 (binlog purged). A primary that is down has
#   nothing newer; one unreachable from here only is ahead by at most the grace plus the lag of the
#   last pass (run.sh removes the record at each start). IO thread No (replication stopped by an admin
#   or by an error the server does not retry) gets no grace; neither does a replica never in sync
#   since the record was written, nor one past the grace.
# Environment: MYSQL_CLIENT MYSQL_PROBE_DEFAULTS; optional READINESS_MAX_LAG_SECONDS (default 30),
#   READINESS_MAX_LAG_BYTES (default 16777216).
set -eu

not_ready() { echo "not ready: $*"; exit 1; }

nl='
'
max_seconds=${READINESS_MAX_LAG_SECONDS:-30}
max_bytes=${READINESS_MAX_LAG_BYTES:-16777216}
case $max_seconds in '' | *[!0-9]*) not_ready "READINESS_MAX_LAG_SECONDS=$max_seconds is not a whole number" ;; esac
case $max_bytes in '' | *[!0-9]*) not_ready "READINESS_MAX_LAG_BYTES=$max_bytes is not a whole number" ;; esac
[ -f "${MYSQL_PROBE_DEFAULTS:?}" ] || not_ready "probe credentials $MYSQL_PROBE_DEFAULTS are missing (bootstrap.sh and run.sh write them)"

if out=$("${MYSQL_CLIENT:?}" --defaults-file="$MYSQL_PROBE_DEFAULTS" --connect-timeout=3 --batch \
  -e 'SELECT @@global.read_only AS cdk8s_read_only\G SHOW REPLICA STATUS\G' 2>&1); then
  :
else
  not_ready "cannot query the server: ${out%%"$nl"*}"
fi

read_only='' io='' sql='' lag='' io_errno=0 io_error='' sql_errno=0 sql_error='' host='' port=''
source_file='' exec_file='' read_pos='' exec_pos=''
io_key=Replica_IO_Running sql_key=Replica_SQL_Running lag_key=Seconds_Behind_Source
while IFS= read -r line; do
  line=${line#"${line%%[! ]*}"}
  key=${line%%:*}
  [ "$key" != "$line" ] || continue
  value=${line#*:}
  value=${value# }
  case $key in
    cdk8s_read_only) read_only=$value ;;
    Slave_IO_Running | Replica_IO_Running) io=$value io_key=$key ;;
    Slave_SQL_Running | Replica_SQL_Running) sql=$value sql_key=$key ;;
    Seconds_Behind_Master | Seconds_Behind_Source) lag=$value lag_key=$key ;;
    Last_IO_Errno) io_errno=$value ;;
    Last_IO_Error) io_error=$value ;;
    Last_SQL_Errno) sql_errno=$value ;;
    Last_SQL_Error) sql_error=$value ;;
    Master_Host | Source_Host) host=$value ;;
    Master_Port | Source_Port) port=$value ;;
    Master_Log_File | Source_Log_File) source_file=$value ;;
    Relay_Master_Log_File | Relay_Source_Log_File) exec_file=$value ;;
    Read_Master_Log_Pos | Read_Source_Log_Pos) read_pos=$value ;;
    Exec_Master_Log_Pos | Exec_Source_Log_Pos) exec_pos=$value ;;
  esac
done <<EOF
$out
EOF

if [ -z "$io" ]; then
  case $read_only in
    0 | OFF) echo "ready: primary, accepting writes (read_only OFF, no replication configured)" ; exit 0 ;;
    1 | ON) not_ready "no replication configured and read_only is ON: neither a writable primary nor a replica" ;;
    *) not_ready "unexpected answer from the server: ${out%%"$nl"*}" ;;
  esac
fi

is_number() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac; }
problems=''
add() { problems="${problems:+$problems; }$1"; }
error_text() { printf 'error %s: %.160s' "$1" "$2"; }

case $io_errno in '' | 0) io_err='' ;; *) io_err=$(error_text "$io_errno" "$io_error") ;; esac
case $sql_errno in '' | 0) sql_err='' ;; *) sql_err=$(error_text "$sql_errno" "$sql_error") ;; esac
if [ "$io_errno" = 1236 ]; then
  case $io_error in
    *purged* | *"not in the master's binlog"* | *"Could not find GTID state"* | *"could not find next log"*)
      add "the primary purged the binlog this replica needs (it re-seeds itself after liveness restarts it)" ;;
  esac
fi
if [ "$io" != Yes ]; then
  add "IO thread not running ($io_key=$io${io_err:+, $io_err})"
elif [ -n "$io_err" ]; then
  add "IO thread $io_err"
fi
if [ "$sql" != Yes ]; then
  add "SQL thread not running ($sql_key=$sql${sql_err:+, $sql_err})"
elif [ -n "$sql_err" ]; then
  add "SQL thread $sql_err"
fi

if is_number "$lag"; then
  lag_text="${lag}s"
  [ "$lag" -le "$max_seconds" ] || add "lag ${lag}s > ${max_seconds}s ($lag_key)"
else
  lag_text=unknown
  add "lag unknown ($lag_key=${lag:-empty})"
fi

bytes_text=unknown
if is_number "$read_pos" && is_number "$exec_pos" && [ -n "$source_file" ] && [ -n "$exec_file" ]; then
  if [ "$source_file" = "$exec_file" ]; then
    bytes=$((read_pos - exec_pos))
    [ "$bytes" -ge 0 ] || bytes=0
    bytes_text="$bytes bytes"
  else
    # The SQL thread is still in an older binlog file: at least what was received in the newer one.
    bytes=$read_pos
    bytes_text="at least $bytes bytes"
  fi
  [ "$bytes" -le "$max_bytes" ] || add "$bytes_text received but not applied > $max_bytes"
fi

details="source ${host:-?}:${port:-?}, lag $lag_text (max ${max_seconds}s), $bytes_text received but not applied (max $max_bytes)"
now=$(date +%s)
in_sync="${MYSQL_PROBE_DEFAULTS%/*}/.readiness-in-sync"
if [ -n "$problems" ]; then
  if [ "$io" = Connecting ] && [ "$io_errno" != 1236 ] && [ "$sql" = Yes ] && [ -z "$sql_err" ] &&
    [ -n "$source_file" ] && [ "$source_file" = "$exec_file" ] && is_number "$read_pos" && [ "$read_pos" = "$exec_pos" ] &&
    [ -f "$in_sync" ]; then
    last=''
    read -r last _ <"$in_sync" || last=''
    if is_number "$last" && [ $((now - last)) -ge 0 ] && [ $((now - last)) -le "$max_seconds" ]; then
      echo "ready: replica IO thread not connected for $((now - last))s ($io_key=$io${io_err:+, $io_err}), within the ${max_seconds}s grace; everything received is applied, data as of the last in-sync check $((now - last))s ago (source ${host:-?}:${port:-?}, applied up to $exec_file:$exec_pos)"
      exit 0
    fi
  fi
  not_ready "replica: $problems ($details)"
fi
# Record the in-sync pass for the grace (best effort: a failed write only shortens the grace).
{ printf '%s\n' "$now" >"$in_sync.tmp" && mv -f "$in_sync.tmp" "$in_sync"; } 2>/dev/null || :
echo "ready: replica in sync ($details)"
exit 0
