/**
 * A MariaDB replica whose binlog position was purged on the primary (error 1236) re-seeds itself,
 * on real MariaDB 10.11 servers (127.0.0.1, free ports): readiness names the cause, liveness fails
 * and leaves the reason next to the data dir, and the next start (run.sh -> bootstrap.sh) clones
 * the primary again, saying why. Not while the primary is down (the data is kept), never pod 0.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultSecrets, freePort, MariaNode, mariadbAvailable, mariadbVersion, RunResult, waitFor } from './mariadb-harness';

const describeReal = mariadbAvailable() ? describe : describe.skip;

describeReal('MariaDB replica re-seed after a purged binlog (real servers)', () => {
  const secrets = defaultSecrets();
  let primary: MariaNode;
  let replica: MariaNode;
  const marker = () => path.join(replica.volume, '.cdk8s-reseed-requested');
  const last = (r: RunResult) => r.stdout.trim().split('\n').slice(-1)[0];
  const count = (node: MariaNode) => node.sql('SELECT COUNT(*) FROM t', secrets.appDatabase);
  const ioErrno = () => replica.sqlRow('SHOW REPLICA STATUS').Last_IO_Errno;

  beforeAll(async () => {
    const primaryPort = await freePort();
    primary = new MariaNode({ podName: 'db-0', port: primaryPort, primaryPort, secrets });
    replica = new MariaNode({ podName: 'db-1', port: await freePort(), primaryPort, secrets });
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    primary.sql('CREATE TABLE t (id INT PRIMARY KEY)', secrets.appDatabase);
    primary.sql('INSERT INTO t VALUES (1), (2), (3)', secrets.appDatabase);
    expect(replica.runScript('bootstrap.sh').code).toBe(0);
    await replica.start();
    expect(await waitFor(() => count(replica) === '3', 20_000)).toBe(true);
  });

  afterAll(async () => {
    for (const node of [replica, primary]) {
      try { await node?.cleanup(); } catch { /* keep cleaning */ }
    }
    // eslint-disable-next-line no-console
    console.log(`re-seed test against ${mariadbVersion()}`);
  });

  test('the primary purges binlogs a stopped replica still needs: error 1236, named by readiness; liveness fails and marks it', async () => {
    await replica.stop();
    for (let i = 4; i < 40; i++) {
      primary.sql(`INSERT INTO t VALUES (${i})`, secrets.appDatabase);
      primary.sql('FLUSH BINARY LOGS');
    }
    const current = primary.sqlRow('SHOW MASTER STATUS').File;
    primary.sql(`PURGE BINARY LOGS TO '${current}'`);
    await replica.start();
    expect(await waitFor(() => ioErrno() === '1236', 20_000)).toBe(true);
    const ready = replica.runScript('readiness.sh');
    expect(ready.code).toBe(1);
    expect(last(ready)).toMatch(/^not ready: replica: the primary purged the binlog this replica needs \(it re-seeds itself after liveness restarts it\); IO thread not running \(Slave_IO_Running=No, error 1236: /);
    const live = replica.runScript('liveness.sh');
    expect(live.code).toBe(1);
    expect(last(live)).toMatch(/^not alive: the primary purged the binlog this replica needs \(error 1236: .*purged/);
    expect(fs.readFileSync(marker(), 'utf8')).toMatch(/^the primary purged the binlog this replica needs \(error 1236: /);
    // the primary is never marked
    expect(primary.runScript('liveness.sh').code).toBe(0);
    expect(fs.existsSync(path.join(primary.volume, '.cdk8s-reseed-requested'))).toBe(false);
  });

  test('while the primary is down the replica keeps its data on restart, and says why', async () => {
    await replica.stop();
    await primary.stop();
    const sentinel = path.join(replica.datadir, 'cdk8s-test-sentinel');
    fs.writeFileSync(sentinel, 'kept\n');
    await replica.start();
    expect(replica.log()).toMatch(/keeping the data: the primary 127\.0\.0\.1:\d+ does not answer .*the re-seed waits for the next start/);
    expect(replica.log()).not.toMatch(/re-seeding this replica/);
    expect(fs.readFileSync(sentinel, 'utf8')).toBe('kept\n');
    expect(fs.existsSync(marker())).toBe(true);
    expect(count(replica)).toBe('3');
    await replica.stop();
    await primary.start();
  });

  test('with the primary back, the next start re-seeds the replica, which replicates again', async () => {
    await replica.start(180_000);
    const log = replica.log();
    expect(log).toMatch(/re-seed requested by liveness\.sh: the primary purged the binlog this replica needs \(error 1236/);
    expect(log).toMatch(/re-seeding this replica: the primary purged/);
    expect(log).toMatch(/replica: clone complete/);
    expect(fs.existsSync(marker())).toBe(false);
    expect(fs.existsSync(`${replica.datadir}.discarded`)).toBe(false);
    primary.sql('INSERT INTO t VALUES (100)', secrets.appDatabase);
    expect(await waitFor(() => count(replica) === count(primary), 20_000)).toBe(true);
    expect(count(replica)).toBe('40');
    expect(fs.existsSync(path.join(replica.datadir, 'cdk8s-test-sentinel'))).toBe(false);
    const ready = await waitFor(() => { const r = replica.runScript('readiness.sh'); return r.code === 0 ? r : undefined; }, 20_000);
    expect(ready && last(ready)).toMatch(/^ready: replica in sync/);
  });

  test('pod 0 ignores a marker (it is never re-seeded)', async () => {
    await primary.stop();
    fs.writeFileSync(path.join(primary.volume, '.cdk8s-reseed-requested'), 'bogus\n');
    const r = primary.runScript('bootstrap.sh');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pod 0 is the primary: ignoring/);
    expect(fs.existsSync(path.join(primary.datadir, 'mysql'))).toBe(true);
    await primary.start();
    expect(count(primary)).toBe('40');
  });
});
