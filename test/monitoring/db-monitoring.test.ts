import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AlertCase, promtoolAvailable, promtoolVersion, ruleGroupsOf, rulesFileText, runPromtool, Series, tempDir, unitTestFile } from './promtool';
import {
  DatabaseCredentials, DatabaseEngine, DbMonitoring, DbMonitoringOptions, MetricsAccess, ReplicatedDatabase, ReplicatedDatabaseProps, ScrapeMethod,
} from '../../src';
import { describeWith, TOOLS } from '../requirements';
import { validateAll } from '../validation';

const RUNTIME = { runtimeLabels: ['cdk8s-db.io/role'] };

function synth(options: DbMonitoringOptions = {}, dbProps: Partial<ReplicatedDatabaseProps> = {}, namespace: string | undefined = 'shop') {
  const chart = Testing.chart();
  if (namespace) (chart as any).namespace = namespace;
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), ...dbProps });
  const mon = db.addMonitoring('Monitoring', options);
  return { chart, db, mon, docs: Testing.synth(chart) };
}

const find = (docs: any[], kind: string) => docs.filter(d => d.kind === kind);
const one = (docs: any[], kind: string, name?: string) => {
  const found = docs.filter(d => d.kind === kind && (name === undefined || d.metadata.name === name));
  expect(found).toHaveLength(1);
  return found[0];
};
const matches = (selector: { [k: string]: string }, labels: { [k: string]: string }) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('DbMonitoring (PostgreSQL)', () => {
  test('every document validates (Kubernetes schema, CRDs, semantics) for several variants', () => {
    const variants: [DbMonitoringOptions, Partial<ReplicatedDatabaseProps>][] = [
      [{}, {}],
      [{}, { replicas: 1 }],
      [{ scrapeMethod: ScrapeMethod.POD_MONITOR, scrapeInterval: Duration.seconds(15) }, { replicas: 2, readFromPrimary: true }],
      [{ backupCronJobs: ['orders-backup'], runbookBaseUrl: 'https://runbooks.example.com/db', alertLabels: { team: 'shop' } }, {}],
      [{ networkPolicy: MetricsAccess.fromPrometheus({ namespace: 'observability', podLabels: { app: 'prom' } }) }, { credentials: DatabaseCredentials.fromSecret('pg-secret') }],
      [{ networkPolicy: MetricsAccess.none(), dashboard: false, alerts: false }, {}],
      [{ prometheusSelectorLabels: { prometheus: 'main' }, dashboardLabels: { grafana_dashboard: 'db' }, dashboardNamespace: 'grafana', metricsPort: 9999 }, {}],
      [{ exporterResources: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(128) }, disabledAlerts: ['DatabaseVolumeFillingUp', 'DatabaseMetricsAbsent'] }, {}],
    ];
    for (const [options, dbProps] of variants) {
      const { docs } = synth(options, dbProps);
      expect(validateAll(docs, RUNTIME)).toEqual([]);
    }
  });

  test('exporter sidecar: pinned image, monitoring user, password from the Secret, restricted, named port', () => {
    const { docs, db } = synth();
    const sts = one(docs, 'StatefulSet');
    const pod = sts.spec.template.spec;
    const exporter = pod.containers.find((c: any) => c.name === 'exporter');
    expect(exporter.image).toBe('quay.io/prometheuscommunity/postgres-exporter:v0.17.1');
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9187, protocol: 'TCP' }]);
    expect(exporter.args).toContain('--extend.query-path=/etc/cdk8s-db/exporter/queries.yaml');
    const env = Object.fromEntries(exporter.env.map((e: any) => [e.name, e]));
    expect(env.DATA_SOURCE_USER.value).toBe('monitor');
    expect(env.DATA_SOURCE_URI.value).toMatch(/^127\.0\.0\.1:5432\/postgres\?sslmode=disable/);
    expect(env.DATA_SOURCE_PASS).toEqual({ name: 'DATA_SOURCE_PASS', valueFrom: { secretKeyRef: { name: db.secretName, key: 'monitoring-password' } } });
    expect(exporter.env.every((e: any) => e.name !== 'DATA_SOURCE_NAME')).toBe(true);
    expect(exporter.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65534, capabilities: { drop: ['ALL'] },
    });
    expect(exporter.resources.limits.memory).toBe('64Mi');
    expect(exporter.resources.requests.cpu).toBe('10m');
    // The queries ConfigMap is mounted and holds the file the args point to.
    const cm = one(docs, 'ConfigMap', 'orders-exporter');
    expect(Object.keys(cm.data)).toEqual(['queries.yaml']);
    expect(pod.volumes).toContainEqual({ name: 'exporter-config', configMap: { name: 'orders-exporter' } });
    // The database container is unchanged and still first.
    expect(pod.containers[0].name).toBe('postgres');
    expect('metrics'.length).toBeLessThanOrEqual(15);
  });

  test('Service and ServiceMonitor labels, selectors and port names line up with the pods', () => {
    const { docs } = synth();
    const pod = one(docs, 'StatefulSet').spec.template;
    const svc = one(docs, 'Service', 'orders-metrics');
    const sm = one(docs, 'ServiceMonitor');
    expect(matches(svc.spec.selector, pod.metadata.labels)).toBe(true);
    expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 9187, targetPort: 'metrics' }]);
    expect(matches(sm.spec.selector.matchLabels, svc.metadata.labels)).toBe(true);
    // ... and no other Service of the database
    for (const other of find(docs, 'Service').filter(s => s !== svc)) {
      expect(matches(sm.spec.selector.matchLabels, other.metadata.labels)).toBe(false);
    }
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }]);
    expect(sm.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });
    expect(one(docs, 'PrometheusRule').metadata.labels.release).toBe('kube-prometheus-stack');
    expect(find(docs, 'PodMonitor')).toHaveLength(0);
  });

  test('PodMonitor selects the database pods on the metrics port', () => {
    const { docs } = synth({ scrapeMethod: ScrapeMethod.POD_MONITOR, prometheusSelectorLabels: { prometheus: 'main' } });
    const pod = one(docs, 'StatefulSet').spec.template;
    const pm = one(docs, 'PodMonitor');
    expect(find(docs, 'ServiceMonitor')).toHaveLength(0);
    expect(matches(pm.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    expect(pm.spec.podMetricsEndpoints[0].port).toBe('metrics');
    expect(pm.metadata.labels).toMatchObject({ prometheus: 'main' });
    expect(pm.metadata.labels.release).toBeUndefined();
  });

  test('no literal secret anywhere in the output', () => {
    const { docs } = synth({ backupCronJobs: ['orders-backup'] });
    const text = JSON.stringify(docs);
    expect(text).not.toMatch(/DATA_SOURCE_NAME|password=(?!\$)|:\/\/monitor:/i);
    for (const d of docs) expect(d.kind).not.toBe('Secret');
  });

  test('every alert is scoped to the namespace and the database (pods, StatefulSet, PVCs, CronJobs)', () => {
    const { docs, mon } = synth({ backupCronJobs: ['orders-backup'] });
    const rules = ruleGroupsOf(docs).flatMap(g => g.rules);
    expect(rules.map(r => r.alert)).toEqual(DbMonitoring.ALERT_NAMES);
    expect(mon.alertNames).toEqual(DbMonitoring.ALERT_NAMES);
    for (const r of rules) {
      // every selector of a metric carries the namespace and one of this database's identities
      const selectors = r.expr.match(/[a-z_:]+\{[^}]*\}/g) as string[];
      expect(selectors.length).toBeGreaterThan(0);
      for (const sel of selectors) {
        expect(sel).toContain('namespace="shop"');
        expect(sel).toMatch(/pod=~"orders-\[0-9\]\+"|statefulset="orders"|persistentvolumeclaim=~"data-orders-\[0-9\]\+"|cronjob=~"orders-backup"/);
      }
      expect(r.labels).toMatchObject({ engine: 'postgres', database: 'orders' });
      expect(['critical', 'warning']).toContain(r.labels.severity);
      expect(r.annotations.summary).toBeTruthy();
      expect(r.annotations.description).toBeTruthy();
      expect(r.annotations.runbook).toBeTruthy();
    }
  });

  test('disabled alerts are absent; replication alerts only with replicas; backup alert only with CronJobs', () => {
    const { docs } = synth({ disabledAlerts: ['DatabaseVolumeFillingUp', 'DatabaseDown'] });
    const names = ruleGroupsOf(docs).flatMap(g => g.rules).map(r => r.alert);
    expect(names).not.toContain('DatabaseVolumeFillingUp');
    expect(names).not.toContain('DatabaseDown');
    expect(names).not.toContain('DatabaseBackupTooOld');
    expect(names).toContain('DatabaseReplicationBroken');
    const single = ruleGroupsOf(synth({}, { replicas: 1 }).docs).flatMap(g => g.rules).map(r => r.alert);
    expect(single.filter(n => /Replic(ation|a)/.test(n) && n !== 'DatabaseReplicasNotReady')).toEqual([]);
    expect(find(synth({ alerts: false }).docs, 'PrometheusRule')).toHaveLength(0);
  });

  test('thresholds are overridable', () => {
    const { docs } = synth({
      backupCronJobs: ['b1', 'b2'],
      thresholds: {
        replicationLagBytes: 1024,
        replicationLag: Duration.minutes(2),
        connectionsRatio: 0.5,
        volumeFreeRatio: 0.2,
        volumeFullPrediction: Duration.hours(48),
        restartsPerHour: 1,
        backupMaxAge: Duration.hours(8),
      },
    });
    const expr = Object.fromEntries(ruleGroupsOf(docs).flatMap(g => g.rules).map(r => [r.alert, r.expr]));
    expect(expr.DatabaseReplicationLagBytes).toMatch(/> 1024$/);
    expect(expr.DatabaseReplicationLagSeconds).toMatch(/> 120$/);
    expect(expr.DatabaseConnectionsNearMax).toMatch(/> 0\.5$/);
    expect(expr.DatabaseVolumeNearlyFull).toMatch(/< 0\.2$/);
    expect(expr.DatabaseVolumeFillingUp).toContain(', 172800) < 0');
    expect(expr.DatabaseContainerRestarting).toMatch(/> 1$/);
    expect(expr.DatabaseBackupTooOld).toContain('> 28800');
    expect(expr.DatabaseBackupTooOld).toContain('cronjob=~"b1|b2"');
  });

  test('dashboard ConfigMap for the Grafana sidecar covers the alerts\' metrics', () => {
    const { docs } = synth({ backupCronJobs: ['orders-backup'] });
    const cm = one(docs, 'ConfigMap', 'orders-dashboard');
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    const dash = JSON.parse(cm.data['shop-orders.json']);
    const titles = dash.panels.map((p: any) => p.title);
    expect(titles).toEqual(['Up', 'Connections', 'Replication lag (bytes)', 'Replication lag (seconds)', 'Replication state', 'Disk used', 'Container restarts (1h)', 'Time since last successful backup']);
    const exprs: string[] = dash.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    for (const e of exprs) expect(e).toContain('namespace="shop"');
    expect(synth({ dashboardLabels: { grafana: 'yes' }, dashboardNamespace: 'grafana' }).docs.find(d => d.metadata.name === 'orders-dashboard').metadata)
      .toMatchObject({ namespace: 'grafana', labels: { grafana: 'yes' } });
  });

  test('NetworkPolicy: only the metrics port, from Prometheus pods in the given namespace; default follows isolation', () => {
    const isolated = synth().docs.filter(d => d.kind === 'NetworkPolicy' && d.metadata.name === 'orders-metrics');
    const dbIsolated = synth().docs.some(d => d.kind === 'NetworkPolicy' && d.metadata.name !== 'orders-metrics');
    // default: a metrics policy exactly when the database isolates its pods itself
    expect(isolated.length).toBe(dbIsolated ? 1 : 0);
    const { docs } = synth({ networkPolicy: MetricsAccess.fromPrometheus({ namespace: 'monitoring' }) });
    const np = one(docs, 'NetworkPolicy', 'orders-metrics');
    expect(np.spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ protocol: 'TCP', port: 9187 }],
    }]);
    expect(find(synth({ networkPolicy: MetricsAccess.none() }).docs, 'NetworkPolicy').filter(d => d.metadata.name === 'orders-metrics')).toHaveLength(0);
  });

  test('bad input fails at synth time naming the prop and the value', () => {
    expect(() => synth({ disabledAlerts: ['DatabaseDwon'] })).toThrow(/invalid disabledAlerts "DatabaseDwon": is not an alert name; known: DatabaseDown/);
    expect(() => synth({ thresholds: { replicationLagBytes: -1 } })).toThrow(/invalid thresholds.replicationLagBytes -1/);
    expect(() => synth({ thresholds: { connectionsRatio: -0.5 } })).toThrow(/invalid thresholds.connectionsRatio -0.5/);
    expect(() => synth({ thresholds: { connectionsRatio: 1.5 } })).toThrow(/thresholds.connectionsRatio 1.5/);
    expect(() => synth({ thresholds: { volumeFreeRatio: 0 } })).toThrow(/thresholds.volumeFreeRatio 0/);
    expect(() => synth({ thresholds: { restartsPerHour: -3 } })).toThrow(/thresholds.restartsPerHour -3/);
    expect(() => synth({ metricsPort: 5432 })).toThrow(/metricsPort 5432: must differ/);
    expect(() => synth({ metricsPort: 80 })).toThrow(/metricsPort 80/);
    expect(() => synth({ backupCronJobs: ['Bad_Name'] })).toThrow(/backupCronJobs\[0\] "Bad_Name"/);
    expect(() => synth({ exporterImage: 'postgres-exporter' })).toThrow(/exporterImage "postgres-exporter"/);
    expect(() => synth({ alertLabels: { severity: 'x' } })).toThrow(/alertLabels key "severity"/);
    expect(() => synth({ prometheusSelectorLabels: { 'bad key!': 'x' } })).toThrow(/prometheusSelectorLabels key/);
    expect(() => synth({}, {}, '')).toThrow(/invalid namespace undefined: is required/);
    expect(() => MetricsAccess.fromPrometheus({ podLabels: {} })).toThrow(/podLabels/);
    // a second exporter on the same pod is refused
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres() });
    db.addMonitoring('M1');
    expect(() => db.addMonitoring('M2')).toThrow(/DbMonitoring c\/orders\/M2: invalid database "orders": is monitored already by DbMonitoring c\/orders\/M1/);
  });
});

