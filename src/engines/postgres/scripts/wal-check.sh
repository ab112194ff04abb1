#!/bin/sh
# cdk8s-db PostgreSQL: is the WAL this standby needs still on the primary? Prints ONE line and
# exits with the verdict; never changes anything unless --ensure-slot is given.
#
#   exit 0  "WAL gone: ..."        the primary removed WAL this standby has not received (its
#                                  replication slot was invalidated, wal_status 'lost', or the
#                                  primary's oldest WAL segment is past the one the standby
#                                  needs): only a new clone can bring it back.
#   exit 1  "WAL available: ..."   streaming can resume (slot state and positions given).
#   exit 2  "no verdict: ..."      pod 0 (the primary is never re-cloned), the primary is
#                                  unreachable or not a primary, or a position is unknown: nothing
#                                  may be concluded, so nothing is done.
#
# Usage: wal-check.sh [--offline] [--ensure-slot]
#   --offline      the local server is stopped (bootstrap): the standby's position comes from
#                  pg_controldata (the later of the minimum recovery point and the last
#                  restartpoint's redo location) instead of pg_last_wal_receive_lsn().
#   --ensure-slot  when the verdict is "WAL available" and the standby's slot is missing on the
#                  primary, create it (physical, reserving WAL) as the replication user.
#
# The primary is asked as the monitoring role (pg_monitor can list pg_wal with pg_ls_waldir),
# over TCP like the standby's own connection (PGSSLMODE/PGSSLROOTCERT apply with TLS); the slot
# is created over a replication connection as the replication user with the passfile. Passwords
# come from the environment, never a command line.
# Environment: POD_NAME PGDATA PGHOST PGPORT DB_PRIMARY_HOST DB_PRIMARY_PORT MONITORING_USER
#   MONITORING_PASSWORD; with --ensure-slot also REPLICATION_USER PG_PASSFILE.
set -eu

offline=false ensure=false
for _a in "$@"; do
  case $_a in
    --offline) offline=true ;;
    --ensure-slot) ensure=true ;;
    *) echo "no verdict: unknown option $_a"; exit 2 ;;
  esac
done

no_verdict() { echo "no verdict: $*"; exit 2; }
nl='
'
first_line() { printf '%s' "${1%%"$nl"*}" | head -c 300; }

ordinal=${POD_NAME##*-}
case $ordinal in '' | *[!0-9]*) no_verdict "cannot read the ordinal from POD_NAME=${POD_NAME:-}" ;; esac
[ "$((ordinal + 0))" -ne 0 ] || no_verdict "pod 0 is the primary: it is never re-cloned"
# Slot names allow [a-z0-9_]: orders-1 -> orders_1 (run.sh sets primary_slot_name the same way).
slot=$(printf '%s' "$POD_NAME" | tr -- '-.' '__')

# --- the standby's position: the WAL segment number streaming resumes from -------------------
if [ "$offline" = true ]; then
  control=$(pg_controldata "$PGDATA" 2>&1) || no_verdict "pg_controldata failed: $(first_line "$control")"
  field() { printf '%s\n' "$control" | sed -n "s/^$1:[[:space:]]*//p" | head -n 1; }
  segsize=$(field 'Bytes per WAL segment')
  case $segsize in '' | *[!0-9]*) no_verdict "cannot read the WAL segment size from pg_controldata" ;; esac
  needed=-1
  for lsn in "$(field 'Minimum recovery ending location')" "$(field "Latest checkpoint's REDO location")"; do
    case $lsn in
      */*)
        hi=${lsn%/*} lo=${lsn#*/}
        case $hi$lo in *[!0-9A-Fa-f]*) continue ;; esac
        seg=$(((0x$hi) * (4294967296 / segsize) + (0x$lo) / segsize))
        [ "$seg" -le "$needed" ] || needed=$seg
        ;;
    esac
  done
  [ "$needed" -gt 0 ] || no_verdict "no WAL position in pg_controldata"
  position="segment $needed (pg_controldata)"
