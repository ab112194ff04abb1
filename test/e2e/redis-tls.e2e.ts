// Redis 7.0 with Sentinel and TLS (DatabaseTls.fromSecret, require: true), 3 pods, on the real
// cluster (restricted namespace e2e-rtls). The Secret is made here with openssl for the
// ReplicatedDatabase's dnsNames (cert-manager is not installed):
//   - the set becomes ready over TLS only (probes, replication, Sentinels, role labeller);
//   - the write Service answers over TLS with the CA the connection env mounts; plain text is
//     refused; a host-name-verifying TLS client (curl) accepts the certificate for the write, read
//     and Sentinel Services and for the pod name Sentinel hands to sentinel-aware clients;
//   - a renewed certificate in the Secret is served by every server and Sentinel, without a
//     restart of any container (liveness.sh reloads the server, sentinel.sh restarts Sentinel);
//   - a deleted master pod: the write Service follows the new master (time measured), writes over
//     TLS resume, the former master rejoins as a replica;
//   - backup (CA mounted), verification and restore (key pair mounted) Jobs over TLS.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  apply, clientContainer, clientPod, createNamespace, deleteNamespace, exec, getPod, kubectl, podLabels, readyEndpoints, synth, Timings,
  waitFor, waitJob, waitPodsReady,
} from './harness';
import { BackupDestination, BackupRetention, DatabaseEngine, DatabaseTls, ReplicatedDatabase } from '../../src';
import { makeCertificates, makeServerCertificate } from '../real/tls-certs';

const DB = 'cache';
const IMAGE = 'docker.io/library/redis:7.0.15';
const CURL_IMAGE = 'curlimages/curl:8.11.1';
const PODS = [0, 1, 2].map(i => `${DB}-${i}`);
const timings = new Timings('redis-tls');
const since = (t: number) => (Date.now() - t) / 1000;

const container = (name: string, image: string, user: number, group: number): kplus.ContainerProps =>
  clientContainer({ name, image, user, group, memoryMiB: { request: 16, limit: 64 } });

