import * as path from 'path';
import { Duration } from 'cdk8s';
import { redisBackup } from './backup/backup';
import { EVICTION_POLICIES, renderRedisConf, validateRedisSetting } from './config';
import { redisMonitoring } from './monitoring';
import { checkInteger, checkVersionTag, durationMillis, durationSeconds, fail, imageRef } from '../../lib/errors';
import { readScripts } from '../../lib/scripts';
import { EngineContext, EngineEnv, EngineParts, EngineSpec, lifecycleScripts, scriptCommand } from '../engine-spec';
import { FailoverMode } from '../failover';

/** A supported Redis release series and the official `redis` image tag it runs. */
export class RedisVersion {
  /** Redis 7.0. */
  public static readonly V7_0 = new RedisVersion('7.0', '7.0.15');
  /** Redis 7.2. */
  public static readonly V7_2 = new RedisVersion('7.2', '7.2.7');
  /** Redis 7.4. */
  public static readonly V7_4 = new RedisVersion('7.4', '7.4.2');

  /** A supported series (`7.0`, `7.2` or `7.4`) with an image tag of your choice, e.g. `RedisVersion.of('7.2', '7.2.8')`. */
  public static of(series: string, tag: string): RedisVersion {
    if (!['7.0', '7.2', '7.4'].includes(series)) fail('RedisVersion.of', 'series', series, 'supported Redis series are 7.0, 7.2 and 7.4');
    checkVersionTag('RedisVersion.of', 'Redis', series, tag);
    return new RedisVersion(series, tag);
  }

  private constructor(
    /** Release series, e.g. `7.0`. */
    public readonly series: string,
    /** Tag of the official `redis` image. */
    public readonly tag: string) {}
}

/** How Redis keeps its data on the pod's volume. */
export enum RedisPersistence {
  /** Append-only file, fsync every second (at most about one second of writes lost on a crash), with an RDB preamble. */
  AOF = 'aof',
  /** RDB snapshots only (after 900 s with 1 change, 300 s with 100, 60 s with 10000): a crash loses the writes since the last one. */
  RDB = 'rdb',
}

/** What Redis does when `maxmemory` is reached. */
export enum RedisEvictionPolicy {
  /** Refuse writes with an OOM error: no key is ever dropped (a database). */
  NO_EVICTION = 'noeviction',
  /** Evict the least recently used keys (a cache). */
  ALLKEYS_LRU = 'allkeys-lru',
  /** Evict the least frequently used keys (a cache). */
  ALLKEYS_LFU = 'allkeys-lfu',
  /** Evict random keys. */
  ALLKEYS_RANDOM = 'allkeys-random',
  /** Evict the least recently used keys that have a TTL. */
  VOLATILE_LRU = 'volatile-lru',
  /** Evict the least frequently used keys that have a TTL. */
  VOLATILE_LFU = 'volatile-lfu',
  /** Evict random keys that have a TTL. */
  VOLATILE_RANDOM = 'volatile-random',
  /** Evict the keys with a TTL closest to expiry. */
  VOLATILE_TTL = 'volatile-ttl',
}

/** Options for the Redis engine. */
export interface RedisEngineProps {
  /**
   * Redis version.
   * @default RedisVersion.V7_0
   */
  readonly version?: RedisVersion;
  /**
   * Image repository, for a mirror of the official image.
   * @default "redis" (the official image)
   */
  readonly image?: string;
  /**
   * Image digest (`sha256:...`) to pin the tag to immutable content.
   * @default - the tag alone
   */
  readonly digest?: string;
  /**
   * Port the server listens on.
   * @default 6379
   */
  readonly port?: number;
  /**
   * Port Sentinel listens on.
   * @default 26379
   */
  readonly sentinelPort?: number;
  /**
   * Persistence on the pod's volume.
   * @default RedisPersistence.AOF
   */
  readonly persistence?: RedisPersistence;
  /**
   * What happens at `maxmemory` (60 % of the container's memory minus the replication backlog,
   * leaving room for the fork of snapshots and full syncs).
   * @default RedisEvictionPolicy.NO_EVICTION (writes are refused, no key is dropped)
   */
  readonly evictionPolicy?: RedisEvictionPolicy;
  /**
   * `min-replicas-to-write`: the master refuses writes (NOREPLICAS) unless this many replicas
   * acknowledged within `minReplicasMaxLag`, so that an isolated former master stops taking
   * writes a failover would lose. 0 turns it off. At most the number of replicas.
   * @default 1
   */
  readonly minReplicasToWrite?: number;
  /**
   * `min-replicas-max-lag`.
   * @default Duration.seconds(10)
   */
  readonly minReplicasMaxLag?: Duration;
  /**
   * How long Sentinel waits for an unresponsive master before it counts it down
   * (`down-after-milliseconds`). A failover takes about this plus a few seconds.
   * @default Duration.seconds(5)
   */
  readonly downAfter?: Duration;
  /**
   * Sentinel's `failover-timeout`.
   * @default Duration.seconds(60)
   */
  readonly failoverTimeout?: Duration;
  /**
   * The cluster's DNS domain. Servers and Sentinels name each other by fully qualified pod DNS
   * names (`<pod>.<headless Service>.<namespace>.svc.<clusterDomain>`): Sentinel resolves host
   * names synchronously, and a partial name of a pod that is being recreated would also be tried
   * outside the cluster domain, stalling every Sentinel for the resolver's timeout.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * redis.conf directives that replace or extend the derived ones, e.g. `{ 'maxclients': '2000' }`.
   * Directives the failover, the ACL users or the scripts depend on cannot be set, and
   * durability directives only accept safe values.
   * @default - derived settings only
   */
  readonly settings?: { [name: string]: string };
}

