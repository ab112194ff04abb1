# shellcheck shell=sh
# cdk8s-db MySQL / MariaDB: the least-privilege accounts beyond the application's, made
# idempotently. Sourced by bootstrap.sh (a new primary's temporary server) and ensure-users.sh
# (the primary at every start, for data directories made by an older version); never run on its own.
#
#   BACKUP_USER@'%' (default backup): MYSQL_BACKUP_GRANTS on *.* (what the backup's dump needs:
#     SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES, RELOAD and the binlog position), nothing that
#     writes data.
#   READONLY_USER@'%' (default readonly): SELECT on the application database (APP_DATABASE) only.
#   root: only root@localhost (the Unix socket) remains; root@'%' is dropped, so the superuser
#     cannot log in over TCP.
# Both passwords are (re)set from the environment (BACKUP_PASSWORD, READONLY_PASSWORD: the Secret).

# users_quote VALUE: VALUE as an SQL string literal.
users_quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"
}

# users_check: returns 1 (saying why on stderr) when the settings users_sql needs are unusable.
users_check() {
  for _u in "${BACKUP_USER:-backup}" "${READONLY_USER:-readonly}" "${APP_DATABASE:-}"; do
    case $_u in '' | [!a-z_]* | *[!a-z0-9_]*) printf 'invalid user or database name "%s"\n' "$_u" >&2; return 1 ;; esac
  done
  case ${MYSQL_BACKUP_GRANTS:-} in '' | *[!A-Z_,\ ]*) printf 'MYSQL_BACKUP_GRANTS="%s": expected privilege names such as "SELECT, RELOAD"\n' "${MYSQL_BACKUP_GRANTS:-}" >&2; return 1 ;; esac
  [ -n "${BACKUP_PASSWORD:-}" ] && [ -n "${READONLY_PASSWORD:-}" ]
}

# users_sql: prints the statements (CREATE USER IF NOT EXISTS, ALTER USER, GRANT, DROP USER IF EXISTS).
users_sql() {
  _bu=$(users_quote "${BACKUP_USER:-backup}")
  _ru=$(users_quote "${READONLY_USER:-readonly}")
  _bp=$(users_quote "$BACKUP_PASSWORD")
  _rp=$(users_quote "$READONLY_PASSWORD")
  printf "CREATE USER IF NOT EXISTS %s@'%%' IDENTIFIED BY %s;\n" "$_bu" "$_bp"
  printf "ALTER USER %s@'%%' IDENTIFIED BY %s;\n" "$_bu" "$_bp"
  printf "GRANT %s ON *.* TO %s@'%%';\n" "$MYSQL_BACKUP_GRANTS" "$_bu"
  printf "CREATE USER IF NOT EXISTS %s@'%%' IDENTIFIED BY %s;\n" "$_ru" "$_rp"
  printf "ALTER USER %s@'%%' IDENTIFIED BY %s;\n" "$_ru" "$_rp"
  printf "GRANT SELECT ON \`%s\`.* TO %s@'%%';\n" "$APP_DATABASE" "$_ru"
  printf "DROP USER IF EXISTS 'root'@'%%';\n"
  _bp='' _rp=''
}
