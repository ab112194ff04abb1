// Anything that crosses namespaces, on the real cluster (kube-router enforces NetworkPolicies):
//   - a PostgreSQL 15 database in namespace e2e-ns-db (its own chart);
//   - a BackupSchedule defined in a chart of namespace e2e-ns-ops: its CronJob is placed with the
//     database, reads its Secret, is admitted by its policy, and a run succeeds; nothing lands in
//     e2e-ns-ops;
//   - a client pod in e2e-ns-app granted network access (allowFrom(pod, { connectionEnv: false }))
//     connects with a copy of the password the test makes in its namespace; a pod with the same
//     labels in e2e-ns-stranger is refused by the network;
//   - a restore Job (also defined by that schedule) into a database in e2e-ns-app, with destination
//     credentials in e2e-ns-app: it runs there and restores the same rows.
// Run: npx projen test:e2e -- test/e2e/namespaces.e2e.ts
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Cron, Duration, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { postgres } from './drivers';
import {
  apply, clientContainer, clientPod, clientPodYaml, createNamespace, deleteNamespace, freePort, hostIpReachableFromPods, kubectl, listPods,
  NS_PREFIX, progress, secretData, since, Timings, waitFor, waitJob, waitPodsReady,
} from './harness';
import { BackupDestination, BackupSchedule, DatabaseEngine, PostgresVersion, ReplicatedDatabase } from '../../src';

const BUCKET = 'e2e-ns-backups';
const CLIENT_LABELS = { 'app.kubernetes.io/name': 'e2e-ns-client' };
const IMAGE = 'postgres:15.10-bookworm';
const timings = new Timings('namespaces');

