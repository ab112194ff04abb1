#!/bin/sh
# download.sh - fetches one complete backup and checks it against its SHA256SUMS.
#
# Runs in the official rclone image (busybox sh) before a restore or a verification step.
# Writes $BACKUP_WORK_DIR/<ID>/* and, last, $BACKUP_WORK_DIR/READY with the ID.
#
# Environment:
#   BACKUP_WORK_DIR   (required) scratch directory shared with the restore/verify step
#   BACKUP_REMOTE     (required) rclone destination, e.g. dest:bucket/prefix
#   BACKUP_NAME       ID of the backup to fetch (default: the newest complete backup)
#   RCLONE_FLAGS      extra rclone flags
set -eu
PROG=download
LIB_DIR=$(dirname "$0")
# shellcheck source-path=SCRIPTDIR source=backup-lib.sh
. "$LIB_DIR/backup-lib.sh"

BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-}
BACKUP_REMOTE=${BACKUP_REMOTE:-}
BACKUP_NAME=${BACKUP_NAME:-}
RCLONE_FLAGS=${RCLONE_FLAGS:---retries 4 --retries-sleep 5s --low-level-retries 5 --contimeout 15s --timeout 5m}
[ -n "$BACKUP_WORK_DIR" ] || die 'BACKUP_WORK_DIR is required'
[ -n "$BACKUP_REMOTE" ] || die 'BACKUP_REMOTE is required'
BACKUP_REMOTE=${BACKUP_REMOTE%/}

COMPLETE=$(complete_backups) || die "cannot list backups at $BACKUP_REMOTE"
if [ -n "$BACKUP_NAME" ]; then
  is_backup_id "$BACKUP_NAME" || die "BACKUP_NAME '$BACKUP_NAME' is not a backup ID (YYYYMMDDTHHMMSSZ)"
  case "
$COMPLETE
" in
    *"
$BACKUP_NAME
"*) ID=$BACKUP_NAME ;;
    *) die "backup $BACKUP_NAME is not a complete backup at $BACKUP_REMOTE (missing, or no SHA256SUMS)" ;;
  esac
else
  ID=$(printf '%s\n' "$COMPLETE" | head -n 1)
  [ -n "$ID" ] || die "no complete backup at $BACKUP_REMOTE"
fi

DIR=$BACKUP_WORK_DIR/$ID
rm -rf "$DIR" "$BACKUP_WORK_DIR/READY"
mkdir -p "$DIR"
rc copyto "$BACKUP_REMOTE/$ID/SHA256SUMS" "$DIR/SHA256SUMS" || die "download of $ID/SHA256SUMS failed"
# shellcheck disable=SC2013 # file names are single words (checked below)
for f in $(cut -c67- "$DIR/SHA256SUMS"); do
  case $f in */* | .* | '') die "SHA256SUMS of $ID names an unexpected file '$f'" ;; esac
  rc copyto "$BACKUP_REMOTE/$ID/$f" "$DIR/$f" || die "download of $ID/$f failed"
done
(cd "$DIR" && sha256sum -c SHA256SUMS >/dev/null 2>&1) || {
  (cd "$DIR" && sha256sum -c SHA256SUMS 2>&1 | grep -v ': OK$' >&2) || true
  die "backup $ID does not match its SHA256SUMS: it is corrupt"
}
printf '%s\n' "$ID" >"$BACKUP_WORK_DIR/READY.tmp"
mv "$BACKUP_WORK_DIR/READY.tmp" "$BACKUP_WORK_DIR/READY"
log "backup $ID downloaded, sha256 verified ($(du -sk "$DIR" | cut -f1) KiB)"