// --- promtool -------------------------------------------------------------------------------

const describePromtool = describeWith([TOOLS.promtool]);

const NS = 'shop';
const P0 = { namespace: NS, pod: 'orders-0', container: 'exporter', job: 'orders-metrics' };
const P1 = { namespace: NS, pod: 'orders-1', container: 'exporter', job: 'orders-metrics' };
const KSM = { job: 'kube-state-metrics' };
const PG = 'cdk8s_db_pg_replication';
const s = (metric: string, labels: { [k: string]: string }, values: string): Series => ({ metric, labels, values });
const strip = (l: { [k: string]: string }) => l;

/** Neighbours: the same series for another namespace and for another database, whose values must not trigger our alerts. */
function neighbours(series: Series[]): Series[] {
  const rename = (v: string) => v.replace(/^orders-/, 'orders-x-').replace(/^orders$/, 'orders-x').replace(/^data-orders-/, 'data-orders-x-');
  return series.flatMap(x => [
    { ...x, labels: { ...x.labels, namespace: 'other' } },
    { ...x, labels: Object.fromEntries(Object.entries(x.labels).map(([k, v]) => [k, k === 'namespace' ? v : rename(v)])) },
  ]);
}

function alertCases(): AlertCase[] {
  const c = (alert: string, firing: Series[], healthy: Series[], evalTime: string, expectedLabels: { [k: string]: string }[]): AlertCase =>
    ({ alert, firing, healthy: [...healthy, ...neighbours(firing)], evalTime, expectedLabels });
  const pvc = { ...KSM, namespace: NS, persistentvolumeclaim: 'data-orders-0' };
  const sts = { ...KSM, namespace: NS, statefulset: 'orders' };
  const cron = { ...KSM, namespace: NS, cronjob: 'orders-backup' };
  const restarts = { ...KSM, namespace: NS, pod: 'orders-0', container: 'postgres' };
  const replica = (streaming: string, paused: string, known: string) => [
    s(`${PG}_is_replica`, P1, '1x20'), s(`${PG}_streaming`, P1, `${streaming}x20`),
    s(`${PG}_replay_paused`, P1, `${paused}x20`), s(`${PG}_lag_known`, P1, `${known}x20`),
  ];
  return [
    c('DatabaseDown', [s('pg_up', P1, '0x15')], [s('pg_up', P1, '1x15')], '10m', [strip(P1)]),
    c('DatabaseExporterDown', [s('up', P1, '0x15')], [s('up', P1, '1x15')], '10m', [strip(P1)]),
    c('DatabaseMetricsAbsent', [s('pg_up', { namespace: 'elsewhere', pod: 'x-0' }, '1x30')], [s('up', P1, '1x30')], '20m',
      [{ namespace: NS, container: 'exporter' }]),
    c('DatabaseReplicationBroken', replica('0', '0', '1'), replica('1', '0', '1'), '10m', [strip(P1)]),
    c('DatabaseReplicaDisconnected',
      [s(`${PG}_is_replica`, P0, '0x15'), s(`${PG}_streaming_replicas`, P0, '1x15')],
      [s(`${PG}_is_replica`, P0, '0x15'), s(`${PG}_streaming_replicas`, P0, '2x15'), s(`${PG}_is_replica`, P1, '1x15'), s(`${PG}_streaming_replicas`, P1, '0x15')],
      '10m', [strip(P0)]),
    c('DatabaseReplicationSlotLost',
      [s('cdk8s_db_pg_replication_slot_lost', { ...P0, slot_name: 'orders_1' }, '1x15')],
      [s('cdk8s_db_pg_replication_slot_lost', { ...P0, slot_name: 'orders_2' }, '0x15')],
      '10m', [strip({ ...P0, slot_name: 'orders_1' })]),
    c('DatabaseReplicationLagBytes', [s(`${PG}_lag_bytes`, P1, '100000000x15')], [s(`${PG}_lag_bytes`, P1, '1000x15')], '10m', [strip(P1)]),
    c('DatabaseReplicationLagSeconds', [s(`${PG}_lag_seconds`, P1, '120x15')], [s(`${PG}_lag_seconds`, P1, '0x15')], '10m', [strip(P1)]),
    c('DatabaseReplicasNotReady',
      [s('kube_statefulset_status_replicas_ready', sts, '2x25'), s('kube_statefulset_replicas', sts, '3x25')],
      [s('kube_statefulset_status_replicas_ready', sts, '3x25'), s('kube_statefulset_replicas', sts, '3x25')], '20m', [{ namespace: NS, statefulset: 'orders' }]),
    c('DatabaseConnectionsNearMax',
      [s('cdk8s_db_pg_connections_used', P1, '90x15'), s('cdk8s_db_pg_connections_max', P1, '97x15')],
      [s('cdk8s_db_pg_connections_used', P1, '10x15'), s('cdk8s_db_pg_connections_max', P1, '97x15')], '10m', [strip(P1)]),
    c('DatabaseVolumeNearlyFull',
      [s('kubelet_volume_stats_available_bytes', pvc, '5x15'), s('kubelet_volume_stats_capacity_bytes', pvc, '100x15')],
      [s('kubelet_volume_stats_available_bytes', pvc, '50x15'), s('kubelet_volume_stats_capacity_bytes', pvc, '100x15')], '10m', [pvc]),
    c('DatabaseVolumeFillingUp',
      [s('kubelet_volume_stats_available_bytes', pvc, '39-0.05x480'), s('kubelet_volume_stats_capacity_bytes', pvc, '100x480')],
      [s('kubelet_volume_stats_available_bytes', pvc, '39x480'), s('kubelet_volume_stats_capacity_bytes', pvc, '100x480')], '8h', [pvc]),
    c('DatabaseContainerRestarting',
      [s('kube_pod_container_status_restarts_total', restarts, '0+1x60')],
      [s('kube_pod_container_status_restarts_total', restarts, '5x60')], '30m', [restarts]),
    c('DatabaseBackupTooOld',
      [s('kube_cronjob_status_last_successful_time', cron, '0x70')],
      [s('kube_cronjob_status_last_successful_time', cron, '0+60x70')], '60m', [cron]),
  ];
}

