import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { validateAll } from './validation';
import { DatabaseCredentials, DatabaseEngine, Placement, PostgresVersion, ReplicatedDatabase, ReplicatedDatabaseProps } from '../src';

function synth(props: Partial<ReplicatedDatabaseProps> = {}, namespace?: string): { docs: any[]; db: ReplicatedDatabase; chart: Chart } {
  const chart = Testing.chart();
  if (namespace) (chart as any).namespace = namespace;
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), ...props });
  return { docs: Testing.synth(chart), db, chart };
}

const find = (docs: any[], kind: string, name?: string) =>
  docs.filter(d => d.kind === kind && (name === undefined || d.metadata.name === name));
const one = (docs: any[], kind: string, name?: string) => {
  const found = find(docs, kind, name);
  expect(found).toHaveLength(1);
  return found[0];
};
const allContainers = (pod: any): any[] => [...(pod.initContainers ?? []), ...pod.containers];

describe('ReplicatedDatabase (PostgreSQL)', () => {
  test('every document is valid against the Kubernetes 1.28 schema and semantics, for many variants', () => {
    const variants: Partial<ReplicatedDatabaseProps>[] = [
      {},
      { replicas: 1 },
      { replicas: 2, readFromPrimary: true },
      { replicas: 5, updatePartition: 4, storage: { size: Size.gibibytes(500), storageClassName: 'fast-ssd', deleteWithDatabase: true } },
      { credentials: DatabaseCredentials.fromSecret('my-secret'), podDisruptionBudget: false },
      { scheduling: { nodeAntiAffinity: Placement.REQUIRED, zoneSpread: Placement.NONE } },
      { resources: { memory: Size.mebibytes(256), cpu: kplus.Cpu.millis(100), cpuLimit: kplus.Cpu.units(1) } },
      { engine: DatabaseEngine.postgres({ version: PostgresVersion.V14 }) },
      { engine: DatabaseEngine.postgres({ version: PostgresVersion.V17, digest: `sha256:${'a'.repeat(64)}` }) },
    ];
    for (const v of variants) {
      const { docs } = synth(v, 'shop');
      expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    }
  });

  test('StatefulSet: ordered startup, per-pod volumes, data retained, replicas roll before the primary', () => {
    const { docs } = synth({ storage: { size: Size.gibibytes(50), storageClassName: 'fast-ssd' } });
    const sts = one(docs, 'StatefulSet', 'orders');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const [vct] = sts.spec.volumeClaimTemplates;
    expect(vct.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '50Gi' } } });
    expect(sts.spec.serviceName).toBe('orders-headless');
    expect(sts.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    const main = sts.spec.template.spec.containers[0];
    expect(main.lifecycle.preStop.exec.command.join(' ')).toMatch(/prestop\.sh$/);
  });

  test('staged upgrades through updatePartition; volumes deleted only on request', () => {
    const { docs } = synth({ updatePartition: 2, storage: { deleteWithDatabase: true } });
    const sts = one(docs, 'StatefulSet');
    expect(sts.spec.updateStrategy.rollingUpdate.partition).toBe(2);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Delete' });
  });

  test('write endpoint reaches only pod 0; read endpoint only pods labelled replica; headless publishes not-ready pods', () => {
    const { docs } = synth();
    const headless = one(docs, 'Service', 'orders-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    const write = one(docs, 'Service', 'orders-rw');
    expect(write.spec.selector['statefulset.kubernetes.io/pod-name']).toBe('orders-0');
    const read = one(docs, 'Service', 'orders-ro');
    expect(read.spec.selector['cdk8s-db.io/role']).toBe('replica');
    expect(read.spec.selector['statefulset.kubernetes.io/pod-name']).toBeUndefined();
    // The pod template never carries the role: each pod sets it on itself at start.
    const sts = one(docs, 'StatefulSet');
    expect(sts.spec.template.metadata.labels['cdk8s-db.io/role']).toBeUndefined();
    const label = sts.spec.template.spec.initContainers.find((c: any) => c.name === 'label-role');
    expect(label.env.find((e: any) => e.name === 'ROLE_LABEL').value).toBe('cdk8s-db.io/role');
  });

  test('readFromPrimary and single-pod databases read from every pod and need no API access', () => {
    for (const props of [{ readFromPrimary: true }, { replicas: 1 }]) {
      const { docs } = synth(props);
      const read = one(docs, 'Service', 'orders-ro');
      expect(read.spec.selector['cdk8s-db.io/role']).toBeUndefined();
      const sts = one(docs, 'StatefulSet');
      expect(sts.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['bootstrap']);
      expect(sts.spec.template.spec.serviceAccountName).toBeUndefined();
      expect(find(docs, 'Role').map(r => r.metadata.name)).toEqual(['orders-credentials-generator']);
    }
  });

  test('the role labeller may patch only the set\'s own pods, and only its container sees the token', () => {
    const { docs } = synth({ replicas: 4 });
    const role = one(docs, 'Role', 'orders-db');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], resourceNames: ['orders-0', 'orders-1', 'orders-2', 'orders-3'], verbs: ['get', 'patch'] }]);
    const pod = one(docs, 'StatefulSet').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('orders-db');
    const withToken = allContainers(pod).filter(c => (c.volumeMounts ?? []).some((m: any) => m.name === 'api-token'));
    expect(withToken.map(c => c.name)).toEqual(['label-role']);
  });

  test('PodDisruptionBudget never blocks a drain: one pod at a time, unhealthy pods always evictable, none for one pod', () => {
    for (const replicas of [2, 3, 7]) {
      const pdb = one(synth({ replicas }).docs, 'PodDisruptionBudget');
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec.minAvailable).toBeUndefined();
      expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    }
    expect(find(synth({ replicas: 1 }).docs, 'PodDisruptionBudget')).toHaveLength(0);
    expect(find(synth({ podDisruptionBudget: false }).docs, 'PodDisruptionBudget')).toHaveLength(0);
  });

  test('no password or key ever appears in the output', () => {
    const { docs } = synth();
    expect(find(docs, 'Secret')).toHaveLength(0);
    const text = YAML.stringify(docs);
    for (const doc of docs.filter(d => d.spec?.template?.spec ?? d.spec?.jobTemplate)) {
      const pod = doc.spec.template.spec;
      for (const c of allContainers(pod)) {
        for (const e of c.env ?? []) {
          if (/PASSWORD$/.test(e.name)) {
            expect(e.value).toBeUndefined();
            expect(e.valueFrom.secretKeyRef.name).toBe('orders-credentials');
          }
        }
      }
    }
    expect(text).not.toMatch(/password\s*=\s*'[^$]/i);
  });

  test('generated credentials: a Job with a Role that can create Secrets and read and patch only this one', () => {
    const { docs } = synth();
    const role = one(docs, 'Role', 'orders-credentials-generator');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['orders-credentials'], verbs: ['get', 'patch'] },
    ]);
    const job = one(docs, 'Job', 'orders-credentials-generator');
    const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.SECRET_NAME).toBe('orders-credentials');
    // The first Job's pod template is what earlier versions applied (Kubernetes never lets it change):
    // the same four keys, in the same order.
    expect(env.SECRET_KEYS).toBe('superuser-password replication-password app-password monitoring-password');
    expect(env.SECRET_LITERALS).toBe('app-user=app database=app');
  });

  test('generated credentials: a second Job adds the backup and read-only passwords to a Secret that lacks them', () => {
    const { docs } = synth();
    const jobs = find(docs, 'Job').map(j => j.metadata.name).sort();
    expect(jobs).toEqual(['orders-credentials-generator', 'orders-credentials-keys-2']);
    const first = one(docs, 'Job', 'orders-credentials-generator').spec.template.spec;
    const second = one(docs, 'Job', 'orders-credentials-keys-2').spec.template.spec;
    const env = Object.fromEntries(second.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.SECRET_KEYS.split(' ')).toEqual([
      'superuser-password', 'replication-password', 'app-password', 'monitoring-password', 'backup-password', 'readonly-password',
    ]);
    expect(env.SECRET_LITERALS).toBe('app-user=app database=app');
    // Same ServiceAccount (no second Role), same fixed-name script ConfigMap, same script.
    expect(second.serviceAccountName).toBe('orders-credentials-generator');
    expect(find(docs, 'ServiceAccount').map(a => a.metadata.name)).not.toContain('orders-credentials-keys-2');
    expect(second.volumes).toEqual(first.volumes);
    expect(second.containers[0].command).toEqual(first.containers[0].command);
    // The pods need both new keys: they wait (CreateContainerConfigError) until the Job added them.
    const pods = one(docs, 'StatefulSet').spec.template.spec;
    const keys = [...pods.initContainers, ...pods.containers]
      .flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.key)).filter(Boolean);
    expect(new Set(keys)).toEqual(new Set(['superuser-password', 'replication-password', 'app-password', 'monitoring-password', 'backup-password', 'readonly-password']));
  });

  test('an existing Secret: no generator, pods read that Secret', () => {
    const { docs } = synth({ credentials: DatabaseCredentials.fromSecret('vault-orders') });
    expect(find(docs, 'Job')).toHaveLength(0);
    const env = one(docs, 'StatefulSet').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'APP_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'vault-orders', key: 'app-password' });
  });

  test('restricted pod security for every container of every workload', () => {
    const { docs } = synth();
    for (const doc of docs.filter(d => ['StatefulSet', 'Job'].includes(d.kind))) {
      const pod = doc.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of allContainers(pod)) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
        });
        expect(c.resources.limits.memory).toBeDefined();
      }
    }
  });

  test('probes: lag thresholds reach the readiness script; startup covers a long recovery; liveness is lenient', () => {
    const { docs } = synth({ readiness: { maxLagBytes: 1024, maxLagSeconds: 5, period: Duration.seconds(3), startupTimeout: Duration.hours(2) } });
    const c = one(docs, 'StatefulSet').spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
    expect(env.READINESS_MAX_LAG_BYTES).toBe('1024');
    expect(env.READINESS_MAX_LAG_SECONDS).toBe('5');
    expect(c.readinessProbe.periodSeconds).toBe(3);
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(7200);
    expect(c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds).toBeGreaterThanOrEqual(60);
    expect(c.readinessProbe.exec.command.join(' ')).toMatch(/readiness\.sh$/);
  });

  test('scheduling: preferred anti-affinity and zone spread by default, overridable', () => {
    const pod = (props: Partial<ReplicatedDatabaseProps>) => one(synth(props).docs, 'StatefulSet').spec.template.spec;
    const def = pod({});
    expect(def.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(def.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 1 });
    const strict = pod({ scheduling: { nodeAntiAffinity: Placement.REQUIRED, zoneSpread: Placement.REQUIRED } });
    expect(strict.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(strict.topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
    const none = pod({ scheduling: { nodeAntiAffinity: Placement.NONE, zoneSpread: Placement.NONE } });
    expect(none.affinity).toBeUndefined();
    expect(none.topologySpreadConstraints).toBeUndefined();
  });

  test('configuration is derived from resources and rolls the pods when it changes', () => {
    const a = synth({ resources: { memory: Size.gibibytes(4) } }).docs;
    const b = synth({ resources: { memory: Size.gibibytes(8) } }).docs;
    const conf = (docs: any[]) => one(docs, 'ConfigMap', 'orders-config').data['postgresql.conf'];
    expect(conf(a)).toMatch(/^shared_buffers\s*=\s*'?1GB'?/m);
    expect(conf(b)).toMatch(/^shared_buffers\s*=\s*'?2GB'?/m);
    const hash = (docs: any[]) => one(docs, 'StatefulSet').spec.template.metadata.annotations['cdk8s-db.io/config-hash'];
    expect(hash(a)).not.toEqual(hash(b));
    const res = one(a, 'StatefulSet').spec.template.spec.containers[0].resources;
    expect(res).toEqual({ requests: { cpu: '500m', memory: '4Gi' }, limits: { memory: '4Gi' } });
  });

  test('connection info and environment for a cdk8s-plus workload', () => {
    const { chart, db } = synth({}, 'shop');
    expect(db.connection).toEqual({
      writeHost: 'orders-rw.shop.svc',
      readHost: 'orders-ro.shop.svc',
      port: 5432,
      database: 'app',
      username: 'app',
      secretName: 'orders-credentials',
      passwordKey: 'app-password',
      readonlyUsername: 'readonly',
      readonlyPasswordKey: 'readonly-password',
    });
    const app = new kplus.Deployment(chart, 'api', { containers: [{ image: 'example/api:1.0' }] });
    db.addConnectionEnv(app);
    const reader = new kplus.Deployment(chart, 'reader', { containers: [{ image: 'example/reader:1.0' }] });
    db.addConnectionEnv(reader, { readOnly: true, prefix: 'RO_' });
    const deployments = Testing.synth(chart).filter(d => d.kind === 'Deployment');
    const envOf = (name: string) => deployments.find(d => d.metadata.name.includes(name)).spec.template.spec.containers[0].env;
    expect(envOf('api')).toEqual(expect.arrayContaining([
      { name: 'DB_HOST', value: 'orders-rw.shop.svc' },
      { name: 'DB_READ_HOST', value: 'orders-ro.shop.svc' },
      { name: 'DB_PORT', value: '5432' },
      { name: 'DB_USER', value: 'app' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-credentials', key: 'app-password' } } },
    ]));
    // Read-only: the read endpoint, the read-only user and its own password, no write endpoint.
    const ro = envOf('reader');
    expect(ro).toEqual(expect.arrayContaining([
      { name: 'RO_HOST', value: 'orders-ro.shop.svc' },
      { name: 'RO_USER', value: 'readonly' },
      { name: 'RO_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-credentials', key: 'readonly-password' } } },
    ]));
    expect(JSON.stringify(ro)).not.toMatch(/orders-rw|app-password|RO_READ_HOST/);
  });

  test('a read-only grant to a Redis database keeps the application user (no read-only user there)', () => {
    const chart = Testing.chart();
    const redis = new ReplicatedDatabase(chart, 'cache', { name: 'cache', engine: DatabaseEngine.redis() });
    expect(redis.connection.readonlyUsername).toBeUndefined();
    const app = new kplus.Deployment(chart, 'reader', { containers: [{ image: 'example/reader:1.0' }] });
    redis.addConnectionEnv(app, { readOnly: true });
    const env = one(Testing.synth(chart), 'Deployment').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef.key).toBe('app-password');
  });

  test('the application user may not take the backup or read-only user\'s name', () => {
    for (const username of ['backup', 'readonly']) {
      for (const engine of [DatabaseEngine.postgres(), DatabaseEngine.mariadb()]) {
        expect(() => new ReplicatedDatabase(Testing.chart(), 'orders', { name: 'orders', engine, username })).toThrow(new RegExp(`invalid username "${username}": is reserved`));
      }
    }
  });

  test('scripts ship verbatim in one content-addressed ConfigMap shared by the databases of a chart', () => {
    const chart = Testing.chart();
    new ReplicatedDatabase(chart, 'a', { name: 'a', engine: DatabaseEngine.postgres() });
    new ReplicatedDatabase(chart, 'b', { name: 'b', engine: DatabaseEngine.postgres(), replicas: 1 });
    const docs = Testing.synth(chart);
    const maps = find(docs, 'ConfigMap').filter(d => d.metadata.name.startsWith('cdk8s-db-postgres-scripts-'));
    expect(maps).toHaveLength(1);
    const readiness = fs.readFileSync(path.join(__dirname, '..', 'src', 'engines', 'postgres', 'scripts', 'readiness.sh'), 'utf8');
    expect(maps[0].data['readiness.sh']).toBe(readiness);
    for (const sts of find(docs, 'StatefulSet')) {
      expect(sts.spec.template.spec.volumes.find((v: any) => v.name === 'scripts').configMap).toEqual({ name: maps[0].metadata.name, defaultMode: 0o555 });
    }
    // The credentials Jobs mount a ConfigMap of fixed name (a Job's pod template never changes).
    for (const job of find(docs, 'Job')) {
      expect(job.spec.template.spec.volumes[0].configMap.name).toBe('cdk8s-db-scripts-secret-generator');
    }
    expect(find(docs, 'ConfigMap').filter(d => d.metadata.name === 'cdk8s-db-scripts-secret-generator')).toHaveLength(1);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('the name defaults to the construct id, wherever the construct sits in the tree', () => {
    const chart = Testing.chart();
    const db = new ReplicatedDatabase(new Construct(new Construct(chart, 'Group'), 'Inner'), 'orders', { engine: DatabaseEngine.postgres() });
    expect(db.name).toBe('orders');
    expect(one(Testing.synth(chart), 'StatefulSet').metadata.name).toBe('orders');
    expect(() => new ReplicatedDatabase(chart, 'Orders', { engine: DatabaseEngine.postgres() }))
      .toThrow(/ReplicatedDatabase test\/Orders: invalid id "Orders": is the default name, so it must be a DNS label.*or pass name/);
  });
});

