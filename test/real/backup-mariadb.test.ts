/**
 * Real backup loop for MariaDB (Debian mariadb-server 10.11): the scripts of a synthesized
 * BackupSchedule with a volume destination run with the environment of its containers, against a
 * real primary + GTID replica started by the engine's own scripts. backup from the replica ->
 * upload -> verify -> retention -> restore into a fresh server, verification on a throwaway
 * server, and failure injection (killed and truncated dumps, corrupt backups).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Cron, Testing } from 'cdk8s';
import { backupContainers, BackupRig } from './backup-harness';
import { defaultSecrets, freePort, MariaNode, mariadbVersion, passwordsOf } from './mariadb-harness';
import { makePostgresDir, waitFor } from './postgres-harness';
import { LateForwarder } from './process';
import { BackupDestination, BackupRetention, DatabaseCredentials, DatabaseEngine, MariadbVersion, ReplicatedDatabase } from '../../src';
import { describeWith, MARIADB_SERVER, TOOLS } from '../requirements';

const describeReal = describeWith([...MARIADB_SERVER, TOOLS.postgres, TOOLS.rclone, TOOLS.busybox], { realServer: true });

describeReal('MariaDB backups on real servers (volume destination, rclone)', () => {
  const secrets = defaultSecrets();
  const t0 = Date.now();
  const timings: { [k: string]: number } = {};
  let primary: MariaNode;
  let replica: MariaNode;
  let fresh: MariaNode;
  let rig: BackupRig;
  let volume: string;
  let c: { [k: string]: any };

  const digest = (node: MariaNode, table: string) =>
    // every row counts (GROUP_CONCAT would be cut at group_concat_max_len)
    node.sql(`SELECT CONCAT(COUNT(*), ':', BIT_XOR(CRC32(CONCAT_WS(',', id, payload))), ':', SUM(CRC32(CONCAT_WS(',', id, payload))))
      FROM ${table}`, secrets.appDatabase);
  const podFor = (name: string) => {
    const pod = rig.podDirs(name);
    pod.paths['/var/lib/cdk8s-db/destination'] = volume;
    return pod;
  };
  const tmp = (pod: { paths: { [k: string]: string } }) => ({ TMPDIR: pod.paths['/tmp'] });
  const completeIds = () => {
    const root = path.join(volume, 'catalog');
    return fs.existsSync(root) ? fs.readdirSync(root).filter(id => fs.existsSync(path.join(root, id, 'SHA256SUMS'))).sort() : [];
  };
  const fromReplica = () => ({ MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(replica.options.port) });

  beforeAll(async () => {
    const primaryPort = await freePort();
    primary = new MariaNode({ podName: 'db-0', port: primaryPort, primaryPort, secrets });
    replica = new MariaNode({ podName: 'db-1', port: await freePort(), primaryPort, secrets });
    const freshPort = await freePort();
    fresh = new MariaNode({ podName: 'db-0', port: freshPort, primaryPort: freshPort, secrets });

    const chart = Testing.chart();
    const db = new ReplicatedDatabase(chart, 'catalog', {
      name: 'catalog',
      replicas: 2,
      engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 }),
      databaseName: secrets.appDatabase,
      username: secrets.appUser,
      credentials: DatabaseCredentials.fromSecret('db-credentials'),
    });
    const schedule = db.addBackupSchedule('Backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.volume({ claimName: 'backups' }),
      retention: BackupRetention.keepLast(2),
      verification: { minTables: 2, query: 'SELECT COUNT(*) > 0 FROM orders' },
    });
    schedule.restoreJob('Restore');
    const docs = Testing.synth(chart);
    c = backupContainers(docs, { backup: 'catalog-backup', verify: 'catalog-backup-verify', restore: 'catalog-restore' });
    expect(c.dump.image).toBe('mariadb:10.11.10');
    expect(c.dump.env.find((e: any) => e.name === 'MYSQL_HOST').value).toBe('catalog-ro');

    // Only what the Jobs may read: the backup user's password for the dump, the application
    // password for the restore; never root's.
    rig = new BackupRig({ 'db-credentials': { 'backup-password': secrets.backupPassword, 'app-password': secrets.appPassword } });
    volume = makePostgresDir(path.join(rig.root, 'volume'), 0o755);

    let t = Date.now();
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    primary.sql('CREATE TABLE orders (id BIGINT PRIMARY KEY, payload VARCHAR(200) NOT NULL)', secrets.appDatabase);
    primary.sql('INSERT INTO orders SELECT seq, REPEAT(MD5(seq), 3) FROM seq_1_to_30000', secrets.appDatabase);
    primary.sql('CREATE TABLE notes (id INT PRIMARY KEY AUTO_INCREMENT, payload TEXT) ', secrets.appDatabase);
    primary.sql("INSERT INTO notes (payload) VALUES ('it''s'), ('back\\\\slash'), (NULL)", secrets.appDatabase);
    primary.sql('CREATE VIEW recent AS SELECT id FROM orders WHERE id > 29000', secrets.appDatabase);
    expect(replica.runScript('bootstrap.sh').code).toBe(0);
    await replica.start();
    expect(await waitFor(() => { try { return digest(replica, 'orders') === digest(primary, 'orders'); } catch { return false; } }, 30_000)).toBe(true);
    expect(fresh.runScript('bootstrap.sh').code).toBe(0);
    await fresh.start();
    timings.servers = Date.now() - t;
    t = Date.now();
  });

  afterAll(async () => {
    for (const n of [fresh, replica, primary]) {
      try { await n?.cleanup(); } catch { /* keep going */ }
    }
    rig?.cleanup();
    // eslint-disable-next-line no-console
    console.log(`${mariadbVersion()}; backup timings (ms) ${JSON.stringify(timings)}, total ${Date.now() - t0} ms`);
  });

  test('a consistent dump with the GTID position, from the replica, to the volume; retention keeps 2', () => {
    const ids: string[] = [];
    for (const id of ['20250101T000000Z', '20250102T000000Z', undefined]) {
      const pod = podFor(`b-${id ?? 'now'}`);
      const t = Date.now();
      const d = rig.run(c.dump, pod.paths, { ...fromReplica(), ...tmp(pod), ...(id ? { BACKUP_ID: id } : {}) });
      expect([d.code, d.stderr]).toEqual([0, '']);
      expect(d.stdout).toMatch(/MariaDB.*, replica\)/);
      const u = rig.run(c.upload, pod.paths);
      timings.backup = Date.now() - t;
      expect([u.code, u.stderr]).toEqual([0, '']);
      ids.push(fs.readFileSync(path.join(pod.scratch, 'READY'), 'utf8').trim());
      const manifest = fs.readFileSync(path.join(pod.scratch, ids[ids.length - 1], 'MANIFEST'), 'utf8');
      expect(manifest).toMatch(/position=.*MASTER_LOG_POS=\d+/);
      expect(manifest).toMatch(/gtid_current_pos_before=\d+-\d+-\d+\n/);
      expect(manifest).toMatch(/gtid_current_pos_after=\d+-\d+-\d+\n/);
    }
    expect(completeIds()).toEqual(ids.slice(1));
  });

  test('restore into a fresh server: equal row counts and checksums', () => {
    const pod = podFor('restore');
    const t = Date.now();
    expect(rig.run(c.restoreDownload, pod.paths).code).toBe(0);
    const r = rig.run(c.restore, pod.paths, { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(fresh.options.port), ...tmp(pod) });
    timings.restore = Date.now() - t;
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(digest(fresh, 'orders')).toBe(digest(primary, 'orders'));
    expect(digest(fresh, 'notes')).toBe(digest(primary, 'notes'));
    expect(fresh.sql('SELECT COUNT(*) FROM recent', secrets.appDatabase)).toBe('1000');
  });

  test('verification passes on a good backup and fails on a corrupt one', () => {
    const pod = podFor('verify');
    const t = Date.now();
    expect(rig.run(c.download, pod.paths).code).toBe(0);
    const v = rig.run(c.verify, pod.paths, tmp(pod));
    timings.verify = Date.now() - t;
    expect([v.code, v.stderr]).toEqual([0, '']);
    expect(v.stdout).toMatch(/verified \d{8}T\d{6}Z\/orders: 2 tables, 30003 rows/);
    expect(fs.readFileSync(pod.termination, 'utf8')).toMatch(/^OK /);
    // checksums that match a dump that does not load (corrupted before it was summed)
    const id = fs.readFileSync(path.join(pod.scratch, 'READY'), 'utf8').trim();
    const dir = path.join(pod.scratch, id);
    const sql = fs.readFileSync(path.join(dir, 'orders.sql.gz'));
    const bad = path.join(rig.root, 'bad.sql');
    fs.writeFileSync(bad, zlib.gunzipSync(sql).toString('utf8').replace('CREATE TABLE `orders`', 'CREATE TABLEZ `orders`'));
    fs.writeFileSync(path.join(dir, 'orders.sql.gz'), zlib.gzipSync(fs.readFileSync(bad)));
    const sum = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, 'orders.sql.gz'))).digest('hex');
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{64}(?=  orders\.sql\.gz$)/m, sum));
    const v2 = rig.run(c.verify, pod.paths, tmp(pod));
    expect(v2.code).not.toBe(0);
    expect(v2.stderr).toMatch(/mysql-verify: error: restore of \d{8}T\d{6}Z\/orders\.sql\.gz failed: [\s\S]*ERROR 1064/);
    expect(fs.readFileSync(pod.termination, 'utf8')).toMatch(/^FAILED: restore of/);
  });

  test('a dump killed midway or truncated never produces a finished backup', () => {
    const before = completeIds();
    const kill = rig.wrapper('kill-dump', 'mariadb-dump', [
      '/usr/bin/mariadb-dump "$@" || exit 1',
      'for a in "$@"; do case $a in --result-file=*) f=${a#--result-file=} ;; esac; done',
      'head -c 3000 "$f" > "$f.part" && mv "$f.part" "$f"',
      'kill -9 $$',
    ].join('\n'), '/usr/sbin:/usr/bin:/bin');
    const pod = podFor('killed');
    const d = rig.run(c.dump, pod.paths, { ...fromReplica(), ...tmp(pod), PATH: kill });
    expect(d.code).not.toBe(0);
    expect(d.stderr).toMatch(/mysql-backup: error: mariadb-dump of database orders failed/);
    expect(fs.existsSync(path.join(pod.scratch, 'READY'))).toBe(false);
    // exit 0 but truncated: the '-- Dump completed' trailer is missing
    const trunc = rig.wrapper('trunc-dump', 'mariadb-dump', [
      '/usr/bin/mariadb-dump "$@" || exit 1',
      'for a in "$@"; do case $a in --result-file=*) f=${a#--result-file=} ;; esac; done',
      'head -c 3000 "$f" > "$f.part" && mv "$f.part" "$f"',
    ].join('\n'), '/usr/sbin:/usr/bin:/bin');
    const pod2 = podFor('trunc');
    const d2 = rig.run(c.dump, pod2.paths, { ...fromReplica(), ...tmp(pod2), PATH: trunc });
    expect(d2.code).not.toBe(0);
    expect(d2.stderr).toMatch(/orders\.sql is incomplete \(no '-- Dump completed' line\)/);
    const up = rig.run(c.upload, pod2.paths);
    expect(up.code).not.toBe(0);
    // a wrong password fails clearly
    const pod3 = podFor('badpw');
    const d3 = rig.run(c.dump, pod3.paths, { ...fromReplica(), ...tmp(pod3), MYSQL_PASSWORD: 'wrong' });
    expect(d3.code).not.toBe(0);
    expect(d3.stderr).toMatch(/cannot connect to 127\.0\.0\.1:\d+ as backup: .*Access denied/);
    expect(completeIds()).toEqual(before);
  });

  test('a dump started before the server is reachable waits (bounded backoff, logged) and succeeds; it gives up in bounded time', async () => {
    const port = await freePort();
    const forwarder = new LateForwarder(port, replica.options.port);
    const pod = podFor('late');
    const run = rig.spawn(c.dump, pod.paths, { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(port), ...tmp(pod) });
    await new Promise(r => setTimeout(r, 2500));
    await forwarder.open();
    try {
      const d = await run.done;
      expect(d.stderr).toMatch(/mysql-backup: waiting for 127\.0\.0\.1:\d+ to accept connections as backup \(attempt 1 failed: ERROR 2002 .*\); retrying in 1s/);
      expect(d.code).toBe(0);
    } finally {
      await forwarder.close();
    }
    const never = podFor('never');
    const n = rig.run(c.dump, never.paths, { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(await freePort()), ...tmp(never), RETRY_TIMEOUT: '4' });
    expect(n.code).toBe(1);
    expect(n.stderr).toMatch(/mysql-backup: error: cannot connect to 127\.0\.0\.1:\d+ as backup: gave up after 4s \(\d attempts\): ERROR 2002/);
    expect(n.ms).toBeLessThan(20_000);
  });

  test('no script prints a password', () => {
    const all = rig.results.map(r => r.output).join('\n');
    for (const p of passwordsOf(secrets)) expect(all).not.toContain(p);
  });
});
