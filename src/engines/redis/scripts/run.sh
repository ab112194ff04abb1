#!/bin/sh
# cdk8s-db Redis main container command.
#
# Writes, into the private run directory (an emptyDir, mode 0700):
#   users.acl  - the ACL users with SHA-256 password hashes: default off; admin (superuser);
#                APP_USER (application: every command but @admin and @dangerous); replication
#                (replicas' PSYNC and what Sentinel sends to a server); monitoring (probes, exporter).
#   redis.conf - the rendered configuration (REDIS_CONFIG, from the ConfigMap) plus this pod's lines:
#                port (with TLS: `port 0` and `tls-port`), dir, aclfile, replica-announce-ip/port
#                (its stable DNS name), masteruser and masterauth, and `replicaof <master>` unless
#                it is the master itself.
# The master is the one a majority of the set's Sentinels agree on, else the one this pod's
# Sentinel last recorded on the data volume, else pod 0 (first start; see decide_master).
# A pod whose data directory is empty never starts as the master the Sentinels still name while
# other pods exist (its volume was replaced): it waits for the Sentinels to fail over (an empty master would make every replica drop its data).
# Then it execs redis-server with that file (CONFIG REWRITE by Sentinel writes to it).
#
# Environment: POD_NAME REDIS_PEERS REDIS_CONFIG REDIS_DATA_DIR REDIS_RUN_DIR SENTINEL_DIR
#   ADMIN_PASSWORD APP_USER APP_PASSWORD REPLICATION_USER REPLICATION_PASSWORD MONITORING_USER
#   MONITORING_PASSWORD; with TLS REDIS_TLS_CERT_FILE REDIS_TLS_KEY_FILE REDIS_TLS_CA_FILE;
#   optional REDIS_SERVER (default redis-server), EMPTY_MASTER_WAIT_SECONDS
#   (default 120), BIND_ADDRESS (default: the rendered `bind`, every interface of the pod).
set -eu
LOG_NAME=run
# shellcheck source-path=SCRIPTDIR source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"

for _n in REDIS_CONFIG REDIS_DATA_DIR REDIS_RUN_DIR SENTINEL_DIR ADMIN_PASSWORD APP_USER APP_PASSWORD \
  REPLICATION_USER REPLICATION_PASSWORD MONITORING_USER MONITORING_PASSWORD; do
  eval "_v=\${$_n:-}"
  [ -n "$_v" ] || die "environment variable $_n is required"
done
init_self
tls_check_files
case $APP_USER in *[!a-z0-9_]*) die "APP_USER '$APP_USER' must be letters, digits and _" ;; esac
[ -r "$REDIS_CONFIG" ] || die "$REDIS_CONFIG is not readable"
[ -d "$REDIS_DATA_DIR" ] || die "$REDIS_DATA_DIR does not exist: bootstrap.sh must run first"
umask 077
mkdir -p "$REDIS_RUN_DIR"

acl=$REDIS_RUN_DIR/users.acl
conf=$REDIS_RUN_DIR/redis.conf
{
  echo 'user default off resetkeys resetchannels -@all'
  printf '%s\n' "user admin on #$(password_hash "$ADMIN_PASSWORD") ~* &* +@all"
  printf '%s\n' "user $APP_USER on #$(password_hash "$APP_PASSWORD") ~* &* +@all -@admin -@dangerous"
  # Replicas (PSYNC) and Sentinel (INFO, ROLE, REPLICAOF, CONFIG REWRITE, CLIENT KILL/PAUSE, hello channel).
  printf '%s %s %s\n' "user $REPLICATION_USER on #$(password_hash "$REPLICATION_PASSWORD") resetchannels &__sentinel__:hello -@all" \
    '+psync +sync +replconf +ping +auth +hello +info +role +multi +exec +slaveof +replicaof' \
    '+config|rewrite +config|get +client +subscribe +publish +script|kill +wait +failover'
  printf '%s %s %s\n' "user $MONITORING_USER on #$(password_hash "$MONITORING_PASSWORD") resetchannels -@all" \
    '+auth +hello +ping +info +role +config|get +client|list +client|info +client|setname +slowlog|get +slowlog|len' \
    '+latency|latest +latency|histogram +memory|stats +select +cluster|info +module|list +dbsize'
} >"$acl.tmp"
mv -f "$acl.tmp" "$acl"

decide_master "$SENTINEL_DIR/sentinel.conf"
self=$SELF_HOST:$SELF_PORT
if [ "$MASTER" = "$self" ] && [ "$MASTER_FROM" = agreed ] && [ "$PEERS" -gt 1 ] && [ -z "$(ls -A "$REDIS_DATA_DIR")" ]; then
  # Empty data (a new volume) but named master: wait for the Sentinels to promote a replica.
  waited=0
  limit=${EMPTY_MASTER_WAIT_SECONDS:-120}
  log "data directory is empty but $MASTER_SOURCE names this pod the master: waiting up to ${limit}s for a failover"
  while [ "$MASTER" = "$self" ]; do
    [ "$waited" -lt "$limit" ] || die "still named master with an empty data directory after ${limit}s; not starting as an empty master"
    sleep 5
    waited=$((waited + 5))
    agreed_master 1
    [ -z "$AGREED" ] || { MASTER=$AGREED; MASTER_SOURCE="agreed by $AGREED_COUNT other Sentinels"; }
  done
fi

{
  cat "$REDIS_CONFIG"
  echo
  echo '# --- this pod (run.sh) ---'
  if [ -n "${REDIS_TLS_CA_FILE:-}" ]; then
    # TLS only: no plain-text listener (the rendered file has the certificate files).
    echo 'port 0'
    printf '%s\n' "tls-port $SELF_PORT"
  else
    printf '%s\n' "port $SELF_PORT"
  fi
  [ -z "${BIND_ADDRESS:-}" ] || printf '%s\n' "bind $BIND_ADDRESS"
  printf '%s\n' "dir $REDIS_DATA_DIR"
  printf '%s\n' "aclfile $acl"
  printf '%s\n' "replica-announce-ip $SELF_HOST"
  printf '%s\n' "replica-announce-port $SELF_PORT"
  printf '%s\n' "masteruser $REPLICATION_USER"
  printf '%s\n' "masterauth $(conf_quote "$REPLICATION_PASSWORD")"
  if [ "$MASTER" != "$self" ]; then
    printf '%s\n' "replicaof ${MASTER%:*} ${MASTER##*:}"
  fi
} >"$conf.tmp"
mv -f "$conf.tmp" "$conf"

if [ "$MASTER" = "$self" ]; then
  log "starting as master ($MASTER_SOURCE)"
else
  log "starting as replica of $MASTER ($MASTER_SOURCE)"
fi
exec "${REDIS_SERVER:-redis-server}" "$conf"
