#!/bin/sh
# test-deps.sh - install the Debian/Ubuntu packages the test suite runs against.
#
#   scripts/test-deps.sh           install what is missing (as root on Debian/Ubuntu), otherwise
#                                  print the exact command to run; exits 0 either way, so that the
#                                  suite runs next and names any tool still missing
#   scripts/test-deps.sh --check   only report; exit 1 when a package is missing
#   scripts/test-deps.sh --list    print the package names, one a line
#
# Real servers and tools: PostgreSQL 15 and MariaDB 10.11 (servers, clients, mariadb-backup),
# Redis 7 (server, sentinel), Prometheus (promtool) and the three exporters, the shells the
# pod scripts must run under (dash, busybox), shellcheck, rclone, openssl, curl, and graphviz
# (dot) for the topology diagrams.
set -eu

PACKAGES="postgresql-15 postgresql-client-15
mariadb-server mariadb-client mariadb-backup
redis-server redis-sentinel
prometheus prometheus-postgres-exporter prometheus-mysqld-exporter prometheus-redis-exporter
shellcheck busybox dash rclone openssl ca-certificates curl graphviz"
# (TEST_DEPS_PACKAGES replaces the list: used by the installer's own test.)
PACKAGES=${TEST_DEPS_PACKAGES:-$PACKAGES}
ALL=$(printf '%s' "$PACKAGES" | tr '\n' ' ')
COUNT=0
for p in $PACKAGES; do COUNT=$((COUNT + 1)); done

mode=install
case "${1:-}" in
  '') ;;
  --check) mode=check ;;
  --list) for p in $PACKAGES; do printf '%s\n' "$p"; done; exit 0 ;;
  *) printf 'usage: %s [--check|--list]\n' "$0" >&2; exit 2 ;;
esac

is_debian() {
  [ -r /etc/os-release ] || return 1
  # shellcheck disable=SC1091
  ids=$(. /etc/os-release && printf '%s %s' "${ID:-}" "${ID_LIKE:-}")
  case " $ids " in
    *' debian '*|*' ubuntu '*) command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]
}

if ! is_debian; then
  printf 'test-deps: not a Debian/Ubuntu system; the tests need these packages (Debian names):\n  %s\n' "$ALL" >&2
  printf 'test-deps: on Debian/Ubuntu: sudo apt-get install -y --no-install-recommends %s\n' "$ALL" >&2
  [ "$mode" = check ] && exit 1
  exit 0
fi

missing=''
for p in $PACKAGES; do
  installed "$p" || missing="$missing $p"
done
missing=${missing# }

if [ -z "$missing" ]; then
  printf 'test-deps: all %s packages installed\n' "$COUNT"
  exit 0
fi

cmd="apt-get install -y --no-install-recommends $missing"
if [ "$mode" = check ]; then
  printf 'test-deps: missing: %s\ntest-deps: run: sudo %s\n' "$missing" "$cmd" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  printf 'test-deps: missing: %s\ntest-deps: not root, so not installing; run: sudo apt-get update && sudo %s\n' "$missing" "$cmd" >&2
  exit 0
fi

printf 'test-deps: installing: %s\n' "$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
for p in $missing; do
  installed "$p" || { printf 'test-deps: %s did not install\n' "$p" >&2; exit 1; }
done
printf 'test-deps: installed %s\n' "$missing"
