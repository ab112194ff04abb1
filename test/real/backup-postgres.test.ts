/**
 * Real backup loop for PostgreSQL: the scripts of a synthesized BackupSchedule run with the
 * environment its CronJob/Job containers set, against a real primary + streaming standby
 * (Debian postgresql-15) and a real S3-compatible server (s3rver, in this process), with
 * rclone from Debian. backup -> upload -> verify -> retention -> restore into a fresh server,
 * restore verification on a throwaway server, and failure injection.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Cron, Duration, Testing } from 'cdk8s';
import { backupContainers, BackupRig, podSpecOf, sha256File, startS3 } from './backup-harness';
import { defaultSecrets, freePort, makePostgresDir, passwordsOf, PG_BIN, PgNode, postgresVersion, waitFor } from './postgres-harness';
import { LateForwarder } from './process';
import { BackupDestination, BackupRetention, DatabaseCredentials, DatabaseEngine, ReplicatedDatabase } from '../../src';
import { describeWith, TOOLS } from '../requirements';

const describeReal = describeWith([TOOLS.postgres, TOOLS.rclone, TOOLS.busybox], { realServer: true });

describeReal('PostgreSQL backups on real servers (s3rver + rclone)', () => {
  const secrets = defaultSecrets();
  const s3Key = { id: 'S3RVER', secret: 'S3RVER' };
  const timings: { [step: string]: number } = {};
  const t0 = Date.now();
  let primary: PgNode;
  let replica: PgNode;
  let fresh: PgNode;
  let s3: { stop: () => Promise<void> } | undefined;
  let s3Dir: string;
  let s3Port: number;
  let rig: BackupRig;
  let containers: { [name: string]: any };
  let remoteRoot: string;

  const digest = (node: PgNode, table: string, db = secrets.appDatabase) =>
    node.sql(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM ${table} t`, db);
  /** Backup folders at the destination (s3rver stores objects as files under <dir>/<bucket>/<key>._S3rver_object). */
  const remoteIds = () => fs.existsSync(remoteRoot) ? fs.readdirSync(remoteRoot).filter(n => /^\d{8}T\d{6}Z$/.test(n)).sort() : [];
  const remoteFiles = (id: string) => fs.readdirSync(path.join(remoteRoot, id)).filter(n => n.endsWith('._S3rver_object')).map(n => n.replace(/\._S3rver_object$/, '')).sort();
  const completeIds = () => remoteIds().filter(id => remoteFiles(id).includes('SHA256SUMS'));

  /** The database under test, as the cluster would run it. */
  const ordersDb = (chart: Chart) => new ReplicatedDatabase(chart, 'orders', {
    name: 'orders',
    replicas: 2,
    engine: DatabaseEngine.postgres(),
    databaseName: secrets.appDatabase,
    username: secrets.appUser,
    credentials: DatabaseCredentials.fromSecret('orders-credentials'),
  });

  /** One full backup run: dump (init container) then upload (container), like the CronJob's pod. */
  const backupRun = (name: string, dumpEnv: { [k: string]: string } = {}, uploadEnv: { [k: string]: string } = {}) => {
    const pod = rig.podDirs(name);
    const dump = rig.run(containers.dump, pod.paths, dumpEnv);
    const upload = dump.code === 0 ? rig.run(containers.upload, pod.paths, uploadEnv) : undefined;
    return { dump, upload, pod };
  };

  beforeAll(async () => {
    const primaryPort = await freePort();
    const replicaPort = await freePort();
    s3Port = await freePort();
    primary = new PgNode({ podName: 'orders-0', port: primaryPort, primaryPort, secrets });
    replica = new PgNode({ podName: 'orders-1', port: replicaPort, primaryPort, secrets });
    fresh = new PgNode({ podName: 'fresh-0', port: await freePort(), primaryPort: 1, secrets: { ...secrets, postgresPassword: `${secrets.postgresPassword}-fresh`, appPassword: `${secrets.appPassword}-fresh` } });

    // The manifests under test: the same containers the cluster would run.
    const chart = Testing.chart();
    const db = ordersDb(chart);
    const freshDb = new ReplicatedDatabase(chart, 'fresh', {
      name: 'fresh',
      replicas: 1,
      engine: DatabaseEngine.postgres(),
      databaseName: secrets.appDatabase,
      username: secrets.appUser,
      credentials: DatabaseCredentials.fromSecret('fresh-credentials'),
    });
    const schedule = db.addBackupSchedule('Backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.s3({ bucket: 'backups', endpoint: `http://127.0.0.1:${s3Port}`, credentials: { secretName: 's3-creds' } }),
      retention: BackupRetention.of({ keepLast: 2, keepFor: Duration.days(7) }),
      databases: [secrets.appDatabase, 'analytics'],
      verification: { minTables: 1, query: 'SELECT count(*) > 0 FROM orders' },
    });
    schedule.restoreJob('Restore', { target: freshDb });
    const docs = Testing.synth(chart);
    containers = backupContainers(docs, { backup: 'orders-backup', verify: 'orders-backup-verify', restore: 'fresh-restore' });
    expect(containers.dump.env.find((e: any) => e.name === 'PGHOST').value).toBe('orders-ro');
    expect(containers.restore.env.find((e: any) => e.name === 'PGHOST').value).toBe('fresh-rw');
    expect(containers.verify.env.find((e: any) => e.name === 'VERIFY_QUERY_DATABASE').value).toBe(secrets.appDatabase);

    rig = new BackupRig({
      // Only what the Jobs may read: the backup role's password for the dump, the target's
      // application password for the restore; never the superuser's.
      'orders-credentials': { 'backup-password': secrets.backupPassword },
      'fresh-credentials': { 'app-password': `${secrets.appPassword}-fresh` },
      's3-creds': { 'access-key-id': s3Key.id, 'secret-access-key': s3Key.secret },
    });
    s3Dir = makePostgresDir(path.join(rig.root, 's3'), 0o755);
    remoteRoot = path.join(s3Dir, 'backups', 'orders');
    s3 = await startS3(s3Port, s3Dir, 'backups');

    let t = Date.now();
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    primary.sql('CREATE TABLE orders (id bigint PRIMARY KEY, payload text NOT NULL, created timestamptz NOT NULL DEFAULT now())', secrets.appDatabase);
    primary.sql('INSERT INTO orders (id, payload) SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 50000) g', secrets.appDatabase);
    primary.sql('CREATE TABLE customers (id serial PRIMARY KEY, name text UNIQUE)', secrets.appDatabase);
    primary.sql("INSERT INTO customers (name) SELECT 'c' || g FROM generate_series(1, 500) g", secrets.appDatabase);
    primary.sql('CREATE VIEW big_orders AS SELECT id FROM orders WHERE id > 49000', secrets.appDatabase);
    primary.sql(`GRANT SELECT ON customers TO ${secrets.appUser}`, secrets.appDatabase);
    primary.sql('CREATE DATABASE analytics');
    primary.sql('CREATE TABLE events AS SELECT g AS id FROM generate_series(1, 1000) g', 'analytics');
    expect(replica.runScript('bootstrap.sh').code).toBe(0);
    await replica.start();
    const target = primary.sql('SELECT pg_current_wal_flush_lsn()');
    expect(await waitFor(() => replica.sql(`SELECT pg_last_wal_replay_lsn() >= '${target}'::pg_lsn`) === 't', 30_000)).toBe(true);
    expect(fresh.runScript('bootstrap.sh').code).toBe(0);
    await fresh.start();
    timings.servers = Date.now() - t;
    t = Date.now();
  });

  afterAll(async () => {
    for (const node of [fresh, replica, primary]) {
      try { await node?.cleanup(); } catch { /* keep cleaning */ }
    }
    if (s3) await s3.stop();
    rig?.cleanup();
    // eslint-disable-next-line no-console
    console.log(`${postgresVersion()}; backup step timings (ms) ${JSON.stringify(timings)}, total ${Date.now() - t0} ms`);
  });

  /** Env overrides that point the synthesized hosts at the local servers. */
  const fromReplica = () => ({ PGHOST: '127.0.0.1', PGPORT: String(replica.options.port) });
  const toFresh = () => ({ PGHOST: '127.0.0.1', PGPORT: String(fresh.options.port) });

  test('a dump started before the server is reachable waits (bounded backoff, logged) and succeeds', async () => {
    const port = await freePort();
    const forwarder = new LateForwarder(port, replica.options.port);
    const pod = rig.podDirs('late');
    const run = rig.spawn(containers.dump, pod.paths, { PGHOST: '127.0.0.1', PGPORT: String(port) });
    await new Promise(r => setTimeout(r, 2500));
    await forwarder.open();
    try {
      const dump = await run.done;
      expect(dump.stderr).toMatch(/pg-backup: waiting for 127\.0\.0\.1:\d+ to accept connections as backup \(attempt 1 failed: .*Connection refused.*\); retrying in 1s/);
      expect(dump.code).toBe(0);
      expect(dump.stdout).toMatch(/backup \d{8}T\d{6}Z ready/);
    } finally {
      await forwarder.close();
    }
  });

  test('a dump gives up in bounded time when the server never answers; a wrong password is not retried', async () => {
    const closed = rig.run(containers.dump, rig.podDirs('never').paths, { PGHOST: '127.0.0.1', PGPORT: String(await freePort()), RETRY_TIMEOUT: '4' });
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/pg-backup: error: cannot connect to 127\.0\.0\.1:\d+ as backup: gave up after 4s \(\d attempts\): .*Connection refused/);
    expect(closed.ms).toBeLessThan(20_000);
    const badPw = rig.run(containers.dump, rig.podDirs('badpw').paths, { ...fromReplica(), PGPASSWORD: 'wrong' });
    expect(badPw.code).toBe(1);
    expect(badPw.stderr).not.toContain('waiting for');
    expect(badPw.stderr).toMatch(/cannot connect to 127\.0\.0\.1:\d+ as backup: .*password authentication failed.*\(not retried/);
  });

  test('a backup taken from the standby is uploaded, re-read and marked complete', () => {
    const t = Date.now();
    const { dump, upload, pod } = backupRun('run1', fromReplica());
    timings.backup = Date.now() - t;
    expect(dump.code).toBe(0);
    expect(dump.stdout).toMatch(/from 127\.0\.0\.1:\d+ \(PostgreSQL 15\.\d+.*, replica\)/);
    expect(upload!.code).toBe(0);
    expect(upload!.stdout).toMatch(/uploaded and verified/);
    const ids = completeIds();
    expect(ids).toHaveLength(1);
    const id = ids[0];
    expect(remoteFiles(id)).toEqual(['MANIFEST', 'SHA256SUMS', 'analytics.dump', 'globals.sql.gz', 'orders.dump']);
    // Every object at the destination is byte-identical to the local file.
    for (const f of remoteFiles(id)) {
      expect([f, sha256File(path.join(remoteRoot, id, `${f}._S3rver_object`))]).toEqual([f, sha256File(path.join(pod.scratch, id, f))]);
    }
    const sums = fs.readFileSync(path.join(remoteRoot, id, 'SHA256SUMS._S3rver_object'), 'utf8');
    expect(sums.trim().split('\n')).toHaveLength(4);
    expect(fs.readFileSync(path.join(pod.scratch, id, 'MANIFEST'), 'utf8')).toMatch(/role=replica/);
    // custom format is compressed: far smaller than the table's 50000 * 128 bytes of text
    expect(fs.statSync(path.join(pod.scratch, id, 'orders.dump')).size).toBeLessThan(50000 * 128 / 2);
  });

  test('the backup restores into a fresh server: equal row counts and checksums', () => {
    const pod = rig.podDirs('restore1');
    fresh.sql('CREATE TABLE leftover (x int)', secrets.appDatabase);
    const t = Date.now();
    const dl = rig.run(containers.restoreDownload, pod.paths);
    expect(dl.code).toBe(0);
    const r = rig.run(containers.restore, pod.paths, toFresh());
    timings.restore = Date.now() - t;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/restored \d{8}T\d{6}Z\/orders\.dump into orders/);
    for (const table of ['orders', 'customers', 'big_orders']) {
      expect([table, digest(fresh, table)]).toEqual([table, digest(primary, table)]);
    }
    expect(digest(fresh, 'orders')).toMatch(/^50000:/);
    expect(fresh.sql("SELECT nextval('customers_id_seq')", secrets.appDatabase)).toBe('501');
    expect(fresh.sql(`SELECT has_table_privilege('${secrets.appUser}', 'customers', 'SELECT')`, secrets.appDatabase)).toBe('t');
    // --clean only drops what the backup contains; pre-existing other objects stay
    expect(fresh.sql("SELECT to_regclass('leftover') IS NOT NULL", secrets.appDatabase)).toBe('t');
  });

  test('a restore into a target whose application user has another name: every object becomes that user\'s', async () => {
    const other = new PgNode({ podName: 'other-0', port: await freePort(), primaryPort: 1, secrets: { ...secrets, appUser: 'shop_app', appPassword: `${secrets.appPassword}-other` } });
    try {
      expect(other.runScript('bootstrap.sh').code).toBe(0);
      await other.start();
      // The source has default privileges of its own app user (bootstrap.sh: SELECT for readonly),
      // which only that role may set: the restore leaves them out. (The role exists on the target
      // for the dump's explicit GRANT to it; shop_app is not a member of it.)
      expect(primary.sql("SELECT count(*) FROM pg_default_acl WHERE defaclrole = 'orders_app'::regrole", secrets.appDatabase)).not.toBe('0');
      other.sql('CREATE ROLE orders_app NOLOGIN');
      const pod = rig.podDirs('restore-other');
      expect(rig.run(containers.restoreDownload, pod.paths).code).toBe(0);
      const r = rig.run(containers.restore, pod.paths, {
        PGHOST: '127.0.0.1', PGPORT: String(other.options.port), PGUSER: 'shop_app', PGPASSWORD: `${secrets.appPassword}-other`,
      });
      expect([r.code, r.stderr]).toEqual([0, '']);
      for (const table of ['orders', 'customers', 'big_orders']) {
        expect([table, digest(other, table)]).toEqual([table, digest(primary, table)]);
      }
      expect(other.sql("SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class WHERE relname IN ('orders', 'customers', 'big_orders')", secrets.appDatabase)).toBe('shop_app');
      // The target keeps its own default privileges (for shop_app), none of the source's.
      expect(other.sql("SELECT string_agg(DISTINCT pg_get_userbyid(defaclrole), ',') FROM pg_default_acl", secrets.appDatabase)).toBe('shop_app');
    } finally {
      await other.cleanup();
    }
  });

  test('a restore started before its target is reachable waits and succeeds', async () => {
    const pod = rig.podDirs('late-restore');
    expect(rig.run(containers.restoreDownload, pod.paths).code).toBe(0);
    const port = await freePort();
    const forwarder = new LateForwarder(port, fresh.options.port);
    const run = rig.spawn(containers.restore, pod.paths, { PGHOST: '127.0.0.1', PGPORT: String(port) });
    await new Promise(r => setTimeout(r, 2500));
    await forwarder.open();
    try {
      const r = await run.done;
      expect(r.stderr).toMatch(/pg-restore: waiting for 127\.0\.0\.1:\d+ to accept connections/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/restored \d{8}T\d{6}Z\/orders\.dump into orders/);
    } finally {
      await forwarder.close();
    }
  });

  test('restore verification passes on a good backup (throwaway server, row counts, user query)', () => {
    const pod = rig.podDirs('verify1');
    const t = Date.now();
    expect(rig.run(containers.download, pod.paths).code).toBe(0);
    const v = rig.run(containers.verify, pod.paths, { VERIFY_PORT: '5999' });
    timings.verify = Date.now() - t;
    expect([v.code, v.stderr]).toEqual([0, '']);
    expect(v.stdout).toMatch(/verified \d{8}T\d{6}Z\/orders: 2 tables, 50500 rows/);
    expect(v.stdout).toMatch(/verified \d{8}T\d{6}Z\/analytics: 1 tables, 1000 rows/);
    expect(fs.readFileSync(pod.termination, 'utf8')).toMatch(/^OK \d{8}T\d{6}Z: analytics 1 tables 1000 rows; orders 2 tables 50500 rows/);
    // the throwaway server is gone
    expect(fs.existsSync(path.join(pod.paths['/var/lib/cdk8s-db/verify'], 'pgdata', 'postmaster.pid'))).toBe(false);
  });

  test('a failing pg_dump stage (killed midway) leaves no finished dump; nothing is uploaded', () => {
    const before = remoteIds();
    // pg_dump writes part of the archive, then dies by SIGKILL, like an OOM-killed dump.
    const wrappedPath = rig.wrapper('killdump', 'pg_dump', [
      `${PG_BIN}/pg_dump "$@" || exit 1`,
      'f=""; prev=""; for a in "$@"; do [ "$prev" = "-f" ] && f=$a; prev=$a; done',
      '[ -n "$f" ] && head -c 2000 "$f" > "$f.part" && mv "$f.part" "$f"',
      'kill -9 $$',
    ].join('\n'), `${PG_BIN}:/usr/bin:/bin`);
    const pod = rig.podDirs('killed');
    const dump = rig.run(containers.dump, pod.paths, { ...fromReplica(), PATH: wrappedPath });
    expect(dump.code).not.toBe(0);
    expect(dump.stderr).toMatch(/pg-backup: error: pg_dump of database orders failed/);
    expect(fs.existsSync(path.join(pod.scratch, 'READY'))).toBe(false);
    // the upload container would not even run after a failed init container; if it did:
    const up = rig.run(containers.upload, pod.paths);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toMatch(/READY is missing/);
    expect(remoteIds()).toEqual(before);
  });

  test('a dump of a missing database fails the run; a truncated archive is refused', () => {
    const { dump } = backupRun('missingdb', { ...fromReplica(), BACKUP_DATABASES: `${secrets.appDatabase} nosuchdb` });
    expect(dump.code).not.toBe(0);
    expect(dump.stderr).toMatch(/pg_dump of database nosuchdb failed/);
    // a pg_dump that exits 0 but leaves a truncated archive is caught by the archive check
    const wrappedPath = rig.wrapper('truncdump', 'pg_dump', [
      `${PG_BIN}/pg_dump "$@" || exit 1`,
      'f=""; prev=""; for a in "$@"; do [ "$prev" = "-f" ] && f=$a; prev=$a; done',
      'head -c 3000 "$f" > "$f.part" && mv "$f.part" "$f"',
    ].join('\n'), `${PG_BIN}:/usr/bin:/bin`);
    const pod = rig.podDirs('trunc');
    const d2 = rig.run(containers.dump, pod.paths, { ...fromReplica(), PATH: wrappedPath });
    expect(d2.code).not.toBe(0);
    expect(d2.stderr).toMatch(/orders\.dump is not a readable pg_dump archive/);
    expect(fs.existsSync(path.join(pod.scratch, 'READY'))).toBe(false);
  });

  test('upload target down and bad credentials: non-zero exit, nothing deleted, nothing complete', () => {
    const before = completeIds();
    const fast = { RCLONE_FLAGS: '--retries 1 --low-level-retries 1 --contimeout 2s --timeout 10s' };
    const down = backupRun('down', fromReplica(), { ...fast, RCLONE_CONFIG_DEST_ENDPOINT: 'http://127.0.0.1:1' });
    expect(down.upload!.code).not.toBe(0);
    expect(down.upload!.stderr).toMatch(/upload: error: upload of \d{8}T\d{6}Z\/\S+ failed: older backups are kept/);
    const bad = backupRun('badcreds', fromReplica(), { ...fast, RCLONE_CONFIG_DEST_ACCESS_KEY_ID: 'WRONG' });
    expect(bad.upload!.code).not.toBe(0);
    expect(bad.upload!.stderr).toMatch(/Forbidden|InvalidAccessKeyId/);
    expect(bad.upload!.stderr).toMatch(/failed: older backups are kept/);
    expect(completeIds()).toEqual(before);
  });

  test('an upload interrupted after some files, or a mismatch when re-reading, never looks complete', () => {
    const before = completeIds();
    // rclone dies on the second copy: the first file is at the destination, SHA256SUMS is not.
    const counter = path.join(rig.root, 'copies');
    const flaky = rig.wrapper('flaky', 'rclone', [
      `case "$*" in *copyto*) n=$(cat ${counter} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${counter}; [ "$n" -ge 2 ] && exit 1 ;; esac`,
      'exec /usr/bin/rclone "$@"',
    ].join('\n'), rig.busyboxBin);
    const half = backupRun('half', fromReplica(), { PATH: flaky });
    expect(half.upload!.code).not.toBe(0);
    const partialId = fs.readFileSync(path.join(half.pod.scratch, 'READY'), 'utf8').trim();
    expect(remoteIds()).toContain(partialId);
    expect(remoteFiles(partialId)).not.toContain('SHA256SUMS');
    expect(completeIds()).toEqual(before);
    // download (restore/verify) ignores the incomplete backup: it takes the newest complete one
    const pod = rig.podDirs('dl-after-half');
    const dl = rig.run(containers.download, pod.paths);
    expect(dl.code).toBe(0);
    expect(fs.readFileSync(path.join(pod.scratch, 'READY'), 'utf8').trim()).toBe(before[before.length - 1]);

    // The destination hands back different bytes: verification fails before SHA256SUMS.
    const liar = rig.wrapper('liar', 'rclone', [
      'case "$*" in *hashsum*) echo "0000000000000000000000000000000000000000000000000000000000000000  x"; exit 0 ;; esac',
      'exec /usr/bin/rclone "$@"',
    ].join('\n'), rig.busyboxBin);
    const lie = backupRun('liar', fromReplica(), { PATH: liar });
    expect(lie.upload!.code).not.toBe(0);
    expect(lie.upload!.stderr).toMatch(/at the destination has sha256 0{64}, expected [0-9a-f]{64}: older backups are kept/);
    expect(completeIds()).toEqual(before);
  });

  test('retention: keepLast and keepFor together; leftovers of failed runs are removed; the newest is never deleted', () => {
    // Three more complete backups with chosen IDs (timestamps) to exercise both rules.
    const ids = ['20200101T000000Z', '20200102T000000Z'];
    for (const id of ids) {
      const r = backupRun(`old-${id}`, { ...fromReplica(), BACKUP_ID: id }, { KEEP_LAST: '0', KEEP_SECONDS: '0' });
      expect(r.upload!.code).toBe(0);
      expect(r.upload!.stdout).toMatch(/retention: none configured, nothing deleted/);
    }
    const incomplete = remoteIds().filter(id => !completeIds().includes(id));
    expect(incomplete.length).toBeGreaterThan(0);
    const currentBefore = completeIds().filter(id => !ids.includes(id));
    expect(currentBefore).toHaveLength(1);
    // keepLast 2 + keepFor 7 days (from the synthesized env): the 2020 backups are outside both
    // rules, but keepLast 2 keeps the newest two: today's first backup and this one.
    const t = Date.now();
    const r = backupRun('retention', fromReplica());
    timings.backupWithRetention = Date.now() - t;
    expect(r.upload!.code).toBe(0);
    expect(r.upload!.stdout).toMatch(/retention: deleted 20200101T000000Z/);
    expect(r.upload!.stdout).toMatch(/retention: deleted 20200102T000000Z/);
    expect(r.upload!.stdout).toMatch(/deleted incomplete/);
    const newId = fs.readFileSync(path.join(r.pod.scratch, 'READY'), 'utf8').trim();
    expect(completeIds()).toEqual([...currentBefore, newId].sort());
    expect(remoteIds()).toEqual(completeIds());

    // keepLast alone (1), with NOW far in the future: only the newest stays.
    const r2 = backupRun('keep1', { ...fromReplica(), BACKUP_ID: '20991231T235959Z' }, { KEEP_LAST: '1', KEEP_SECONDS: '0' });
    expect(r2.upload!.code).toBe(0);
    expect(completeIds()).toEqual(['20991231T235959Z']);
    // keepFor alone: an age rule keeps backups younger than the limit (NOW_EPOCH pins the clock).
    const r3 = backupRun('age', { ...fromReplica(), BACKUP_ID: '20991231T235960Z'.replace('60', '58') }, {
      KEEP_LAST: '0', KEEP_SECONDS: '3600', NOW_EPOCH: String(Date.UTC(2100, 0, 1, 0, 30) / 1000),
    });
    expect(r3.upload!.code).toBe(0);
    // 23:59:58 and 23:59:59 are both within the hour before 00:30 - none deleted
    expect(completeIds()).toEqual(['20991231T235958Z', '20991231T235959Z']);
    const r4 = backupRun('age2', { ...fromReplica(), BACKUP_ID: '21000101T020000Z' }, {
      KEEP_LAST: '0', KEEP_SECONDS: '3600', NOW_EPOCH: String(Date.UTC(2100, 0, 1, 2, 0, 5) / 1000),
    });
    expect(r4.upload!.code).toBe(0);
    expect(completeIds()).toEqual(['21000101T020000Z']);
  });

  test('a named backup restores; a corrupt backup fails download and verification visibly', () => {
    const id = completeIds()[0];
    // named backup
    const pod = rig.podDirs('named');
    const dl = rig.run(containers.restoreDownload, pod.paths, { BACKUP_NAME: id });
    expect(dl.code).toBe(0);
    const missing = rig.run(containers.restoreDownload, rig.podDirs('missing').paths, { BACKUP_NAME: '20000101T000000Z' });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/backup 20000101T000000Z is not a complete backup/);

    // Bit rot at the destination: the object no longer matches SHA256SUMS.
    const obj = path.join(remoteRoot, id, 'orders.dump._S3rver_object');
    const good = fs.readFileSync(obj);
    const rotten = Buffer.from(good);
    rotten[Math.floor(rotten.length / 2)] = 255 - rotten[Math.floor(rotten.length / 2)];
    fs.writeFileSync(obj, rotten);
    const p2 = rig.podDirs('rot');
    const d2 = rig.run(containers.download, p2.paths);
    expect(d2.code).not.toBe(0);
    // S3: rclone already compares the object's MD5 (ETag) while downloading
    expect(d2.stderr).toMatch(/corrupted on transfer: md5 hash differ/);
    expect(d2.stderr).toMatch(/download: error: download of \d{8}T\d{6}Z\/orders\.dump failed/);
    fs.writeFileSync(obj, good);

    // A backup whose checksums match but whose archive is garbage (corrupted before it was
    // summed): only restoring it shows the problem. Verification fails and says why.
    const p3 = rig.podDirs('garbage');
    expect(rig.run(containers.download, p3.paths).code).toBe(0);
    const dir = path.join(p3.scratch, id);
    const dump = fs.readFileSync(path.join(dir, 'orders.dump'));
    fs.writeFileSync(path.join(dir, 'orders.dump'), Buffer.concat([dump.subarray(0, 4000), Buffer.alloc(4000, 7)]));
    const sums = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{64}(?=  orders\.dump$)/m, sha256File(path.join(dir, 'orders.dump')));
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), sums);
    const v = rig.run(containers.verify, p3.paths, { VERIFY_PORT: '5998' });
    expect(v.code).not.toBe(0);
    expect(v.stderr).toMatch(/pg-verify: error: restore of \d{8}T\d{6}Z\/orders\.dump failed/);
    expect(fs.readFileSync(p3.termination, 'utf8')).toMatch(/^FAILED: restore of/);
    // A failed restore into a live database rolls back: the fresh server keeps its data.
    const before = digest(fresh, 'orders');
    const r = rig.run(containers.restore, p3.paths, toFresh());
    expect(r.code).not.toBe(0);
    // (A corrupt table of contents fails already when the archive is listed, before any change.)
    expect(r.stderr).toMatch(/pg_restore .* failed; the transaction was rolled back|does not match its SHA256SUMS|cannot list \d{8}T\d{6}Z\/orders\.dump/);
    expect(digest(fresh, 'orders')).toBe(before);
    // The user query decides too: a query that returns false fails the verification.
    const p4 = rig.podDirs('query');
    expect(rig.run(containers.download, p4.paths).code).toBe(0);
    const q = rig.run(containers.verify, p4.paths, { VERIFY_PORT: '5997', VERIFY_QUERY: 'SELECT count(*) > 1000000 FROM orders' });
    expect(q.code).not.toBe(0);
    expect(q.stderr).toMatch(/VERIFY_QUERY returned 'f' in orders/);
  });

  test('the same scripts work with a volume destination (rclone local backend)', () => {
    const chart = Testing.chart();
    const db = ordersDb(chart);
    db.addBackupSchedule('Vol', { schedule: Cron.daily(), destination: BackupDestination.volume({ claimName: 'nfs-backups', path: 'pg/orders' }), retention: BackupRetention.keepLast(1), verifyRestore: true });
    const docs = Testing.synth(chart);
    const b = podSpecOf(docs, 'orders-backup');
    const v = podSpecOf(docs, 'orders-backup-verify');
    const volume = makePostgresDir(path.join(rig.root, 'nfs'), 0o755);
    const run = (name: string) => {
      const pod = rig.podDirs(name);
      pod.paths['/var/lib/cdk8s-db/destination'] = volume;
      expect(rig.run(b.initContainers[0], pod.paths, fromReplica()).code).toBe(0);
      const up = rig.run(b.containers[0], pod.paths);
      expect([up.code, up.stderr]).toEqual([0, '']);
      return fs.readFileSync(path.join(pod.scratch, 'READY'), 'utf8').trim();
    };
    run('vol1');
    const second = new Promise(res => setTimeout(res, 1100)).then(() => run('vol2'));
    return second.then((id2) => {
      expect(fs.readdirSync(path.join(volume, 'pg/orders'))).toEqual([id2]);
      const pod = rig.podDirs('vol-verify');
      pod.paths['/var/lib/cdk8s-db/destination'] = volume;
      expect(rig.run(v.initContainers[0], pod.paths).code).toBe(0);
      const ver = rig.run(v.containers[0], pod.paths, { VERIFY_PORT: '5996' });
      expect(ver.code).toBe(0);
      // bit rot on the volume: download.sh's own sha256 check refuses the backup
      const file = path.join(volume, 'pg/orders', String(id2), 'orders.dump');
      const bytes = fs.readFileSync(file);
      bytes[100] = 255 - bytes[100];
      fs.writeFileSync(file, bytes);
      const rot = rig.podDirs('vol-rot');
      rot.paths['/var/lib/cdk8s-db/destination'] = volume;
      const d = rig.run(v.initContainers[0], rot.paths);
      expect(d.code).not.toBe(0);
      expect(d.stderr).toMatch(/download: error: backup \d{8}T\d{6}Z does not match its SHA256SUMS: it is corrupt/);
      expect(fs.existsSync(path.join(rot.scratch, 'READY'))).toBe(false);
    });
  });

  test('no script ever prints a password', () => {
    const all = rig.results.map(r => r.output).join('\n');
    for (const p of [...passwordsOf(secrets), s3Key.secret === 'S3RVER' ? 'never-matches' : s3Key.secret]) expect(all).not.toContain(p);
    expect(rig.results.length).toBeGreaterThan(20);
  });
});
