#!/bin/sh
# cdk8s-db PostgreSQL readinessProbe. Exit 0 = ready, 1 = not ready; always prints ONE line with the
# reason (kubectl describe pod shows it). One psql call through the local socket as postgres (peer).
#
# Primary (not in recovery): ready when it accepts writes (default_transaction_read_only off).
#   Never gated on lag or on time: an idle primary stays ready.
# Standby: ready only while ALL of these hold, and every failing one is listed:
#   - the WAL receiver is streaming (pg_stat_wal_receiver.status = 'streaming'); when it is not
#     running, the message gives the cause found by wal-check.sh (primary unreachable, WAL gone
#     from the primary, slot invalidated, ...), see liveness.sh;
#   - replay is not paused (pg_is_wal_replay_paused(), pg_get_wal_replay_pause_state());
#   - byte lag <= READINESS_MAX_LAG_BYTES: WAL known to exist on the primary (received, or announced
#     by the sender as latest_end_lsn) minus WAL replayed;
#   - time lag <= READINESS_MAX_LAG_SECONDS: 0 when everything received has been replayed (an idle
#     primary does not make a standby look late), else now() - pg_last_xact_replay_timestamp();
#   - the primary was heard from (last_msg_receipt_time) within READINESS_MAX_SILENCE_SECONDS,
#     default 3/4 of wal_receiver_timeout (an idle standby pings at 1/2 of it, so this never flaps).
#   Anything unknown (NULL) is not ready, and says so.
#   Grace (the primary restarting, e.g. pod 0 last in a rolling update): a standby whose WAL
#   receiver is not streaming stays ready, and says so, only while ALL of these hold: its last
#   in-sync pass (time recorded in $PGHOST/.readiness-in-sync by every "ready: standby streaming")
#   is at most READINESS_MAX_LAG_SECONDS old, everything received has been replayed
#   (pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn()), replay is not paused, and wal-check.sh
#   has not found the WAL gone or the slot lost. A primary that is down has nothing newer; one
#   unreachable from here only is ahead by at most the grace plus the lag of the last pass. After
#   the grace, or with no pass recorded since run.sh started this container, not ready.
# Environment: PGHOST (socket dir) PGPORT; optional READINESS_MAX_LAG_BYTES (default 16777216),
#   READINESS_MAX_LAG_SECONDS (default 30), READINESS_MAX_SILENCE_SECONDS (default see above).
# The probe's timeoutSeconds must exceed connect_timeout + statement_timeout (3 s + 3 s).
set -eu

not_ready() { echo "not ready: $*"; exit 1; }

max_bytes=${READINESS_MAX_LAG_BYTES:-16777216}
max_seconds=${READINESS_MAX_LAG_SECONDS:-30}
max_silence=${READINESS_MAX_SILENCE_SECONDS:-}
case $max_bytes in '' | *[!0-9]*) not_ready "READINESS_MAX_LAG_BYTES=$max_bytes is not a whole number" ;; esac
case $max_seconds in '' | *[!0-9]*) not_ready "READINESS_MAX_LAG_SECONDS=$max_seconds is not a whole number" ;; esac
case $max_silence in *[!0-9]*) not_ready "READINESS_MAX_SILENCE_SECONDS=$max_silence is not a whole number" ;; esac
if [ -n "$max_silence" ]; then
  silence_bound="$max_silence::numeric"
else
  silence_bound="(SELECT nullif(setting::numeric, 0) * 0.75 / 1000 FROM pg_settings WHERE name = 'wal_receiver_timeout')"
fi

sql="
SELECT CASE
WHEN NOT pg_is_in_recovery() THEN
  CASE WHEN current_setting('default_transaction_read_only')::boolean
    THEN 'not ready: primary is read-only (default_transaction_read_only = on)'
    ELSE 'ready: primary, accepting writes' END
