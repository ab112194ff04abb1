/**
 * Synth tests of TLS for the Redis engine: what a ReplicatedDatabase with `DatabaseTls` renders
 * (redis.conf, the environment the scripts switch on, mounts, the Certificate's names, connection
 * info), its DbMonitoring exporter and BackupSchedule Jobs, schema validation, and bad input.
 * The real-server behaviour is in test/real/tls-redis.test.ts.
 */
import { Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  BackupDestination, BackupRetention, DatabaseEngine, DatabaseTls, ReplicatedDatabase, ReplicatedDatabaseProps,
} from '../../../src';
import { renderRedisConf, renderTlsLines } from '../../../src/engines/redis/config';
import { validateAll } from '../../validation';

const TLS_DIR = '/var/run/secrets/cdk8s-db/tls';

function build(props: Partial<ReplicatedDatabaseProps> = {}, options: { namespace?: string; extras?: boolean } = {}) {
  const chart = Testing.chart();
  if (options.namespace !== undefined) (chart as any).namespace = options.namespace;
  const db = new ReplicatedDatabase(chart, 'cache', {
    name: 'cache',
    engine: DatabaseEngine.redis(),
    tls: DatabaseTls.certManager({ issuerName: 'internal-ca', require: true }),
    ...props,
  });
  if (options.extras ?? true) {
    const schedule = db.addBackupSchedule('Backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.volume({ claimName: 'backups' }),
      retention: BackupRetention.keepLast(3),
      verifyRestore: true,
    });
    schedule.restoreJob('Restore');
    db.addMonitoring('Monitoring', { namespace: options.namespace ?? 'shop' });
  }
  return { chart, db, docs: Testing.synth(chart) };
}
const one = (docs: any[], kind: string, name?: string) => {
  const found = docs.filter(d => d.kind === kind && (name === undefined || d.metadata.name === name));
  expect(found).toHaveLength(1);
  return found[0];
};
const podSpec = (docs: any[], kind: string, name: string) => {
  const d = one(docs, kind, name);
  return d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.spec : d.spec.template.spec;
};
const envOf = (c: any): { [name: string]: any } => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const conf = (docs: any[]) => one(docs, 'ConfigMap', 'cache-config').data['redis.conf'];
const mountsTls = (c: any) => (c.volumeMounts ?? []).some((m: any) => m.name === 'tls');

