// Anything that crosses namespaces: backups, snapshots, restore Jobs and monitoring defined in a
// chart of another namespace are placed with their database (their Secrets and policies are
// there); workloads granted from another namespace get a network opening on the database side,
// and the connection environment (Secret references) across namespaces is refused.
import { App, Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { synthDocs, validateAll } from './validation';
import {
  BackupDestination, BackupSchedule, DatabaseEngine, DatabaseTls, DbMonitoring, ReplicatedDatabase, VolumeSnapshotSchedule,
} from '../src';
import { allowed, Endpoint } from './validation/network-policy';

const RUNTIME = { runtimeLabels: ['cdk8s-db.io/role'] };
const s3 = (secretName = 's3-creds') => BackupDestination.s3({ bucket: 'backups', credentials: { secretName } });

function app(dbNs: string | undefined, otherNs: string | undefined) {
  const a = Testing.app();
  const shop = new Chart(a, 'shop', { namespace: dbNs });
  const other = new Chart(a, 'other', { namespace: otherNs });
  const db = new ReplicatedDatabase(shop, 'orders', { name: 'orders', engine: DatabaseEngine.postgres() });
  return { app: a, shop, other, db };
}
const docsOf = (a: App) => synthDocs(a);
const named = (docs: any[], kind: string, name: string) => docs.filter(d => d.kind === kind && d.metadata.name === name);
const one = (docs: any[], kind: string, name: string) => {
  const found = named(docs, kind, name);
  expect({ kind, name, count: found.length }).toEqual({ kind, name, count: 1 });
  return found[0];
};
const podSpecOf = (d: any) => (d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.spec : d.spec.template.spec);
const podLabelsOf = (d: any) => (d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.metadata.labels : d.spec.template.metadata.labels);
const secretRefs = (pod: any): string[] => [...(pod.initContainers ?? []), ...pod.containers]
  .flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name).filter(Boolean));
const configMapVolumes = (pod: any): string[] => (pod.volumes ?? []).map((v: any) => v.configMap?.name).filter(Boolean);
const dbPod = (ns: string | undefined): Endpoint => ({
  namespace: ns,
  labels: {
    'app.kubernetes.io/instance': 'orders',
    'app.kubernetes.io/component': 'database',
    'app.kubernetes.io/name': 'postgres',
    'statefulset.kubernetes.io/pod-name': 'orders-1',
    'cdk8s-db.io/role': 'replica',
  },
});