describePromtool(`promtool (${promtoolAvailable() ? promtoolVersion() : 'missing'})`, () => {
  let dir: string;
  beforeAll(() => { dir = tempDir(); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  test('promtool check rules accepts every generated rule group, for several variants', () => {
    const variants: DbMonitoringOptions[] = [
      {},
      { backupCronJobs: ['orders-backup', 'orders.weekly'.replace('.', '-')], runbookBaseUrl: 'https://runbooks.example.com/db', alertLabels: { team: 'shop' } },
      { thresholds: { replicationLagBytes: 0, connectionsRatio: 1, volumeFreeRatio: 0.5, restartsPerHour: 0 } },
    ];
    variants.forEach((v, i) => {
      for (const replicas of [1, 3]) {
        const file = path.join(dir, `check-${i}-${replicas}.yml`);
        fs.writeFileSync(file, rulesFileText(ruleGroupsOf(synth(v, { replicas }).docs)));
        const r = runPromtool(['check', 'rules', file], dir);
        expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
        expect(r.code).toBe(0);
      }
    });
  });

  test('promtool test rules: each alert fires on a synthetic series and stays silent on a healthy one (and on other databases)', () => {
    const { docs } = synth({ backupCronJobs: ['orders-backup'], thresholds: { backupMaxAge: Duration.minutes(30) } });
    const groups = ruleGroupsOf(docs);
    const rules = groups.flatMap(g => g.rules);
    fs.writeFileSync(path.join(dir, 'rules.yml'), rulesFileText(groups, false));
    const cases = alertCases();
    // every alert has a case
    expect(cases.map(x => x.alert).sort()).toEqual([...DbMonitoring.ALERT_NAMES].sort());
    const ruleLabels = (alert: string) => rules.find(r => r.alert === alert).labels;
    fs.writeFileSync(path.join(dir, 'tests.yml'), unitTestFile('rules.yml', cases, ruleLabels));
    const r = runPromtool(['test', 'rules', 'tests.yml'], dir);
    if (r.code !== 0) throw new Error(`promtool test rules failed:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
  });

  test('promtool test rules catches a wrong expectation (the harness can fail)', () => {
    const { docs } = synth();
    fs.writeFileSync(path.join(dir, 'rules-neg.yml'), rulesFileText(ruleGroupsOf(docs), false));
    const bad: AlertCase = { alert: 'DatabaseDown', firing: [s('pg_up', P1, '1x15')], healthy: [], evalTime: '10m', expectedLabels: [P1] };
    fs.writeFileSync(path.join(dir, 'tests-neg.yml'), unitTestFile('rules-neg.yml', [bad], () => ({ severity: 'critical', engine: 'postgres', database: 'orders' })));
    const r = runPromtool(['test', 'rules', 'tests-neg.yml'], dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/FAILED/);
  });
});
