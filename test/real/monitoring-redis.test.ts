/**
 * redis_exporter against real Redis: Debian bookworm's redis-server 7.0 master and replica,
 * started with the Redis engine's own scripts (test/real/redis-harness.ts), and Debian's
 * prometheus-redis-exporter (1.45; the sidecar image is pinned to upstream v1.67.0) started with
 * the arguments and environment DbMonitoring gives the sidecar: the monitoring ACL user, its
 * password from the environment.
 *
 * Proves every exporter metric the rules and the dashboard use exists in real output (from the
 * master or the replica), that the monitoring user has every permission the exporter needs (no
 * NOPERM in its log), and that the replication series move when the replica's link breaks.
 */
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import { httpGet, killGroupIfRunning, sleep, spawnDetached, trackedChildren } from './process';
import { buildParts, defaultSecrets, freePort, Member, RedisNode, redisAvailable, waitFor } from './redis-harness';
import { redisMonitoring } from '../../src/engines/redis/monitoring';
import { buildDashboard, dashboardExpressions } from '../../src/monitoring/dashboard';
import { buildRuleGroups, DEFAULT_THRESHOLDS } from '../../src/monitoring/rules';

const EXPORTER = process.env.REDIS_EXPORTER ?? '/usr/bin/prometheus-redis-exporter';
const available = redisAvailable() && fs.existsSync(EXPORTER);
const d = available ? describe : describe.skip;
jest.setTimeout(120_000);

const EXTERNAL = new Set(['up', 'kube_statefulset_status_replicas_ready', 'kube_statefulset_replicas', 'kube_pod_container_status_restarts_total',
  'kube_cronjob_status_last_successful_time', 'kube_cronjob_created', 'kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes']);
const children = trackedChildren();

async function until(check: () => Promise<boolean>, ms: number, interval = 300): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await sleep(interval);
  }
  return false;
}

function names(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m) out.set(m[1], [...(out.get(m[1]) ?? []), line]);
  }
  return out;
}

d('DbMonitoring (Redis) against real redis-server and prometheus-redis-exporter', () => {
  const mon = redisMonitoring();
  const exprs = [
    ...buildRuleGroups({
      name: 'cache',
      namespace: 'shop',
      engine: 'redis',
      replicas: 3,
      exporterContainer: 'exporter',
      signals: mon.signals,
      extraAlerts: mon.extraAlerts,
      thresholds: DEFAULT_THRESHOLDS,
      disabled: new Set(),
      backupCronJobs: [{ name: 'b', maxAgeSeconds: DEFAULT_THRESHOLDS.backupMaxAgeSeconds }],
      labels: {},
    }).flatMap(g => g.rules.map(r => r.expr)),
    ...dashboardExpressions(buildDashboard({ name: 'cache', namespace: 'shop', engine: 'redis', exporterContainer: 'exporter', signals: mon.signals, backupCronJobs: ['b'], extraPanels: mon.extraPanels })),
  ];
  const used = [...new Set(exprs.flatMap(e => [...e.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1])))].filter(n => !EXTERNAL.has(n)).sort();
  const secrets = defaultSecrets();
  let nodes: RedisNode[] = [];
  const exporters: { child: ChildProcess; port: number; log: string }[] = [];

  async function startExporter(node: RedisNode): Promise<number> {
    const port = await freePort();
    const parts = mon.exporter({ databasePort: node.port, metricsPort: port, configDir: '/x', credentials: {} as any, monitoringUser: 'monitoring' }, 'x');
    // The sidecar's arguments, with the listen address on loopback only.
    const args = parts.args.map(a => a.startsWith('--web.listen-address=') ? `--web.listen-address=127.0.0.1:${port}` : a);
    const log = `${node.root}/exporter.log`;
    const fd = fs.openSync(log, 'a');
    const child = spawnDetached(EXPORTER, args, { env: { PATH: '/usr/bin:/bin', REDIS_PASSWORD: secrets.monitoringPassword }, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    children.add(child);
    exporters.push({ child, port, log });
    await until(async () => (await httpGet(`http://127.0.0.1:${port}/metrics`)).status === 200, 20_000);
    return port;
  }
  const scrape = async (port: number) => (await httpGet(`http://127.0.0.1:${port}/metrics`)).body;

  beforeAll(async () => {
    const members: Member[] = [];
    for (let i = 0; i < 2; i++) members.push({ port: await freePort(), sentinelPort: await freePort() });
    const options = { name: 'cache', members, secrets, engine: { minReplicasToWrite: 0 } };
    const parts = buildParts(options);
    nodes = members.map((_, i) => new RedisNode(options, i, parts));
    for (const n of nodes) await n.startServer();
    expect(await waitFor(() => nodes[1].info().master_link_status === 'up', 20_000)).toBe(true);
    nodes[0].cli('app', ['SET', 'k', 'v']);
  });

  afterAll(async () => {
    for (const e of exporters) { killGroupIfRunning(e.child); children.delete(e.child); }
    for (const n of nodes) await n.cleanup();
  });

  test('the rules and the dashboard use exactly the engine\'s declared metric names', () => {
    expect(used).toEqual([...mon.metricNames].sort());
  });

  test('every metric name appears in the real exporter output (master or replica); the monitoring user lacks no permission', async () => {
    const master = names(await scrape(await startExporter(nodes[0])));
    const replica = names(await scrape(await startExporter(nodes[1])));
    const missing = used.filter(n => !master.has(n) && !replica.has(n));
    expect(missing).toEqual([]);
    expect(master.get('redis_up')).toEqual(['redis_up 1']);
    expect(master.get('redis_instance_info')![0]).toMatch(/role="master"/);
    expect(replica.get('redis_instance_info')![0]).toMatch(/role="slave"/);
    // The master's per-replica series carry the replica's announced host name (a pod DNS name in a cluster).
    expect(master.get('redis_connected_slave_offset_bytes')![0]).toMatch(new RegExp(`slave_ip="localhost",slave_port="${nodes[1].port}"`));
    expect(replica.get('redis_master_link_up')![0]).toMatch(/ 1$/);
    expect(master.get('redis_memory_max_bytes')![0]).not.toMatch(/ 0$/);
    for (const e of exporters) expect(fs.readFileSync(e.log, 'utf8')).not.toMatch(/NOPERM|NOAUTH|WRONGPASS|level=error/);
  });

  test('a broken replication link shows in redis_master_link_up', async () => {
    const port = exporters[1].port;
    nodes[0].cli('admin', ['ACL', 'SETUSER', 'replication', 'off']);
    nodes[0].cli('admin', ['CLIENT', 'KILL', 'TYPE', 'replica']);
    try {
      expect(await until(async () => /^redis_master_link_up\{[^}]*\} 0$/m.test(await scrape(port)), 20_000, 500)).toBe(true);
    } finally {
      nodes[0].cli('admin', ['ACL', 'SETUSER', 'replication', 'on']);
    }
    expect(await until(async () => /^redis_master_link_up\{[^}]*\} 1$/m.test(await scrape(port)), 30_000, 500)).toBe(true);
  });
});
