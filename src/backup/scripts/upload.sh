#!/bin/sh
# upload.sh - uploads a finished dump, verifies it at the destination, then applies retention.
#
# Runs in the official rclone image (busybox sh) after the engine's dump step wrote
#   $BACKUP_WORK_DIR/<ID>/*            dump files and SHA256SUMS
#   $BACKUP_WORK_DIR/READY             the ID, written last by the dump step
#
# 1. checks the local files against SHA256SUMS;
# 2. uploads every file except SHA256SUMS to $BACKUP_REMOTE/<ID>/;
# 3. re-reads each uploaded file from the destination: size and sha256 must match;
# 4. uploads SHA256SUMS last and re-reads it too: only now does the backup count as complete;
# 5. retention: deletes complete backups that every configured rule lets go (never the new
#    one), and incomplete leftovers of earlier failed runs. Nothing is deleted when any
#    earlier step failed.
# Any failure exits non-zero with a message naming the step.
#
# Environment:
#   BACKUP_WORK_DIR   (required) scratch directory shared with the dump step
#   BACKUP_REMOTE     (required) rclone destination, e.g. dest:bucket/prefix or dest:/backups/orders
#                     (the remote itself is configured with RCLONE_CONFIG_DEST_* variables)
#   KEEP_LAST         keep at least the newest N complete backups (0 or unset: no count rule)
#   KEEP_SECONDS      keep complete backups younger than this many seconds (0 or unset: no age rule)
#                     With both unset or 0 nothing is deleted. With both set, a backup is
#                     deleted only when it is outside both rules.
#   RCLONE_FLAGS      extra rclone flags (default: retries and timeouts below)
#   NOW_EPOCH         current time in seconds (tests only; default `date +%s`)
set -eu
PROG=upload
LIB_DIR=$(dirname "$0")
# shellcheck source-path=SCRIPTDIR source=backup-lib.sh
. "$LIB_DIR/backup-lib.sh"

BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
BACKUP_REMOTE=${BACKUP_REMOTE:-}
KEEP_LAST=${KEEP_LAST:-0}
KEEP_SECONDS=${KEEP_SECONDS:-0}
RCLONE_FLAGS=${RCLONE_FLAGS:---retries 4 --retries-sleep 5s --low-level-retries 5 --contimeout 15s --timeout 5m}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$BACKUP_REMOTE" ] || die 'BACKUP_REMOTE is required'
BACKUP_REMOTE=${BACKUP_REMOTE%/}
is_uint "$KEEP_LAST" || die "KEEP_LAST must be a whole number, got '$KEEP_LAST'"
is_uint "$KEEP_SECONDS" || die "KEEP_SECONDS must be a whole number of seconds, got '$KEEP_SECONDS'"
KEEP_LAST=$(dec "$KEEP_LAST")
KEEP_SECONDS=$(dec "$KEEP_SECONDS")

# --- 1. the local backup --------------------------------------------------------------------
[ -f "$BACKUP_WORK_DIR/READY" ] || die "no finished dump in $BACKUP_WORK_DIR (READY is missing): the dump step did not complete"
ID=$(cat "$BACKUP_WORK_DIR/READY")
is_backup_id "$ID" || die "READY holds '$ID', not a backup ID"
DIR=$BACKUP_WORK_DIR/$ID
[ -s "$DIR/SHA256SUMS" ] || die "$DIR/SHA256SUMS is missing or empty"
(cd "$DIR" && sha256sum -c SHA256SUMS >/dev/null 2>&1) || die "local files of $ID do not match SHA256SUMS"
FILES=$(cut -c67- "$DIR/SHA256SUMS")
[ -n "$FILES" ] || die "SHA256SUMS of $ID lists no files"
log "backup $ID: $(printf '%s\n' "$FILES" | wc -l | tr -d ' ') file(s), $(du -sk "$DIR" | cut -f1) KiB -> $BACKUP_REMOTE/$ID/"