describe('bad input fails at synth time and names the prop and the value', () => {
  const cases: [string, () => any, RegExp][] = [
    ['zero replicas', () => synth({ replicas: 0 }), /replicas 0/],
    ['negative replicas', () => synth({ replicas: -2 }), /replicas -2/],
    ['fractional replicas', () => synth({ replicas: 1.5 }), /replicas 1\.5/],
    ['name not a DNS label', () => synth({ name: 'Orders_DB' }), /name "Orders_DB"/],
    ['name too long for a StatefulSet', () => synth({ name: 'a'.repeat(53) }), /name "a{53}".*at most 52/],
    ['tiny storage', () => synth({ storage: { size: Size.mebibytes(10) } }), /storage\.size "10Mi"/],
    ['tiny memory', () => synth({ resources: { memory: Size.mebibytes(64) } }), /resources\.memory "64Mi"/],
    ['cpu limit under request', () => synth({ resources: { cpu: kplus.Cpu.units(2), cpuLimit: kplus.Cpu.millis(500) } }), /resources\.cpuLimit "500m"/],
    ['negative lag bytes', () => synth({ readiness: { maxLagBytes: -1 } }), /readiness\.maxLagBytes -1/],
    ['zero lag seconds', () => synth({ readiness: { maxLagSeconds: 0 } }), /readiness\.maxLagSeconds 0/],
    ['startup timeout too short', () => synth({ readiness: { startupTimeout: Duration.seconds(5) } }), /readiness\.startupTimeout "5 seconds": must be at least 30 s/],
    ['partition beyond the replicas', () => synth({ replicas: 3, updatePartition: 3 }), /updatePartition 3/],
    ['bad storage class', () => synth({ storage: { storageClassName: 'Fast SSD' } }), /storage\.storageClassName "Fast SSD"/],
    ['reserved user name', () => synth({ username: 'replicator' }), /username "replicator".*reserved/],
    ['bad database name', () => synth({ databaseName: 'my-db' }), /databaseName "my-db"/],
    ['unsupported version', () => PostgresVersion.of(12, '12.20'), /major 12/],
    ['bad digest', () => DatabaseEngine.postgres({ digest: 'sha256:xyz' }), /digest "sha256:xyz"/],
    ['bad image', () => DatabaseEngine.postgres({ image: 'Postgres:16' }), /image "Postgres:16"/],
    ['bad port', () => DatabaseEngine.postgres({ port: 80 }), /port 80/],
    ['short generated password', () => synth({ credentials: DatabaseCredentials.generated({ passwordLength: 8 }) }), /passwordLength 8/],
  ];
  test.each(cases)('%s', (_label, fn, message) => {
    expect(fn).toThrow(message);
  });
});
