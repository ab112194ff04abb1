/**
 * Least privilege on a real MariaDB server (Debian mariadb-server): the users bootstrap.sh and
 * ensure-users.sh make (backup, readonly), root reachable only over the socket, and a data
 * directory made the way an older version did (no backup or read-only user, root@'%') brought in
 * line when the primary restarts, with the change replicated to a replica.
 */
import { defaultSecrets, freePort, MariaNode, passwordsOf } from './mariadb-harness';
import { waitFor } from './postgres-harness';
import { describeWith, MARIADB_SERVER } from '../requirements';

const describeReal = describeWith([...MARIADB_SERVER], { realServer: true });

describeReal('MariaDB least privilege on a real server', () => {
  const secrets = defaultSecrets();
  let primary: MariaNode;
  let old: MariaNode;
  let oldReplica: MariaNode;
  const users = (node: MariaNode) => node.sql("SELECT CONCAT(user, '@', host) FROM mysql.user ORDER BY 1").split('\n');

  beforeAll(async () => {
    const port = await freePort();
    primary = new MariaNode({ podName: 'db-0', port, primaryPort: port, secrets });
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    expect(await waitFor(() => /ensure-users\[db-0\]: users backup .* are in place/.test(primary.log()), 30_000)).toBe(true);
    primary.sql('CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(20))', secrets.appDatabase);
    primary.sql("INSERT INTO orders VALUES (1, 'one'), (2, 'two')", secrets.appDatabase);
    primary.sql('CREATE DATABASE other');
    primary.sql('CREATE TABLE other.t AS SELECT 5 AS id');

    // The older version: no backup or read-only user, and root@'%'.
    const oldPort = await freePort();
    const noKeys = { BACKUP_PASSWORD: '', READONLY_PASSWORD: '' };
    old = new MariaNode({ podName: 'old-0', port: oldPort, primaryPort: oldPort, secrets, env: noKeys });
    const boot = old.runScript('bootstrap.sh');
    expect(boot.code).toBe(0);
    expect(boot.stderr).toContain('BACKUP_PASSWORD or READONLY_PASSWORD is not set: no backup or read-only user');
    await old.start();
    old.sql("SET sql_log_bin = 0; CREATE USER 'root'@'%' IDENTIFIED BY 'old-root'; GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION");
    oldReplica = new MariaNode({ podName: 'old-1', port: await freePort(), primaryPort: oldPort, secrets, env: noKeys });
    expect(oldReplica.runScript('bootstrap.sh').code).toBe(0);
    await oldReplica.start();
  }, 180_000);

  afterAll(async () => {
    for (const n of [oldReplica, old, primary]) {
      try { await n?.cleanup(); } catch { /* keep going */ }
    }
  });

  test('bootstrap makes backup (dump rights, nothing that writes) and readonly (SELECT on the app database); root only @localhost', () => {
    expect(users(primary)).toEqual(['backup@%', 'mariadb.sys@localhost', 'monitor@%', 'orders_app@%', 'readonly@%', 'replicator@%', 'root@localhost']);
    expect(primary.sql("SHOW GRANTS FOR 'backup'@'%'").split('\n')[0])
      .toMatch(/^GRANT SELECT, RELOAD, LOCK TABLES, BINLOG MONITOR, SHOW VIEW, EVENT, TRIGGER ON \*\.\* TO `backup`@`%`/);
    expect(primary.sql("SHOW GRANTS FOR 'backup'@'%'").split('\n')).toHaveLength(1);
    const ro = primary.sql("SHOW GRANTS FOR 'readonly'@'%'").split('\n');
    expect(ro).toHaveLength(2);
    expect(ro[0]).toMatch(/^GRANT USAGE ON \*\.\* TO `readonly`@`%`/);
    expect(ro[1]).toBe(`GRANT SELECT ON \`${secrets.appDatabase}\`.* TO \`readonly\`@\`%\``);
  });

  test('backup reads every database over TCP and cannot write', () => {
    expect(primary.sqlTcp('backup', secrets.backupPassword, 'SELECT COUNT(*) FROM orders', secrets.appDatabase).stdout.trim()).toBe('2');
    expect(primary.sqlTcp('backup', secrets.backupPassword, 'SELECT id FROM other.t').stdout.trim()).toBe('5');
    for (const sql of ["INSERT INTO orders VALUES (3, 'three')", 'DELETE FROM orders', 'CREATE TABLE x (id INT)']) {
      const w = primary.sqlTcp('backup', secrets.backupPassword, sql, secrets.appDatabase);
      expect(w.code).not.toBe(0);
      expect(w.stderr).toMatch(/command denied to user 'backup'/);
    }
    expect(primary.sql('SELECT COUNT(*) FROM orders', secrets.appDatabase)).toBe('2');
  });

  test('readonly selects in the application database only, and cannot write', () => {
    expect(primary.sqlTcp('readonly', secrets.readonlyPassword, 'SELECT note FROM orders ORDER BY id', secrets.appDatabase).stdout.trim().split('\n')).toEqual(['one', 'two']);
    const insert = primary.sqlTcp('readonly', secrets.readonlyPassword, "INSERT INTO orders VALUES (4, 'four')", secrets.appDatabase);
    expect(insert.code).not.toBe(0);
    expect(insert.stderr).toMatch(/INSERT command denied to user 'readonly'/);
    const other = primary.sqlTcp('readonly', secrets.readonlyPassword, 'SELECT id FROM other.t');
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/SELECT command denied to user 'readonly'/);
    expect(primary.sql('SELECT COUNT(*) FROM orders', secrets.appDatabase)).toBe('2');
  });

  test('root is refused over TCP, with its password; it still works over the socket', () => {
    const r = primary.sqlTcp('root', secrets.rootPassword, 'SELECT 1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Access denied for user 'root'@'127\.0\.0\.1'/);
    expect(primary.sql('SELECT CURRENT_USER()')).toBe('root@localhost');
  });

  test('an existing data directory without the users gets them at the primary\'s restart; root@\'%\' is dropped; the replica follows', async () => {
    expect(users(old)).toEqual(['mariadb.sys@localhost', 'monitor@%', 'orders_app@%', 'replicator@%', 'root@%', 'root@localhost']);
    expect(old.log()).toMatch(/ensure-users\[old-0\]: BACKUP_PASSWORD or READONLY_PASSWORD is not set/);
    expect(old.sqlTcp('root', 'old-root', 'SELECT 1').stdout.trim()).toBe('1');
    await old.stop();
    // The upgraded pod: its Secret now has the keys (the keys-2 Job added them).
    (old.options as { env?: { [k: string]: string } }).env = {};
    await old.start();
    expect(await waitFor(() => /ensure-users\[old-0\]: users backup .* are in place/.test(old.log()), 30_000)).toBe(true);
    const expected = ['backup@%', 'mariadb.sys@localhost', 'monitor@%', 'orders_app@%', 'readonly@%', 'replicator@%', 'root@localhost'];
    expect(users(old)).toEqual(expected);
    expect(old.sqlTcp('root', 'old-root', 'SELECT 1').stderr).toMatch(/Access denied for user 'root'/);
    expect(old.sqlTcp('readonly', secrets.readonlyPassword, 'SELECT CURRENT_USER()', secrets.appDatabase).stdout.trim()).toBe('readonly@%');
    // Through the binlog: the replica (the read endpoint, where read-only clients go) has them too.
    expect(await waitFor(() => users(oldReplica).join(',') === expected.join(','), 30_000)).toBe(true);
    expect(oldReplica.sqlTcp('readonly', secrets.readonlyPassword, 'SELECT CURRENT_USER()', secrets.appDatabase).stdout.trim()).toBe('readonly@%');
    expect(oldReplica.log()).not.toMatch(/ensure-users\[old-1\]/);
  }, 120_000);

  test('no script printed a password', () => {
    const out = [...primary.results, ...old.results, ...oldReplica.results].map(r => r.stdout + r.stderr).join('\n') + primary.log() + old.log() + oldReplica.log();
    for (const pw of passwordsOf(secrets)) expect(out).not.toContain(pw);
  });
});
