import { App, Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { validateAll } from './validation';
import { BackupDestination, DatabaseCredentials, DatabaseEngine, MariadbVersion, ReplicatedDatabase, VolumeSnapshotSchedule } from '../src';

const pg = () => DatabaseEngine.postgres();
const shop = (app: App = Testing.app(), id = 'shop', namespace: string | null = 'shop') => new Chart(app, id, { namespace: namespace ?? undefined });
const volume = () => BackupDestination.volume({ claimName: 'backups' });

describe('default names come from the construct id, never from the construct path', () => {
  test('moving a database (and its backups) in the tree changes no object name', () => {
    const names = (wrap: (chart: Chart) => Construct) => {
      const chart = shop();
      const db = new ReplicatedDatabase(wrap(chart), 'orders', { engine: pg() });
      db.addBackupSchedule('backup', { schedule: Cron.daily(), destination: volume(), verifyRestore: true }).restoreJob('restore');
      db.addMonitoring('monitoring');
      // (The grant policies' suffix hashes the peer's construct path: network.ts, not names.)
      return Testing.synth(chart).map(d => `${d.kind}/${d.metadata.name}`).filter(n => !n.includes('-allow-')).sort();
    };
    const flat = names(chart => chart);
    const nested = names(chart => new Construct(new Construct(chart, 'Team'), 'Databases'));
    expect(nested).toEqual(flat);
    expect(flat).toContain('StatefulSet/orders');
    expect(flat).toContain('CronJob/orders-backup');
    expect(flat).toContain('Job/orders-restore');
  });

  test('an id that is not a DNS label is refused, naming it; passing name makes it fine', () => {
    expect(() => new ReplicatedDatabase(shop(), 'OrdersDb', { engine: pg() }))
      .toThrow(/ReplicatedDatabase shop\/OrdersDb: invalid id "OrdersDb": is the default name, so it must be a DNS label .*or pass name/);
    expect(() => new ReplicatedDatabase(shop(), 'orders_db', { engine: pg() })).toThrow(/invalid id "orders_db"/);
    expect(new ReplicatedDatabase(shop(), 'OrdersDb', { name: 'orders', engine: pg() }).name).toBe('orders');
  });
});

describe('the longest name is what the generated names allow, checked at synth', () => {
  test('generated credentials: 41 characters fit (every object valid), 42 do not: the error names the Job and the limit', () => {
    const chart = shop();
    new ReplicatedDatabase(chart, 'db', { name: 'a'.repeat(41), engine: pg() });
    const docs = Testing.synth(chart);
    expect(docs.find(d => d.kind === 'Job').metadata.name).toHaveLength(63);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    expect(() => new ReplicatedDatabase(shop(), 'db', { name: 'a'.repeat(42), engine: pg() }))
      .toThrow(new RegExp('ReplicatedDatabase shop/db: invalid name "a{42}": the Job "a{42}-credentials-generator" built from it has 64 characters, '
        + 'more than 63 .*job-name label.*the name may have at most 41 characters'));
  });

  test('credentials from a Secret: the StatefulSet limit, 52', () => {
    const creds = () => DatabaseCredentials.fromSecret('orders-secret');
    expect(() => new ReplicatedDatabase(shop(), 'db', { name: 'a'.repeat(52), engine: pg(), credentials: creds() })).not.toThrow();
    expect(() => new ReplicatedDatabase(shop(), 'db', { name: 'a'.repeat(53), engine: pg(), credentials: creds() })).toThrow(/at most 52 characters/);
  });

  test('a long generated Secret name is blamed on credentials.secretName', () => {
    const secretName = `orders-${'s'.repeat(50)}`;
    expect(() => new ReplicatedDatabase(shop(), 'orders', { engine: pg(), credentials: DatabaseCredentials.generated({ secretName }) }))
      .toThrow(new RegExp(`invalid credentials.secretName "${secretName}": the Job "${secretName}-generator" .*may have at most 53 characters`));
  });

  test('a default-named BackupSchedule with verification: its CronJob names bound the database name (38)', () => {
    const add = (name: string) => new ReplicatedDatabase(shop(), 'db', { name, engine: pg() })
      .addBackupSchedule('backup', { schedule: Cron.daily(), destination: volume(), verifyRestore: true });
    expect(add('a'.repeat(38)).verifyCronJobName).toHaveLength(52);
    expect(() => add('a'.repeat(39))).toThrow(new RegExp('BackupSchedule shop/db/backup: invalid name "a{39}-backup" \\(the default, "<database name>-backup"\\): '
      + 'the CronJob "a{39}-backup-verify" built from it has 53 characters, more than 52 .*may have at most 45 characters'));
  });

  test('volume snapshots and restore Jobs are checked too', () => {
    const db = new ReplicatedDatabase(shop(), 'db', { name: 'a'.repeat(43), engine: pg(), credentials: DatabaseCredentials.fromSecret('s') });
    expect(() => new VolumeSnapshotSchedule(db, 'snapshots', { database: db, schedule: Cron.daily(), snapshotClassName: 'csi' }))
      .toThrow(/VolumeSnapshotSchedule shop\/db\/snapshots: invalid database "a{43}" .*CronJob "a{43}-snapshots" .*more than 52/);
    const schedule = new ReplicatedDatabase(shop(), 'orders', { engine: pg() }).addBackupSchedule('backup', { schedule: Cron.daily(), destination: volume() });
    expect(() => schedule.restoreJob('restore', { name: 'r'.repeat(64) })).toThrow(/restoreJob\(restore\): invalid name "r{64}": the Job "r{64}" .*more than 63/);
  });
});

describe('duplicate objects anywhere in the App are refused at synth, naming both constructs', () => {
  const synthError = (scope: Chart | App) => {
    try {
      if (scope instanceof App) scope.synthYaml(); else Testing.synth(scope);
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  };

  test('two databases with one name in one chart, even of different engines', () => {
    const chart = shop();
    new ReplicatedDatabase(chart, 'orders', { engine: pg() });
    new ReplicatedDatabase(chart, 'orders-mariadb', { name: 'orders', engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 }) });
    const msg = synthError(chart);
    expect(msg).toMatch(/duplicate objects: ReplicatedDatabase shop\/orders and ReplicatedDatabase shop\/orders-mariadb both generate .*StatefulSet "orders" in namespace "shop"/);
    expect(msg).toContain('Service "orders-rw" in namespace "shop"');
    expect(msg).toContain('Job "orders-credentials-generator" in namespace "shop"');
  });

  test('two BackupSchedules, and two restore Jobs, with default names', () => {
    const chart = shop();
    const db = new ReplicatedDatabase(chart, 'orders', { engine: pg() });
    const daily = db.addBackupSchedule('daily', { schedule: Cron.daily(), destination: volume() });
    db.addBackupSchedule('hourly', { schedule: Cron.hourly(), destination: volume() });
    daily.restoreJob('restore-a');
    daily.restoreJob('restore-b', { backup: '20260101T000000Z' });
    const msg = synthError(chart);
    expect(msg).toMatch(/BackupSchedule shop\/orders\/daily and BackupSchedule shop\/orders\/hourly both generate CronJob "orders-backup" in namespace "shop"/);
    expect(msg).toMatch(/BackupSchedule shop\/orders\/daily.restoreJob\(restore-a\) and BackupSchedule shop\/orders\/daily.restoreJob\(restore-b\) both generate Job "orders-restore"/);
  });

  test('databases of two namespaces sharing one dashboard namespace (charts of one App, and app.synth)', () => {
    const app = Testing.app();
    for (const ns of ['team-a', 'team-b']) {
      new ReplicatedDatabase(shop(app, ns, ns), 'orders', { engine: pg() }).addMonitoring('monitoring', { dashboardNamespace: 'grafana' });
    }
    expect(synthError(app)).toMatch(/DbMonitoring team-a\/orders\/monitoring and DbMonitoring team-b\/orders\/monitoring both generate ConfigMap "orders-dashboard" in namespace "grafana"/);
  });

  test('two charts without a namespace go to the same one: refused; in two namespaces, or identical shared objects: fine', () => {
    const app = Testing.app();
    new ReplicatedDatabase(shop(app, 'a', null), 'orders', { engine: pg() });
    new ReplicatedDatabase(shop(app, 'b', null), 'orders', { engine: DatabaseEngine.redis() });
    expect(synthError(app)).toMatch(/ReplicatedDatabase a\/orders and ReplicatedDatabase b\/orders both generate .*StatefulSet "orders" without a namespace/);

    const ok = Testing.app();
    new ReplicatedDatabase(shop(ok, 'a', 'one'), 'orders', { engine: pg() });
    new ReplicatedDatabase(shop(ok, 'b', 'two'), 'orders', { engine: pg() });
    // Two databases of one engine in two charts of one namespace share the same scripts ConfigMap.
    new ReplicatedDatabase(shop(ok, 'c', 'one'), 'invoices', { engine: pg() });
    expect(synthError(ok)).toBe('');
    const shared = ok.charts.flatMap(c => Testing.synth(c)).filter(d => d.metadata.namespace === 'one' && d.metadata.name.startsWith('cdk8s-db-postgres-scripts-'));
    expect(shared).toHaveLength(2);
  });
});

