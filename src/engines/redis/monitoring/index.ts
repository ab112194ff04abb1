/**
 * redis_exporter sidecar and PromQL signals for the Redis engine.
 *
 * The exporter logs in as the monitoring ACL user over 127.0.0.1 (`--redis.user`), with the
 * password from the Secret in `REDIS_PASSWORD` (never in the arguments or the YAML). Metric
 * names are those of redis_exporter 1.45 (Debian bookworm) and later (the pinned
 * oliver006/redis_exporter:v1.67.0): a real-server test scrapes Debian's exporter for each one.
 *
 * Replication lag per replica comes from the master's view (`redis_connected_slave_*`, one
 * series per replica labelled with the replica's announced host name, i.e. its stable pod DNS
 * name), re-labelled with the replica's pod name, the way the readiness probe computes it:
 * master offset minus the offset the replica acknowledged.
 */
import { EngineAlert, EngineMonitoring, EnginePanel, ExporterContext, ExporterParts, MonitoringSignals } from '../../monitoring-spec';

/** oliver006/redis_exporter, pinned. */
export const REDIS_EXPORTER_IMAGE = 'oliver006/redis_exporter:v1.67.0';
/** The exporter image's user (`USER 59000:59000`). */
const EXPORTER_UID = 59000;

/** The master's per-replica series, re-labelled with the replica's pod (`<pod>.<headless>...`). */
const perReplica = (expr: string) => `label_replace(${expr}, "pod", "$1", "slave_ip", "([^.]+)[.].*")`;

