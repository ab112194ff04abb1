/**
 * redis.conf rendering (pure, no I/O): the engine calls it at synth time and puts the result in a
 * ConfigMap. What differs by pod (port, dir, ACL file, announced name, replicaof, masterauth) is
 * appended by run.sh at start; passwords never appear here.
 *
 * Memory: Redis forks for RDB snapshots, AOF rewrites and full syncs, and copy-on-write can
 * duplicate every page written meanwhile; replication buffers and client buffers are outside
 * `maxmemory`. So `maxmemory` is 60 % of the container's memory minus the replication backlog,
 * leaving the rest for the fork, the backlog and the replica output buffers.
 */

const MIB = 2 ** 20;

/** Eviction policies Redis accepts. */
export const EVICTION_POLICIES = [
  'noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random',
  'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
];

export interface RedisConfigInput {
  readonly memoryBytes: number;
  readonly persistence: 'aof' | 'rdb';
  readonly evictionPolicy: string;
  readonly minReplicasToWrite: number;
  readonly minReplicasMaxLagSeconds: number;
  /** User settings: they win over the derived ones. */
  readonly overrides: { [name: string]: string };
  /** Serve only TLS with these files (run.sh puts `tls-port` on the client port and `port 0`). */
  readonly tls?: RedisTlsFiles;
}

/** Server certificate, key and CA (PEM files, absolute paths). */
export interface RedisTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

export interface RedisSizes {
  readonly maxmemoryBytes: number;
  readonly backlogBytes: number;
  readonly replicaBufferHardBytes: number;
  readonly replicaBufferSoftBytes: number;
}

function mib(n: number): number {
  return Math.floor(n / MIB) * MIB;
}

/** Sizes derived from the container's memory. */
export function redisSizes(memoryBytes: number): RedisSizes {
  // Backlog: 1/32 of memory, 1 MiB to 256 MiB: enough for a partial resync after a short restart.
  const backlogBytes = Math.min(256 * MIB, Math.max(MIB, mib(memoryBytes / 32)));
  const maxmemoryBytes = Math.max(MIB, mib(memoryBytes * 0.6) - backlogBytes);
  // A replica's output buffer during a full sync: 1/8 of memory (8 MiB to 512 MiB).
  const replicaBufferHardBytes = Math.min(512 * MIB, Math.max(8 * MIB, mib(memoryBytes / 8)));
  return { maxmemoryBytes, backlogBytes, replicaBufferHardBytes, replicaBufferSoftBytes: mib(replicaBufferHardBytes / 2) };
}

/**
 * Settings cdk8s-db owns: the scripts, the failover or the security model depend on them.
 * By name (lowercase).
 */
export const MANAGED: { [name: string]: string } = {
  'port': 'use the engine\'s port property',
  'bind': 'the server listens on every interface of the pod (the NetworkPolicy limits who reaches it)',
  'dir': 'the data directory is on the volume cdk8s-db mounts',
  'aclfile': 'the ACL users are written by run.sh from the Secret',
  'requirepass': 'the default user is disabled; clients log in as the application user',
  'masterauth': 'replicas authenticate as the replication user from the Secret',
  'masteruser': 'replicas authenticate as the replication user from the Secret',
  'replicaof': 'Sentinel moves the master',
  'slaveof': 'Sentinel moves the master',
  'replica-announce-ip': 'replicas announce their stable pod DNS name',
  'replica-announce-port': 'replicas announce their stable pod DNS name',
  'slave-announce-ip': 'replicas announce their stable pod DNS name',
  'slave-announce-port': 'replicas announce their stable pod DNS name',
  'replica-read-only': 'replicas must stay read-only',
  'slave-read-only': 'replicas must stay read-only',
  'min-replicas-to-write': 'use the engine\'s minReplicasToWrite property',
  'min-slaves-to-write': 'use the engine\'s minReplicasToWrite property',
  'min-replicas-max-lag': 'use the engine\'s minReplicasMaxLag property',
  'min-slaves-max-lag': 'use the engine\'s minReplicasMaxLag property',
  'appendonly': 'use the engine\'s persistence property',
  'maxmemory-policy': 'use the engine\'s evictionPolicy property',
  'include': 'the configuration is one file',
  'rename-command': 'the probes and Sentinel rely on the real command names',
  'protected-mode': 'authentication is always on (default user disabled)',
  'daemonize': 'the server runs in the foreground as the container\'s process',
  'supervised': 'the server runs in the foreground as the container\'s process',
  'pidfile': 'not used in a container',
  'logfile': 'logs go to stdout',
  'tls-port': 'TLS is set by the database\'s tls property (TLS on the client port, no plain-text port)',
  'unixsocket': 'the probes connect over TCP on 127.0.0.1',
};

/** Durability settings that only accept safe values. */
const SAFE: { [name: string]: string[] } = {
  'appendfsync': ['always', 'everysec'],
  'aof-load-truncated': ['yes'],
  'repl-diskless-load': ['disabled'],
  'stop-writes-on-bgsave-error': ['yes'],
};

