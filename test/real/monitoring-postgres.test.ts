/**
 * The monitoring of a real PostgreSQL: Debian's postgres 15 (primary + streaming standby, run by
 * the engine's own scripts through test/real/postgres-harness.ts) and Debian's
 * prometheus-postgres-exporter, started with the args, environment and queries file that
 * DbMonitoring synthesizes for the sidecar (only addresses and paths rewritten for the machine).
 *
 * Proves: every metric the alert rules and the dashboard use exists in the real exporter output
 * (or comes from kube-state-metrics/kubelet/Prometheus, listed below); the custom queries run as
 * the pg_monitor user without errors on a primary and on a standby; the lag they report equals
 * the readiness probe's; a paused replay and a database the exporter cannot log in to show up.
 *
 * Versions: the exporter here is Debian bookworm's 0.11.1; the sidecar image is pinned to
 * upstream v0.17.1. Both accept --extend.query-path and DATA_SOURCE_URI/USER/PASS. The built-in
 * metrics the rules rely on are only `pg_up`; everything else comes from the custom queries,
 * whose names do not depend on the exporter version.
 */
import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { defaultSecrets, freePort, makeTempDir, PgNode, postgresVersion, sleep, waitFor } from './postgres-harness';
import { httpGet as get, killGroupIfRunning as killExporter, spawnCaptured, trackedChildren } from './process';
import { DatabaseCredentials, DatabaseEngine, ReplicatedDatabase } from '../../src';
import { dashboardExpressions } from '../../src/monitoring/dashboard';
import { describeWith, TOOLS } from '../requirements';

const EXPORTER = process.env.POSTGRES_EXPORTER ?? '/usr/bin/prometheus-postgres-exporter';
const describeReal = describeWith([TOOLS.postgres, { ...TOOLS.postgresExporter, path: EXPORTER }], { realServer: true });

/**
 * Metrics that do not come from the database exporter, each with where they come from.
 * Anything else a rule or panel uses must appear in the real exporter's output.
 */
const EXTERNAL_METRICS: { [name: string]: string } = {
  up: 'Prometheus itself, per scrape target',
  kube_statefulset_status_replicas_ready: 'kube-state-metrics',
  kube_statefulset_replicas: 'kube-state-metrics',
  kube_pod_container_status_restarts_total: 'kube-state-metrics',
  kube_cronjob_status_last_successful_time: 'kube-state-metrics',
  kube_cronjob_created: 'kube-state-metrics',
  kubelet_volume_stats_available_bytes: 'kubelet',
  kubelet_volume_stats_capacity_bytes: 'kubelet',
};

const exporters = trackedChildren();

/** name{labels} value → map of metric name → values (all series). */
function parseMetrics(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    out.set(m[1], [...(out.get(m[1]) ?? []), Number(m[3])]);
  }
  return out;
}

/** Metric names an expression selects (`name{...}`). */
function metricNamesOf(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1]);
}