const SCRIPTS_DIR = path.join(__dirname, 'scripts');
const DATA_MOUNT = '/data';
const RUN_DIR = '/run/redis';
/** The official image's redis user and group. */
const REDIS_UID = 999;
const WHERE = 'DatabaseEngine.redis';

/** @internal */
export function redisEngine(props: RedisEngineProps): EngineSpec {
  const version = props.version ?? RedisVersion.V7_0;
  const port = props.port ?? 6379;
  checkInteger(WHERE, 'port', port, 1024, 65535);
  const sentinelPort = props.sentinelPort ?? 26379;
  checkInteger(WHERE, 'sentinelPort', sentinelPort, 1024, 65535);
  if (sentinelPort === port) fail(WHERE, 'sentinelPort', sentinelPort, `must differ from port ${port}`);
  const image = imageRef(WHERE, props.image ?? 'redis', version.tag, props.digest);
  const persistence = props.persistence ?? RedisPersistence.AOF;
  if (!Object.values(RedisPersistence).includes(persistence)) fail(WHERE, 'persistence', persistence, 'must be RedisPersistence.AOF or RedisPersistence.RDB');
  const evictionPolicy = props.evictionPolicy ?? RedisEvictionPolicy.NO_EVICTION;
  if (!EVICTION_POLICIES.includes(evictionPolicy)) fail(WHERE, 'evictionPolicy', evictionPolicy, `must be one of ${EVICTION_POLICIES.join(', ')}`);
  const minReplicasToWrite = props.minReplicasToWrite ?? 1;
  checkInteger(WHERE, 'minReplicasToWrite', minReplicasToWrite, 0, 98);
  const maxLag = durationSeconds(WHERE, 'minReplicasMaxLag', props.minReplicasMaxLag ?? Duration.seconds(10), 1, 3600);
  const downAfterMs = durationMillis(WHERE, 'downAfter', props.downAfter ?? Duration.seconds(5), 1000, 3600000);
  const failoverTimeoutMs = durationMillis(WHERE, 'failoverTimeout', props.failoverTimeout ?? Duration.seconds(60), 10000, 86400000);
  if (failoverTimeoutMs < 2 * downAfterMs) fail(WHERE, 'failoverTimeout', `${failoverTimeoutMs / 1000}s`, `must be at least twice downAfter (${downAfterMs / 1000}s)`);
  const clusterDomain = props.clusterDomain ?? 'cluster.local';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(clusterDomain) || clusterDomain.length > 200) {
    fail(WHERE, 'clusterDomain', clusterDomain, 'must be a DNS domain such as "cluster.local"');
  }
  const settings = props.settings ?? {};
  for (const [name, value] of Object.entries(settings)) {
    const error = validateRedisSetting(name, value);
    if (error) fail(WHERE, `settings.${name}`, value, error);
  }
  const replicationUser = 'replication';
  const monitoringUser = 'monitoring';

  return {
    name: 'redis',
    version: version.series,
    image,
    port,
    superuser: 'admin',
    // `default` is the ACL user every connection starts as (disabled here).
    reservedNames: { databases: [], users: ['default'], prefixes: [] },
    replicationUser,
    monitoringUser,
    monitoring: redisMonitoring(),
    backup: redisBackup({ replication: replicationUser, admin: 'admin' }),
    supportsTls: true,
    failover: {
      modes: [FailoverMode.AUTOMATIC],
      default: FailoverMode.AUTOMATIC,
      unavailable: 'the Redis engine always runs Sentinel, which fails over by itself; use FailoverMode.AUTOMATIC (or leave failover unset)',
    },
    build(ctx: EngineContext): EngineParts {
      if (ctx.replicas < 3) {
        fail(`${WHERE} (ReplicatedDatabase ${ctx.name})`, 'replicas', ctx.replicas,
          'Redis with Sentinel needs at least 3 pods for automatic failover (a majority of Sentinels must survive the loss of one pod)');
      }
      if (minReplicasToWrite > ctx.replicas - 1) {
        fail(WHERE, 'minReplicasToWrite', minReplicasToWrite, `must be at most the number of replicas (${ctx.replicas - 1} for replicas = ${ctx.replicas})`);
      }
      if (ctx.appUser === 'default') fail(`ReplicatedDatabase ${ctx.name}`, 'username', ctx.appUser, 'is Redis\'s built-in user, which cdk8s-db disables');
      const tls = ctx.tls;
      if (tls && !tls.require) {
        fail(`ReplicatedDatabase ${ctx.name}`, 'tls.require', tls.require,
          'must be true for Redis: Redis cannot serve TLS and plain text on one port, so with TLS the client port is TLS only (DatabaseTls.fromSecret(name, { require: true }) or DatabaseTls.certManager({ ..., require: true }))');
      }
      // $(POD_NAMESPACE) is expanded by the kubelet (POD_NAMESPACE is defined before REDIS_PEERS).
      const peers = Array.from({ length: ctx.replicas },
        (_, i) => `${ctx.name}-${i}.${ctx.headlessServiceName}.$(POD_NAMESPACE).svc.${clusterDomain}:${port}:${sentinelPort}`).join(' ');
      const keys = ctx.credentials;
      const script = (file: string) => scriptCommand(ctx.scriptsDir, file);
      const env: EngineEnv[] = [
        { name: 'POD_NAME', fieldPath: 'metadata.name' },
        { name: 'POD_NAMESPACE', fieldPath: 'metadata.namespace' },
        { name: 'REDIS_PEERS', value: peers },
        { name: 'REDIS_MASTER_NAME', value: ctx.name },
        { name: 'REDIS_CONFIG', value: `${ctx.configDir}/redis.conf` },
        { name: 'REDIS_DATA_DIR', value: `${DATA_MOUNT}/redis` },
        { name: 'SENTINEL_DIR', value: `${DATA_MOUNT}/sentinel` },
        { name: 'REDIS_RUN_DIR', value: RUN_DIR },
        { name: 'MIN_REPLICAS_TO_WRITE', value: String(minReplicasToWrite) },
        { name: 'READINESS_MAX_LAG_BYTES', value: String(ctx.maxLagBytes) },
        { name: 'READINESS_MAX_LAG_SECONDS', value: String(ctx.maxLagSeconds) },
        { name: 'SENTINEL_DOWN_AFTER_MS', value: String(downAfterMs) },
        { name: 'SENTINEL_FAILOVER_TIMEOUT_MS', value: String(failoverTimeoutMs) },
        { name: 'APP_USER', value: ctx.appUser },
        { name: 'REPLICATION_USER', value: replicationUser },
        { name: 'MONITORING_USER', value: monitoringUser },
        { name: 'ADMIN_PASSWORD', secretKey: keys.superuserPassword },
        { name: 'APP_PASSWORD', secretKey: keys.appPassword },
        { name: 'REPLICATION_PASSWORD', secretKey: keys.replicationPassword },
        { name: 'MONITORING_PASSWORD', secretKey: keys.monitoringPassword },
        // With TLS every script's redis-cli uses it (redis-lib.sh), and sentinel.sh serves it.
        ...(tls ? [
          { name: 'REDIS_TLS_CERT_FILE', value: tls.certFile },
          { name: 'REDIS_TLS_KEY_FILE', value: tls.keyFile },
          { name: 'REDIS_TLS_CA_FILE', value: tls.caFile },
        ] : []),
      ];
      return {
        image,
        portName: 'redis',
        port,
        uid: REDIS_UID,
        gid: REDIS_UID,
        dataMountPath: DATA_MOUNT,
        configFiles: {
          'redis.conf': renderRedisConf({
            memoryBytes: ctx.memoryBytes,
            persistence,
            evictionPolicy,
            minReplicasToWrite,
            minReplicasMaxLagSeconds: maxLag,
            overrides: settings,
            tls: tls ? { certFile: tls.certFile, keyFile: tls.keyFile, caFile: tls.caFile } : undefined,
          }),
        },
        scripts: readScripts(SCRIPTS_DIR),
        env,
        writableDirs: [
          { name: 'run', mountPath: RUN_DIR },
          { name: 'tmp', mountPath: '/tmp' },
        ],
        ...lifecycleScripts(ctx.scriptsDir),
        highAvailability: {
          podManagementPolicy: 'Parallel',
          sidecars: [{
            name: 'sentinel',
            command: script('sentinel.sh'),
            env: [],
            ports: [{ name: 'sentinel', port: sentinelPort }],
            livenessCommand: script('sentinel-probe.sh'),
            preStopCommand: script('sentinel-prestop.sh'),
            cpuMillis: 20,
            memoryBytes: 64 * 2 ** 20,
          }],
          services: [{
            suffix: 'sentinel',
            port: { name: 'sentinel', port: sentinelPort },
            // Sentinel answers whether or not the pod's server is ready.
            publishNotReadyAddresses: true,
            // Sentinel-aware clients: with TLS, Sentinel and the servers it names both speak TLS only.
            connectionEnv: { MASTER: ctx.name, ...(tls ? { TLS: 'true' } : {}) },
          }],
          roleCommand: script('role.sh'),
          roleIntervalSeconds: 2,
          rbacRules: [],
        },
      };
    },
  };
}
