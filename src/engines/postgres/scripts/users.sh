# shellcheck shell=sh
# cdk8s-db PostgreSQL: the least-privilege roles beyond the application's, made idempotently.
# Sourced by bootstrap.sh (a new cluster's temporary server) and ensure-users.sh (the primary at
# every start, for data directories made by an older version); never run on its own.
#
#   BACKUP_USER (default backup): LOGIN, no superuser, member of pg_read_all_data, BYPASSRLS (so a
#     dump of a table with row security is complete), default_transaction_read_only: what
#     pg_dump and pg_dumpall --globals-only --no-role-passwords need, and nothing more.
#     (pg_read_all_data also reads the catalogs, pg_authid's password hashes included: only the
#     backup Jobs get this role's password.)
#   READONLY_USER (default readonly): LOGIN, default_transaction_read_only, and in the application
#     database (APP_DATABASE) only: CONNECT, USAGE on every schema, SELECT on every table, view
#     and sequence there, and default privileges so that what APP_USER creates later is readable
#     too (what another role creates is granted at the primary's next start). Not
#     pg_read_all_data: that would show it the password hashes. pg_hba.conf lets it reach only
#     the application database.
# Both passwords are (re)set from the environment (BACKUP_PASSWORD, READONLY_PASSWORD: the
# Secret), through psql variables: never on a command line, never logged.

# ensure_users SOCKET_DIR: runs the SQL as postgres over SOCKET_DIR. Returns psql's status.
ensure_users() {
  PGHOST=$1 BACKUP_USER=${BACKUP_USER:-backup} READONLY_USER=${READONLY_USER:-readonly} \
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres >/dev/null <<'SQL'
\set VERBOSITY terse
SET log_statement = 'none';
SET log_min_error_statement = panic;
\set backup_user `printenv BACKUP_USER`
\set backup_password `printenv BACKUP_PASSWORD`
\set ro_user `printenv READONLY_USER`
\set ro_password `printenv READONLY_PASSWORD`
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'backup_user') AS create_backup,
       NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'ro_user') AS create_ro \gset
\if :create_backup
CREATE ROLE :"backup_user";
\endif
ALTER ROLE :"backup_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS PASSWORD :'backup_password';
\unset backup_password
ALTER ROLE :"backup_user" SET default_transaction_read_only = on;
GRANT pg_read_all_data TO :"backup_user";
\if :create_ro
CREATE ROLE :"ro_user";
\endif
ALTER ROLE :"ro_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'ro_password';
\unset ro_password
ALTER ROLE :"ro_user" SET default_transaction_read_only = on;
SQL
  [ -n "${APP_DATABASE:-}" ] && [ -n "${APP_USER:-}" ] || return 0
  # In the application database: read rights on what exists, and on what the app user makes later.
  PGHOST=$1 READONLY_USER=${READONLY_USER:-readonly} \
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -d "$APP_DATABASE" >/dev/null <<'SQL'
\set VERBOSITY terse
\set ro_user `printenv READONLY_USER`
\set app_user `printenv APP_USER`
\set app_database `printenv APP_DATABASE`
GRANT CONNECT ON DATABASE :"app_database" TO :"ro_user";
SELECT format('GRANT USAGE ON SCHEMA %I TO %I; GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I; GRANT SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I',
  nspname, :'ro_user', nspname, :'ro_user', nspname, :'ro_user')
FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_%' \gexec
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" GRANT USAGE ON SCHEMAS TO :"ro_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" GRANT SELECT ON TABLES TO :"ro_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" GRANT SELECT ON SEQUENCES TO :"ro_user";
SQL
}