ELSE (
  SELECT CASE WHEN problems = '' THEN 'ready: standby streaming, ' || details
    WHEN graceable THEN 'grace|' || reason || '|' || details || ', last replayed transaction '
      || coalesce(to_char(last_xact AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', 'unknown')
      || '|not ready: standby ' || problems || ' (' || details || ')'
    ELSE 'not ready: standby ' || problems || ' (' || details || ')' END
  FROM (
    SELECT concat_ws('; ',
        CASE WHEN status IS NULL THEN 'not streaming: WAL receiver not running (@WAL_CHECK@)'
             WHEN status <> 'streaming' THEN 'not streaming: WAL receiver ' || status END,
        CASE WHEN paused IS NULL OR pause_state IS NULL THEN 'replay pause state unknown'
             WHEN paused OR pause_state <> 'not paused' THEN 'replay paused (' || pause_state || ')' END,
        CASE WHEN byte_lag IS NULL THEN 'byte lag unknown'
             WHEN byte_lag > $max_bytes THEN format('byte lag %s > %s', byte_lag, $max_bytes) END,
        CASE WHEN time_lag IS NULL THEN 'time lag unknown (nothing replayed yet)'
             WHEN time_lag > $max_seconds THEN format('time lag %ss > %ss', round(time_lag, 1), $max_seconds) END,
        CASE WHEN status IS DISTINCT FROM 'streaming' THEN NULL
             WHEN silence IS NULL THEN 'nothing heard from the primary yet'
             WHEN silence > bound THEN format('nothing heard from the primary for %ss > %ss', round(silence, 1), round(bound, 1)) END
      ) AS problems,
      format('from %s, byte lag %s, time lag %s', coalesce(sender, 'unknown'),
        coalesce(byte_lag::text, 'unknown'), coalesce(round(time_lag, 1) || 's', 'unknown')) AS details,
      CASE WHEN status IS NULL THEN '@WAL_CHECK@' ELSE 'WAL receiver ' || status END AS reason,
      coalesce(status IS DISTINCT FROM 'streaming' AND NOT paused AND pause_state = 'not paused'
        AND received IS NOT NULL AND replayed IS NOT NULL AND received <= replayed, false) AS graceable,
      last_xact
    FROM (
      SELECT status, sender, paused, pause_state, bound, silence, received, replayed, last_xact,
        CASE WHEN received IS NULL OR replayed IS NULL THEN NULL
             ELSE greatest(0, pg_wal_lsn_diff(received, replayed)) END AS byte_lag,
        CASE WHEN received IS NULL OR replayed IS NULL THEN NULL
             WHEN replayed >= received THEN 0
             ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp())) END AS time_lag
      FROM (
        SELECT w.status, w.sender_host || ':' || w.sender_port AS sender,
          pg_is_wal_replay_paused() AS paused,
          pg_get_wal_replay_pause_state() AS pause_state,
          greatest(pg_last_wal_receive_lsn(), w.latest_end_lsn) AS received,
          pg_last_wal_replay_lsn() AS replayed,
          pg_last_xact_replay_timestamp() AS last_xact,
          extract(epoch FROM now() - w.last_msg_receipt_time) AS silence,
          $silence_bound AS bound
        FROM (SELECT 1) AS one LEFT JOIN pg_stat_wal_receiver AS w ON true
      ) AS raw
    ) AS lag
  ) AS verdict
) END"

if out=$(PGCONNECT_TIMEOUT=3 PGOPTIONS='-c statement_timeout=3000 -c lock_timeout=1000' PGAPPNAME=cdk8s-db-readiness \
  psql -XAtq -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c "$sql" 2>&1); then
  :
else
  nl='
'
  not_ready "cannot query the server: ${out%%"$nl"*}"
fi
now=$(date +%s)
# Why the WAL receiver is not running: the latest verdict of wal-check.sh (liveness.sh runs it in
# the background on a standby that is not streaming), when it is fresh.
cause='primary not checked yet' wal_gone=false
state="$PGHOST/.wal-check"
if [ -f "$state" ] && read -r when code message <"$state"; then
  case $when in '' | *[!0-9]*) when=0 ;; esac
  if [ $((now - when)) -le 60 ]; then
    cause=$message
    [ "$code" != 0 ] || wal_gone=true
  fi
fi
in_sync="$PGHOST/.readiness-in-sync"
case $out in
  'grace|'*)
    rest=${out#grace|}
    reason=${rest%%|*} rest=${rest#*|}
    details=${rest%%|*} out=${rest#*|}
    last=''
    [ ! -f "$in_sync" ] || read -r last _ <"$in_sync" || last=''
    case $last in '' | *[!0-9]*) last='' ;; esac
    if [ -n "$last" ] && [ "$wal_gone" = false ] && [ $((now - last)) -ge 0 ] && [ $((now - last)) -le "$max_seconds" ]; then
      [ "$reason" != @WAL_CHECK@ ] || reason=$cause
      echo "ready: standby not streaming for $((now - last))s ($reason), within the ${max_seconds}s grace; everything received is replayed, data as of the last in-sync check $((now - last))s ago ($details)"
      exit 0
    fi
    ;;
esac
case $out in
  *@WAL_CHECK@*) out="${out%%@WAL_CHECK@*}$cause${out#*@WAL_CHECK@}" ;;
esac
case $out in
  'ready: standby streaming'*)
    # Record the in-sync pass for the grace (best effort: a failed write only shortens the grace).
    { printf '%s\n' "$now" >"$in_sync.tmp" && mv -f "$in_sync.tmp" "$in_sync"; } 2>/dev/null || :
    echo "$out"; exit 0 ;;
  'ready: '*) echo "$out"; exit 0 ;;
  'not ready: '*) echo "$out"; exit 1 ;;
  *) not_ready "unexpected answer: $out" ;;
esac
