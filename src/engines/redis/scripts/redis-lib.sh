# shellcheck shell=sh disable=SC2034
# (SC2034: the variables this file sets are read by the scripts that source it.)
# redis-lib.sh - helpers shared by the cdk8s-db Redis scripts; sourced, never run.
#
# The set's members are listed in REDIS_PEERS, one `host:port:sentinel-port` per pod in ordinal
# order (rendered at synth time from the pod DNS names, e.g.
# `orders-0.orders-headless.shop.svc:6379:26379 ...`). A pod finds itself by the ordinal of
# POD_NAME. Servers and Sentinels are always named by those host names (replica-announce-ip,
# Sentinel announce-hostnames), never by pod IPs, which change when a pod is recreated.
#
# Environment (caller): POD_NAME REDIS_PEERS; optional REDIS_CLI (default redis-cli),
#   REDIS_MASTER_NAME (default cdk8s-db), CLI_TIMEOUT (seconds per call, default 3).
# The caller sets LOG_NAME and its shell options before sourcing.

REDIS_CLI=${REDIS_CLI:-redis-cli}
REDIS_MASTER_NAME=${REDIS_MASTER_NAME:-cdk8s-db}
CLI_TIMEOUT=${CLI_TIMEOUT:-3}

log() { printf '%s %s[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${LOG_NAME:-redis}" "${POD_NAME:-?}" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

is_uint() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac; }

# peer_count: number of entries in REDIS_PEERS.
peer_count() {
  _n=0
  for _p in $REDIS_PEERS; do _n=$((_n + 1)); done
  printf '%s' "$_n"
}