/** An error text when `name = value` may not be set, else undefined. */
export function validateRedisSetting(name: string, value: string): string | undefined {
  const key = name.toLowerCase();
  if (!/^[a-z][a-z0-9-]*$/.test(key)) return 'must be a redis.conf directive name (letters, digits and -)';
  if (typeof value !== 'string' || /[\r\n]/.test(value)) return 'must be a single-line string';
  if (MANAGED[key]) return `is managed by cdk8s-db: ${MANAGED[key]}`;
  // Every tls-* directive: the certificate files, the TLS port and TLS replication belong to the tls property.
  if (key.startsWith('tls-')) return 'is managed by cdk8s-db: TLS is set by the database\'s tls property';
  if (SAFE[key] && !SAFE[key].includes(value.trim().toLowerCase())) return `only accepts ${SAFE[key].join(' or ')} (durability)`;
  if (key === 'maxmemory' && !/^\d+(b|k|kb|m|mb|g|gb)?$/i.test(value.trim())) return 'must be a size such as 512mb';
  return undefined;
}

/** The shared redis.conf of every pod of the set. */
export function renderRedisConf(input: RedisConfigInput): string {
  const s = redisSizes(input.memoryBytes);
  const lines: [string, string][] = [
    ['bind', '* -::*'],
    ['protected-mode', 'no'],
    ['tcp-keepalive', '60'],
    ['timeout', '0'],
    ['maxclients', '10000'],
    ['loglevel', 'notice'],
    ['logfile', '""'],
    // Memory.
    ['maxmemory', String(s.maxmemoryBytes)],
    ['maxmemory-policy', input.evictionPolicy],
    // Persistence on the pod's volume.
    ...(input.persistence === 'aof'
      ? [['appendonly', 'yes'], ['appendfsync', 'everysec'], ['aof-use-rdb-preamble', 'yes'], ['save', '""']] as [string, string][]
      : [['appendonly', 'no'], ['save', '"900 1 300 100 60 10000"']] as [string, string][]),
    ['appenddirname', '"appendonlydir"'],
    ['dbfilename', 'dump.rdb'],
    ['rdbcompression', 'yes'],
    ['rdbchecksum', 'yes'],
    ['aof-load-truncated', 'yes'],
    ['stop-writes-on-bgsave-error', 'yes'],
    // Replication: fast reconnect and partial resync after a restart.
    ['replica-read-only', 'yes'],
    ['replica-serve-stale-data', 'yes'],
    ['repl-diskless-sync', 'yes'],
    // Redis waits 5 s by default before a diskless full sync: start at once.
    ['repl-diskless-sync-delay', '0'],
    ['repl-diskless-load', 'disabled'],
    ['repl-backlog-size', String(s.backlogBytes)],
    ['repl-backlog-ttl', '3600'],
    ['repl-timeout', '30'],
    ['repl-ping-replica-period', '5'],
    ['client-output-buffer-limit', `replica ${s.replicaBufferHardBytes} ${s.replicaBufferSoftBytes} 60`],
    // An isolated master stops taking writes (NOREPLICAS) instead of accepting writes a failover loses.
    ['min-replicas-to-write', String(input.minReplicasToWrite)],
    ['min-replicas-max-lag', String(input.minReplicasMaxLagSeconds)],
    // Sentinel picks the replica with the lowest priority value; every pod may be promoted.
    ['replica-priority', '100'],
  ];
  const out = new Map<string, string>(lines);
  for (const [k, v] of Object.entries(input.overrides)) out.set(k.toLowerCase(), v.trim());
  return [
    '# redis.conf rendered by cdk8s-db (the pod\'s own lines are appended by run.sh at start)',
    ...[...out.entries()].map(([k, v]) => `${k} ${v}`),
    ...(input.tls ? renderTlsLines(input.tls) : []),
    '',
  ].join('\n');
}

/**
 * The TLS part of redis.conf (after the user's settings, which cannot set tls-*). run.sh writes
 * `port 0` and `tls-port <port>` for the pod: no plain-text listener at all.
 */
export function renderTlsLines(tls: RedisTlsFiles): string[] {
  for (const [field, v] of Object.entries(tls)) {
    if (typeof v !== 'string' || !/^\/[A-Za-z0-9._/-]+$/.test(v)) throw new Error(`Invalid Redis TLS file ${field}=${JSON.stringify(v)}: expected an absolute path`);
  }
  return [
    '# TLS (required: run.sh sets port 0 and tls-port on the client port; replicas and Sentinels use TLS too)',
    `tls-cert-file ${tls.certFile}`,
    `tls-key-file ${tls.keyFile}`,
    `tls-ca-cert-file ${tls.caFile}`,
    // Clients authenticate with their ACL password; no client certificate is asked for.
    'tls-auth-clients no',
    // Replicas connect to their master over TLS (verified against the CA).
    'tls-replication yes',
    'tls-protocols "TLSv1.2 TLSv1.3"',
    'tls-prefer-server-ciphers yes',
  ];
}