export function redisMonitoring(): EngineMonitoring {
  const master = (sel: string) => `redis_instance_info{${sel},role="master"}`;
  const replica = (sel: string) => `redis_instance_info{${sel},role="slave"}`;
  const signals: MonitoringSignals = {
    databaseUp: sel => `redis_up{${sel}}`,
    isReplica: sel => `(max by (namespace, pod) (${replica(sel)}) or on (namespace, pod) (0 * redis_up{${sel}}))`,
    // Link down or a (full) sync in progress: the replica is not streaming.
    replicationBroken: sel => `max by (namespace, pod) ((redis_master_link_up{${sel}} == 0) or (redis_master_sync_in_progress{${sel}} == 1))`,
    replicationStreaming: sel => `redis_master_link_up{${sel}}`,
    connectedReplicas: sel => `(redis_connected_slaves{${sel}} and on (namespace, pod) ${master(sel)})`,
    lagBytes: sel => perReplica(`clamp_min(redis_master_repl_offset{${sel}} - on (namespace, pod) group_right () redis_connected_slave_offset_bytes{${sel}}, 0)`),
    lagSeconds: sel => perReplica(`redis_connected_slave_lag_seconds{${sel}}`),
    connectionsUsed: sel => `redis_connected_clients{${sel}}`,
    connectionsMax: sel => `redis_config_maxclients{${sel}}`,
  };
  const extraAlerts: EngineAlert[] = [
    {
      alert: 'RedisNoMaster',
      severity: 'critical',
      for: '1m',
      expr: sel => `count by (namespace) (redis_up{${sel}} == 1) unless on (namespace) count by (namespace) (${master(sel)})`,
      summary: 'no server is a master',
      description: 'Every reachable Redis server of this set has been a replica for 1 minute: writes fail. Sentinel has not (yet) promoted one.',
      runbook: 'kubectl logs <pod> -c sentinel: look for +sdown/+odown/+failover-* and -failover-abort-*. SENTINEL ckquorum <name> tells whether a majority of Sentinels is reachable.',
    },
    {
      alert: 'RedisMultipleMasters',
      severity: 'critical',
      for: '2m',
      expr: sel => `count by (namespace) (${master(sel)}) > 1`,
      summary: '{{ $value }} servers are masters',
      description: 'More than one server has said role:master for 2 minutes (a former master that Sentinel has not demoted). Role-aware readiness keeps the one the Sentinels do not name out of the write endpoint, and min-replicas-to-write stops it taking writes.',
      runbook: 'SENTINEL get-master-addr-by-name <name> on each Sentinel; REPLICAOF <agreed master> on the other one if Sentinel does not convert it.',
    },
    {
      alert: 'RedisMemoryNearMaxmemory',
      severity: 'warning',
      for: '5m',
      expr: sel => `(redis_memory_used_bytes{${sel}} / (redis_memory_max_bytes{${sel}} > 0)) > 0.9`,
      summary: '{{ $labels.pod }} uses {{ $value | humanizePercentage }} of maxmemory',
      description: 'Used memory has been above 90 % of maxmemory for 5 minutes: with noeviction writes are about to fail with OOM; with an eviction policy keys are about to be evicted.',
      runbook: 'Give the database more memory (maxmemory is derived from it), expire keys, or choose an eviction policy if the data is a cache.',
    },
    {
      alert: 'RedisEvictingKeys',
      severity: 'warning',
      for: '0m',
      expr: sel => `increase(redis_evicted_keys_total{${sel}}[5m]) > 0`,
      summary: '{{ $labels.pod }} evicted {{ $value | humanize }} keys in 5 minutes',
      description: 'Redis is dropping keys to stay under maxmemory (eviction policy).',
      runbook: 'Expected for a cache; for data that must be kept give it more memory and use RedisEvictionPolicy.NO_EVICTION.',
    },
    {
      alert: 'RedisRejectedConnections',
      severity: 'warning',
      for: '0m',
      expr: sel => `increase(redis_rejected_connections_total{${sel}}[5m]) > 0`,
      summary: '{{ $labels.pod }} rejected {{ $value | humanize }} connections in 5 minutes',
      description: 'Connections were refused because maxclients was reached.',
      runbook: 'Find the clients holding connections (CLIENT LIST); use a pool, or raise maxclients (settings).',
    },
  ];
  const extraPanels: EnginePanel[] = [
    {
      title: 'Memory',
      unit: 'bytes',
      targets: [
        { expr: sel => `redis_memory_used_bytes{${sel}}`, legend: 'used {{pod}}' },
        { expr: sel => `redis_memory_max_bytes{${sel}}`, legend: 'maxmemory {{pod}}' },
      ],
      description: 'Used memory and maxmemory (derived from the container memory, with room for forks).',
    },
    {
      title: 'Evicted keys and rejected connections (5m)',
      unit: 'none',
      targets: [
        { expr: sel => `increase(redis_evicted_keys_total{${sel}}[5m])`, legend: 'evicted {{pod}}' },
        { expr: sel => `increase(redis_rejected_connections_total{${sel}}[5m])`, legend: 'rejected {{pod}}' },
      ],
      description: 'Keys dropped at maxmemory and connections refused at maxclients.',
    },
    {
      title: 'Role',
      unit: 'none',
      targets: [{ expr: sel => `max by (pod) (${master(sel)})`, legend: 'master {{pod}}' }],
      description: '1 for the server that is a master.',
    },
  ];
  return {
    defaultImage: REDIS_EXPORTER_IMAGE,
    defaultPort: 9121,
    signals,
    extraAlerts,
    extraPanels,
    metricNames: [
      'redis_up', 'redis_instance_info', 'redis_master_link_up', 'redis_master_sync_in_progress', 'redis_connected_slaves',
      'redis_master_repl_offset', 'redis_connected_slave_offset_bytes', 'redis_connected_slave_lag_seconds',
      'redis_connected_clients', 'redis_config_maxclients', 'redis_memory_used_bytes', 'redis_memory_max_bytes',
      'redis_evicted_keys_total', 'redis_rejected_connections_total',
    ],
    exporter(ctx: ExporterContext, image: string): ExporterParts {
      return {
        image,
        args: [
          // With TLS the server has no plain-text port: TLS over loopback, inside the pod. The
          // certificate names the Services and pods, not 127.0.0.1, and the exporter (Go) checks
          // the host name, so it is not verified: nothing but this pod can answer on its loopback.
          ...(ctx.tls
            ? [`--redis.addr=rediss://127.0.0.1:${ctx.databasePort}`, '--skip-tls-verification']
            : [`--redis.addr=redis://127.0.0.1:${ctx.databasePort}`]),
          `--redis.user=${ctx.monitoringUser}`,
          `--web.listen-address=:${ctx.metricsPort}`,
          '--web.telemetry-path=/metrics',
        ],
        env: [{ name: 'REDIS_PASSWORD', secretKey: ctx.credentials.monitoringPassword }],
        files: {},
        uid: EXPORTER_UID,
        gid: EXPORTER_UID,
        metricsPath: '/metrics',
      };
    },
  };
}