describe('Redis engine with TLS', () => {
  test('every document is valid (Kubernetes 1.28 schema, cert-manager CRD), with backups and monitoring, with and without a namespace', () => {
    const variants: Partial<ReplicatedDatabaseProps>[] = [
      {},
      { tls: DatabaseTls.fromSecret('cache-cert', { require: true }), replicas: 5 },
      { engine: DatabaseEngine.redis({ port: 6380, sentinelPort: 26380 }) },
    ];
    for (const v of variants) {
      for (const namespace of ['shop', undefined]) {
        const { docs } = build(v, { namespace, extras: namespace !== undefined });
        expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
      }
    }
  });

  test('redis.conf: the certificate files, TLS replication, no client certificates; run.sh sets the ports', () => {
    const c = conf(build().docs);
    expect(c).toMatch(new RegExp(`^tls-cert-file ${TLS_DIR}/tls\\.crt$`, 'm'));
    expect(c).toMatch(new RegExp(`^tls-key-file ${TLS_DIR}/tls\\.key$`, 'm'));
    expect(c).toMatch(new RegExp(`^tls-ca-cert-file ${TLS_DIR}/ca\\.crt$`, 'm'));
    expect(c).toMatch(/^tls-replication yes$/m);
    expect(c).toMatch(/^tls-auth-clients no$/m);
    expect(c).toMatch(/^tls-protocols "TLSv1\.2 TLSv1\.3"$/m);
    // The ports are per pod (run.sh): `port 0` and `tls-port`.
    expect(c).not.toMatch(/^(tls-)?port /m);
    // Without TLS there is no tls- line at all.
    expect(conf(build({ tls: undefined }, { extras: false }).docs)).not.toMatch(/^tls-/m);
    expect(() => renderTlsLines({ certFile: 'relative.crt', keyFile: '/k', caFile: '/c' })).toThrow(/expected an absolute path/);
    const base = { memoryBytes: 2 ** 28, persistence: 'aof' as const, evictionPolicy: 'noeviction', minReplicasToWrite: 1, minReplicasMaxLagSeconds: 10, overrides: {} };
    expect(renderRedisConf(base)).not.toMatch(/tls/);
  });

  test('the scripts get the TLS files: every container of the engine image mounts the Secret and has REDIS_TLS_*', () => {
    const { docs } = build();
    const spec = podSpec(docs, 'StatefulSet', 'cache');
    const all = [...spec.initContainers, ...spec.containers];
    const engineImage = all.filter((c: any) => c.image.startsWith('redis:'));
    expect(engineImage.map((c: any) => c.name)).toEqual(['bootstrap', 'redis', 'sentinel', 'role-probe']);
    for (const c of engineImage) {
      expect(mountsTls(c)).toBe(true);
      const env = envOf(c);
      expect([env.REDIS_TLS_CERT_FILE, env.REDIS_TLS_KEY_FILE, env.REDIS_TLS_CA_FILE]).toEqual([`${TLS_DIR}/tls.crt`, `${TLS_DIR}/tls.key`, `${TLS_DIR}/ca.crt`]);
    }
    // The API patcher and the exporter never see the key.
    for (const c of all.filter((x: any) => !x.image.startsWith('redis:'))) expect(mountsTls(c)).toBe(false);
    expect(spec.volumes.find((v: any) => v.name === 'tls')).toEqual({ name: 'tls', secret: { secretName: 'cache-tls', defaultMode: 0o440 } });
    expect(JSON.stringify(docs)).not.toMatch(/BEGIN (EC |RSA )?PRIVATE KEY/);
  });

  test('the Certificate covers the pods and every Service, the Sentinel Service included', () => {
    const names: string[] = one(build({}, { namespace: 'shop' }).docs, 'Certificate').spec.dnsNames;
    for (const n of ['cache-rw', 'cache-ro', 'cache-sentinel', 'cache-headless', 'cache-0.cache-headless', 'cache-2.cache-headless',
      'cache-sentinel.shop.svc', 'cache-sentinel.shop.svc.cluster.local', 'cache-1.cache-headless.shop.svc.cluster.local']) {
      expect(names).toContain(n);
    }
    expect(names).not.toContain('cache-3.cache-headless');
  });

  test('connection info: verify-full, the CA, and TLS for sentinel-aware clients', () => {
    const chart = Testing.chart();
    (chart as any).namespace = 'shop';
    const db = new ReplicatedDatabase(chart, 'cache', {
      name: 'cache', engine: DatabaseEngine.redis(), tls: DatabaseTls.fromSecret('cache-cert', { require: true }),
    });
    const app = new kplus.Deployment(chart, 'api', { containers: [{ image: 'ghcr.io/example/api:1', portNumber: 8080 }] });
    db.allowFrom(app);
    expect(db.connection).toMatchObject({ tlsSecretName: 'cache-cert', caKey: 'ca.crt', sslMode: 'verify-full', port: 6379 });
    expect(db.connection.extraEndpoints).toEqual({ SENTINEL_HOST: 'cache-sentinel.shop.svc', SENTINEL_PORT: '26379', SENTINEL_MASTER: 'cache', SENTINEL_TLS: 'true' });
    const docs = Testing.synth(chart);
    const c = one(docs, 'Deployment').spec.template.spec.containers[0];
    const env = envOf(c);
    expect(env.DB_SSLMODE).toBe('verify-full');
    expect(env.DB_SSLROOTCERT).toBe('/var/run/secrets/cdk8s-db/cache-ca/ca.crt');
    expect(env.DB_SENTINEL_TLS).toBe('true');
    // Without TLS no SENTINEL_TLS.
    const plain = new ReplicatedDatabase(Testing.chart(), 'plain', { name: 'plain', engine: DatabaseEngine.redis() });
    expect(plain.connection.extraEndpoints?.SENTINEL_TLS).toBeUndefined();
  });

  test('exporter: rediss:// over loopback (not verified: the certificate does not name 127.0.0.1)', () => {
    const spec = podSpec(build().docs, 'StatefulSet', 'cache');
    const exporter = spec.containers.find((c: any) => c.name === 'exporter');
    expect(exporter.args).toEqual(expect.arrayContaining(['--redis.addr=rediss://127.0.0.1:6379', '--skip-tls-verification']));
    expect(exporter.args.join(' ')).not.toMatch(/redis:\/\//);
    const plain = podSpec(build({ tls: undefined }).docs, 'StatefulSet', 'cache').containers.find((c: any) => c.name === 'exporter');
    expect(plain.args).toContain('--redis.addr=redis://127.0.0.1:6379');
    expect(plain.args).not.toContain('--skip-tls-verification');
  });

  test('backups: the dump mounts only the CA, the restore the CA and the key pair, the verification nothing', () => {
    const { docs } = build();
    const dumpPod = podSpec(docs, 'CronJob', 'cache-backup');
    const dump = dumpPod.initContainers[0];
    expect(envOf(dump).REDIS_TLS_CA_FILE).toBe(`${TLS_DIR}/ca.crt`);
    expect(envOf(dump).REDIS_TLS_KEY_FILE).toBeUndefined();
    expect(dump.volumeMounts).toContainEqual({ name: 'tls', mountPath: TLS_DIR, readOnly: true });
    expect(dumpPod.volumes.find((v: any) => v.name === 'tls')).toEqual({
      name: 'tls', secret: { secretName: 'cache-tls', defaultMode: 0o440, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    });
    // The rclone step never mounts it.
    expect(mountsTls(dumpPod.containers[0])).toBe(false);
    const restorePod = podSpec(docs, 'Job', 'cache-restore');
    const restore = restorePod.containers[0];
    expect([envOf(restore).REDIS_TLS_CA_FILE, envOf(restore).REDIS_TLS_CERT_FILE, envOf(restore).REDIS_TLS_KEY_FILE])
      .toEqual([`${TLS_DIR}/ca.crt`, `${TLS_DIR}/tls.crt`, `${TLS_DIR}/tls.key`]);
    expect(restorePod.volumes.find((v: any) => v.name === 'tls').secret.items.map((i: any) => i.key)).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(mountsTls(restorePod.initContainers[0])).toBe(false);
    const verifyPod = podSpec(docs, 'CronJob', 'cache-backup-verify');
    expect(verifyPod.volumes.some((v: any) => v.name === 'tls')).toBe(false);
    // Without TLS: no TLS variable, no volume.
    const plain = build({ tls: undefined }).docs;
    expect(envOf(podSpec(plain, 'CronJob', 'cache-backup').initContainers[0]).REDIS_TLS_CA_FILE).toBeUndefined();
    expect(podSpec(plain, 'Job', 'cache-restore').volumes.some((v: any) => v.name === 'tls')).toBe(false);
  });

  test('the pods roll when the TLS Secret changes name (config-hash), not on a renewal', () => {
    const hash = (tls: DatabaseTls) => one(build({ tls }, { extras: false }).docs, 'StatefulSet').spec.template.metadata.annotations['cdk8s-db.io/config-hash'];
    expect(hash(DatabaseTls.fromSecret('a', { require: true }))).not.toBe(hash(DatabaseTls.fromSecret('b', { require: true })));
    expect(hash(DatabaseTls.fromSecret('a', { require: true }))).toBe(hash(DatabaseTls.fromSecret('a', { require: true })));
  });

  test('bad input: TLS that is not required, and tls-* settings, are refused naming the prop and the value', () => {
    expect(() => build({ tls: DatabaseTls.certManager({ issuerName: 'ca' }) }, { extras: false }))
      .toThrow(/ReplicatedDatabase cache: invalid tls.require false: must be true for Redis: Redis cannot serve TLS and plain text on one port/);
    expect(() => build({ tls: DatabaseTls.fromSecret('cache-cert', { require: false }) }, { extras: false })).toThrow(/invalid tls.require false/);
    expect(() => DatabaseEngine.redis({ settings: { 'tls-port': '6380' } })).toThrow(/invalid settings.tls-port "6380": is managed by cdk8s-db: TLS is set by the database's tls property/);
    for (const name of ['tls-cert-file', 'tls-replication', 'TLS-Auth-Clients', 'tls-protocols']) {
      expect(() => DatabaseEngine.redis({ settings: { [name]: 'x' } })).toThrow(new RegExp(`invalid settings\\.${name} "x": is managed by cdk8s-db`));
    }
  });
});
