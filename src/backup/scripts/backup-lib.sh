#!/bin/sh
# backup-lib.sh - helpers shared by upload.sh and download.sh (sourced, not run).
#
# Backup layout at the destination (BACKUP_REMOTE, an rclone path such as dest:bucket/prefix):
#
#   <BACKUP_REMOTE>/<ID>/<files...>     the dump files (engine-specific names)
#   <BACKUP_REMOTE>/<ID>/SHA256SUMS     sha256 of every other file, `sha256sum` format
#
# ID is the UTC start time, YYYYMMDDTHHMMSSZ, so names sort by age. SHA256SUMS is uploaded
# last, only after every file has been re-read from the destination and verified: a backup
# without SHA256SUMS is incomplete and is never restored, verified or counted for retention.

log() { printf '%s: %s\n' "$PROG" "$*"; }
die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

# is_uint VALUE: VALUE is a non-empty string of decimal digits.
is_uint() {
  case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac
}

# is_backup_id NAME: NAME looks like YYYYMMDDTHHMMSSZ.
is_backup_id() {
  case $1 in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) return 0 ;;
    *) return 1 ;;
  esac
}

# dec DIGITS: DIGITS as a decimal number (no octal surprises with leading zeros).
dec() {
  _d=$1
  while :; do
    case $_d in 0?*) _d=${_d#0} ;; *) break ;; esac
  done
  printf '%s' "$_d"
}

# id_epoch ID: seconds since 1970 of a backup ID (UTC), pure shell arithmetic.
id_epoch() {
  _y=$(dec "$(printf '%s' "$1" | cut -c1-4)")
  _mo=$(dec "$(printf '%s' "$1" | cut -c5-6)")
  _da=$(dec "$(printf '%s' "$1" | cut -c7-8)")
  _h=$(dec "$(printf '%s' "$1" | cut -c10-11)")
  _mi=$(dec "$(printf '%s' "$1" | cut -c12-13)")
  _s=$(dec "$(printf '%s' "$1" | cut -c14-15)")
  # days from civil (Howard Hinnant), valid for the Gregorian calendar
  [ "$_mo" -le 2 ] && _y=$((_y - 1))
  _era=$((_y / 400))
  _yoe=$((_y - _era * 400))
  if [ "$_mo" -gt 2 ]; then _mp=$((_mo - 3)); else _mp=$((_mo + 9)); fi
  _doy=$(((153 * _mp + 2) / 5 + _da - 1))
  _doe=$((_yoe * 365 + _yoe / 4 - _yoe / 100 + _doy))
  _days=$((_era * 146097 + _doe - 719468))
  printf '%s' "$((_days * 86400 + _h * 3600 + _mi * 60 + _s))"
}

# rc ARGS...: rclone with the common flags; its output goes to stderr.
rc() {
  # shellcheck disable=SC2086 # RCLONE_FLAGS is a list of flags
  rclone ${RCLONE_FLAGS:-} "$@"
}

# complete_backups: IDs of complete backups (with SHA256SUMS), newest first.
complete_backups() {
  _list=$(rc lsf --max-depth 2 --files-only --include '/*/SHA256SUMS' "$BACKUP_REMOTE") ||
    return 1
  printf '%s\n' "$_list" | while IFS= read -r _f; do
    _id=${_f%/SHA256SUMS}
    if is_backup_id "$_id"; then printf '%s\n' "$_id"; fi
  done | sort -r
}