describeReal('DbMonitoring against a real PostgreSQL and prometheus-postgres-exporter', () => {
  const secrets = defaultSecrets();
  const t0 = Date.now();
  const timings: { [step: string]: number } = {};
  let primary: PgNode;
  let replica: PgNode;
  let dir: string;
  let docs: any[];
  let container: any;
  const metricsPorts: { [pod: string]: number } = {};

  /** Debian's build prints its version on stderr. */
  const exporterVersion = () => {
    const r = spawnSync(EXPORTER, ['--version'], { encoding: 'utf8' });
    return { status: r.status, line: `${r.stdout}${r.stderr}`.split('\n')[0] };
  };

  /** Starts the exporter like the synthesized sidecar, against `dbPort`, listening on a free port. */
  async function startExporter(dbPort: number, password: string): Promise<{ port: number; child: ChildProcess; log: () => string }> {
    const port = await freePort();
    const args = (container.args as string[]).map(a => a
      .replace(/^--web\.listen-address=:\d+$/, `--web.listen-address=127.0.0.1:${port}`)
      .replace(/^--extend\.query-path=.*\/([^/]+)$/, (_, f) => `--extend.query-path=${path.join(dir, f)}`));
    const env: { [k: string]: string } = { PATH: '/usr/bin:/bin' };
    for (const e of container.env) {
      if (e.valueFrom?.secretKeyRef) {
        expect(e.valueFrom.secretKeyRef.key).toBe('monitoring-password');
        env[e.name] = password;
      } else {
        env[e.name] = String(e.value).replace('127.0.0.1:5432', `127.0.0.1:${dbPort}`);
      }
    }
    // As `nobody`, like the upstream image.
    const { child, output: log } = spawnCaptured(EXPORTER, args, { env, user: { uid: 65534, gid: 65534 } });
    exporters.add(child);
    child.on('exit', () => exporters.delete(child));
    const up = await waitFor(() => child.exitCode === null && fs.existsSync('/proc/net/tcp'), 1000);
    expect(up).toBe(true);
    const ok = await (async () => {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        try {
          if ((await get(`http://127.0.0.1:${port}/metrics`)).status === 200) return true;
        } catch {
          // not listening yet
        }
        if (child.exitCode !== null) return false;
        await sleep(100);
      }
      return false;
    })();
    if (!ok) throw new Error(`exporter did not start (exit ${child.exitCode}): ${log()}`);
    return { port, child, log };
  }

  const scrape = async (port: number) => {
    const r = await get(`http://127.0.0.1:${port}/metrics`);
    expect(r.status).toBe(200);
    return parseMetrics(r.body);
  };
  const value = (m: Map<string, number[]>, name: string) => {
    const v = m.get(name);
    if (!v) throw new Error(`metric ${name} missing`);
    expect(v).toHaveLength(1);
    return v[0];
  };

  beforeAll(async () => {
    const t = Date.now();
    // The manifests DbMonitoring writes for the sidecar.
    const chart = Testing.chart();
    (chart as any).namespace = 'shop';
    const db = new ReplicatedDatabase(chart, 'orders', {
      name: 'orders', replicas: 2, engine: DatabaseEngine.postgres(), credentials: DatabaseCredentials.fromSecret('orders-credentials'),
    });
    db.addMonitoring('Monitoring', { backupCronJobs: ['orders-backup'] });
    docs = Testing.synth(chart);
    container = docs.find(d => d.kind === 'StatefulSet').spec.template.spec.containers.find((c: any) => c.name === 'exporter');
    dir = makeTempDir('mon-');
    const cm = docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === 'orders-exporter');
    for (const [file, text] of Object.entries(cm.data as { [f: string]: string })) fs.writeFileSync(path.join(dir, file), text, { mode: 0o644 });

    const primaryPort = await freePort();
    primary = new PgNode({ podName: 'orders-0', port: primaryPort, primaryPort, secrets });
    replica = new PgNode({ podName: 'orders-1', port: await freePort(), primaryPort, secrets });
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    expect(replica.runScript('bootstrap.sh').code).toBe(0);
    await replica.start();
    expect(await waitFor(() => replica.runScript('readiness.sh').code === 0, 30_000)).toBe(true);
    timings.databases = Date.now() - t;
  });

  afterAll(async () => {
    for (const c of exporters) {
      killExporter(c, 'SIGTERM');
      await waitFor(() => c.exitCode !== null || c.signalCode !== null, 3000, 50);
      killExporter(c);
    }
    for (const node of [replica, primary]) await node?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`monitoring real test: ${postgresVersion()}; ${exporterVersion().line}; `
      + `timings (ms) ${JSON.stringify(timings)}, total ${Date.now() - t0} ms`);
  });

  test('versions under test (Debian exporter, not the pinned image)', () => {
    const v = exporterVersion();
    // eslint-disable-next-line no-console
    console.log(`exporter under test: ${v.line}; pinned sidecar image: ${container.image}`);
    expect(v.status).toBe(0);
    expect(v.line).toMatch(/^postgres_exporter, version \d+\.\d+/);
    expect(container.image).toMatch(/^quay\.io\/prometheuscommunity\/postgres-exporter:v\d+\.\d+\.\d+$/);
  });

  test('the monitoring user is least-privileged: pg_monitor, not a superuser', () => {
    expect(primary.sql("SELECT rolsuper::text || ',' || rolreplication::text FROM pg_roles WHERE rolname = 'monitor'")).toBe('false,false');
    expect(primary.sql("SELECT pg_has_role('monitor', 'pg_monitor', 'MEMBER')")).toBe('t');
  });

  test('every metric used by the rules and the dashboard exists in the real output of primary and standby', async () => {
    const t = Date.now();
    const p = await startExporter(primary.options.port, secrets.monitoringPassword);
    const r = await startExporter(replica.options.port, secrets.monitoringPassword);
    metricsPorts['orders-0'] = p.port;
    metricsPorts['orders-1'] = r.port;
    const exprs = [
      ...docs.filter(d => d.kind === 'PrometheusRule').flatMap(d => d.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.expr))),
      ...dashboardExpressions(JSON.parse(Object.values(docs.find(d => d.metadata.name === 'orders-dashboard').data)[0] as string)),
    ];
    const used = new Set(exprs.flatMap(metricNamesOf));
    expect(used.size).toBeGreaterThan(10);
    const fromExporter = [...used].filter(n => !(n in EXTERNAL_METRICS)).sort();
    expect(fromExporter).toContain('pg_up');
    expect(fromExporter).toContain('cdk8s_db_pg_replication_lag_bytes');
    for (const port of [p.port, r.port]) {
      const m = await scrape(port);
      // one series per replication slot: only the primary has slots
      const missing = fromExporter.filter(n => !m.has(n)).filter(n => port === p.port || !n.startsWith('cdk8s_db_pg_replication_slot_'));
      expect(missing).toEqual([]);
      // the custom queries ran without error (permissions of pg_monitor, SQL valid on this version)
      expect(value(m, 'pg_exporter_last_scrape_error')).toBe(0);
      expect(value(m, 'pg_up')).toBe(1);
    }
    // the list the engine declares matches what its signals use
    const declared = DatabaseEngine.postgres()._spec.monitoring!.metricNames;
    for (const n of fromExporter) expect(declared).toContain(n);
    timings.exportersAndScrape = Date.now() - t;
  });

  test('values: primary with one streaming standby, standby in sync; connection numbers', async () => {
    const m0 = await scrape(metricsPorts['orders-0']);
    const m1 = await scrape(metricsPorts['orders-1']);
    expect(value(m0, 'cdk8s_db_pg_replication_is_replica')).toBe(0);
    expect(value(m0, 'cdk8s_db_pg_replication_streaming_replicas')).toBe(1);
    expect(value(m0, 'cdk8s_db_pg_replication_lag_bytes')).toBe(0);
    expect(value(m1, 'cdk8s_db_pg_replication_is_replica')).toBe(1);
    expect(value(m1, 'cdk8s_db_pg_replication_streaming')).toBe(1);
    expect(value(m1, 'cdk8s_db_pg_replication_replay_paused')).toBe(0);
    expect(value(m1, 'cdk8s_db_pg_replication_lag_known')).toBe(1);
    expect(value(m1, 'cdk8s_db_pg_replication_streaming_replicas')).toBe(0);
    const maxConn = Number(primary.sql("SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int"));
    expect(value(m0, 'cdk8s_db_pg_connections_max')).toBe(maxConn);
    expect(value(m0, 'cdk8s_db_pg_connections_used')).toBeGreaterThanOrEqual(1); // the exporter itself
    // the standby's slot (created by its clone): in use, not invalidated
    expect(value(m0, 'cdk8s_db_pg_replication_slot_lost')).toBe(0);
    expect(value(m0, 'cdk8s_db_pg_replication_slot_active')).toBe(1);
    expect(value(m0, 'cdk8s_db_pg_replication_slot_retained_bytes')).toBeGreaterThanOrEqual(0);
    expect(m1.has('cdk8s_db_pg_replication_slot_lost')).toBe(false);
  });

  test('paused replay: replay_paused = 1, and the byte lag equals the readiness probe\'s', async () => {
    const t = Date.now();
    // One replayed transaction first: time lag is measured from the last replayed commit, and is
    // unknown (lag_known 0, like the probe's "not ready") while nothing was replayed yet.
    primary.sql('CREATE TABLE IF NOT EXISTS mon_first (id int)', secrets.appDatabase);
    const first = primary.sql('SELECT pg_current_wal_flush_lsn()');
    expect(await waitFor(() => replica.sql(`SELECT pg_last_wal_replay_lsn() >= '${first}'::pg_lsn`) === 't', 20_000)).toBe(true);
    replica.sql('SELECT pg_wal_replay_pause()');
    try {
      await waitFor(() => replica.sql('SELECT pg_get_wal_replay_pause_state()') === 'paused', 10_000);
      primary.sql('CREATE TABLE IF NOT EXISTS mon_probe AS SELECT g AS id, repeat(\'x\', 200) AS pad FROM generate_series(1, 20000) g', secrets.appDatabase);
      const flushed = primary.sql('SELECT pg_current_wal_flush_lsn()');
      expect(await waitFor(() => replica.sql(`SELECT pg_last_wal_receive_lsn() >= '${flushed}'::pg_lsn`) === 't', 20_000)).toBe(true);
      await sleep(1100); // time lag is whole seconds since the last replayed transaction
      const m1 = await scrape(metricsPorts['orders-1']);
      const probe = replica.runScript('readiness.sh', { READINESS_MAX_LAG_BYTES: '1', READINESS_MAX_LAG_SECONDS: '100000' });
      expect(probe.code).toBe(1);
      const probeBytes = Number(/byte lag (\d+)/.exec(probe.stdout)![1]);
      const probeSeconds = Number(/time lag ([\d.]+)s/.exec(probe.stdout)![1]);
      expect(probe.stdout).toMatch(/replay paused/);
      expect(value(m1, 'cdk8s_db_pg_replication_replay_paused')).toBe(1);
      expect(value(m1, 'cdk8s_db_pg_replication_streaming')).toBe(1);
      expect(value(m1, 'cdk8s_db_pg_replication_lag_bytes')).toBeGreaterThan(1_000_000);
      expect(value(m1, 'cdk8s_db_pg_replication_lag_bytes')).toBe(probeBytes);
      expect(value(m1, 'cdk8s_db_pg_replication_lag_known')).toBe(1);
      expect(value(m1, 'cdk8s_db_pg_replication_lag_seconds')).toBeGreaterThan(1);
      // scraped just before the probe ran: the same clock, a few hundred ms apart
      expect(Math.abs(value(m1, 'cdk8s_db_pg_replication_lag_seconds') - probeSeconds)).toBeLessThan(2);
    } finally {
      replica.sql('SELECT pg_wal_replay_resume()');
    }
    // caught up again: lag back to 0
    const end = primary.sql('SELECT pg_current_wal_flush_lsn()');
    expect(await waitFor(() => replica.sql(`SELECT pg_last_wal_replay_lsn() >= '${end}'::pg_lsn`) === 't', 20_000)).toBe(true);
    expect(replica.runScript('readiness.sh').code).toBe(0);
    const after = await scrape(metricsPorts['orders-1']);
    expect(value(after, 'cdk8s_db_pg_replication_lag_bytes')).toBe(0);
    expect(value(after, 'cdk8s_db_pg_replication_lag_seconds')).toBe(0);
    expect(value(after, 'cdk8s_db_pg_replication_replay_paused')).toBe(0);
    timings.pausedReplay = Date.now() - t;
  });

  test('a database the exporter cannot log in to reports pg_up 0 (DatabaseDown), and the password is never logged', async () => {
    const bad = await startExporter(primary.options.port, 'wrong-password');
    const m = await scrape(bad.port);
    expect(value(m, 'pg_up')).toBe(0);
    killExporter(bad.child);
    for (const c of [bad]) expect(c.log()).not.toContain('wrong-password');
    expect(primary.log()).not.toContain(secrets.monitoringPassword);
  });
});
