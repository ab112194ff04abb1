/**
 * Real-server tests of the MySQL-family engine's scripts and rendered configuration, with MariaDB.
 *
 * Tested against the MariaDB installed on the machine: Debian 12's mariadb-server 10.11 in CI
 * (10.11.19-MariaDB-0+deb12u1 when this was written); the version actually used is printed at the
 * end. A primary (db-0) and a replica (db-1), with semi-synchronous replication, run for the whole
 * file; a second replica (db-2) is cloned through killed and re-run bootstraps. All run as the mysql
 * OS user, on 127.0.0.1 and free ports, with the engine's config and scripts and the environment the
 * construct gives the containers. MySQL 8 is not installable here (no Debian package): its readiness
 * path is tested against recorded output in test/engines/mysql/readiness.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  DB_USER, defaultSecrets, freePort, MariaNode, mariadbSeries, mariadbVersion, passwordsOf,
  RunResult, sleep, waitFor,
} from './mariadb-harness';
import { mysqlSizing } from '../../src/engines/mysql/config';
import { describeWith, MARIADB_SERVER } from '../requirements';

const describeReal = describeWith(MARIADB_SERVER, { realServer: true });

describeReal('MariaDB engine on a real server (primary + semi-sync replicas)', () => {
  const secrets = defaultSecrets();
  let primary: MariaNode;
  let replica: MariaNode;
  let replica2: MariaNode;
  let unusedPort: number;
  const timings: { [step: string]: number } = {};
  const t0 = Date.now();
  const timed = async <T>(step: string, fn: () => Promise<T> | T): Promise<T> => {
    const start = Date.now();
    try {
      return await fn();
    } finally {
      timings[step] = Date.now() - start;
    }
  };

  const readiness = (node: MariaNode, env: { [key: string]: string } = {}) => node.runScript('readiness.sh', env);
  const oneLine = (r: RunResult) => {
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    return r.stdout.trim();
  };
  const waitReady = async (node: MariaNode, timeoutMs = 20_000) => {
    const start = Date.now();
    const r = await waitFor(() => { const x = readiness(node); return x.code === 0 ? x : undefined; }, timeoutMs, 250);
    if (!r) throw new Error(`${node.options.podName} not ready after ${timeoutMs} ms: ${readiness(node).stdout}\n${node.log().slice(-2000)}`);
    return Date.now() - start;
  };
  /** Waits until `node` has applied everything the primary has binlogged. */
  const waitCaughtUp = (node: MariaNode) => {
    const pos = primary.sql('SELECT @@gtid_binlog_pos');
    expect(node.sql(`SELECT MASTER_GTID_WAIT('${pos}', 30)`)).toBe('0');
  };
  const checksum = (node: MariaNode) => node.sql('CHECKSUM TABLE items, notes', secrets.appDatabase);
  const appSql = (node: MariaNode, query: string) => {
    const r = node.sqlTcp(secrets.appUser, secrets.appPassword, query, secrets.appDatabase);
    if (r.code !== 0) throw new Error(`app SQL failed: ${query}\n${r.stderr}`);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    const primaryPort = await freePort();
    unusedPort = await freePort();
    // Semi-sync with a short timeout: the tests stop replicas on purpose.
    const config = { overrides: { rpl_semi_sync_master_timeout: '2000' } };
    primary = new MariaNode({ podName: 'db-0', port: primaryPort, primaryPort, secrets, semiSync: true, config });
    replica = new MariaNode({ podName: 'db-1', port: await freePort(), primaryPort, secrets, semiSync: true, config });
    replica2 = new MariaNode({ podName: 'db-2', port: await freePort(), primaryPort, secrets, semiSync: true, config });
  });

  afterAll(async () => {
    const errors: unknown[] = [];
    for (const node of [replica2, replica, primary]) {
      try {
        await node?.cleanup();
      } catch (e) {
        errors.push(e);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`${mariadbVersion()}: step timings (ms) ${JSON.stringify(timings)}, total ${Date.now() - t0} ms`);
    if (errors.length > 0) throw errors[0];
  });

  test('the version under test is MariaDB 10.11 or 11.x, run as a non-root user', () => {
    expect(mariadbSeries().series).toMatch(/^(10\.11|11\.\d+)$/);
    expect(DB_USER.uid).toBeGreaterThan(0);
  });

  test('bootstrap.sh initializes the primary: users, app database, probe credentials', async () => {
    const r = await timed('bootstrap primary', () => primary.runScript('bootstrap.sh'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pod 0: new primary ready/);
    expect(fs.existsSync(path.join(primary.datadir, 'mysql'))).toBe(true);
    expect(fs.existsSync(`${primary.datadir}.bootstrap`)).toBe(false);
    expect(fs.statSync(primary.probeDefaults).mode.toString(8).slice(-3)).toBe('600');
    expect(fs.readdirSync(primary.tmpDir)).toEqual([]);
    await timed('start primary', () => primary.start());
    const users = primary.sql("SELECT CONCAT(user, '@', host) FROM mysql.user ORDER BY 1").split('\n');
    // root only @localhost (the socket): no TCP login for the superuser.
    expect(users).toEqual(['backup@%', 'mariadb.sys@localhost', 'monitor@%', 'orders_app@%', 'readonly@%', 'replicator@%', 'root@localhost']);
    expect(primary.sql("SHOW GRANTS FOR 'monitor'@'%'")).toMatch(/GRANT PROCESS, BINLOG MONITOR, SLAVE MONITOR ON \*\.\*/);
    expect(primary.sql("SHOW GRANTS FOR 'replicator'@'%'")).toMatch(/REPLICATION SLAVE/);
    // The app user owns its database over TCP; the monitoring user can neither read it nor write.
    expect(appSql(primary, 'SELECT DATABASE()')).toBe(secrets.appDatabase);
    const mon = primary.sqlTcp('monitor', secrets.monitoringPassword, `SELECT * FROM ${secrets.appDatabase}.nothing`);
    expect(mon.code).not.toBe(0);
    expect(mon.stderr).toMatch(/denied/);
    expect(primary.sqlTcp('monitor', secrets.monitoringPassword, 'CREATE DATABASE nope').stderr).toMatch(/denied/);
    expect(primary.sqlTcp('root', 'wrong', 'SELECT 1').stderr).toMatch(/Access denied/);
    const rootTcp = primary.sqlTcp('root', secrets.rootPassword, 'SELECT 1');
    expect(rootTcp.code).not.toBe(0);
    expect(rootTcp.stderr).toMatch(/Access denied for user 'root'@'127\.0\.0\.1'/);
  });

  test('the primary runs with the rendered config (accepted by the server, values in effect)', () => {
    const z = mysqlSizing(primary.configInput);
    const v = primary.sqlRow(`SELECT @@server_id AS server_id, @@read_only AS read_only, @@log_bin AS log_bin,
      @@binlog_format AS binlog_format, @@gtid_strict_mode AS strict, @@log_slave_updates AS lsu, @@sync_binlog AS sync_binlog,
      @@innodb_flush_log_at_trx_commit AS flush, @@skip_name_resolve AS snr, @@max_connections AS max_connections,
      @@innodb_buffer_pool_size AS bp, @@innodb_log_file_size AS redo, @@relay_log_recovery AS rlr, @@port AS port,
      @@rpl_semi_sync_master_enabled AS semi_master, @@rpl_semi_sync_slave_enabled AS semi_slave,
      @@rpl_semi_sync_master_timeout AS semi_timeout, @@rpl_semi_sync_master_wait_point AS wait_point,
      @@character_set_server AS charset, @@local_infile AS local_infile, @@slave_net_timeout AS net_timeout`);
    expect(v).toEqual({
      server_id: '1',
      read_only: '0',
      log_bin: '1',
      binlog_format: 'ROW',
      strict: '1',
      lsu: '1',
      sync_binlog: '1',
      flush: '1',
      snr: '1',
      max_connections: String(z.maxConnections),
      bp: String(z.bufferPoolMiB * 1024 * 1024),
      redo: String(z.redoLogMiB * 1024 * 1024),
      rlr: '1',
      port: String(primary.options.port),
      semi_master: '1',
      semi_slave: '0',
      semi_timeout: '2000',
      wait_point: 'AFTER_SYNC',
      charset: 'utf8mb4',
      local_infile: '0',
      net_timeout: '30',
    });
    expect(primary.log()).not.toMatch(/\[ERROR\]/);
    expect(primary.log()).not.toMatch(/unknown (variable|option)/i);
  });

  test('readiness, startup and liveness pass on the primary, each with one line', () => {
    expect(oneLine(readiness(primary))).toMatch(/^ready: primary, accepting writes \(read_only OFF/);
    expect(oneLine(primary.runScript('startup.sh'))).toBe('started: server answers SELECT 1');
    expect(oneLine(primary.runScript('liveness.sh'))).toMatch(/^alive: /);
  });

  test('bootstrap.sh is a no-op on an initialized, running primary', () => {
    const before = primary.sql('SELECT @@gtid_binlog_pos');
    const r = primary.runScript('bootstrap.sh');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/already initialized; nothing to do/);
    expect(primary.sql('SELECT @@gtid_binlog_pos')).toBe(before);
    expect(oneLine(readiness(primary))).toMatch(/^ready: primary/);
  });

  test('bootstrap.sh waits for an unreachable primary instead of crash-looping', async () => {
    const run = replica2.spawnScript('bootstrap.sh', { DB_PRIMARY_PORT: String(unusedPort) });
    const waited = await waitFor(() => (run.output().match(/waiting for the primary/g) ?? []).length >= 3, 15_000, 100);
    expect(run.child.exitCode).toBeNull();
    replica2.killGroup(run.child);
    await run.done;
    expect(waited).toBe(true);
    expect(run.output()).toMatch(/waiting for the primary 127\.0\.0\.1:\d+ \(try 3\): .*Can't connect/);
  });

  test('bootstrap.sh clones a fresh replica from a primary holding data; the replica converges', async () => {
    appSql(primary, 'CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(64), payload TEXT, INDEX (name))');
    appSql(primary, 'CREATE TABLE notes (id INT PRIMARY KEY, body BLOB)');
    appSql(primary, 'CREATE VIEW item_names AS SELECT id, name FROM items');
    const values = Array.from({ length: 500 }, (_, i) => `('item-${i}', REPEAT('x', ${100 + i}))`).join(',');
    for (let i = 0; i < 4; i++) appSql(primary, `INSERT INTO items (name, payload) VALUES ${values}`);
    appSql(primary, "INSERT INTO notes VALUES (1, UNHEX('00FF10')), (2, 'quote '' \" \\\\ end')");
    const r = await timed('bootstrap replica (clone)', () => replica.runScript('bootstrap.sh'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/replica \(server_id 2\): cloning 127\.0\.0\.1:\d+ as replicator \(try 1\)/);
    expect(r.stderr).toMatch(/replication starts at GTID position '0-1-\d+'/);
    expect(fs.existsSync(`${replica.datadir}.bootstrap`)).toBe(false);
    await timed('start replica', () => replica.start());
    timings['replica ready after start'] = await waitReady(replica);
    // Writes after the clone arrive too.
    appSql(primary, "INSERT INTO items (name, payload) VALUES ('after-clone', 'y')");
    appSql(primary, "UPDATE notes SET body = 'changed' WHERE id = 1");
    waitCaughtUp(replica);
    expect(checksum(replica)).toBe(checksum(primary));
    expect(replica.sql('SELECT COUNT(*) FROM item_names', secrets.appDatabase)).toBe('2001');
    const v = replica.sqlRow('SELECT @@server_id AS id, @@read_only AS ro, @@rpl_semi_sync_slave_enabled AS semi, @@gtid_binlog_pos AS binlog');
    expect(v.id).toBe('2');
    expect(v.ro).toBe('1');
    expect(v.semi).toBe('1');
    // The replica's binlog holds only the primary's GTIDs (nothing of its own from the load).
    expect(v.binlog).toMatch(/^0-1-\d+$/);
    const status = replica.sqlRow('SHOW REPLICA STATUS');
    expect(status).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Using_Gtid: 'Slave_Pos', Connect_Retry: '2' });
    // The app user exists on the replica (users come with the clone) and cannot write there.
    expect(appSql(replica, 'SELECT COUNT(*) FROM items')).toBe('2001');
    expect(replica.sqlTcp(secrets.appUser, secrets.appPassword, "INSERT INTO items (name) VALUES ('no')", secrets.appDatabase).stderr)
      .toMatch(/read-only|READ_ONLY|read_only/);
    // Semi-sync: the primary waits for this replica's acknowledgements.
    expect(await waitFor(() => primary.sql("SHOW STATUS LIKE 'Rpl_semi_sync_master_clients'").endsWith('\t1'), 10_000)).toBe(true);
    expect(primary.sql("SHOW STATUS LIKE 'Rpl_semi_sync_master_status'")).toMatch(/\tON$/);
  });

  test('bootstrap.sh is safe to kill at any point and re-run; a no-op once the replica is initialized', async () => {
    // Kill the bootstrap (and its temporary server) at several points, then let it finish.
    for (const [label, pattern, delay] of [
      ['while initializing', /initializing a new data directory/, 0],
      ['while loading the dump', /cloning 127/, 150],
    ] as [string, RegExp, number][]) {
      const run = replica2.spawnScript('bootstrap.sh');
      const reached = await waitFor(() => pattern.test(run.output()) || run.child.exitCode !== null, 30_000, 20);
      await sleep(delay);
      expect(run.child.exitCode).toBeNull();
      replica2.killGroup(run.child);
      const result = await run.done;
      expect({ label, reached: Boolean(reached), signal: result.signal }).toEqual({ label, reached: true, signal: 'SIGKILL' });
      expect(fs.existsSync(path.join(replica2.datadir, 'mysql'))).toBe(false);
    }
    const r = await timed('bootstrap replica2 after kills', () => replica2.runScript('bootstrap.sh'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/discarding .*\.bootstrap left by an interrupted bootstrap/);
    expect(r.stderr).toMatch(/clone complete/);
    await replica2.start();
    await waitReady(replica2);
    appSql(primary, "INSERT INTO items (name, payload) VALUES ('after-second-clone', 'z')");
    waitCaughtUp(replica2);
    expect(checksum(replica2)).toBe(checksum(primary));
    expect(replica2.sql('SELECT @@server_id')).toBe('3');
    await replica2.stop();

    // Re-running on an initialized replica (stopped, as an init container would) changes nothing.
    const again = replica2.runScript('bootstrap.sh');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/replica: .* already initialized .*nothing to do/);
    await replica2.start();
    await waitReady(replica2);
    waitCaughtUp(replica2);
    expect(checksum(replica2)).toBe(checksum(primary));
    await replica2.stop();
  });

  test('readiness stays green on an idle primary and replica for 30 s', async () => {
    waitCaughtUp(replica);
    expect(oneLine(readiness(replica))).toMatch(/^ready: replica in sync \(source 127\.0\.0\.1:\d+, lag 0s \(max 30s\), 0 bytes received but not applied/);
    await timed('idle 31 s', () => sleep(31_000));
    expect(oneLine(readiness(primary))).toMatch(/^ready: primary/);
    expect(oneLine(readiness(replica))).toMatch(/^ready: replica in sync .*lag 0s .*0 bytes/);
  });

  test('not ready after STOP REPLICA SQL_THREAD, with the reason; ready again after START', async () => {
    replica.sql('STOP REPLICA SQL_THREAD');
    const r = readiness(replica);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(/^not ready: replica: SQL thread not running \(Slave_SQL_Running=No\); lag unknown \(Seconds_Behind_Master=NULL\)/);
    expect(oneLine(replica.runScript('liveness.sh'))).toMatch(/^alive/);
    replica.sql('START REPLICA SQL_THREAD');
    await waitReady(replica);
  });

  test('not ready after STOP REPLICA IO_THREAD, with the reason; ready again after START', async () => {
    replica.sql('STOP REPLICA IO_THREAD');
    const r = readiness(replica);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(/^not ready: replica: IO thread not running \(Slave_IO_Running=No\); lag unknown \(Seconds_Behind_Master=NULL\)/);
    replica.sql('START REPLICA IO_THREAD');
    await waitReady(replica);
  });

  test('not ready while the SQL thread is blocked and lag grows past the threshold; liveness still passes', async () => {
    // A global read lock on the replica blocks the SQL thread; the IO thread keeps receiving.
    const hold = replica.holdSession('FLUSH TABLES WITH READ LOCK;');
    await waitFor(() => replica.sql("SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(300)%'") === '1', 5_000, 50);
    try {
      appSql(primary, 'INSERT INTO items (name, payload) VALUES (\'blocked\', REPEAT(\'b\', 5000))');
      const env = { READINESS_MAX_LAG_SECONDS: '2', READINESS_MAX_LAG_BYTES: '1000' };
      const r = await timed('lag past 2 s', () => waitFor(() => {
        const x = readiness(replica, env);
        return x.code === 1 && /lag \d+s > 2s/.test(x.stdout) ? x : undefined;
      }, 15_000, 250));
      expect(r).toBeDefined();
      expect(oneLine(r!)).toMatch(/^not ready: replica: lag (\d+)s > 2s \(Seconds_Behind_Master\); (\d+) bytes received but not applied > 1000 /);
      expect(Number(replica.sqlRow('SHOW REPLICA STATUS').Seconds_Behind_Master)).toBeGreaterThan(2);
      // With the default thresholds the same replica is still in sync; liveness never looks at lag.
      expect(oneLine(readiness(replica))).toMatch(/^ready: replica in sync/);
      expect(oneLine(replica.runScript('liveness.sh'))).toMatch(/^alive/);
    } finally {
      await hold.release();
    }
    waitCaughtUp(replica);
    expect(readiness(replica, { READINESS_MAX_LAG_SECONDS: '2', READINESS_MAX_LAG_BYTES: '1000' }).code).toBe(0);
  });

  test('primary down: prestop.sh stops it cleanly; the replica in sync stays ready within the grace only, then turns not ready with the reason; then recovers quickly', async () => {
    const grace = { READINESS_MAX_LAG_SECONDS: '6' };
    const inSync = path.join(replica.runDir, '.readiness-in-sync');
    waitCaughtUp(replica);
    expect([readiness(replica, grace).code, fs.existsSync(inSync)]).toEqual([0, true]);
    const syncedAt = Number(fs.readFileSync(inSync, 'utf8').trim());
    expect(Math.abs(syncedAt - Date.now() / 1000)).toBeLessThan(3);
    const stop = primary.runScript('prestop.sh');
    expect(oneLine(stop)).toBe('prestop: server stopped');
    expect(await primary.waitForExit(30_000)).toBe(0);
    expect(primary.log()).toMatch(/Shutdown complete/);
    expect(oneLine(primary.runScript('prestop.sh'))).toMatch(/^prestop: server already stopped/);
    const live = primary.runScript('liveness.sh');
    expect(live.code).toBe(1);
    expect(oneLine(live)).toMatch(/^not alive: no answer from the server/);
    expect(primary.runScript('startup.sh').code).toBe(1);
    expect(readiness(primary).stdout).toMatch(/^not ready: cannot query the server: .*Can't connect/);

    // Within the grace: ready, saying plainly that the IO thread is not connected and why it is still ready.
    const seen: string[] = [];
    const inGrace = await waitFor(() => {
      const x = readiness(replica, grace);
      seen.push(x.stdout.trim());
      return x.code === 0 && !/^ready: replica in sync/.test(x.stdout) ? x : undefined;
    }, 4_000, 100);
    // eslint-disable-next-line no-console
    console.log(`readiness right after the primary stopped:\n${[...new Set(seen)].join('\n')}`);
    expect(inGrace).toBeDefined();
    expect(oneLine(inGrace!)).toMatch(
      /^ready: replica IO thread not connected for [0-6]s \(Slave_IO_Running=Connecting(, error \d+: .*)?\), within the 6s grace; everything received is applied, data as of the last in-sync check [0-6]s ago \(source 127\.0\.0\.1:\d+, applied up to \S+\.\d+:\d+\)$/);
    expect(Number(fs.readFileSync(inSync, 'utf8').trim())).toBe(syncedAt);

    // Within the grace but the SQL thread stopped: not ready.
    replica.sql('STOP REPLICA SQL_THREAD');
    const stopped = readiness(replica, grace);
    expect([stopped.code, oneLine(stopped)]).toEqual([1, expect.stringMatching(/^not ready: replica: IO thread not running \(Slave_IO_Running=Connecting.*; SQL thread not running \(Slave_SQL_Running=No\)/)]);
    replica.sql('START REPLICA SQL_THREAD');

    // After the grace: not ready, with the reason.
    const down = await timed('replica not ready after primary stop', () => waitFor(() => {
      const x = readiness(replica, grace);
      return x.code === 1 ? x : undefined;
    }, 20_000, 250));
    expect(down).toBeDefined();
    expect(oneLine(down!)).toMatch(/^not ready: replica: IO thread not running \(Slave_IO_Running=(Connecting|No)(, error \d+: .*)?\); lag unknown \(Seconds_Behind_Master=NULL\)/);
    expect(Date.now() / 1000 - syncedAt).toBeGreaterThan(6);
    expect(Date.now() / 1000 - syncedAt).toBeLessThan(10);
    await waitFor(() => /error 20\d\d/.test(readiness(replica, grace).stdout), 10_000, 250);
    expect(oneLine(readiness(replica, grace))).toMatch(/IO thread not running \(Slave_IO_Running=Connecting, error 20\d\d: error reconnecting to master 'replicator@127\.0\.0\.1:\d+' - retry-time: 2 /);
    // With the default 30 s grace the same replica is still ready; without an in-sync record it is not.
    expect(readiness(replica).code).toBe(0);
    fs.renameSync(inSync, `${inSync}.saved`);
    const never = readiness(replica);
    expect([never.code, oneLine(never)]).toEqual([1, expect.stringMatching(/^not ready: replica: IO thread not running \(Slave_IO_Running=Connecting/)]);
    fs.renameSync(`${inSync}.saved`, inSync);
    expect(oneLine(replica.runScript('liveness.sh'))).toMatch(/^alive/);

    await timed('restart primary', () => primary.start());
    // MASTER_CONNECT_RETRY=2 (the default is 60 s): the replica reconnects within seconds.
    const reconnect = await timed('replica ready after primary restart', () => waitReady(replica, 15_000));
    expect(reconnect).toBeLessThan(10_000);
    appSql(primary, "INSERT INTO items (name, payload) VALUES ('after-restart', 'w')");
    waitCaughtUp(replica);
    expect(checksum(replica)).toBe(checksum(primary));
  });

  test('prestop.sh stops a replica cleanly; it resumes replication when started again', async () => {
    expect(oneLine(replica.runScript('prestop.sh'))).toBe('prestop: server stopped');
    expect(await replica.waitForExit(30_000)).toBe(0);
    appSql(primary, "INSERT INTO items (name, payload) VALUES ('while-replica-down', 'v')");
    // A new start (run.sh) forgets the in-sync record of the previous one: no grace before a new pass.
    const inSync = path.join(replica.runDir, '.readiness-in-sync');
    expect(fs.existsSync(inSync)).toBe(true);
    await replica.start();
    expect(fs.existsSync(inSync)).toBe(false);
    await waitReady(replica);
    expect(fs.existsSync(inSync)).toBe(true);
    waitCaughtUp(replica);
    expect(checksum(replica)).toBe(checksum(primary));
  });

  test('no password ever appears in script output or server logs', () => {
    const outputs = [primary, replica, replica2].flatMap(n => [...n.results.map(r => r.output), n.log()]);
    expect(outputs.length).toBeGreaterThan(20);
    for (const pw of passwordsOf(secrets)) {
      for (const out of outputs) expect(out.includes(pw)).toBe(false);
    }
  });
});
