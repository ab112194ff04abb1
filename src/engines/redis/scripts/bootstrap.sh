#!/bin/sh
# cdk8s-db Redis init container: prepares the data volume.
#   <data>/redis     the server's dir (AOF directory or dump.rdb), mode 0700
#   <data>/sentinel  Sentinel's config and state (rewritten by Sentinel), mode 0700
# Checks the environment the main containers need, so that a broken Secret or peer list fails
# here with a clear message instead of in a crash loop. Writes no secret.
#
# Environment: POD_NAME REDIS_PEERS REDIS_DATA_DIR SENTINEL_DIR APP_USER and the passwords
#   (ADMIN_PASSWORD APP_PASSWORD REPLICATION_PASSWORD MONITORING_PASSWORD); with TLS the files
#   REDIS_TLS_CERT_FILE REDIS_TLS_KEY_FILE REDIS_TLS_CA_FILE must be readable.
set -eu
LOG_NAME=bootstrap
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"

for _n in REDIS_DATA_DIR SENTINEL_DIR APP_USER ADMIN_PASSWORD APP_PASSWORD REPLICATION_PASSWORD MONITORING_PASSWORD; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || die "environment variable $_n is required (passwords come from the credentials Secret)"
done
init_self
tls_check_files
umask 077
mkdir -p "$REDIS_DATA_DIR" "$SENTINEL_DIR"
chmod 700 "$REDIS_DATA_DIR" "$SENTINEL_DIR"
state=new
[ -z "$(ls -A "$REDIS_DATA_DIR")" ] || state="existing data in $REDIS_DATA_DIR"
log "pod $ORDINAL of $PEERS ($SELF_HOST:$SELF_PORT, Sentinel :$SELF_SPORT${REDIS_TLS_CA_FILE:+, TLS only}), $state"