else
  if ! out=$(PGCONNECT_TIMEOUT=3 psql -XAtq -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c \
    "SELECT pg_is_in_recovery(), floor(pg_wal_lsn_diff(coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), '0/0')
       / (SELECT setting::numeric FROM pg_settings WHERE name = 'wal_segment_size'))::bigint" 2>&1); then
    no_verdict "cannot query the local server: $(first_line "$out")"
  fi
  case $out in
    't|'[0-9]*) needed=${out#t|} ;;
    'f|'*) no_verdict "this server is not in recovery (not a standby)" ;;
    *) no_verdict "local WAL position unknown ($out)" ;;
  esac
  position="segment $needed (received or replayed)"
fi

# --- the primary: reachable, a primary, what it keeps ------------------------------------------
if [ -z "${MONITORING_USER:-}" ] || [ -z "${MONITORING_PASSWORD:-}" ]; then
  no_verdict "MONITORING_USER/MONITORING_PASSWORD not set: cannot ask the primary"
fi
primary="$DB_PRIMARY_HOST:$DB_PRIMARY_PORT"
if ! answer=$(PGPASSWORD=$MONITORING_PASSWORD PGCONNECT_TIMEOUT=3 PGAPPNAME="$POD_NAME-wal-check" PGOPTIONS='-c statement_timeout=5000' \
  psql -XAtq -v ON_ERROR_STOP=1 -v slot="$slot" -h "$DB_PRIMARY_HOST" -p "$DB_PRIMARY_PORT" -U "$MONITORING_USER" -d postgres 2>&1 <<'SQL'
SELECT pg_is_in_recovery(),
  coalesce((SELECT wal_status FROM pg_replication_slots WHERE slot_name = :'slot'), 'missing'),
  (SELECT min(('x' || substr(name, 9, 8))::bit(32)::bigint * (4294967296 / s.size) + ('x' || substr(name, 17, 8))::bit(32)::bigint)
     FROM pg_ls_waldir(), (SELECT setting::bigint AS size FROM pg_settings WHERE name = 'wal_segment_size') AS s
     WHERE name ~ '^[0-9A-F]{24}$'),
  (SELECT min(name) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$')
SQL
); then
  no_verdict "primary $primary unreachable or refusing: $(first_line "$answer")"
fi
IFS='|' read -r in_recovery slot_status oldest oldest_name <<EOF
$answer
EOF
[ "$in_recovery" = f ] || no_verdict "$primary is in recovery (not a primary)"
case $oldest in '' | *[!0-9]*) no_verdict "the primary's oldest WAL segment is unknown" ;; esac

if [ "$slot_status" = lost ]; then
  echo "WAL gone: replication slot $slot on the primary $primary was invalidated (wal_status lost: the standby fell further behind than max_slot_wal_keep_size); the primary keeps WAL from $oldest_name, this standby needs $position"
  exit 0
fi
if [ "$needed" -lt "$oldest" ]; then
  echo "WAL gone: requested WAL segment has already been removed from the primary $primary (it keeps WAL from $oldest_name, segment $oldest; this standby needs $position; slot $slot $slot_status)"
  exit 0
fi

created=
if [ "$ensure" = true ] && [ "$slot_status" = missing ]; then
  if out=$(PGPASSFILE=$PG_PASSFILE PGCONNECT_TIMEOUT=3 psql -XAtq \
    "host=$DB_PRIMARY_HOST port=$DB_PRIMARY_PORT user=$REPLICATION_USER dbname=postgres replication=true" \
    -c "CREATE_REPLICATION_SLOT $slot PHYSICAL RESERVE_WAL" 2>&1); then
    created="; created slot $slot on the primary"
  else
    case $out in
      *'already exists'*) created="; slot $slot was created meanwhile" ;;
      *) created="; could not create slot $slot: $(first_line "$out")" ;;
    esac
  fi
fi
echo "WAL available: the primary $primary keeps WAL from segment $oldest, this standby needs $position; slot $slot $slot_status$created"
exit 1
