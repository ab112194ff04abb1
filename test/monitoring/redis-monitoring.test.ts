/**
 * The Redis signals (redis_exporter metric names) in the engine-agnostic rules plus the Redis
 * alerts: promtool check, and each alert firing on series shaped like real redis_exporter output
 * (test/real/monitoring-redis.test.ts checks the names against a real exporter) and silent on
 * healthy ones or another database's; DbMonitoring on a Redis database synthesizes valid objects.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { AlertCase, promtoolAvailable, rulesFileText, runPromtool, Series, tempDir, unitTestFile } from './promtool';
import { DatabaseEngine, DbMonitoring, ReplicatedDatabase } from '../../src';
import { redisMonitoring } from '../../src/engines/redis/monitoring';
import { buildRuleGroups, DEFAULT_THRESHOLDS } from '../../src/monitoring/rules';
import { validateAll } from '../validation';

const describePromtool = promtoolAvailable() ? describe : describe.skip;
const mon = redisMonitoring();
const groups = () => buildRuleGroups({
  name: 'cache',
  namespace: 'shop',
  engine: 'redis',
  replicas: 3,
  exporterContainer: 'exporter',
  signals: mon.signals,
  extraAlerts: mon.extraAlerts,
  thresholds: DEFAULT_THRESHOLDS,
  disabled: new Set(),
  backupCronJobs: [{ name: 'cache-backup', maxAgeSeconds: DEFAULT_THRESHOLDS.backupMaxAgeSeconds }],
  labels: {},
});

describe('redis_exporter sidecar and DbMonitoring', () => {
  test('logs in as the monitoring user; the password comes from the Secret through REDIS_PASSWORD', () => {
    const parts = mon.exporter({ databasePort: 6379, metricsPort: 9121, configDir: '/x', credentials: { monitoringPassword: 'monitoring-password' } as any, monitoringUser: 'monitoring' }, 'oliver006/redis_exporter:v1.67.0');
    expect(parts.args).toEqual(['--redis.addr=redis://127.0.0.1:6379', '--redis.user=monitoring', '--web.listen-address=:9121', '--web.telemetry-path=/metrics']);
    expect(parts.env).toEqual([{ name: 'REDIS_PASSWORD', secretKey: 'monitoring-password' }]);
    expect(parts.uid).toBe(59000);
  });

  test('DbMonitoring on Redis: valid objects, the Redis alerts and panels, disabledAlerts accepts them', () => {
    const chart = Testing.chart();
    (chart as any).namespace = 'shop';
    const db = new ReplicatedDatabase(chart, 'cache', { name: 'cache', engine: DatabaseEngine.redis() });
    const m = new DbMonitoring(chart, 'mon', { database: db, disabledAlerts: ['RedisEvictingKeys'] });
    expect(m.alertNames).toEqual(expect.arrayContaining(['DatabaseDown', 'DatabaseReplicationBroken', 'RedisNoMaster', 'RedisMultipleMasters',
      'RedisMemoryNearMaxmemory', 'RedisRejectedConnections']));
    expect(m.alertNames).not.toContain('RedisEvictingKeys');
    const docs = Testing.synth(chart);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    const sts = docs.find(d => d.kind === 'StatefulSet');
    const exporter = sts.spec.template.spec.containers.find((c: any) => c.name === 'exporter');
    expect(exporter.image).toBe('oliver006/redis_exporter:v1.67.0');
    expect(exporter.env).toEqual([{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'cache-credentials', key: 'monitoring-password' } } }]);
    const dash = JSON.parse(Object.values(docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === 'cache-dashboard').data)[0] as string);
    expect(dash.panels.map((p: any) => p.title)).toEqual(expect.arrayContaining(['Memory', 'Evicted keys and rejected connections (5m)', 'Role']));
    expect(() => new DbMonitoring(chart, 'mon2', { database: db, disabledAlerts: ['RedisNope'] })).toThrow(/invalid disabledAlerts "RedisNope": is not an alert name; known: .*RedisNoMaster/);
  });
});

describePromtool('Redis rules under promtool', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir(); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('promtool check rules', () => {
    const file = path.join(dir, 'redis.yml');
    fs.writeFileSync(file, rulesFileText(groups()));
    const r = runPromtool(['check', 'rules', file], dir);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r.code).toBe(0);
  });

  test('every Redis-specific and replication alert fires on exporter-shaped series and stays silent when healthy', () => {
    const g = groups();
    fs.writeFileSync(path.join(dir, 'rules.yml'), rulesFileText(g, false));
    const pod = (i: number) => ({ namespace: 'shop', pod: `cache-${i}`, container: 'exporter' });
    const s = (metric: string, labels: { [k: string]: string }, values: string): Series => ({ metric, labels, values });
    const info = (i: number, role: string) => s('redis_instance_info', { ...pod(i), role, redis_version: '7.0.15' }, '1x20');
    const up = (i: number) => s('redis_up', pod(i), '1x20');
    const healthySet = [up(0), up(1), up(2), info(0, 'master'), info(1, 'slave'), info(2, 'slave')];
    const other = (series: Series[]) => series.map(x => ({ ...x, labels: { ...x.labels, namespace: 'other' } }));
    const replicaIp = (i: number) => `cache-${i}.cache-headless.shop.svc.cluster.local`;
    const slave = (metric: string, i: number, value: string) => s(metric, { ...pod(0), slave_ip: replicaIp(i), slave_port: '6379', slave_state: 'online' }, value);
    const link = (i: number, v: string) => s('redis_master_link_up', { ...pod(i), master_host: replicaIp(0), master_port: '6379' }, `${v}x20`);
    const sync = (i: number, v: string) => s('redis_master_sync_in_progress', { ...pod(i), master_host: replicaIp(0), master_port: '6379' }, `${v}x20`);
    const cases: AlertCase[] = [
      { alert: 'DatabaseDown', firing: [s('redis_up', pod(1), '0x20')], healthy: [up(1), ...other([s('redis_up', pod(1), '0x20')])], evalTime: '10m', expectedLabels: [pod(1)] },
      {
        alert: 'RedisNoMaster',
        firing: [up(0), up(1), up(2), info(0, 'slave'), info(1, 'slave'), info(2, 'slave'), ...other(healthySet)],
        healthy: [...healthySet, ...other([up(0), info(0, 'slave')])],
        evalTime: '10m',
        expectedLabels: [{ namespace: 'shop' }],
      },
      { alert: 'RedisMultipleMasters', firing: [info(0, 'master'), info(1, 'master'), info(2, 'slave')], healthy: healthySet, evalTime: '10m', expectedLabels: [{ namespace: 'shop' }] },
      {
        alert: 'DatabaseReplicationBroken',
        firing: [link(1, '0'), sync(1, '0'), link(2, '1'), sync(2, '0')],
        healthy: [link(1, '1'), sync(1, '0'), link(2, '1'), sync(2, '0'), ...other([link(1, '0'), sync(1, '0')])],
        evalTime: '10m',
        expectedLabels: [{ namespace: 'shop', pod: 'cache-1' }],
      },
      // A full sync in progress counts as broken too.
      { alert: 'DatabaseReplicationBroken', firing: [link(2, '0'), sync(2, '1')], healthy: [link(2, '1'), sync(2, '0')], evalTime: '10m', expectedLabels: [{ namespace: 'shop', pod: 'cache-2' }] },
      {
        alert: 'DatabaseReplicationLagBytes',
        // The master's offset runs 100 MiB ahead of what replica 2 acknowledged; replica 1 is in sync.
        firing: [s('redis_master_repl_offset', pod(0), '200000000x20'), slave('redis_connected_slave_offset_bytes', 1, '200000000x20'), slave('redis_connected_slave_offset_bytes', 2, '95000000x20')],
        healthy: [s('redis_master_repl_offset', pod(0), '200000000x20'), slave('redis_connected_slave_offset_bytes', 1, '200000000x20'), slave('redis_connected_slave_offset_bytes', 2, '199999000x20')],
        evalTime: '10m',
        // The series is the replica's (re-labelled from the master's view).
        expectedLabels: [{ namespace: 'shop', pod: 'cache-2', container: 'exporter', slave_ip: replicaIp(2), slave_port: '6379', slave_state: 'online' }],
      },
      {
        alert: 'DatabaseReplicationLagSeconds',
        firing: [slave('redis_connected_slave_lag_seconds', 1, '120x20')],
        healthy: [slave('redis_connected_slave_lag_seconds', 1, '1x20')],
        evalTime: '10m',
        expectedLabels: [{ namespace: 'shop', pod: 'cache-1', container: 'exporter', slave_ip: replicaIp(1), slave_port: '6379', slave_state: 'online' }],
      },
      {
        alert: 'DatabaseReplicaDisconnected',
        firing: [s('redis_connected_slaves', pod(0), '1x20'), info(0, 'master')],
        healthy: [s('redis_connected_slaves', pod(0), '2x20'), info(0, 'master'), s('redis_connected_slaves', pod(1), '0x20'), info(1, 'slave')],
        evalTime: '10m',
        expectedLabels: [pod(0)],
      },
      {
        alert: 'RedisMemoryNearMaxmemory',
        firing: [s('redis_memory_used_bytes', pod(0), '95x20'), s('redis_memory_max_bytes', pod(0), '100x20')],
        // No maxmemory (0) never fires; 50 % does not either.
        healthy: [s('redis_memory_used_bytes', pod(0), '50x20'), s('redis_memory_max_bytes', pod(0), '100x20'), s('redis_memory_used_bytes', pod(1), '95x20'), s('redis_memory_max_bytes', pod(1), '0x20')],
        evalTime: '10m',
        expectedLabels: [pod(0)],
      },
      { alert: 'RedisEvictingKeys', firing: [s('redis_evicted_keys_total', pod(0), '0+10x20')], healthy: [s('redis_evicted_keys_total', pod(0), '7x20')], evalTime: '10m', expectedLabels: [pod(0)] },
      { alert: 'RedisRejectedConnections', firing: [s('redis_rejected_connections_total', pod(1), '0+1x20')], healthy: [s('redis_rejected_connections_total', pod(1), '3x20')], evalTime: '10m', expectedLabels: [pod(1)] },
      {
        alert: 'DatabaseConnectionsNearMax',
        firing: [s('redis_connected_clients', pod(0), '9500x20'), s('redis_config_maxclients', pod(0), '10000x20')],
        healthy: [s('redis_connected_clients', pod(0), '50x20'), s('redis_config_maxclients', pod(0), '10000x20')],
        evalTime: '10m',
        expectedLabels: [pod(0)],
      },
    ];
    const ruleLabels = (alert: string) => g[0].rules.find(r => r.alert === alert)!.labels;
    fs.writeFileSync(path.join(dir, 'tests.yml'), unitTestFile('rules.yml', cases, ruleLabels));
    const r = runPromtool(['test', 'rules', 'tests.yml'], dir);
    if (r.code !== 0) throw new Error(`promtool test rules failed:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
  });
});
