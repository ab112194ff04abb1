/**
 * Least privilege on a real PostgreSQL 15 server: the roles bootstrap.sh and ensure-users.sh
 * make (backup, readonly), what pg_hba.conf lets each of them and the superuser do over TCP, and a
 * data directory made without those roles (an older version of cdk8s-db) that gets them when the
 * primary restarts.
 */
import * as path from 'path';
import { defaultSecrets, freePort, passwordsOf, PG_BIN, PgNode, waitFor } from './postgres-harness';
import { describeWith, TOOLS } from '../requirements';

const describeReal = describeWith([TOOLS.postgres], { realServer: true });

describeReal('PostgreSQL least privilege on a real server', () => {
  const secrets = defaultSecrets();
  let primary: PgNode;
  let old: PgNode;
  const tcp = (node: PgNode, user: string, db: string) => `host=127.0.0.1 port=${node.options.port} user=${user} dbname=${db}`;
  /** psql over TCP in a session that turns the role's default read-only mode off. */
  const readWrite = (node: PgNode, user: string, db: string, query: string, password: string) =>
    node.runAsPostgres(path.join(PG_BIN, 'psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', tcp(node, user, db), '-c', query],
      { PGPASSWORD: password, PGOPTIONS: '-c default_transaction_read_only=off' });

  beforeAll(async () => {
    const port = await freePort();
    primary = new PgNode({ podName: 'orders-0', port, primaryPort: port, secrets });
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    // ensure-users.sh runs in the background after the server starts: let it finish first.
    expect(await waitFor(() => /are in place/.test(primary.log()), 30_000)).toBe(true);
    // The application makes its tables after bootstrap: the default privileges let readonly read them.
    const app = primary.psqlTcp(tcp(primary, secrets.appUser, secrets.appDatabase),
      "CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders VALUES (1, 'one'), (2, 'two')", secrets.appPassword);
    expect(app.stderr).toBe('');
    // A table of another owner and schema: pg_read_all_data lets backup read it too.
    primary.sql('CREATE SCHEMA billing; CREATE TABLE billing.invoices AS SELECT 7 AS id', secrets.appDatabase);
    primary.sql('CREATE DATABASE analytics');
    // A data directory initialized the way an older version did: no backup or read-only role.
    const oldPort = await freePort();
    old = new PgNode({ podName: 'old-0', port: oldPort, primaryPort: oldPort, secrets, env: { BACKUP_PASSWORD: '', READONLY_PASSWORD: '' } });
    const boot = old.runScript('bootstrap.sh');
    expect(boot.code).toBe(0);
    expect(boot.stderr).toContain('BACKUP_PASSWORD or READONLY_PASSWORD is not set: no backup or read-only role');
    await old.start();
  }, 120_000);

  afterAll(async () => {
    await primary?.cleanup();
    await old?.cleanup();
  });

  test('bootstrap makes backup (pg_read_all_data) and readonly (SELECT grants): login, no superuser, read-only by default', () => {
    const roles = primary.sql(`SELECT rolname || ':' || rolcanlogin || ':' || rolsuper || ':' || rolcreaterole || ':' || rolcreatedb || ':' ||
      rolreplication || ':' || rolbypassrls || ':' || pg_has_role(rolname, 'pg_read_all_data', 'MEMBER') || ':' || pg_has_role(rolname, 'pg_write_all_data', 'MEMBER')
      FROM pg_roles WHERE rolname IN ('backup', 'readonly') ORDER BY rolname`);
    expect(roles.split('\n')).toEqual(['backup:true:false:false:false:false:true:true:false', 'readonly:true:false:false:false:false:false:false:false']);
    expect(primary.sql("SELECT string_agg(r.rolname || '=' || array_to_string(s.setconfig, ','), ' ' ORDER BY r.rolname) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"))
      .toBe('backup=default_transaction_read_only=on readonly=default_transaction_read_only=on');
  });

  test('backup reads every table over TCP and cannot write', () => {
    const read = primary.psqlTcp(tcp(primary, 'backup', secrets.appDatabase), 'SELECT (SELECT count(*) FROM orders) || \':\' || (SELECT id FROM billing.invoices)', secrets.backupPassword);
    expect(read.stderr).toBe('');
    expect(read.stdout.trim()).toBe('2:7');
    const insert = primary.psqlTcp(tcp(primary, 'backup', secrets.appDatabase), "INSERT INTO orders VALUES (3, 'three')", secrets.backupPassword);
    expect(insert.code).not.toBe(0);
    expect(insert.stderr).toMatch(/cannot execute INSERT in a read-only transaction/);
    // Even out of read-only mode it holds no write privilege.
    const forced = readWrite(primary, 'backup', secrets.appDatabase, "INSERT INTO orders VALUES (3, 'three')", secrets.backupPassword);
    expect(forced.code).not.toBe(0);
    expect(forced.stderr).toMatch(/permission denied for table orders/);
    expect(primary.sql('SELECT count(*) FROM orders', secrets.appDatabase)).toBe('2');
    // It reaches the other databases (the dump covers them) and the role list without passwords.
    expect(primary.psqlTcp(tcp(primary, 'backup', 'analytics'), 'SELECT 1', secrets.backupPassword).code).toBe(0);
    // pg_read_all_data reads the catalogs too (pg_authid's password hashes): only backup Jobs hold this password.
  });

  test('readonly selects in the application database only, and cannot write', () => {
    const read = primary.psqlTcp(tcp(primary, 'readonly', secrets.appDatabase), 'SELECT note FROM orders ORDER BY id', secrets.readonlyPassword);
    expect(read.stderr).toBe('');
    expect(read.stdout.trim().split('\n')).toEqual(['one', 'two']);
    const insert = primary.psqlTcp(tcp(primary, 'readonly', secrets.appDatabase), "INSERT INTO orders VALUES (4, 'four')", secrets.readonlyPassword);
    expect(insert.code).not.toBe(0);
    expect(insert.stderr).toMatch(/cannot execute INSERT in a read-only transaction/);
    const update = readWrite(primary, 'readonly', secrets.appDatabase, "UPDATE orders SET note = 'x'", secrets.readonlyPassword);
    expect(update.code).not.toBe(0);
    expect(update.stderr).toMatch(/permission denied for table orders/);
    expect(primary.sql("SELECT string_agg(note, ',' ORDER BY id) FROM orders", secrets.appDatabase)).toBe('one,two');
    // Only SELECT, granted in the application database; no password hashes.
    const authid = primary.psqlTcp(tcp(primary, 'readonly', secrets.appDatabase), 'SELECT count(*) FROM pg_authid', secrets.readonlyPassword);
    expect(authid.stderr).toMatch(/permission denied for table pg_authid/);
    expect(primary.sql("SELECT string_agg(DISTINCT privilege_type, ',') FROM information_schema.role_table_grants WHERE grantee = 'readonly'", secrets.appDatabase)).toBe('SELECT');
    // A table another role made after bootstrap is not readable until the primary's next start grants it.
    const billing = primary.psqlTcp(tcp(primary, 'readonly', secrets.appDatabase), 'SELECT id FROM billing.invoices', secrets.readonlyPassword);
    expect(billing.stderr).toMatch(/permission denied for schema billing/);
    for (const db of ['analytics', 'postgres']) {
      const other = primary.psqlTcp(tcp(primary, 'readonly', db), 'SELECT 1', secrets.readonlyPassword);
      expect(other.code).not.toBe(0);
      expect(other.stderr).toMatch(new RegExp(`pg_hba\\.conf rejects connection .*user "readonly", database "${db}"`));
    }
  });

  test('the superuser is refused over TCP, with its password; it still works over the socket', () => {
    for (const db of ['postgres', secrets.appDatabase]) {
      const su = primary.psqlTcp(tcp(primary, 'postgres', db), 'SELECT 1', secrets.postgresPassword);
      expect(su.code).not.toBe(0);
      expect(su.stderr).toMatch(/pg_hba\.conf rejects connection .*user "postgres"/);
    }
    expect(primary.sql('SELECT current_user')).toBe('postgres');
  });

  test('an existing data directory without the roles gets them when the primary restarts', async () => {
    expect(old.sql("SELECT count(*) FROM pg_roles WHERE rolname IN ('backup', 'readonly')")).toBe('0');
    old.sql('CREATE TABLE legacy AS SELECT generate_series(1, 3) AS id', secrets.appDatabase);
    expect(old.log()).toMatch(/ensure-users\[old-0\]: BACKUP_PASSWORD or READONLY_PASSWORD is not set/);
    await old.stop();
    // The upgraded pod: its Secret now has the keys (the keys-2 Job added them).
    (old.options as { env?: { [k: string]: string } }).env = {};
    await old.start();
    expect(await waitFor(() => old.sql("SELECT count(*) FROM pg_roles WHERE rolname IN ('backup', 'readonly')") === '2', 30_000)).toBe(true);
    expect(await waitFor(() => /roles backup .* and readonly .* are in place/.test(old.log()), 10_000)).toBe(true);
    const read = old.psqlTcp(tcp(old, 'readonly', secrets.appDatabase), 'SELECT current_user || \':\' || count(*) FROM legacy', secrets.readonlyPassword);
    expect(read.stderr).toBe('');
    expect(read.stdout.trim()).toBe('readonly:3');
    expect(old.psqlTcp(tcp(old, 'backup', 'postgres'), 'SELECT current_user', secrets.backupPassword).stdout.trim()).toBe('backup');
    // Idempotent: another restart changes nothing and fails nothing.
    await old.stop();
    await old.start();
    expect(await waitFor(() => (old.log().match(/are in place/g) ?? []).length === 2, 30_000)).toBe(true);
    expect(old.log()).not.toMatch(/ensure-users\[old-0\]: ERROR/);
  }, 120_000);

  test('no script printed a password', () => {
    const out = [...primary.results, ...old.results].map(r => r.stdout + r.stderr).join('\n') + primary.log() + old.log();
    for (const pw of passwordsOf(secrets)) expect(out).not.toContain(pw);
  });
});
