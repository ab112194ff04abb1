// The e2e scenarios for one replicated-database engine, in one namespace, in the order a user
// meets them: deploy, connect, lag, disruption, backups, pod-0 loss, updates, a write burst.
// Tests run in order and share the database; each one starts by waiting (bounded) for the
// state it needs, so that one failure does not silently pass the next.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Driver } from './drivers';
import {
  apply, clientContainer, clientPod, clientPodYaml, createNamespace, deleteNamespace, endpoints, evict, exec, freePort, getJson, getPod,
  hostIpReachableFromPods, isReady, kubectl, listPods, podLabels, progress, readyEndpoints, readySince, REPO_ROOT, secretData, since, sleep,
  synth, Timings, waitFor, waitJob, waitPodNotReady, waitPodsReady, waitStatefulSetSettled,
} from './harness';
import { BackupDestination, BackupRetention, BackupSchedule, MetricsAccess, ReplicatedDatabase } from '../../src';

const DB = 'db';
const PERIOD_S = 5; // readiness.period of the test databases
const FAILURE_THRESHOLD = 2; // the library's readiness failureThreshold
const BUCKET = 'e2e-backups';
const CLIENT_LABELS = { 'app.kubernetes.io/name': 'e2e-client' };
const PROM_LABELS = { 'app.kubernetes.io/name': 'e2e-prometheus' };
const CURL_IMAGE = 'curlimages/curl:8.11.1';

interface AppOptions {
  readonly replicas: number;
  readonly settings?: { [k: string]: string };
  /** Include the fresh database and the restore Job into it. */
  readonly withRestore?: boolean;
}

interface Built {
  readonly yaml: string;
  readonly container: string;
  readonly secretName: string;
  readonly clientPod: string;
  readonly backupCronJobs: { s3: string; s3Verify: string; volume: string; volumeVerify: string };
  readonly restoreJob?: string;
}

/** The Prometheus Operator CRDs: vendored in the repository (schemas/crds), or E2E_CRDS_DIR. */
export function monitoringCrdFiles(): string[] {
  const dirs = [process.env.E2E_CRDS_DIR, path.join(REPO_ROOT, 'schemas', 'crds')].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const files = ['servicemonitors', 'podmonitors', 'prometheusrules'].map(n => path.join(dir, `monitoring.coreos.com_${n}.yaml`));
    if (files.every(f => fs.existsSync(f))) return files;
  }
  throw new Error(`Prometheus Operator CRDs not found in ${dirs.join(' or ')} (set E2E_CRDS_DIR)`);
}

async function installMonitoringCrds(): Promise<void> {
  for (const f of monitoringCrdFiles()) {
    await waitFor(`CRD ${path.basename(f)} applied`, async () =>
      (await kubectl(['apply', '--server-side', '--force-conflicts', '-f', f], { allowFail: true })).code === 0, { timeoutMs: 60_000, intervalMs: 2000 });
  }
  await kubectl(['wait', '--for=condition=Established', 'crd/servicemonitors.monitoring.coreos.com', 'crd/prometheusrules.monitoring.coreos.com', '--timeout=60s']);
}

/** Polls `probe` in the background; reports the total and longest time it kept failing. */
class OutageMeter {
  private running = true;
  private failures = 0;
  private successes = 0;
  private unknown = 0;
  private total = 0;
  private longest = 0;
  private readonly loop: Promise<void>;

  /** `probe` returns true (write acknowledged), false (refused or failed), or undefined (no answer: not counted). */
  constructor(probe: () => Promise<boolean | undefined>, intervalMs = 500) {
    this.loop = (async () => {
      let downSince: number | undefined;
      while (this.running) {
        const t = Date.now();
        const ok = await probe().catch(() => false);
        if (ok === undefined) {
          this.unknown++;
        } else if (ok) {
          this.successes++;
          if (downSince !== undefined) {
            const d = (Date.now() - downSince) / 1000;
            this.total += d;
            this.longest = Math.max(this.longest, d);
            downSince = undefined;
          }
        } else {
          this.failures++;
          if (downSince === undefined) downSince = t;
        }
        await sleep(Math.max(0, intervalMs - (Date.now() - t)));
      }
      if (downSince !== undefined) {
        const d = (Date.now() - downSince) / 1000;
        this.total += d;
        this.longest = Math.max(this.longest, d);
      }
    })();
  }