# peer ORDINAL: sets PEER_HOST PEER_PORT PEER_SPORT of that pod; returns 1 when there is none.
peer() {
  _i=0
  for _p in $REDIS_PEERS; do
    if [ "$_i" = "$1" ]; then
      PEER_HOST=${_p%%:*}
      _rest=${_p#*:}
      PEER_PORT=${_rest%%:*}
      PEER_SPORT=${_rest#*:}
      return 0
    fi
    _i=$((_i + 1))
  done
  return 1
}

# init_self: checks POD_NAME and REDIS_PEERS; sets ORDINAL SELF_HOST SELF_PORT SELF_SPORT PEERS QUORUM.
init_self() {
  [ -n "${POD_NAME:-}" ] || die 'POD_NAME is required'
  [ -n "${REDIS_PEERS:-}" ] || die 'REDIS_PEERS is required'
  case $REDIS_PEERS in *[!A-Za-z0-9.:\ -]*) die "REDIS_PEERS has unexpected characters: '$REDIS_PEERS'" ;; esac
  ORDINAL=${POD_NAME##*-}
  is_uint "$ORDINAL" || die "cannot read the ordinal from POD_NAME=$POD_NAME (expected <name>-<number>)"
  ORDINAL=$((ORDINAL + 0))
  peer "$ORDINAL" || die "pod $POD_NAME (ordinal $ORDINAL) is not in REDIS_PEERS"
  SELF_HOST=$PEER_HOST SELF_PORT=$PEER_PORT SELF_SPORT=$PEER_SPORT
  PEERS=$(peer_count)
  # A strict majority of every configured Sentinel, not of those that answer.
  QUORUM=$((PEERS / 2 + 1))
}

# cli USER PASSWORD HOST PORT ARGS...: one redis-cli call, bounded in time. The password goes
# through the environment (REDISCLI_AUTH), never the command line. With TLS (REDIS_TLS_CA_FILE
# set) the connection is TLS, the server's certificate verified against that CA (redis-cli checks
# the chain, not the host name), for servers and Sentinels alike: neither has a plain-text port.
cli() {
  _u=$1 _pw=$2 _h=$3 _port=$4
  shift 4
  if [ -n "${REDIS_TLS_CA_FILE:-}" ]; then set -- --tls --cacert "$REDIS_TLS_CA_FILE" "$@"; fi
  if command -v timeout >/dev/null 2>&1; then
    REDISCLI_AUTH=$_pw timeout "$CLI_TIMEOUT" "$REDIS_CLI" --no-auth-warning --user "$_u" -h "$_h" -p "$_port" "$@"
  else
    REDISCLI_AUTH=$_pw "$REDIS_CLI" --no-auth-warning --user "$_u" -h "$_h" -p "$_port" "$@"
  fi
}

# tls_files_sum: a checksum of the mounted TLS files (empty without TLS or when unreadable).
tls_files_sum() {
  [ -n "${REDIS_TLS_CA_FILE:-}" ] || return 0
  cat "${REDIS_TLS_CERT_FILE:?}" "${REDIS_TLS_KEY_FILE:?}" "$REDIS_TLS_CA_FILE" 2>/dev/null | cksum || true
}

# tls_check_files: with TLS, dies unless the certificate, key and CA are readable.
tls_check_files() {
  [ -n "${REDIS_TLS_CA_FILE:-}" ] || return 0
  for _f in "${REDIS_TLS_CERT_FILE:?REDIS_TLS_CERT_FILE is required with REDIS_TLS_CA_FILE}" \
    "${REDIS_TLS_KEY_FILE:?REDIS_TLS_KEY_FILE is required with REDIS_TLS_CA_FILE}" "$REDIS_TLS_CA_FILE"; do
    [ -r "$_f" ] || die "TLS file $_f is not readable (is the TLS Secret mounted, with keys tls.crt, tls.key and ca.crt?)"
  done
}

# tls_reload: with TLS, makes the local server load its certificate, key and CA again when the
# mounted files changed since the last load (cert-manager renews the Secret and the kubelet swaps
# the files in place; Redis reads them only at start and on CONFIG SET of a tls-*-file setting,
# which reloads them even when the path is the same). The checksum of the files loaded last is
# kept in REDIS_RUN_DIR; without it (after a start) the files are loaded once more. Never fails:
# prints one line when it reloads or when the reload is refused (the old files stay in use).
tls_reload() {
  [ -n "${REDIS_TLS_CA_FILE:-}" ] || return 0
  _stamp=${REDIS_RUN_DIR:?}/tls-files.cksum
  _sum=$(tls_files_sum)
  [ -n "$_sum" ] || return 0
  if [ -f "$_stamp" ] && [ "$(cat "$_stamp" 2>/dev/null)" = "$_sum" ]; then return 0; fi
  if _out=$(cli admin "${ADMIN_PASSWORD:?}" 127.0.0.1 "$SELF_PORT" CONFIG SET tls-cert-file "$REDIS_TLS_CERT_FILE" \
    tls-key-file "$REDIS_TLS_KEY_FILE" tls-ca-cert-file "$REDIS_TLS_CA_FILE" 2>&1) && [ "$_out" = OK ]; then
    printf '%s\n' "$_sum" >"$_stamp.tmp" && mv -f "$_stamp.tmp" "$_stamp"
    echo "TLS files loaded"
  else
    echo "TLS files not reloaded: $(printf '%s' "$_out" | head -n 1)"
  fi
  return 0
}

# local_cli ARGS...: the local server as the monitoring user.
local_cli() {
  cli "${MONITORING_USER:?}" "${MONITORING_PASSWORD:?}" 127.0.0.1 "$SELF_PORT" "$@"
}

# sentinel_cli HOST SPORT ARGS...: a Sentinel as the replication user (the Sentinels' own user).
sentinel_cli() {
  _sh=$1 _sp=$2
  shift 2
  cli "${REPLICATION_USER:?}" "${REPLICATION_PASSWORD:?}" "$_sh" "$_sp" "$@"
}

# master_of HOST SPORT: the master that Sentinel names, as `host:port`; empty when it cannot tell.
master_of() {
  _a=$(sentinel_cli "$1" "$2" SENTINEL get-master-addr-by-name "$REDIS_MASTER_NAME" 2>/dev/null) || return 0
  _mh=$(printf '%s\n' "$_a" | sed -n 1p)
  _mp=$(printf '%s\n' "$_a" | sed -n 2p)
  case $_mh in '' | *[!A-Za-z0-9.:-]*) return 0 ;; esac
  is_uint "$_mp" || return 0
  printf '%s:%s' "$_mh" "$_mp"
}

# agreed_master [SKIP_SELF]: asks every Sentinel of the set (the own one too unless SKIP_SELF=1)
# and sets AGREED to `host:port` and AGREED_COUNT when at least QUORUM of the PEERS Sentinels name
# the same master (it stops asking once that many agree); AGREED is empty otherwise.
# AGREE_DETAIL holds every answer (`<ordinal>=<master or ?>`) for the logs.
agreed_master() {
  AGREED='' AGREED_COUNT=0 AGREE_DETAIL=''
  _answers=''
  _i=0
  while peer "$_i"; do
    if [ "${1:-0}" = 1 ] && [ "$_i" = "$ORDINAL" ]; then
      _i=$((_i + 1))
      continue
    fi
    _m=$(master_of "$PEER_HOST" "$PEER_SPORT")
    AGREE_DETAIL="$AGREE_DETAIL ${_i}=${_m:-?}"
    if [ -n "$_m" ]; then
      _answers="$_answers$_m
"
      _count=$(printf '%s' "$_answers" | grep -cxF "$_m")
      if [ "$_count" -ge "$QUORUM" ]; then
        # Enough Sentinels agree already: the others cannot change the outcome.
        AGREED=$_m AGREED_COUNT=$_count
        break
      fi
    fi
    _i=$((_i + 1))
  done
  AGREE_DETAIL=${AGREE_DETAIL# }
}

# info_field NAME: the value of NAME in the INFO text in $INFO (empty when absent).
info_field() {
  printf '%s\n' "$INFO" | tr -d '\r' | sed -n "s/^$1:\\(.*\\)\$/\\1/p" | head -n 1
}

# last_known_master SENTINEL_CONF: the master recorded in a previous Sentinel config (`host:port`).
last_known_master() {
  [ -r "$1" ] || return 0
  sed -n "s/^sentinel monitor $REDIS_MASTER_NAME \\([^ ]*\\) \\([0-9]*\\) .*/\\1:\\2/p" "$1" | head -n 1
}

# password_hash PASSWORD: SHA-256 in hex, the form ACL files take (`#<hash>`), so that no
# password is written in clear into the ACL files.
password_hash() {
  printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

# conf_quote VALUE: a double-quoted string for redis.conf / sentinel.conf.
conf_quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# decide_master SENTINEL_CONF: sets MASTER (`host:port`), MASTER_FROM (agreed, recorded or
# first) and MASTER_SOURCE (for the logs). In order: the master a
# majority of the set's Sentinels agree on; else the last master this pod's Sentinel recorded
# (Sentinel rewrites its config on every switch); else pod 0 (a set that never ran before).
decide_master() {
  agreed_master 0
  if [ -n "$AGREED" ]; then
    MASTER=$AGREED MASTER_FROM=agreed
    MASTER_SOURCE="agreed by $AGREED_COUNT of $PEERS Sentinels ($AGREE_DETAIL)"
    return 0
  fi
  _known=$(last_known_master "$1")
  if [ -n "$_known" ]; then
    MASTER=$_known MASTER_FROM=recorded
    MASTER_SOURCE="no Sentinel majority ($AGREE_DETAIL); last master recorded in $1"
    return 0
  fi
  peer 0
  MASTER=$PEER_HOST:$PEER_PORT MASTER_FROM=first
  MASTER_SOURCE="no Sentinel majority ($AGREE_DETAIL) and no recorded master: first start, pod 0"
}