describe('namespaces: a database, a backup schedule from another namespace\'s chart, a client granted from another namespace', () => {
  const nsName = (s: string) => `${NS_PREFIX}-ns-${s}`;
  const NS = { db: nsName('db'), ops: nsName('ops'), app: nsName('app'), stranger: nsName('stranger') };
  let s3: { close: () => Promise<void> } | undefined;
  let s3Dir = '';
  let s3Endpoint = '';
  let docs: { db: any[]; ops: any[]; app: any[] } = { db: [], ops: [], app: [] };
  let names = { secret: '', cronJob: '', restoreJob: '', clientPod: 'client' };
  const sql = (ns: string, pod: string, text: string) => postgres.superSql(ns, pod, 'postgres', text, 'app');

  function build(): void {
    const app = new App();
    const dbChart = new Chart(app, 'db', { namespace: NS.db });
    const opsChart = new Chart(app, 'ops', { namespace: NS.ops });
    const appChart = new Chart(app, 'app', { namespace: NS.app });
    const small = { storage: { size: Size.gibibytes(1) }, resources: { memory: Size.mebibytes(256), cpu: kplus.Cpu.millis(50) } };
    const db = new ReplicatedDatabase(dbChart, 'orders', {
      name: 'orders',
      engine: DatabaseEngine.postgres({ version: PostgresVersion.V15 }),
      replicas: 1,
      ...small,
      readiness: { period: Duration.seconds(5) },
    });
    const destination = (secretName: string) => BackupDestination.s3({ bucket: BUCKET, prefix: 'ns', endpoint: s3Endpoint, credentials: { secretName } });
    const schedule = new BackupSchedule(opsChart, 'orders-backup', {
      database: db,
      schedule: Cron.daily(),
      destination: destination('e2e-s3'),
      resources: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(256) },
      scratchSize: Size.gibibytes(1),
    });
    // The client: network-only grant; the password from a copy of the Secret in its namespace.
    const copied = kplus.Secret.fromSecretName(appChart, 'orders-password', 'orders-password');
    const client = clientPod(appChart, 'client', {
      name: 'client',
      labels: CLIENT_LABELS,
      containers: [clientContainer({
        image: IMAGE,
        env: {
          DB_HOST: kplus.EnvValue.fromValue(db.connection.writeHost),
          DB_READ_HOST: kplus.EnvValue.fromValue(db.connection.readHost),
          DB_PORT: kplus.EnvValue.fromValue(String(db.connection.port)),
          DB_NAME: kplus.EnvValue.fromValue(db.connection.database),
          DB_USER: kplus.EnvValue.fromValue(db.connection.username),
          DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: copied, key: 'password' }),
        },
        tmp: kplus.Volume.fromEmptyDir(appChart, 'client-tmp', 'tmp'),
      })],
    });
    db.allowFrom(client, { connectionEnv: false });
    const copy = new ReplicatedDatabase(appChart, 'copy', {
      name: 'orders-copy', engine: DatabaseEngine.postgres({ version: PostgresVersion.V15 }), replicas: 1, ...small,
    });
    const restore = schedule.restoreJob('restore', { target: copy, destination: destination('e2e-s3') });
    names = { secret: db.secretName, cronJob: schedule.cronJobName, restoreJob: restore.name, clientPod: 'client' };
    docs = { db: Testing.synth(dbChart), ops: Testing.synth(opsChart), app: Testing.synth(appChart) };
  }
  const yaml = (d: any[]) => Yaml.stringify(...d);
  const isRestoreJob = (d: any) => d.kind === 'Job' && d.metadata.name === names.restoreJob;

  beforeAll(async () => {
    for (const ns of Object.values(NS)) await createNamespace(ns.slice(NS_PREFIX.length + 1));
    const hostIp = await hostIpReachableFromPods();
    const port = await freePort(hostIp);
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-ns-s3-'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver');
    const server = new S3rver({ port, address: hostIp, silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
    await server.run();
    s3 = { close: async () => { server.httpServer?.closeAllConnections?.(); await server.close(); } };
    s3Endpoint = `http://${hostIp}:${port}`;
    // The destination's credentials, in each namespace whose Jobs read them (the user's job).
    for (const ns of [NS.db, NS.app]) {
      await kubectl(['-n', ns, 'create', 'secret', 'generic', 'e2e-s3', '--from-literal=access-key-id=S3RVER', '--from-literal=secret-access-key=S3RVER']);
    }
  }, 400_000);

  afterAll(async () => {
    for (const ns of Object.values(NS)) await deleteNamespace(ns);
    await s3?.close();
    if (s3Dir && process.env.E2E_KEEP !== '1') fs.rmSync(s3Dir, { recursive: true, force: true });
  }, 120_000);

  test('the chart of namespace ops writes nothing into ops: the backup CronJob goes with the database', async () => {
    build();
    const cronJob = docs.ops.find(d => d.kind === 'CronJob');
    expect(cronJob.metadata.namespace).toBe(NS.db);
    // The restore Job (and its scripts) is defined by the schedule too, placed with its target.
    expect(docs.ops.find(isRestoreJob).metadata.namespace).toBe(NS.app);
    expect(docs.ops.filter(d => d.metadata.namespace === NS.ops)).toEqual([]);

    const start = Date.now();
    await apply(yaml([...docs.db, ...docs.ops.filter(d => !isRestoreJob(d))]));
    await waitPodsReady(NS.db, ['orders-0'], 300_000);
    timings.record('namespaces', 'apply to orders-0 Ready', since(start));
    // The user's part: a copy of the application password in the client's namespace.
    const secret = await waitFor('the credentials Secret', () => secretData(NS.db, names.secret), { timeoutMs: 120_000, namespace: NS.db });
    await apply(JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'orders-password', namespace: NS.app },
      stringData: { password: secret['app-password'] },
    }));
    await apply(yaml(docs.app));
    await apply(clientPodYaml(NS.stranger, 'stranger', IMAGE, CLIENT_LABELS, [
      { name: 'DB_HOST', value: `orders-rw.${NS.db}.svc` }, { name: 'DB_READ_HOST', value: `orders-ro.${NS.db}.svc` }, { name: 'DB_PORT', value: '5432' },
      { name: 'DB_NAME', value: 'app' }, { name: 'DB_USER', value: 'app' }, { name: 'DB_PASSWORD', value: secret['app-password'] },
    ]));
    await waitPodsReady(NS.app, ['client', 'orders-copy-0'], 300_000);
    await waitPodsReady(NS.stranger, ['stranger'], 120_000);
    const ops = await kubectl(['-n', NS.ops, 'get', 'all,configmaps,networkpolicies', '-o', 'name']);
    expect(ops.stdout.split('\n').filter(l => l && !l.endsWith('/kube-root-ca.crt'))).toEqual([]);
  }, 900_000);

  test('a client granted from another namespace connects and writes; the same labels in a third namespace are refused by the network', async () => {
    const start = Date.now();
    const r = await waitFor('the granted client to write through DB_HOST', async () => {
      const x = await postgres.clientSql(NS.app, 'client', 'write',
        'CREATE TABLE IF NOT EXISTS e2e (id int primary key, v text); INSERT INTO e2e SELECT g, md5(g::text) FROM generate_series(1, 5000) g ON CONFLICT DO NOTHING; SELECT count(*) FROM e2e;');
      return x.code === 0 ? x : undefined;
    }, { timeoutMs: 120_000, namespace: NS.app, intervalMs: 2000 });
    timings.record('namespaces', 'granted client in another namespace: first write', since(start));
    expect(r.stdout.trim()).toBe('5000');
    const denied = await postgres.clientSql(NS.stranger, 'stranger', 'write', 'SELECT 1;', 30_000);
    progress(`stranger: exit ${denied.code}: ${(denied.stderr + denied.stdout).trim().slice(0, 200)}`);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(postgres.networkError);
  }, 300_000);

  test('a run of the backup CronJob (defined in the ops chart) succeeds in the database\'s namespace; a restore Job into the app namespace restores the same rows', async () => {
    const want = await sql(NS.db, 'orders-0', postgres.checksumSql('e2e'));
    const job = `orders-backup-e2e-${Date.now() % 100000}`;
    await kubectl(['-n', NS.db, 'create', 'job', `--from=cronjob/${names.cronJob}`, job]);
    await timings.time('namespaces', 'backup Job (CronJob from the ops chart) to S3', () => waitJob(NS.db, job, 600_000), '5000 rows');
    const objects = fs.readdirSync(path.join(s3Dir, BUCKET), { recursive: true } as any).map(String);
    expect(objects.some(o => o.includes('SHA256SUMS'))).toBe(true);

    await apply(yaml(docs.ops.filter(isRestoreJob)));
    await timings.time('namespaces', 'restore Job into a database of another namespace', () => waitJob(NS.app, names.restoreJob, 600_000), '5000 rows');
    expect((await listPods(NS.app, `job-name=${names.restoreJob}`)).length).toBeGreaterThan(0);
    expect(await sql(NS.app, 'orders-copy-0', postgres.checksumSql('e2e'))).toBe(want);
  }, 900_000);
});
