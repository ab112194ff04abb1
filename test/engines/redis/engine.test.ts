import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  DatabaseCredentials, DatabaseEngine, DatabaseTls, RedisEvictionPolicy, RedisPersistence, RedisVersion, ReplicatedDatabase, ReplicatedDatabaseProps,
} from '../../../src';
import { redisSizes, renderRedisConf } from '../../../src/engines/redis/config';
import { validateAll } from '../../validation';

function synth(props: Partial<ReplicatedDatabaseProps> = {}, namespace = 'shop'): any[] {
  const chart = Testing.chart();
  (chart as any).namespace = namespace;
  new ReplicatedDatabase(chart, 'cache', { name: 'cache', engine: DatabaseEngine.redis(), ...props });
  return Testing.synth(chart);
}
const one = (docs: any[], kind: string, name?: string) => {
  const found = docs.filter(d => d.kind === kind && (name === undefined || d.metadata.name === name));
  expect(found).toHaveLength(1);
  return found[0];
};
const pod = (docs: any[]) => one(docs, 'StatefulSet').spec.template.spec;
const container = (docs: any[], name: string) => pod(docs).containers.find((c: any) => c.name === name);
const envOf = (c: any): { [name: string]: any } => Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const conf = (docs: any[]) => one(docs, 'ConfigMap', 'cache-config').data['redis.conf'];

