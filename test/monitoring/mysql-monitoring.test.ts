/**
 * The MySQL-family signals (mysqld_exporter metric names) inside the engine-agnostic rules:
 * promtool check, and each replication alert firing on MariaDB-shaped series and silent on
 * healthy ones. The engine-agnostic alerts are covered by db-monitoring.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AlertCase, rulesFileText, runPromtool, Series, tempDir, unitTestFile } from './promtool';
import { mysqlFamilyMonitoring } from '../../src/engines/mysql/monitoring';
import { buildDashboard } from '../../src/monitoring/dashboard';
import { buildRuleGroups, DEFAULT_THRESHOLDS } from '../../src/monitoring/rules';
import { describeWith, TOOLS } from '../requirements';

const describePromtool = describeWith([TOOLS.promtool]);

const monitoring = (flavor: string) => mysqlFamilyMonitoring({
  flavor, runVolume: 'run', runDir: '/run/mysqld', defaultsFile: '/run/mysqld/probe.cnf', uid: 999, gid: 999,
});
const groups = (flavor: string) => buildRuleGroups({
  name: 'shop-db',
  namespace: 'shop',
  engine: flavor,
  replicas: 3,
  exporterContainer: 'exporter',
  signals: monitoring(flavor).signals,
  thresholds: DEFAULT_THRESHOLDS,
  disabled: new Set(),
  backupCronJobs: [{ name: 'shop-db-backup', maxAgeSeconds: DEFAULT_THRESHOLDS.backupMaxAgeSeconds }],
  labels: {},
});

describe('mysqld_exporter sidecar', () => {
  test('reads the probe option file through the shared run dir, as the engine user; no password anywhere', () => {
    const parts = monitoring('mariadb').exporter({
      databasePort: 3306,
      metricsPort: 9104,
      configDir: '/etc/x',
      credentials: {} as any,
      monitoringUser: 'monitor',
    }, 'prom/mysqld-exporter:v0.17.2');
    expect(parts.args).toEqual(['--web.listen-address=:9104', '--config.my-cnf=/run/mysqld/probe.cnf']);
    expect(parts.env).toEqual([]);
    expect(parts.podVolumeMounts).toEqual([{ name: 'run', mountPath: '/run/mysqld' }]);
    expect(parts.uid).toBe(999);
  });

  test('MariaDB has the replica-count alert, MySQL does not (no Slaves_connected)', () => {
    const names = (f: string) => groups(f).flatMap(g => g.rules.map(r => r.alert));
    expect(names('mariadb')).toContain('DatabaseReplicaDisconnected');
    expect(names('mysql')).not.toContain('DatabaseReplicaDisconnected');
    const dash = buildDashboard({ name: 'shop-db', namespace: 'shop', engine: 'mysql', exporterContainer: 'exporter', signals: monitoring('mysql').signals, backupCronJobs: [] });
    expect(dash.panels.length).toBeGreaterThan(5);
  });
});

describePromtool('MySQL-family rules under promtool', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir(); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('promtool check rules (mysql and mariadb)', () => {
    for (const flavor of ['mysql', 'mariadb']) {
      const file = path.join(dir, `${flavor}.yml`);
      fs.writeFileSync(file, rulesFileText(groups(flavor)));
      const r = runPromtool(['check', 'rules', file], dir);
      expect(r.output).toMatch(/SUCCESS/);
      expect(r.code).toBe(0);
    }
  });

  test('replication alerts fire on MariaDB-shaped series and stay silent when healthy or for other databases', () => {
    const g = groups('mariadb');
    fs.writeFileSync(path.join(dir, 'rules.yml'), rulesFileText(g, false));
    const R1 = { namespace: 'shop', pod: 'shop-db-1', container: 'exporter', channel_name: '', connection_name: '', master_host: 'shop-db-0.shop-db-headless', master_uuid: '' };
    const P0 = { namespace: 'shop', pod: 'shop-db-0', container: 'exporter' };
    const s = (metric: string, labels: { [k: string]: string }, values: string): Series => ({ metric, labels, values });
    const replica = (io: string, sqlThread: string, secs?: string, read = '1000', exec = '1000') => [
      s('mysql_slave_status_slave_io_running', R1, `${io}x15`), s('mysql_slave_status_slave_sql_running', R1, `${sqlThread}x15`),
      ...(secs === undefined ? [] : [s('mysql_slave_status_seconds_behind_master', R1, `${secs}x15`)]),
      s('mysql_slave_status_read_master_log_pos', R1, `${read}x15`), s('mysql_slave_status_exec_master_log_pos', R1, `${exec}x15`),
    ];
    // Prometheus drops labels with empty values
    const R1out = Object.fromEntries(Object.entries(R1).filter(([, v]) => v !== ''));
    const other = (series: Series[]) => series.map(x => ({ ...x, labels: { ...x.labels, namespace: 'other' } }));
    const pod = { namespace: 'shop', pod: 'shop-db-1' };
    const cases: AlertCase[] = [
      { alert: 'DatabaseReplicationBroken', firing: replica('0', '1', '0'), healthy: [...replica('1', '1', '0'), ...other(replica('0', '0'))], evalTime: '10m', expectedLabels: [pod] },
      { alert: 'DatabaseReplicationBroken', firing: replica('1', '0', '0'), healthy: replica('1', '1', '3'), evalTime: '10m', expectedLabels: [pod] },
      // Seconds_Behind_Master NULL (left out by the exporter): lag unknown
      { alert: 'DatabaseReplicationBroken', firing: replica('1', '1'), healthy: replica('1', '1', '0'), evalTime: '10m', expectedLabels: [pod] },
      {
        alert: 'DatabaseReplicationLagSeconds',
        firing: replica('1', '1', '120'),
        healthy: [...replica('1', '1', '2'), ...other(replica('1', '1', '120'))],
        evalTime: '10m',
        expectedLabels: [R1out],
      },
      {
        alert: 'DatabaseReplicationLagBytes',
        firing: replica('1', '1', '0', '900000000', '100'),
        healthy: replica('1', '1', '0', '900000000', '899999000'),
        evalTime: '10m',
        expectedLabels: [R1out],
      },
      {
        alert: 'DatabaseReplicaDisconnected',
        firing: [s('mysql_global_status_slaves_connected', P0, '1x15')],
        healthy: [s('mysql_global_status_slaves_connected', P0, '2x15'), ...replica('1', '1', '0'), s('mysql_global_status_slaves_connected', R1, '0x15')],
        evalTime: '10m',
        expectedLabels: [P0],
      },
    ];
    const ruleLabels = (alert: string) => g[0].rules.find(r => r.alert === alert)!.labels;
    fs.writeFileSync(path.join(dir, 'tests.yml'), unitTestFile('rules.yml', cases, ruleLabels));
    const r = runPromtool(['test', 'rules', 'tests.yml'], dir);
    if (r.code !== 0) throw new Error(`promtool test rules failed:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
  });
});