describe('a BackupSchedule defined in a chart of another namespace', () => {
  const { app: a, other, db } = app('shop', 'ops');
  const schedule = new BackupSchedule(other, 'orders-backup', { database: db, schedule: Cron.daily(), destination: s3(), verifyRestore: true, sourcePod: 2 });
  const docs = docsOf(a);

  test('every document validates (K8s 1.28 schema, semantics, Pod Security)', () => {
    expect(validateAll(docs, RUNTIME)).toEqual([]);
  });

  test('its CronJobs and their scripts ConfigMap are in the database\'s namespace, nothing in the chart\'s', () => {
    expect(schedule.namespace).toBe('shop');
    const cronJobs = [one(docs, 'CronJob', 'orders-backup'), one(docs, 'CronJob', 'orders-backup-verify')];
    for (const cj of cronJobs) {
      expect(cj.metadata.namespace).toBe('shop');
      for (const cm of configMapVolumes(podSpecOf(cj))) {
        expect(named(docs, 'ConfigMap', cm).map(d => d.metadata.namespace)).toContain('shop');
      }
    }
    expect(docs.filter(d => d.metadata?.namespace === 'ops')).toEqual([]);
  });

  test('the dump reads the database\'s Secret from its namespace and is admitted by its policy; the source pod name is qualified with it', () => {
    const cj = one(docs, 'CronJob', 'orders-backup');
    const sts = one(docs, 'StatefulSet', 'orders');
    expect(cj.metadata.namespace).toBe(sts.metadata.namespace);
    expect(secretRefs(podSpecOf(cj))).toEqual(expect.arrayContaining([db.secretName]));
    expect(schedule.sourceHost).toBe('orders-2.orders-headless.shop.svc');
    const dumpPod: Endpoint = { namespace: 'shop', labels: podLabelsOf(cj) };
    expect(allowed(docs, dumpPod, dbPod('shop'), 5432)).toBe(true);
    // the same pod labels in the chart's namespace would not be admitted: that is why it is placed
    expect(allowed(docs, { ...dumpPod, namespace: 'ops' }, dbPod('shop'), 5432)).toBe(false);
  });

  test('the backup-age alert of a DbMonitoring (created after it) looks in the namespace the CronJob runs in', () => {
    const { app: b, other: o, db: d } = app('shop', 'ops');
    new BackupSchedule(o, 'orders-backup', { database: d, schedule: Cron.daily(), destination: s3() });
    const mon = new DbMonitoring(o, 'mon', { database: d });
    const rules = JSON.stringify(mon.prometheusRule!.toJson());
    expect(rules).toMatch(/namespace=\\"shop\\"[^"]*cronjob=~?\\"[^"]*orders-backup/);
    expect(docsOf(b).filter(x => x.metadata?.namespace === 'ops')).toEqual([]);
  });
});

describe('placement follows the database in every combination of namespaces', () => {
  test.each([
    ['database "shop", schedule in a chart without namespace', 'shop', undefined, 'shop'],
    ['both "shop"', 'shop', 'shop', 'shop'],
    ['neither has a namespace', undefined, undefined, undefined],
  ])('%s', (_label, dbNs, otherNs, expected) => {
    const { app: a, other, db } = app(dbNs, otherNs);
    const schedule = new BackupSchedule(other, 'b', { database: db, schedule: Cron.daily(), destination: s3() });
    const snaps = new VolumeSnapshotSchedule(other, 's', { database: db, schedule: Cron.daily(), snapshotClassName: 'csi' });
    const docs = docsOf(a);
    expect(validateAll(docs, RUNTIME)).toEqual([]);
    expect(schedule.namespace).toBe(expected);
    expect(snaps.namespace).toBe(expected);
    for (const d of docs.filter(x => x.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'cdk8s-db')) {
      expect({ kind: d.kind, name: d.metadata.name, ns: d.metadata.namespace }).toEqual({ kind: d.kind, name: d.metadata.name, ns: expected });
    }
  });

  test('a database in a chart without namespace and a schedule in a namespaced chart: refused, naming both', () => {
    const { other, db } = app(undefined, 'ops');
    expect(() => new BackupSchedule(other, 'b', { database: db, schedule: Cron.daily(), destination: s3() }))
      .toThrow(/BackupSchedule other\/b: a BackupSchedule must run in the namespace of database "orders" \(shop\/orders\), whose chart has no namespace.*namespace "ops": give the database's chart a namespace/);
    expect(() => new VolumeSnapshotSchedule(other, 's', { database: db, schedule: Cron.daily(), snapshotClassName: 'csi' }))
      .toThrow(/VolumeSnapshotSchedule other\/s: a VolumeSnapshotSchedule must run in the namespace of database "orders".*"ops"/);
  });
});

describe('a VolumeSnapshotSchedule defined in a chart of another namespace', () => {
  const { app: a, other, db } = app('shop', 'ops');
  new VolumeSnapshotSchedule(other, 'snaps', { database: db, schedule: Cron.daily(), snapshotClassName: 'csi', snapshotClassDriver: 'ebs.csi.aws.com' });
  const docs = docsOf(a);

  test('validates; CronJob, ServiceAccount, Role, RoleBinding and scripts in the database\'s namespace; the class stays cluster-scoped', () => {
    expect(validateAll(docs, RUNTIME)).toEqual([]);
    for (const kind of ['CronJob', 'ServiceAccount', 'Role', 'RoleBinding']) expect(one(docs, kind, 'orders-snapshots').metadata.namespace).toBe('shop');
    const cj = one(docs, 'CronJob', 'orders-snapshots');
    for (const cm of configMapVolumes(podSpecOf(cj))) expect(one(docs, 'ConfigMap', cm).metadata.namespace).toBe('shop');
    expect(one(docs, 'VolumeSnapshotClass', 'csi').metadata.namespace).toBeUndefined();
    expect(docs.filter(d => d.metadata?.namespace === 'ops')).toEqual([]);
  });
});

describe('a restore Job into a database of another namespace', () => {
  function setup() {
    const a = Testing.app();
    const shop = new Chart(a, 'shop', { namespace: 'shop' });
    const staging = new Chart(a, 'staging', { namespace: 'staging' });
    const db = new ReplicatedDatabase(shop, 'orders', { name: 'orders', engine: DatabaseEngine.postgres() });
    const copy = new ReplicatedDatabase(staging, 'copy', { name: 'orders-copy', engine: DatabaseEngine.postgres(), replicas: 1 });
    const schedule = db.addBackupSchedule('backup', { schedule: Cron.daily(), destination: s3() });
    return { a, db, copy, schedule };
  }

  test('without a destination readable in the target\'s namespace: refused, naming the prop and both namespaces', () => {
    const { copy, schedule } = setup();
    expect(() => schedule.restoreJob('Restore', { target: copy }))
      .toThrow(/restoreJob\(Restore\): invalid destination null: is required: the target "orders-copy" is in namespace "staging", the backed-up database "orders" in "shop".*s3 s3:\/\/backups.*credentials exist in "staging"/);
  });

  test('with one: the Job, its scripts and the credentials it reads are in the target\'s namespace, and the target\'s policy admits it', () => {
    const { a, copy, schedule } = setup();
    const job = schedule.restoreJob('Restore', { target: copy, destination: s3('s3-creds-staging') });
    const docs = docsOf(a);
    expect(validateAll(docs, RUNTIME)).toEqual([]);
    const j = one(docs, 'Job', job.name);
    expect(j.metadata.namespace).toBe('staging');
    const pod = podSpecOf(j);
    expect(secretRefs(pod)).toEqual(expect.arrayContaining([copy.secretName, 's3-creds-staging']));
    expect(secretRefs(pod)).not.toContain('s3-creds');
    for (const cm of configMapVolumes(pod)) expect(named(docs, 'ConfigMap', cm).map(d => d.metadata.namespace)).toContain('staging');
    const download = pod.initContainers.find((c: any) => c.name === 'download');
    // the same folder as the schedule's (the backed-up database's name)
    expect(download.env.find((e: any) => e.name === 'BACKUP_REMOTE').value).toBe('dest:backups/orders');
    const restore = pod.containers.find((c: any) => c.name === 'restore');
    expect(JSON.stringify(restore.env)).toContain('orders-copy-rw.staging.svc');
    const copyPod: Endpoint = { namespace: 'staging', labels: { 'app.kubernetes.io/instance': 'orders-copy', 'app.kubernetes.io/component': 'database' } };
    expect(allowed(docs, { namespace: 'staging', labels: podLabelsOf(j) }, copyPod, 5432)).toBe(true);
    expect(allowed(docs, { namespace: 'shop', labels: podLabelsOf(j) }, copyPod, 5432)).toBe(false);
  });

  test('a destination that is not a BackupDestination is refused', () => {
    const { copy, schedule } = setup();
    expect(() => schedule.restoreJob('Restore', { target: copy, destination: { kind: 's3' } as any })).toThrow(/invalid destination \{"kind":"s3"\}: must come from BackupDestination/);
  });

  test('a target in the same namespace, schedule defined in another chart: the Job is placed with the target, default destination', () => {
    const a = Testing.app();
    const shop = new Chart(a, 'shop', { namespace: 'shop' });
    const ops = new Chart(a, 'ops', { namespace: 'ops' });
    const db = new ReplicatedDatabase(shop, 'orders', { name: 'orders', engine: DatabaseEngine.postgres() });
    const fresh = new ReplicatedDatabase(shop, 'fresh', { name: 'fresh', engine: DatabaseEngine.postgres(), replicas: 1 });
    const schedule = new BackupSchedule(ops, 'b', { database: db, schedule: Cron.daily(), destination: s3() });
    const job = schedule.restoreJob('Restore', { target: fresh });
    const docs = docsOf(a);
    expect(validateAll(docs, RUNTIME)).toEqual([]);
    expect(one(docs, 'Job', job.name).metadata.namespace).toBe('shop');
    expect(secretRefs(podSpecOf(one(docs, 'Job', job.name)))).toEqual(expect.arrayContaining(['fresh-credentials', 's3-creds']));
    expect(docs.filter(d => d.metadata?.namespace === 'ops')).toEqual([]);
  });
});

describe('workloads granted from another namespace', () => {
  function setup(dbNs: string | undefined, appNs: string | undefined, tls = false) {
    const a = Testing.app();
    const shop = new Chart(a, 'shop', { namespace: dbNs });
    const apps = new Chart(a, 'apps', { namespace: appNs });
    const db = new ReplicatedDatabase(shop, 'orders', {
      name: 'orders',
      engine: DatabaseEngine.postgres(),
      ...(tls ? { tls: DatabaseTls.certManager({ issuerName: 'ca' }) } : {}),
    });
    const api = new kplus.Deployment(apps, 'api', { containers: [{ image: 'example/api:1.0', securityContext: { user: 1000 } }] });
    return { a, db, api };
  }
  const apiLabels = (docs: any[]) => docs.find(d => d.kind === 'Deployment').spec.template.metadata.labels;

  test('network only: the database\'s policy admits the workload in its namespace, nobody else with its labels', () => {
    const { a, db, api } = setup('shop', 'apps');
    db.allowFrom(api, { connectionEnv: false });
    const docs = docsOf(a);
    expect(validateAll(docs, RUNTIME)).toEqual([]);
    const labels = apiLabels(docs);
    expect(allowed(docs, { namespace: 'apps', labels }, dbPod('shop'), 5432)).toBe(true);
    expect(allowed(docs, { namespace: 'other', labels }, dbPod('shop'), 5432)).toBe(false);
    expect(allowed(docs, { namespace: 'shop', labels }, dbPod('shop'), 5432)).toBe(false);
    expect(allowed(docs, { namespace: 'apps', labels }, dbPod('shop'), 22)).toBe(false);
    // no Secret reference that could never resolve
    expect(JSON.stringify(docs.find(d => d.kind === 'Deployment'))).not.toContain(db.secretName);
    expect(db.connection.writeHost).toBe('orders-rw.shop.svc');
  });

  test.each([false, true])('with the connection environment (TLS %s): refused, naming the workload, both namespaces, the Secret(s) and the fix', tls => {
    const { db, api } = setup('shop', 'apps', tls);
    const secrets = tls ? /Secret "orders-credentials" and "orders-tls" \(CA\) in "shop"/ : /Secret "orders-credentials" in "shop"/;
    for (const call of [() => db.allowFrom(api), () => db.allowFrom(api, { readOnly: true }), () => db.addConnectionEnv(api)]) {
      expect(call).toThrow(/workload apps\/api is in namespace "apps", database "orders" in "shop": a Pod can read only Secrets of its own namespace/);
      expect(call).toThrow(secrets);
      expect(call).toThrow(/allowFrom\(workload, \{ connectionEnv: false \}\)/);
    }
    expect(() => db.allowFrom(api)).toThrow(/^ReplicatedDatabase shop\/orders: allowFrom: /);
    expect(() => db.addConnectionEnv(api)).toThrow(/^ReplicatedDatabase shop\/orders: addConnectionEnv: /);
  });

  test('the refused call leaves no grant behind', () => {
    const { a, db, api } = setup('shop', 'apps');
    expect(() => db.allowFrom(api)).toThrow();
    expect(docsOf(a).filter(d => d.kind === 'NetworkPolicy').map(d => d.metadata.name)).toEqual(['orders-isolation']);
  });

  test('database without namespace, workload in one: refused (the database goes wherever it is applied)', () => {
    const { db, api } = setup(undefined, 'apps');
    expect(() => db.allowFrom(api, { connectionEnv: false }))
      .toThrow(/workload apps\/api is in namespace "apps", but the chart of database "orders" \(shop\/orders\) has no namespace.*"orders-rw".*give the database's chart a namespace/);
  });

  test('database in a namespace, workload in a chart without one: refused (it would be admitted only if applied there)', () => {
    const { db, api } = setup('shop', undefined);
    expect(() => db.allowFrom(api)).toThrow(/workload apps\/api is in a chart without a namespace.*database "orders" in "shop".*give the workload's chart a namespace/);
  });

  test.each([['both "shop"', 'shop', 'shop'], ['neither', undefined, undefined]])('same namespace (%s): grant and environment as before', (_l, dbNs, appNs) => {
    const { a, db, api } = setup(dbNs, appNs);
    db.allowFrom(api);
    const docs = docsOf(a);
    expect(validateAll(docs, RUNTIME)).toEqual([]);
    const dep = docs.find(d => d.kind === 'Deployment');
    expect(secretRefs(dep.spec.template.spec)).toEqual([db.secretName]);
    expect(allowed(docs, { namespace: dbNs, labels: apiLabels(docs) }, dbPod(dbNs), 5432)).toBe(true);
  });

  test('pod selections and namespace selections are not workloads: granted as before, from any chart', () => {
    const { a, db } = setup('shop', 'apps');
    const other = a.charts.find(c => c.node.id === 'apps')!;
    db.allowFrom(kplus.Namespaces.select(other, 'analytics', { names: ['analytics'] }));
    db.allowFrom(kplus.Pods.select(other, 'etl', { labels: { app: 'etl' } }));
    const docs = docsOf(a);
    expect(allowed(docs, { namespace: 'analytics', labels: { x: 'y' } }, dbPod('shop'), 5432)).toBe(true);
    // a pod selection without namespaces means pods of the database's namespace
    expect(allowed(docs, { namespace: 'shop', labels: { app: 'etl' } }, dbPod('shop'), 5432)).toBe(true);
    expect(allowed(docs, { namespace: 'apps', labels: { app: 'etl' } }, dbPod('shop'), 5432)).toBe(false);
  });
});

describe('DbMonitoring defined in a chart of another namespace', () => {
  test('every object except the dashboard lives with the database; the dashboard goes to dashboardNamespace', () => {
    const { app: a, other, db } = app('shop', 'observability');
    new DbMonitoring(other, 'mon', { database: db, dashboardNamespace: 'grafana' });
    const docs = docsOf(a);
    expect(validateAll(docs, RUNTIME)).toEqual([]);
    for (const [kind, name] of [['Service', 'orders-metrics'], ['ServiceMonitor', 'orders'], ['PrometheusRule', 'orders'], ['NetworkPolicy', 'orders-metrics']]) {
      expect(one(docs, kind, name).metadata.namespace).toBe('shop');
    }
    expect(one(docs, 'ConfigMap', 'orders-dashboard').metadata.namespace).toBe('grafana');
    expect(docs.filter(d => d.metadata?.namespace === 'observability')).toEqual([]);
    // Prometheus in "monitoring" reaches the metrics port across namespaces
    expect(allowed(docs, { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } }, dbPod('shop'), 9187)).toBe(true);
    expect(allowed(docs, { namespace: 'observability', labels: { 'app.kubernetes.io/name': 'prometheus' } }, dbPod('shop'), 9187)).toBe(false);
  });

  test('a namespace other than the database\'s is refused, naming the prop, the value and the database\'s namespace', () => {
    const { other, db } = app('shop', 'observability');
    expect(() => new DbMonitoring(other, 'mon', { database: db, namespace: 'observability' }))
      .toThrow(/DbMonitoring other\/mon: invalid namespace "observability": must be the database's namespace "shop" \(the chart of shop\/orders\).*dashboardNamespace/);
    expect(() => new DbMonitoring(other, 'mon2', { database: db, namespace: 'shop' })).not.toThrow();
  });

  test('a database without namespace: the namespace prop names it, and every object carries it', () => {
    const { app: a, other, db } = app(undefined, 'observability');
    new DbMonitoring(other, 'mon', { database: db, namespace: 'shop' });
    const docs = docsOf(a).filter(d => d.metadata?.labels?.['app.kubernetes.io/component'] === 'metrics');
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect({ kind: d.kind, ns: d.metadata.namespace }).toEqual({ kind: d.kind, ns: 'shop' });
  });
});