# --- 2. upload ---------------------------------------------------------------------------------
for f in $FILES; do
  rc copyto "$DIR/$f" "$BACKUP_REMOTE/$ID/$f" || die "upload of $ID/$f failed: older backups are kept"
done

# verify_remote FILE: size and sha256 of $BACKUP_REMOTE/$ID/FILE, re-read from the destination.
verify_remote() {
  _want_size=$(wc -c <"$DIR/$1" | tr -d ' ')
  _want_sum=$(sha256sum "$DIR/$1" | cut -c1-64)
  _size=$(rc lsf --format s --files-only "$BACKUP_REMOTE/$ID/$1") ||
    die "cannot read back $ID/$1 from the destination: older backups are kept"
  [ "$_size" = "$_want_size" ] ||
    die "$ID/$1 at the destination has $_size bytes, expected $_want_size: older backups are kept"
  _sum=$(rc hashsum sha256 --download "$BACKUP_REMOTE/$ID/$1") ||
    die "cannot re-read $ID/$1 from the destination: older backups are kept"
  _sum=$(printf '%s' "$_sum" | cut -c1-64)
  [ "$_sum" = "$_want_sum" ] ||
    die "$ID/$1 at the destination has sha256 $_sum, expected $_want_sum: older backups are kept"
}

# --- 3. verify ---------------------------------------------------------------------------------
for f in $FILES; do verify_remote "$f"; done

# --- 4. mark complete ------------------------------------------------------------------------
rc copyto "$DIR/SHA256SUMS" "$BACKUP_REMOTE/$ID/SHA256SUMS" || die "upload of $ID/SHA256SUMS failed: older backups are kept"
verify_remote SHA256SUMS
log "backup $ID uploaded and verified (size and sha256 of every file re-read from the destination)"

# --- 5. retention ------------------------------------------------------------------------------
if [ "$KEEP_LAST" -eq 0 ] && [ "$KEEP_SECONDS" -eq 0 ]; then
  log 'retention: none configured, nothing deleted'
  exit 0
fi
COMPLETE=$(complete_backups) || die 'retention: cannot list backups at the destination'
case "
$COMPLETE
" in
  *"
$ID
"*) ;;
  *) die "retention: the new backup $ID is not listed as complete at the destination; nothing deleted" ;;
esac
NOW=${NOW_EPOCH:-$(date -u +%s)}
i=0
kept=0
deleted=0
for b in $COMPLETE; do
  i=$((i + 1))
  delete=yes
  [ "$b" = "$ID" ] && delete=no
  if [ "$KEEP_LAST" -gt 0 ] && [ "$i" -le "$KEEP_LAST" ]; then delete=no; fi
  if [ "$KEEP_SECONDS" -gt 0 ] && [ $((NOW - $(id_epoch "$b"))) -le "$KEEP_SECONDS" ]; then delete=no; fi
  if [ "$delete" = no ]; then
    kept=$((kept + 1))
    continue
  fi
  # SHA256SUMS goes first: a half-deleted backup then reads as incomplete, never as complete.
  rc deletefile "$BACKUP_REMOTE/$b/SHA256SUMS" || die "retention: cannot delete $b/SHA256SUMS"
  rc purge "$BACKUP_REMOTE/$b" || die "retention: cannot delete $b"
  deleted=$((deleted + 1))
  log "retention: deleted $b"
done
# Incomplete leftovers of failed runs that are older than the new backup.
ALL=$(rc lsf --dirs-only "$BACKUP_REMOTE") || die 'retention: cannot list the destination'
for d in $ALL; do
  d=${d%/}
  is_backup_id "$d" || continue
  case "
$COMPLETE
" in *"
$d
"*) continue ;; esac
  if [ "$(id_epoch "$d")" -lt "$(id_epoch "$ID")" ]; then
    rc purge "$BACKUP_REMOTE/$d" || die "retention: cannot delete incomplete $d"
    log "retention: deleted incomplete $d (no SHA256SUMS)"
  fi
done
log "retention: kept $kept complete backup(s), deleted $deleted (keep last ${KEEP_LAST}, keep for ${KEEP_SECONDS}s)"