  public async stop(): Promise<{ total: number; longest: number; failures: number; successes: number; unknown: number }> {
    this.running = false;
    await this.loop;
    return { total: this.total, longest: this.longest, failures: this.failures, successes: this.successes, unknown: this.unknown };
  }
}

/** Samples a Service's ready endpoints in the background; counts samples with none. */
class EndpointWatch {
  private running = true;
  public readonly samples: { t: number; pods: string[] }[] = [];
  private readonly loop: Promise<void>;

  constructor(ns: string, service: string, intervalMs = 500) {
    this.loop = (async () => {
      while (this.running) {
        try {
          this.samples.push({ t: Date.now(), pods: await readyEndpoints(ns, service) });
        } catch { /* a failed read is not a sample */ }
        await sleep(intervalMs);
      }
    })();
  }

  public async stop(): Promise<{ t: number; pods: string[] }[]> {
    this.running = false;
    await this.loop;
    return this.samples;
  }
}

export function replicatedDatabaseSuite(driver: Driver): void {
  const timings = new Timings(driver.id);
  let deployFailed = false;
  /** A scenario: logs progress, and fails at once when the database never came up. */
  // E2E_ONLY=word,word runs only the scenarios whose names contain one of the words (plus the deploy).
  const only = (process.env.E2E_ONLY ?? '').split(',').map(x => x.trim()).filter(x => x);
  const scenario = (name: string, fn: () => Promise<void>, timeoutMs = 900_000) => (
    only.length && !name.startsWith('3 pods') && !only.some(w => name.includes(w)) ? test.skip : test)(name, async () => {
    if (deployFailed && !name.startsWith('3 pods')) throw new Error('skipped: the database did not deploy (see the first test)');
    progress(`${driver.id}: START ${name}`);
    const t0 = Date.now();
    try {
      await fn();
      progress(`${driver.id}: PASS (${since(t0).toFixed(0)} s) ${name}`);
    } catch (e) {
      if (name.startsWith('3 pods')) deployFailed = true;
      progress(`${driver.id}: FAIL (${since(t0).toFixed(0)} s) ${name}\n${String((e as Error).message).slice(0, 3000)}`);
      throw e;
    }
  }, timeoutMs);
  const pods = (n: number) => Array.from({ length: n }, (_, i) => `${DB}-${i}`);
  let ns = '';
  let otherNs = '';
  let built: Built;
  let s3: { close: () => Promise<void> } | undefined;
  let s3Endpoint = '';
  let s3Dir = '';
  let lastApp: AppOptions = { replicas: 3 };

  function build(o: AppOptions): Built {
    let out: Partial<Built> = {};
    const yaml = synth(ns, chart => {
      const db = new ReplicatedDatabase(chart, 'db', {
        name: DB,
        engine: driver.engine(o.settings, o.replicas),
        replicas: o.replicas,
        storage: { size: Size.gibibytes(1) },
        resources: { memory: Size.mebibytes(384), cpu: kplus.Cpu.millis(50) },
        readiness: { period: Duration.seconds(PERIOD_S) },
      });
      const client = clientPod(chart, 'client', {
        labels: CLIENT_LABELS,
        containers: [clientContainer({ image: driver.clientImage, tmp: kplus.Volume.fromEmptyDir(chart, 'client-tmp', 'tmp') })],
      });
      db.allowFrom(client);
      const s3Backup = db.addBackupSchedule('s3', {
        name: `${DB}-backup-s3`,
        schedule: Cron.daily(),
        destination: BackupDestination.s3({ bucket: BUCKET, prefix: `${driver.id}`, endpoint: s3Endpoint, credentials: { secretName: 'e2e-s3' } }),
        retention: BackupRetention.keepLast(3),
        verifyRestore: true,
        resources: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(256) },
        scratchSize: Size.gibibytes(1),
      });
      const volBackup = db.addBackupSchedule('volume', {
        name: `${DB}-backup-volume`,
        schedule: Cron.daily(),
        destination: BackupDestination.volume({ claimName: 'e2e-backups', path: driver.id }),
        retention: BackupRetention.keepLast(3),
        verifyRestore: true,
        resources: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(256) },
        scratchSize: Size.gibibytes(1),
      });
      db.addMonitoring('monitoring', {
        networkPolicy: MetricsAccess.fromPrometheus({ namespace: ns, podLabels: PROM_LABELS }),
        exporterResources: { cpu: kplus.Cpu.millis(10), memory: Size.mebibytes(48) },
      });
      let restoreJob: string | undefined;
      if (o.withRestore) {
        const fresh = new ReplicatedDatabase(chart, 'fresh', {
          name: 'fresh',
          engine: driver.engine({}, 1),
          replicas: 1,
          storage: { size: Size.gibibytes(1) },
          resources: { memory: Size.mebibytes(256), cpu: kplus.Cpu.millis(50) },
        });
        restoreJob = s3Backup.restoreJob('restore', { target: fresh }).name;
      }
      const sts = db.statefulSet.toJson();
      out = {
        container: sts.spec.template.spec.containers[0].name,
        secretName: db.secretName,
        clientPod: client.name,
        backupCronJobs: cronNames(s3Backup, volBackup),
        restoreJob,
      };
    });
    lastApp = o;
    return { ...(out as Built), yaml };
  }

  const sql = (pod: string, text: string, database?: string) => driver.superSql(ns, pod, built.container, text, database);
  const appDb = 'app';

  async function deployed(replicas: number, timeoutMs = 240_000): Promise<void> {
    await waitPodsReady(ns, pods(replicas), timeoutMs);
  }

  async function caughtUp(pod: string, table: string, timeoutMs = 120_000): Promise<string> {
    const want = await sql(`${DB}-0`, driver.checksumSql(table), appDb);
    return waitFor(`${pod} to have the primary's ${table} (${want})`, async () =>
      (await sql(pod, driver.checksumSql(table), appDb).catch(() => '')) === want && want, { timeoutMs, namespace: ns });
  }

  beforeAll(async () => {
    ns = await createNamespace(driver.id);
    otherNs = await createNamespace(`${driver.id}-other`);
    await installMonitoringCrds();
    // The S3-compatible server, on an address of this machine that pods reach.
    const hostIp = await hostIpReachableFromPods();
    const port = await freePort(hostIp);
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-s3-${driver.id}-`));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver');
    const server = new S3rver({ port, address: hostIp, silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
    await server.run();
    s3 = {
      close: async () => {
        // run() resolves to the address; the server closes through s3rver's own close().
        server.httpServer?.closeAllConnections?.();
        await server.close();
      },
    };
    s3Endpoint = `http://${hostIp}:${port}`;
    await kubectl(['-n', ns, 'create', 'secret', 'generic', 'e2e-s3', '--from-literal=access-key-id=S3RVER', '--from-literal=secret-access-key=S3RVER']);
    await apply(JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'e2e-backups', namespace: ns },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }));
  }, 300_000);

  afterAll(async () => {
    if (ns) {
      await deleteNamespace(ns);
      await deleteNamespace(otherNs);
    }
    await s3?.close();
    if (s3Dir && process.env.E2E_KEEP !== '1') fs.rmSync(s3Dir, { recursive: true, force: true });
  }, 120_000);

  scenario('3 pods become Ready in ordinal order under Pod Security "restricted"', async () => {
    built = build({ replicas: 3 });
    const start = Date.now();
    const r = await apply(built.yaml);
    expect(r.stderr).not.toMatch(/would violate PodSecurity/);
    const ready = await waitPodsReady(ns, pods(3), 300_000);
    timings.record('deploy', 'apply to 3 pods Ready', since(start));
    // OrderedReady: pod n+1 is created only after pod n is Ready.
    for (let i = 1; i < 3; i++) {
      const created = Date.parse(ready[i].metadata.creationTimestamp);
      const prevReady = readySince(ready[i - 1])!;
      expect({ pod: ready[i].metadata.name, createdAfterPreviousReady: created >= prevReady - 1000 })
        .toEqual({ pod: ready[i].metadata.name, createdAfterPreviousReady: true });
    }
    for (const p of ready) {
      expect({ pod: p.metadata.name, restarts: p.status.containerStatuses.map((c: any) => c.restartCount) })
        .toEqual({ pod: p.metadata.name, restarts: p.status.containerStatuses.map(() => 0) });
    }
  });

  scenario('credentials: created in the cluster, absent from the YAML, unchanged on re-apply', async () => {
    await deployed(3);
    const secret = await secretData(ns, built.secretName);
    const passwords = ['app-password', 'backup-password', 'monitoring-password', 'readonly-password', 'replication-password', 'superuser-password'];
    expect(Object.keys(secret ?? {})).toEqual(expect.arrayContaining(passwords));
    for (const k of passwords) {
      const v = secret![k];
      expect({ k, length: v.length >= 16 }).toEqual({ k, length: true });
      expect({ k, inYaml: built.yaml.includes(v) }).toEqual({ k, inYaml: false });
    }
    expect(built.yaml).not.toMatch(/^kind: Secret$/m);
    await apply(built.yaml);
    await kubectl(['-n', ns, 'delete', 'job', `${DB}-credentials-generator`, '--ignore-not-found']);
    await apply(built.yaml);
    await waitJob(ns, `${DB}-credentials-generator`, 120_000);
    expect(await secretData(ns, built.secretName)).toEqual(secret);
    // An upgrade from a version whose Secret had four keys: the keys-2 Job adds the two missing
    // ones (new random values) and leaves every other key as it was.
    const added = ['backup-password', 'readonly-password'];
    await kubectl(['-n', ns, 'patch', 'secret', built.secretName, '--type', 'json', '-p',
      JSON.stringify(added.map(k => ({ op: 'remove', path: `/data/${k}` })))]);
    await kubectl(['-n', ns, 'delete', 'job', `${built.secretName}-keys-2`, '--ignore-not-found']);
    await apply(built.yaml);
    await waitJob(ns, `${built.secretName}-keys-2`, 120_000);
    const upgraded = (await secretData(ns, built.secretName))!;
    for (const k of Object.keys(secret!).filter(key => !added.includes(key))) expect({ k, v: upgraded[k] }).toEqual({ k, v: secret![k] });
    for (const k of added) {
      expect({ k, added: /^[A-Za-z0-9]{32}$/.test(upgraded[k] ?? ''), fresh: upgraded[k] !== secret![k] }).toEqual({ k, added: true, fresh: true });
      expect({ k, inYaml: built.yaml.includes(upgraded[k]) }).toEqual({ k, inYaml: false });
    }
    // Put the running database's values back (its users have them) for the scenarios that follow.
    await kubectl(['-n', ns, 'patch', 'secret', built.secretName, '--type', 'merge', '-p',
      JSON.stringify({ stringData: Object.fromEntries(added.map(k => [k, secret![k]])) })]);
    expect(await secretData(ns, built.secretName)).toEqual(secret);
  });

  scenario('role labels; write EndpointSlices hold pod 0 only, read EndpointSlices only ready replicas', async () => {
    await deployed(3);
    const labels = await Promise.all(pods(3).map(async p => (await getPod(ns, p)).metadata.labels['cdk8s-db.io/role']));
    expect(labels).toEqual(['primary', 'replica', 'replica']);
    const rw = await waitFor('write endpoints', async () => {
      const e = await endpoints(ns, `${DB}-rw`);
      return e.filter(x => x.ready).length === 1 ? e : undefined;
    }, { timeoutMs: 30_000, namespace: ns });
    expect(rw.map(e => [e.pod, e.ready])).toEqual([[`${DB}-0`, true]]);
    const ro = await waitFor('read endpoints = both replicas', async () => {
      const e = await readyEndpoints(ns, `${DB}-ro`);
      return e.length === 2 ? e : undefined;
    }, { timeoutMs: 60_000, namespace: ns });
    expect(ro).toEqual([`${DB}-1`, `${DB}-2`]);
  });

  scenario('the granted workload writes through the write host and reads back through the read host; writes via the read host are refused', async () => {
    await deployed(3);
    await waitPodsReady(ns, [built.clientPod], 120_000);
    const w = await waitFor('client write through DB_HOST', async () => {
      const r = await driver.clientSql(ns, built.clientPod, 'write', `${driver.createTableSql('e2e')} ${driver.insertSql('e2e', 1, 100)}`);
      return r.code === 0 ? r : undefined;
    }, { timeoutMs: 60_000, namespace: ns });
    expect(w.code).toBe(0);
    const want = await sql(`${DB}-0`, driver.checksumSql('e2e'), appDb);
    expect(want).toMatch(/^100:/);
    // Every read-host connection lands on some replica: read until it returns the row count.
    const start = Date.now();
    const got = await waitFor('row visible through DB_READ_HOST', async () => {
      const r = await driver.clientSql(ns, built.clientPod, 'read', driver.checksumSql('e2e'));
      return r.code === 0 && r.stdout.trim() === want ? r.stdout.trim() : undefined;
    }, { timeoutMs: 60_000, namespace: ns, intervalMs: 300 });
    timings.record('connect', 'write -> visible via read host', since(start));
    expect(got).toBe(want);
    const refused = await driver.clientSql(ns, built.clientPod, 'read', driver.insertSql('e2e', 1000, 1));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toMatch(driver.readOnlyError);
  });

  scenario('NetworkPolicy: ungranted pods (same namespace, and another namespace with the granted labels) cannot connect', async () => {
    await deployed(3);
    const secret = (await secretData(ns, built.secretName))!;
    const client = await getPod(ns, built.clientPod);
    const env = client.spec.containers[0].env
      .filter((e: any) => e.value !== undefined)
      .concat([{ name: 'DB_PASSWORD', value: secret['app-password'] }]);
    const fq = (e: any) => (e.name === 'DB_HOST' || e.name === 'DB_READ_HOST') && !e.value.includes('.') ? { ...e, value: `${e.value}.${ns}.svc` } : e;
    await apply(clientPodYaml(ns, 'stranger', driver.clientImage, { 'app.kubernetes.io/name': 'stranger' }, env));
    await apply(clientPodYaml(otherNs, 'lookalike', driver.clientImage, CLIENT_LABELS, env.map(fq)));
    await waitPodsReady(ns, ['stranger'], 120_000);
    await waitPodsReady(otherNs, ['lookalike'], 120_000);
    await sleep(3000); // a new pod's policy takes about a second to program
    for (const [podNs, pod] of [[ns, 'stranger'], [otherNs, 'lookalike']]) {
      for (const host of ['write', 'read'] as const) {
        const r = await driver.clientSql(podNs, pod, host, 'SELECT 1;', 20_000);
        expect({ pod, host, code: r.code === 0 ? 0 : 'failed', error: driver.networkError.test(r.stderr + r.stdout) ? 'network' : r.stderr })
          .toEqual({ pod, host, code: 'failed', error: 'network' });
      }
    }
    // The granted client still can.
    expect((await driver.clientSql(ns, built.clientPod, 'write', 'SELECT 1;')).code).toBe(0);
    // Replication works under the policies (a fresh write reaches both replicas).
    await driver.clientSql(ns, built.clientPod, 'write', driver.insertSql('e2e', 101, 10));
    for (const p of [`${DB}-1`, `${DB}-2`]) await caughtUp(p, 'e2e', 60_000);
  });

  scenario('lag: a paused replica leaves the read endpoints within period x failureThreshold + period, the exporter shows its lag, it returns after catching up', async () => {
    await deployed(3);
    await apply(clientPodYaml(ns, 'prometheus', CURL_IMAGE, PROM_LABELS));
    await waitPodsReady(ns, ['prometheus'], 120_000);
    const lagging = `${DB}-2`;
    const bound = PERIOD_S * FAILURE_THRESHOLD + PERIOD_S;
    await driver.pauseReplica(ns, lagging, built.container);
    const paused = Date.now();
    await driver.clientSql(ns, built.clientPod, 'write', driver.insertSql('e2e', 200, 200));
    await waitFor(`${lagging} out of the read endpoints`, async () =>
      !(await readyEndpoints(ns, `${DB}-ro`)).includes(lagging), { timeoutMs: (bound + 30) * 1000, namespace: ns, intervalMs: 250 });
    const out = timings.record('lag', 'lag-out (paused replica leaves read endpoints)', since(paused), `bound ${bound} s`);
    expect(out).toBeLessThanOrEqual(bound + 2);
    expect(await readyEndpoints(ns, `${DB}-ro`)).toEqual([`${DB}-1`]);

    // Monitoring: scraped from the allowed pod, the exporter shows the lag of the paused replica.
    const ip = (await getPod(ns, lagging)).status.podIP;
    const metrics = await waitFor('exporter shows the lag', async () => {
      const r = await exec(ns, 'prometheus', ['curl', '-sS', '--max-time', '5', `http://${ip}:${exporterPort(driver)}/metrics`], { allowFail: true });
      const lag = driver.lagFromMetrics(r.stdout);
      return lag !== undefined && lag > 0 ? r.stdout : undefined;
    }, { timeoutMs: 60_000, namespace: ns, intervalMs: 2000 });
    expect(driver.lagFromMetrics(metrics)).toBeGreaterThan(0);
    // ...and not from the stranger pod (no grant for the metrics port).
    const denied = await exec(ns, 'stranger', ['timeout', '10', 'bash', '-c', `exec 3<>/dev/tcp/${ip}/${exporterPort(driver)} && echo open`],
      { allowFail: true, timeoutMs: 20_000 });
    expect(denied.stdout).not.toMatch(/open/);

    // PDB: with one replica unready, evicting a healthy pod is refused.
    const healthy = await evict(ns, `${DB}-1`);
    expect(healthy.allowed).toBe(false);
    expect(healthy.message).toMatch(/disruption budget|TooManyRequests|429/i);

    await driver.resumeReplica(ns, lagging, built.container);
    const resumed = Date.now();
    await waitFor(`${lagging} back in the read endpoints`, async () =>
      (await readyEndpoints(ns, `${DB}-ro`)).includes(lagging), { timeoutMs: 120_000, namespace: ns, intervalMs: 250 });
    timings.record('lag', 'lag-in (resumed replica back in read endpoints)', since(resumed));
    await caughtUp(lagging, 'e2e', 30_000);
  });

  scenario('PDB: with one replica unready, evicting the unready one is allowed', async () => {
    await deployed(3);
    const lagging = `${DB}-2`;
    await driver.pauseReplica(ns, lagging, built.container);
    await driver.clientSql(ns, built.clientPod, 'write', driver.insertSql('e2e', 400, 10));
    await waitPodNotReady(ns, lagging, 60_000);
    const before = (await getPod(ns, lagging)).metadata.uid;
    expect((await evict(ns, `${DB}-0`)).allowed).toBe(false);
    const r = await evict(ns, lagging);
    expect(r).toEqual({ allowed: true, message: expect.anything() });
    const start = Date.now();
    await waitFor(`${lagging} recreated and Ready`, async () => {
      const p = await getPod(ns, lagging);
      return p && p.metadata.uid !== before && isReady(p);
    }, { timeoutMs: 180_000, namespace: ns });
    timings.record('pdb', 'evicted unready replica back Ready', since(start));
    await caughtUp(lagging, 'e2e', 60_000);
  });

  scenario('backups: a Job from each backup CronJob succeeds (S3 and volume), verification passes, restore into a fresh database gives the same checksum', async () => {
    await deployed(3);
    // A known size: about 20 MiB of rows.
    await sql(`${DB}-0`, `${driver.createTableSql('sized')} ${driver.insertSql('sized', 1, 20_000)}`, appDb);
    for (const p of [`${DB}-1`, `${DB}-2`]) await caughtUp(p, 'sized', 120_000);
    const want = await sql(`${DB}-0`, driver.checksumSql('sized'), appDb);
    const jobs = built.backupCronJobs;
    const run = async (cron: string, metric: string) => {
      const job = `${cron.slice(0, 40)}-e2e-${Date.now() % 100000}`;
      await kubectl(['-n', ns, 'create', 'job', `--from=cronjob/${cron}`, job]);
      await timings.time('backup', metric, () => waitJob(ns, job, 600_000), '20 MiB table');
      return job;
    };
    await run(jobs.s3, 'backup to S3 (Job from CronJob)');
    await run(jobs.volume, 'backup to volume (Job from CronJob)');
    for (const [cron, metric] of [[jobs.s3Verify, 'verify S3 backup'], [jobs.volumeVerify, 'verify volume backup']]) {
      const job = await run(cron, metric);
      const p = (await listPods(ns, `job-name=${job}`)).find(x => x.status.phase === 'Succeeded');
      const msg = (p?.status?.containerStatuses ?? []).map((c: any) => c.state?.terminated?.message ?? '').join(' ');
      expect(msg).toMatch(/^\s*OK/);
    }
    const objects = fs.readdirSync(path.join(s3Dir, BUCKET), { recursive: true } as any).map(String);
    expect(objects.some(o => o.includes('SHA256SUMS'))).toBe(true);

    // Restore into a fresh database.
    built = build({ ...lastApp, withRestore: true });
    await apply(built.yaml);
    await waitPodsReady(ns, ['fresh-0'], 300_000);
    await timings.time('backup', 'restore from S3 into a fresh database', () => waitJob(ns, built.restoreJob!, 600_000), '20 MiB table');
    const got = await driver.superSql(ns, 'fresh-0', built.container, driver.checksumSql('sized'), appDb);
    expect(got).toBe(want);
  });

  scenario('deleting pod 0: it returns as primary with its data, replicas reconnect; write outage measured', async () => {
    await deployed(3);
    const want = await sql(`${DB}-0`, driver.checksumSql('e2e'), appDb);
    let n = 10_000;
    const meter = new OutageMeter(() => probeWrite(n++));
    await driver.clientSql(ns, built.clientPod, 'write', driver.createTableSql('probe_rows'));
    await sleep(1500);
    const start = Date.now();
    await kubectl(['-n', ns, 'delete', 'pod', `${DB}-0`, '--wait=false']);
    await sleep(2000);
    await waitPodsReady(ns, [`${DB}-0`], 180_000);
    timings.record('pod-0', 'pod 0 deleted -> Ready again', since(start));
    await waitFor('a write succeeds after pod 0 returned', async () =>
      (await driver.clientSql(ns, built.clientPod, 'write', 'SELECT 1;')).code === 0, { timeoutMs: 60_000, namespace: ns });
    await sleep(1500);
    const o = await meter.stop();
    timings.record('pod-0', 'write outage after deleting pod 0', o.total, `${o.failures} failed probes${o.unknown ? `, ${o.unknown} unanswered` : ''}`);
    expect((await podLabels(ns, `${DB}-0`))['cdk8s-db.io/role']).toBe('primary');
    expect(await sql(`${DB}-0`, driver.checksumSql('e2e'), appDb)).toBe(want);
    for (const p of [`${DB}-1`, `${DB}-2`]) {
      await waitFor(`${p} replicating again`, () => driver.isReplicating(ns, p, built.container), { timeoutMs: 120_000, namespace: ns });
      await caughtUp(p, 'probe_rows', 60_000);
    }
    await waitFor('both replicas in the read endpoints', async () =>
      (await readyEndpoints(ns, `${DB}-ro`)).length === 2, { timeoutMs: 120_000, namespace: ns });
  });

  scenario('update: a reloadable setting restarts no pod and is live on every server', async () => {
    await deployed(3);
    const before = await podState(ns, pods(3));
    const { name, value, expect: shown } = driver.reloadable;
    const meter = writeMeter();
    built = build({ ...lastApp, settings: { ...lastApp.settings, [name]: value } });
    await apply(built.yaml);
    const start = Date.now();
    for (const p of pods(3)) {
      await waitFor(`${p}: ${name} = ${value} live`, async () =>
        shown.test(await driver.showSetting(ns, p, built.container, name)), { timeoutMs: 150_000, namespace: ns, intervalMs: 2000 });
    }
    timings.record('update', `reloadable setting live on all pods (${name})`, since(start));
    await waitStatefulSetSettled(ns, DB, 600_000);
    const o = await meter.stop();
    timings.record('update', 'write outage, reloadable setting', o.total);
    expect(await podState(ns, pods(3))).toEqual(before);
  });

  scenario('update: a restart-requiring setting rolls pods from the highest ordinal to 0, the read Service never empty', async () => {
    await deployed(3);
    const before = await podState(ns, pods(3));
    const { name, value } = driver.restartRequired;
    const watch = new EndpointWatch(ns, `${DB}-ro`);
    const meter = writeMeter();
    built = build({ ...lastApp, settings: { ...lastApp.settings, [name]: value } });
    const start = Date.now();
    await apply(built.yaml);
    const recreated = await waitFor('every pod replaced and Ready', async () => {
      const now = await Promise.all(pods(3).map(p => getPod(ns, p)));
      return now.every((p, i) => p && p.metadata.uid !== before[i].uid && isReady(p)) ? now : undefined;
    }, { timeoutMs: 600_000, namespace: ns, intervalMs: 1000 });
    timings.record('update', 'rolling update (restart-requiring setting), 3 pods', since(start));
    const o = await meter.stop();
    timings.record('update', 'write outage, rolling update', o.total, `${o.failures} failed probes${o.unknown ? `, ${o.unknown} unanswered` : ''}`);
    const samples = await watch.stop();
    const order = recreated.map(p => [p.metadata.name, Date.parse(p.metadata.creationTimestamp)] as [string, number])
      .sort((a, b) => a[1] - b[1]).map(x => x[0]);
    expect(order).toEqual([`${DB}-2`, `${DB}-1`, `${DB}-0`]);
    const empty = samples.filter(s => s.pods.length === 0);
    if (empty.length) {
      const at = (t: number) => `${((t - start) / 1000).toFixed(1)} s`;
      progress(`${driver.id}: read Service empty at ${empty.map(e => at(e.t)).join(', ')} after apply; pods (re)created at ${
        recreated.map(p => `${p.metadata.name} ${at(Date.parse(p.metadata.creationTimestamp))}`).join(', ')}`);
    }
    expect({ samples: samples.length > 10, emptyReadService: empty.length }).toEqual({ samples: true, emptyReadService: 0 });
    for (const p of pods(3)) expect(await driver.showSetting(ns, p, built.container, name)).toMatch(new RegExp(`^${value}`));
  });

  scenario('scale-up 3 -> 4: no existing pod restarts; the new replica joins the read endpoints only once caught up', async () => {
    await deployed(3);
    const before = await podState(ns, pods(3));
    const meter = writeMeter();
    // Data the new replica must have before it may serve reads.
    await sql(`${DB}-0`, driver.insertSql('sized', 100_000, 5_000), appDb);
    const want = await sql(`${DB}-0`, driver.checksumSql('sized'), appDb);
    built = build({ ...lastApp, replicas: 4 });
    const start = Date.now();
    await apply(built.yaml);
    const newPod = `${DB}-3`;
    let firstSeen: string | undefined;
    await waitFor(`${newPod} in the read endpoints`, async () => {
      if (!(await readyEndpoints(ns, `${DB}-ro`)).includes(newPod)) return false;
      firstSeen = await sql(newPod, driver.checksumSql('sized'), appDb);
      return true;
    }, { timeoutMs: 300_000, namespace: ns, intervalMs: 500 });
    timings.record('scale', 'scale-up: new replica in read endpoints', since(start));
    expect(firstSeen).toBe(want);
    await waitStatefulSetSettled(ns, DB, 600_000);
    const o = await meter.stop();
    timings.record('scale', 'write outage, scale-up 3 -> 4', o.total, `${o.failures} failed probes${o.unknown ? `, ${o.unknown} unanswered` : ''}`);
    expect(await podState(ns, pods(3))).toEqual(before);
  });

  scenario('write burst beyond what the primary keeps: every replica streams again and serves reads, no human action', async () => {
    await deployed(lastApp.replicas);
    const replica = `${DB}-1`;
    const start = Date.now();
    const note = await driver.outrunReplica(ns, `${DB}-0`, replica, built.container, 300);
    console.log(`${driver.id} write burst: ${note}`);
    timings.record('burst', 'write burst (300 MB) on the primary', since(start));
    const back = Date.now();
    for (const p of pods(lastApp.replicas).slice(1)) {
      await waitFor(`${p} replicating after the burst`, () => driver.isReplicating(ns, p, built.container), { timeoutMs: 300_000, namespace: ns, intervalMs: 3000 });
    }
    await waitFor('every replica back in the read endpoints', async () =>
      (await readyEndpoints(ns, `${DB}-ro`)).length === lastApp.replicas - 1, { timeoutMs: 300_000, namespace: ns, intervalMs: 2000 });
    timings.record('burst', 'replicas streaming and serving after the burst', since(back));
  });

  /** Writes through the client every 0.5 s until stopped. */
  function writeMeter(): OutageMeter {
    let n = Math.floor(Math.random() * 1e9);
    return new OutageMeter(() => probeWrite(n++));
  }

  /** One write through the write host: acknowledged, refused, or undefined when kubectl itself timed out. */
  async function probeWrite(id: number): Promise<boolean | undefined> {
    const r = await driver.clientSql(ns, built.clientPod, 'write', driver.insertSql('probe_rows', id, 1), 20_000);
    return r.timedOut ? undefined : r.code === 0;
  }
}

function exporterPort(driver: Driver): number {
  return driver.id === 'pg' ? 9187 : 9104;
}

/** uid and container restart counts of each pod: equal before/after means nothing restarted. */
async function podState(ns: string, names: string[]): Promise<{ name: string; uid: string; restarts: number[] }[]> {
  const all = await getJson(['-n', ns, 'pods']);
  return names.map(n => {
    const p = all.items.find((x: any) => x.metadata.name === n);
    return { name: n, uid: p?.metadata?.uid, restarts: (p?.status?.containerStatuses ?? []).map((c: any) => c.restartCount) };
  });
}

function cronNames(s3: BackupSchedule, vol: BackupSchedule) {
  return { s3: s3.cronJobName, s3Verify: s3.verifyCronJobName!, volume: vol.cronJobName, volumeVerify: vol.verifyCronJobName! };
}