describe('DatabaseEngine.redis', () => {
  test('every document is valid against the Kubernetes 1.28 schema and semantics, for many variants', () => {
    const variants: Partial<ReplicatedDatabaseProps>[] = [
      {},
      { replicas: 5, updatePartition: 4, storage: { size: Size.gibibytes(20), storageClassName: 'fast-ssd' } },
      { readFromPrimary: true, resources: { memory: Size.mebibytes(256), cpu: kplus.Cpu.millis(100) } },
      { credentials: DatabaseCredentials.fromSecret('cache-db'), engine: DatabaseEngine.redis({ version: RedisVersion.V7_2, persistence: RedisPersistence.RDB, evictionPolicy: RedisEvictionPolicy.ALLKEYS_LRU }) },
      { engine: DatabaseEngine.redis({ version: RedisVersion.of('7.4', '7.4.3'), port: 6380, sentinelPort: 26380, digest: `sha256:${'a'.repeat(64)}`, settings: { maxclients: '2000' } }) },
    ];
    for (const v of variants) {
      expect(validateAll(synth(v), { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    }
  });

  test('high availability wiring: Parallel pods, write Service on the role label, Sentinel sidecar and Service, labeller, RBAC', () => {
    const docs = synth();
    const sts = one(docs, 'StatefulSet');
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    expect(one(docs, 'Service', 'cache-rw').spec.selector).toEqual({
      'app.kubernetes.io/instance': 'cache', 'app.kubernetes.io/component': 'database', 'cdk8s-db.io/role': 'primary',
    });
    expect(one(docs, 'Service', 'cache-ro').spec.selector['cdk8s-db.io/role']).toBe('replica');
    const sentinelSvc = one(docs, 'Service', 'cache-sentinel');
    expect(sentinelSvc.spec.ports).toEqual([{ name: 'sentinel', port: 26379, targetPort: 'sentinel' }]);
    expect(sentinelSvc.spec.publishNotReadyAddresses).toBe(true);
    const names = pod(docs).containers.map((c: any) => c.name);
    expect(names).toEqual(['redis', 'sentinel', 'role-probe', 'role-label']);
    // No init labeller: the labeller runs all the time and follows the engine's answer.
    expect(pod(docs).initContainers.map((c: any) => c.name)).toEqual(['bootstrap']);
    const probe = container(docs, 'role-probe');
    expect(probe.image).toBe('redis:7.0.15');
    expect(probe.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/role-probe.sh', '/bin/sh', '/opt/cdk8s-db/scripts/role.sh']);
    const label = container(docs, 'role-label');
    expect(label.image).toBe('curlimages/curl:8.11.1');
    // Only the patcher mounts the API token; it gets no password.
    for (const c of pod(docs).containers) {
      const hasToken = (c.volumeMounts ?? []).some((m: any) => m.name === 'api-token');
      expect(hasToken).toBe(c.name === 'role-label');
    }
    expect(label.env.some((e: any) => e.valueFrom?.secretKeyRef)).toBe(false);
    const role = one(docs, 'Role', 'cache-db');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], resourceNames: ['cache-0', 'cache-1', 'cache-2'], verbs: ['get', 'patch'] }]);
    expect(pod(docs).serviceAccountName).toBe('cache-db');
    // The Sentinel container runs sentinel.sh with the same environment and a liveness probe.
    const sentinel = container(docs, 'sentinel');
    expect(sentinel.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/sentinel.sh']);
    expect(sentinel.ports).toEqual([{ name: 'sentinel', containerPort: 26379, protocol: 'TCP' }]);
    expect(sentinel.livenessProbe.exec.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/sentinel-probe.sh']);
    // The scripts ConfigMap carries the labeller's two halves.
    const scripts = docs.find(d => d.kind === 'ConfigMap' && d.metadata.name.startsWith('cdk8s-db-redis-scripts-'));
    expect(Object.keys(scripts.data)).toEqual(expect.arrayContaining(['role-probe.sh', 'role-labeller.sh', 'kube-api.sh', 'run.sh', 'sentinel.sh', 'readiness.sh', 'role.sh', 'prestop.sh']));
  });

  test('peers are the stable pod DNS names; quorum and timing reach the scripts', () => {
    const docs = synth({ replicas: 5 });
    const env = envOf(container(docs, 'redis'));
    expect(env.REDIS_PEERS).toBe([0, 1, 2, 3, 4].map(i => `cache-${i}.cache-headless.$(POD_NAMESPACE).svc.cluster.local:6379:26379`).join(' '));
    // The kubelet expands $(POD_NAMESPACE) only when it is defined earlier in the list.
    const names = container(docs, 'redis').env.map((e: any) => e.name);
    expect(names.indexOf('POD_NAMESPACE')).toBeLessThan(names.indexOf('REDIS_PEERS'));
    expect(env.POD_NAMESPACE).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    expect(envOf(container(synth({ engine: DatabaseEngine.redis({ clusterDomain: 'k8s.example.org' }) }), 'sentinel')).REDIS_PEERS)
      .toMatch(/^cache-0\.cache-headless\.\$\(POD_NAMESPACE\)\.svc\.k8s\.example\.org:6379:26379 /);
    expect(env.REDIS_MASTER_NAME).toBe('cache');
    expect(env.SENTINEL_DOWN_AFTER_MS).toBe('5000');
    expect(env.MIN_REPLICAS_TO_WRITE).toBe('1');
    expect(env.POD_NAME).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  });

  test('no password in the output; every password comes from the Secret', () => {
    const docs = synth();
    // The rendered configuration holds no credential directive: run.sh adds them from the Secret.
    expect(conf(docs)).not.toMatch(/masterauth|requirepass|auth-pass|user /);
    for (const c of [...pod(docs).initContainers, ...pod(docs).containers]) {
      for (const e of c.env ?? []) {
        if (/PASSWORD/.test(e.name)) {
          expect(e.value).toBeUndefined();
          expect(e.valueFrom.secretKeyRef.name).toBe('cache-credentials');
        }
      }
    }
  });

  test('connection info for plain and sentinel-aware clients; NetworkPolicy opens both ports', () => {
    const chart = Testing.chart();
    (chart as any).namespace = 'shop';
    const db = new ReplicatedDatabase(chart, 'cache', { name: 'cache', engine: DatabaseEngine.redis() });
    const app = new kplus.Deployment(chart, 'api', { containers: [{ image: 'ghcr.io/example/api:1', portNumber: 8080 }] });
    db.allowFrom(app);
    expect(db.connection.writeHost).toBe('cache-rw.shop.svc');
    expect(db.connection.extraEndpoints).toEqual({ SENTINEL_HOST: 'cache-sentinel.shop.svc', SENTINEL_PORT: '26379', SENTINEL_MASTER: 'cache' });
    const docs = Testing.synth(chart);
    const env = envOf(one(docs, 'Deployment').spec.template.spec.containers[0]);
    expect(env.DB_HOST).toBe('cache-rw.shop.svc');
    expect(env.DB_SENTINEL_HOST).toBe('cache-sentinel.shop.svc');
    expect(env.DB_SENTINEL_MASTER).toBe('cache');
    const grant = docs.find(d => d.kind === 'NetworkPolicy' && d.metadata.name.startsWith('cache-allow-'));
    expect(grant.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 6379 }, { protocol: 'TCP', port: 26379 }]);
    // The pods reach the API server (labeller).
    const iso = one(docs, 'NetworkPolicy', 'cache-isolation');
    expect(JSON.stringify(iso.spec.egress)).toMatch(/6443/);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('redis.conf: maxmemory with fork headroom, backlog from memory, persistence, eviction, min-replicas', () => {
    const c = conf(synth({ resources: { memory: Size.gibibytes(1) } }));
    const s = redisSizes(2 ** 30);
    expect(s.backlogBytes).toBe(32 * 2 ** 20);
    expect(s.maxmemoryBytes).toBe(Math.floor(0.6 * 1024) * 2 ** 20 - 32 * 2 ** 20);
    expect(c).toMatch(new RegExp(`^maxmemory ${s.maxmemoryBytes}$`, 'm'));
    expect(c).toMatch(/^maxmemory-policy noeviction$/m);
    expect(c).toMatch(/^repl-backlog-size 33554432$/m);
    expect(c).toMatch(/^appendonly yes$/m);
    expect(c).toMatch(/^appendfsync everysec$/m);
    expect(c).toMatch(/^min-replicas-to-write 1$/m);
    expect(c).toMatch(/^min-replicas-max-lag 10$/m);
    expect(c).toMatch(/^repl-diskless-sync-delay 0$/m);
    expect(c).not.toMatch(/^(port|dir|aclfile|replicaof|masterauth) /m);
    const rdb = renderRedisConf({ memoryBytes: 256 * 2 ** 20, persistence: 'rdb', evictionPolicy: 'allkeys-lru', minReplicasToWrite: 2, minReplicasMaxLagSeconds: 5, overrides: { maxclients: '100' } });
    expect(rdb).toMatch(/^appendonly no$/m);
    expect(rdb).toMatch(/^save "900 1 300 100 60 10000"$/m);
    expect(rdb).toMatch(/^maxmemory-policy allkeys-lru$/m);
    expect(rdb).toMatch(/^maxclients 100$/m);
    // Small pods: the backlog has a floor, maxmemory stays positive.
    expect(redisSizes(128 * 2 ** 20).maxmemoryBytes).toBeGreaterThan(64 * 2 ** 20);
  });

  test('bad input: clear errors naming the prop and the value', () => {
    const build = (engine: () => DatabaseEngine, props: Partial<ReplicatedDatabaseProps> = {}) => () => synth({ engine: engine(), ...props });
    expect(build(() => DatabaseEngine.redis(), { replicas: 2 })).toThrow(/invalid replicas 2: Redis with Sentinel needs at least 3 pods for automatic failover/);
    expect(build(() => DatabaseEngine.redis(), { replicas: 1 })).toThrow(/invalid replicas 1/);
    expect(build(() => DatabaseEngine.redis({ minReplicasToWrite: 3 }))).toThrow(/invalid minReplicasToWrite 3: must be at most the number of replicas \(2 for replicas = 3\)/);
    expect(() => DatabaseEngine.redis({ port: 80 })).toThrow(/invalid port 80/);
    expect(() => DatabaseEngine.redis({ sentinelPort: 6379 })).toThrow(/invalid sentinelPort 6379: must differ from port 6379/);
    expect(() => DatabaseEngine.redis({ downAfter: Duration.millis(200) })).toThrow(/invalid downAfter "200 millis": must be between 1000 ms and 3600000 ms/);
    expect(() => DatabaseEngine.redis({ downAfter: Duration.seconds(30), failoverTimeout: Duration.seconds(40) })).toThrow(/invalid failoverTimeout "40s": must be at least twice downAfter/);
    expect(() => DatabaseEngine.redis({ evictionPolicy: 'sometimes' as any })).toThrow(/invalid evictionPolicy "sometimes"/);
    expect(() => DatabaseEngine.redis({ persistence: 'both' as any })).toThrow(/invalid persistence "both"/);
    expect(() => DatabaseEngine.redis({ settings: { replicaof: 'x 1' } })).toThrow(/invalid settings.replicaof "x 1": is managed by cdk8s-db: Sentinel moves the master/);
    expect(() => DatabaseEngine.redis({ settings: { requirepass: 'x' } })).toThrow(/invalid settings.requirepass/);
    expect(() => DatabaseEngine.redis({ settings: { appendfsync: 'no' } })).toThrow(/invalid settings.appendfsync "no": only accepts always or everysec/);
    expect(() => DatabaseEngine.redis({ settings: { 'bad name': '1' } })).toThrow(/invalid settings.bad name/);
    expect(() => DatabaseEngine.redis({ settings: { maxclients: '1\nreplicaof x 1' } })).toThrow(/must be a single-line string/);
    expect(() => DatabaseEngine.redis({ digest: 'sha256:xyz' })).toThrow(/invalid digest/);
    expect(() => DatabaseEngine.redis({ clusterDomain: 'Cluster Local' })).toThrow(/invalid clusterDomain "Cluster Local"/);
    expect(() => RedisVersion.of('6.2', '6.2.14')).toThrow(/invalid series "6.2": supported Redis series are 7.0, 7.2 and 7.4/);
    expect(() => RedisVersion.of('7.2', '7.4.1')).toThrow(/invalid tag "7.4.1": must be a tag of the Redis 7.2 series/);
    expect(build(() => DatabaseEngine.redis(), { username: 'default' })).toThrow(/invalid username "default"/);
    expect(build(() => DatabaseEngine.redis(), { username: 'replication' })).toThrow(/invalid username "replication": is reserved/);
    // Redis cannot offer TLS and plain text on one port: TLS must be required (test/engines/redis/tls.test.ts).
    expect(build(() => DatabaseEngine.redis(), { tls: DatabaseTls.fromSecret('cache-tls') })).toThrow(/invalid tls.require false: must be true for Redis/);
  });
});
