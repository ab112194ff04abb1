#!/bin/sh
# cdk8s-db PostgreSQL: reload the server when its mounted TLS files change. PostgreSQL reads
# ssl_cert_file, ssl_key_file and ssl_ca_file only at start and on a reload; cert-manager renews
# the Secret and the kubelet swaps the mounted files in place, so without a reload the server would
# keep serving the old certificate until it expires. Called by liveness.sh (every 10 s); cheap when
# nothing changed (one checksum). Never fails the probe.
# Environment: PGHOST (socket dir) PGPORT TLS_CERT_FILE TLS_KEY_FILE TLS_CA_FILE
set -eu

[ -n "${TLS_CERT_FILE:-}" ] || exit 0
stamp="$PGHOST/.tls-files.cksum"
sum=$(cat "$TLS_CERT_FILE" "$TLS_KEY_FILE" "$TLS_CA_FILE" 2>/dev/null | cksum) || exit 0
if [ -f "$stamp" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
  exit 0
fi
if PGCONNECT_TIMEOUT=3 psql -XAtq -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c 'SELECT pg_reload_conf()' >/dev/null 2>&1; then
  printf '%s\n' "$sum" >"$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
  echo "TLS files changed: configuration reloaded"
fi
exit 0