describe('connection environment: one prefix per database on a workload', () => {
  const workload = (chart: Chart, env: { [k: string]: kplus.EnvValue } = {}) => new kplus.Deployment(chart, 'api', {
    containers: [{ image: 'ghcr.io/example/api:1.0', envVariables: env, securityContext: { ensureNonRoot: false } }],
  });

  test('two databases granted to one workload with the default prefix: refused, naming the prefix and the other database', () => {
    const chart = shop();
    const api = workload(chart);
    new ReplicatedDatabase(chart, 'orders', { engine: pg() }).allowFrom(api);
    expect(() => new ReplicatedDatabase(chart, 'sessions', { engine: DatabaseEngine.redis() }).allowFrom(api))
      .toThrow(/ReplicatedDatabase shop\/sessions: connection env of shop\/api: invalid prefix "DB_": container "main" already has DB_HOST \(set by ReplicatedDatabase shop\/orders\)/);
  });

  test('each with its own prefix: both sets of variables', () => {
    const chart = shop();
    const api = workload(chart);
    new ReplicatedDatabase(chart, 'orders', { engine: pg() }).allowFrom(api);
    const sessions = new ReplicatedDatabase(chart, 'sessions', { engine: DatabaseEngine.redis() });
    sessions.allowFrom(api, { connectionEnv: false });
    sessions.addConnectionEnv(api, { prefix: 'CACHE_' });
    const env = Testing.synth(chart).find(d => d.kind === 'Deployment').spec.template.spec.containers[0].env.map((e: any) => e.name);
    expect(env).toEqual(expect.arrayContaining(['DB_HOST', 'DB_PASSWORD', 'CACHE_HOST', 'CACHE_PASSWORD', 'CACHE_SENTINEL_HOST']));
  });

  test('the same database twice, or a variable the workload sets itself: refused', () => {
    const chart = shop();
    const db = new ReplicatedDatabase(chart, 'orders', { engine: pg() });
    const api = workload(chart);
    db.allowFrom(api);
    expect(() => db.addConnectionEnv(api, { readOnly: true })).toThrow(/invalid prefix "DB_": container "main" already has DB_HOST \(set by ReplicatedDatabase shop\/orders\)/);
    const chart2 = shop();
    const own = workload(chart2, { APP_PORT: kplus.EnvValue.fromValue('8080') });
    expect(() => new ReplicatedDatabase(chart2, 'orders', { engine: pg() }).addConnectionEnv(own, { prefix: 'APP_' }))
      .toThrow(/invalid prefix "APP_": container "main" already has APP_PORT \(set by the workload itself\)/);
  });
});

test('a default BackupSchedule name too long for the CronJob limit says it is the default', () => {
  const db = new ReplicatedDatabase(shop(), 'db', { name: 'a'.repeat(47), engine: pg(), credentials: DatabaseCredentials.fromSecret('s') });
  expect(() => db.addBackupSchedule('backup', { schedule: Cron.daily(), destination: volume() }))
    .toThrow(/invalid name "a{47}-backup" \(the default, "<database name>-backup"\): the CronJob "a{47}-backup" built from it has 54 characters, more than 52 .*at most 52/);
});