describe('Redis 7.0 with Sentinel and TLS on a real cluster', () => {
  let ns = '';
  let dnsNames: string[] = [];
  let certDir = '';

  /** The Secret the database names, from the files in certDir. */
  const applySecret = () => {
    const data = Object.fromEntries(['tls.crt', 'tls.key', 'ca.crt'].map(f => [f, fs.readFileSync(path.join(certDir, f)).toString('base64')]));
    return apply(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'cache-tls', namespace: ns }, data }));
  };
  /** notBefore of the certificate a name:port serves, as curl prints it (verified against the CA). */
  const served = async (name: string, port: number) => {
    const r = await exec(ns, 'client', ['sh', '-c', `curl -v -sS --max-time 10 --cacert "$DB_SSLROOTCERT" https://${name}:${port}/ -o /dev/null 2>&1 | sed -n 's/^\\*  start date: //p'`],
      { container: 'curl', allowFail: true, timeoutMs: 30_000 });
    return r.stdout.trim();
  };
  const restarts = async () => Object.fromEntries((await Promise.all(PODS.map(p => getPod(ns, p))))
    .flatMap((p: any) => p.status.containerStatuses.map((c: any) => [`${p.metadata.name}/${c.name}`, c.restartCount])));

  // redis-cli over TLS in the database pod (the pod's own CA file), as admin or monitoring.
  const cli = (pod: string, args: string[], user = 'monitoring') =>
    exec(ns, pod, ['sh', '-c', `REDISCLI_AUTH="$${user === 'admin' ? 'ADMIN' : 'MONITORING'}_PASSWORD" redis-cli --no-auth-warning --tls --cacert "$REDIS_TLS_CA_FILE" --user ${user} -p 6379 "$@"`, 'sh', ...args],
      { container: 'redis', allowFail: true, timeoutMs: 20_000 });
  const role = async (pod: string) => /role:master/.test((await cli(pod, ['INFO', 'replication'])).stdout) ? 'master' : 'replica';
  // The client as an application would connect: the connection env, the mounted CA.
  const tlsCmd = (args: string, host = '"$DB_HOST"', port = '"$DB_PORT"') =>
    `REDISCLI_AUTH="$DB_PASSWORD" redis-cli --no-auth-warning --tls --cacert "$DB_SSLROOTCERT" --user "$DB_USER" -h ${host} -p ${port} ${args}`;
  const client = (cmd: string) => exec(ns, 'client', ['sh', '-c', cmd], { container: 'redis-cli', allowFail: true, timeoutMs: 20_000 });
  const writeTarget = (not?: string) => waitFor(`write Service on one pod${not ? ` other than ${not}` : ''}`, async () => {
    const eps = await readyEndpoints(ns, `${DB}-rw`);
    return eps.length === 1 && eps[0] !== not ? eps[0] : undefined;
  }, { timeoutMs: 240_000, intervalMs: 250, namespace: ns });

  const build = (restore: boolean) => synth(ns, chart => {
    const db = new ReplicatedDatabase(chart, 'db', {
      name: DB,
      engine: DatabaseEngine.redis(),
      replicas: 3,
      storage: { size: Size.gibibytes(1) },
      resources: { memory: Size.mebibytes(128), cpu: kplus.Cpu.millis(50) },
      readiness: { period: Duration.seconds(2) },
      tls: DatabaseTls.fromSecret('cache-tls', { require: true }),
    });
    dnsNames = db.dnsNames;
    const pod = clientPod(chart, 'client', {
      name: 'client',
      labels: { 'app.kubernetes.io/name': 'redis-tls-client' },
      containers: [container('redis-cli', IMAGE, 999, 999), container('curl', CURL_IMAGE, 100, 101)],
    });
    db.allowFrom(pod);
    const backups = db.addBackupSchedule('backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.volume({ claimName: 'redis-backups' }),
      retention: BackupRetention.keepLast(3),
      verification: { minTables: 2, query: 'EXISTS greeting' },
      resources: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(128) },
      scratchSize: Size.gibibytes(1),
    });
    if (restore) backups.restoreJob('restore');
  });

  beforeAll(async () => {
    ns = await createNamespace('rtls');
    const yaml = build(false);
    // The Secret the database names: a CA and a certificate for every name in db.dnsNames.
    certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtls-e2e-'));
    makeCertificates(certDir, dnsNames);
    await applySecret();
    await apply(JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'redis-backups', namespace: ns },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }));
    const r = await apply(yaml);
    expect(r.stderr).not.toMatch(/violate PodSecurity/);
  });

  afterAll(async () => {
    if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
    if (ns) await deleteNamespace(ns);
  });

  test('3 pods become ready over TLS; the write Service answers over TLS, plain text is refused', async () => {
    const t0 = Date.now();
    await waitPodsReady(ns, PODS, 300_000);
    timings.record('deploy', 'apply -> 3 pods ready (TLS only)', since(t0));
    const master = await writeTarget();
    expect(master).toBe(`${DB}-0`);
    expect(await role(master)).toBe('master');
    expect((await podLabels(ns, master))['cdk8s-db.io/role']).toBe('primary');
    expect(await waitFor('read Service on the replicas', async () => {
      const ro = await readyEndpoints(ns, `${DB}-ro`);
      return ro.length === 2 && !ro.includes(master) ? ro : undefined;
    }, { timeoutMs: 120_000, namespace: ns })).toEqual([`${DB}-1`, `${DB}-2`]);
    await waitPodsReady(ns, ['client'], 120_000);
    expect((await client(tlsCmd('SET greeting hello'))).stdout.trim()).toBe('OK');
    expect((await client(tlsCmd('GET greeting', '"$DB_READ_HOST"'))).stdout.trim()).toBe('hello');
    // The connection env says how: verify-full, the CA file, TLS for Sentinel.
    const env = (await client('echo "$DB_SSLMODE $DB_SSLROOTCERT $DB_SENTINEL_TLS"')).stdout.trim();
    expect(env).toBe(`verify-full /var/run/secrets/cdk8s-db/${DB}-ca/ca.crt true`);
    // Plain text: no answer.
    const plain = await client('REDISCLI_AUTH="$DB_PASSWORD" redis-cli --no-auth-warning --user "$DB_USER" -h "$DB_HOST" -p "$DB_PORT" GET greeting');
    expect(plain.stdout + plain.stderr).not.toMatch(/hello/);
    expect(plain.stdout + plain.stderr).toMatch(/Connection reset|Error|closed/i);
    // Sentinel over TLS names the master by its pod DNS name.
    const s = await client(tlsCmd('SENTINEL get-master-addr-by-name "$DB_SENTINEL_MASTER"', '"$DB_SENTINEL_HOST"', '"$DB_SENTINEL_PORT"'));
    expect(s.stdout.split('\n')[0]).toBe(`${DB}-0.${DB}-headless.${ns}.svc.cluster.local`);
  });

  test('a host-name-verifying TLS client (curl) accepts the certificate for every name clients use', async () => {
    // curl verifies the chain and the host name, then speaks HTTP, which Redis drops: exit 52/56
    // (empty reply / receive failure) means the handshake and the name check passed; 60 or 51 not.
    const names = [`${DB}-rw.${ns}.svc`, `${DB}-ro.${ns}.svc`, `${DB}-sentinel.${ns}.svc`, `${DB}-0.${DB}-headless.${ns}.svc.cluster.local`];
    for (const name of names) expect(dnsNames).toContain(name);
    for (const [name, port] of [[names[0], 6379], [names[1], 6379], [names[2], 26379], [names[3], 26379], [names[3], 6379]] as const) {
      const r = await exec(ns, 'client', ['sh', '-c', `curl -sS --max-time 10 --cacert "$DB_SSLROOTCERT" https://${name}:${port}/ -o /dev/null; echo "exit=$?"`],
        { container: 'curl', allowFail: true, timeoutMs: 30_000 });
      expect(`${name}:${port} ${r.stdout.trim().split('\n').pop()}`).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}:${port} exit=(52|56)$`));
    }
    // A name the certificate does not cover is refused by the same client.
    const bad = await exec(ns, 'client', ['sh', '-c', `curl -sS --max-time 10 --cacert "$DB_SSLROOTCERT" --connect-to not-covered.example:6379:${names[0]}:6379 https://not-covered.example:6379/ -o /dev/null; echo "exit=$?"`],
      { container: 'curl', allowFail: true, timeoutMs: 30_000 });
    expect(bad.stdout.trim().split('\n').pop()).toBe('exit=60');
  });

  test('a renewed certificate in the Secret: every server and Sentinel serves it, no container restarts', async () => {
    await waitPodsReady(ns, PODS, 180_000);
    const endpointsToCheck = PODS.flatMap(p => [[`${p}.${DB}-headless.${ns}.svc.cluster.local`, 6379], [`${p}.${DB}-headless.${ns}.svc.cluster.local`, 26379]] as const);
    const before = await served(endpointsToCheck[0][0], 6379);
    expect(before).toMatch(/ GMT$/);
    const restartsBefore = await restarts();
    await new Promise(resolve => setTimeout(resolve, 1100)); // a different notBefore second
    makeServerCertificate(certDir, dnsNames);
    const renewed = execFileSync('openssl', ['x509', '-in', path.join(certDir, 'tls.crt'), '-noout', '-startdate'], { encoding: 'utf8' }).trim().replace(/^notBefore=/, '');
    expect(renewed).not.toBe(before);
    const t0 = Date.now();
    await applySecret();
    for (const [name, port] of endpointsToCheck) {
      await waitFor(`${name}:${port} serves the renewed certificate`, async () => await served(name, port) === renewed,
        { timeoutMs: 300_000, intervalMs: 2000, namespace: ns });
    }
    timings.record('certificate renewal (TLS)', 'Secret updated -> every server and Sentinel serves the new certificate', since(t0),
      'kubelet Secret sync + liveness reload / Sentinel restart, staggered 10 s per ordinal');
    expect(await restarts()).toEqual(restartsBefore);
    // The Sentinels still agree, and writes go on over TLS.
    const q = await client(tlsCmd('SENTINEL ckquorum "$DB_SENTINEL_MASTER"', '"$DB_SENTINEL_HOST"', '"$DB_SENTINEL_PORT"'));
    expect(q.stdout).toMatch(/^OK 3 usable Sentinels/);
    expect((await client(tlsCmd('SET renewed yes'))).stdout.trim()).toBe('OK');
  });

  test('a deleted master pod: the write Service follows the new master, writes over TLS resume, the former master rejoins', async () => {
    await waitPodsReady(ns, PODS, 180_000);
    const old = await writeTarget();
    const t0 = Date.now();
    await kubectl(['-n', ns, 'delete', 'pod', old, '--wait=false']);
    const next = await writeTarget(old);
    timings.record('delete master pod (TLS)', 'delete -> write Service on the new master', since(t0), 'preStop SENTINEL FAILOVER over TLS');
    await waitFor('a write over TLS through DB_HOST', async () => (await client(tlsCmd(`SET after-failover ${Date.now()}`))).stdout.trim() === 'OK',
      { timeoutMs: 120_000, intervalMs: 250, namespace: ns });
    timings.record('delete master pod (TLS)', 'delete -> writes accepted over TLS', since(t0));
    expect(await role(next)).toBe('master');
    expect((await client(tlsCmd('GET greeting'))).stdout.trim()).toBe('hello');
    await waitFor(`${old} recreated and ready as a replica`, async () => {
      const p = await getPod(ns, old);
      const ready = p && !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      return ready && await role(old) === 'replica';
    }, { timeoutMs: 240_000, namespace: ns });
    timings.record('delete master pod (TLS)', 'delete -> recreated pod ready as a replica', since(t0));
    expect(await readyEndpoints(ns, `${DB}-rw`)).toEqual([next]);
  });

  test('backup over TLS from a replica, verification, and restore over TLS', async () => {
    await waitPodsReady(ns, PODS, 240_000);
    await waitFor('two replicas behind the read Service', async () => (await readyEndpoints(ns, `${DB}-ro`)).length === 2,
      { timeoutMs: 180_000, namespace: ns });
    expect((await client(tlsCmd('SET backed-up yes'))).stdout.trim()).toBe('OK');
    const t0 = Date.now();
    await kubectl(['-n', ns, 'create', 'job', '--from=cronjob/cache-backup', 'backup-now']);
    await waitJob(ns, 'backup-now', 300_000);
    timings.record('backup (TLS)', 'backup Job (RDB from a replica over TLS, upload)', since(t0));
    const dump = await kubectl(['-n', ns, 'logs', 'job/backup-now', '-c', 'dump']);
    expect(dump.stdout).toMatch(/\(role slave\)/);
    expect(dump.stdout).toMatch(/ready: \d+ bytes, \d+ keys/);
    await kubectl(['-n', ns, 'create', 'job', '--from=cronjob/cache-backup-verify', 'verify-now']);
    await waitJob(ns, 'verify-now', 300_000);
    expect((await kubectl(['-n', ns, 'logs', 'job/verify-now', '-c', 'verify'])).stdout).toMatch(/OK: backup \d{8}T\d{6}Z loaded in \d+s: \d+ keys .*query answered 1/);
    expect((await cli(await writeTarget(), ['DEL', 'backed-up'], 'admin')).stdout.trim()).toBe('1');
    const t2 = Date.now();
    await apply(build(true));
    await waitJob(ns, 'cache-restore', 300_000);
    timings.record('backup (TLS)', 'restore Job (MIGRATE over TLS)', since(t2));
    expect((await client(tlsCmd('GET backed-up'))).stdout.trim()).toBe('yes');
  });
});
