/**
 * Synth tests of MariaDB with FailoverMode.AUTOMATIC (Galera): the wiring, the rendered my.cnf,
 * the environment of the Galera scripts, schema validation and the refused inputs. The scripts
 * themselves run against real servers in test/real/galera.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  DatabaseEngine, DatabaseTls, FailoverMode, MariadbVersion, ReplicatedDatabase, ReplicatedDatabaseProps,
} from '../../../src';
import { mysqlFamilyMonitoring } from '../../../src/engines/mysql/monitoring';
import { buildRuleGroups, DEFAULT_THRESHOLDS } from '../../../src/monitoring/rules';
import { AlertCase, promtoolAvailable, rulesFileText, runPromtool, Series, tempDir, unitTestFile } from '../../monitoring/promtool';
import { describeWith, TOOLS } from '../../requirements';
import { validateAll } from '../../validation';

function synth(props: Partial<ReplicatedDatabaseProps> = {}, namespace = 'shop'): any[] {
  const chart = Testing.chart();
  (chart as any).namespace = namespace;
  new ReplicatedDatabase(chart, 'orders', {
    name: 'orders',
    engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 }),
    replicas: 3,
    failover: FailoverMode.AUTOMATIC,
    ...props,
  });
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
const conf = (docs: any[]) => one(docs, 'ConfigMap', 'orders-config').data['my.cnf'];
const scripts = (docs: any[]) => docs.find(d => d.kind === 'ConfigMap' && d.metadata.name.startsWith('cdk8s-db-mariadb-scripts-')).data;

describe('DatabaseEngine.mariadb with FailoverMode.AUTOMATIC (Galera)', () => {
  test('every document is valid against the Kubernetes 1.28 schema, for several variants', () => {
    const variants: Partial<ReplicatedDatabaseProps>[] = [
      {},
      { replicas: 5, storage: { size: Size.gibibytes(20), storageClassName: 'fast-ssd' } },
      { resources: { memory: Size.mebibytes(512), cpu: kplus.Cpu.millis(250) }, engine: DatabaseEngine.mariadb({ version: MariadbVersion.V11_4, settings: { max_connections: '300' } }) },
    ];
    for (const v of variants) expect(validateAll(synth(v), { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('wiring: Parallel pods, the write Service on the role label, the Galera scripts as pod commands, the labeller', () => {
    const docs = synth();
    const sts = one(docs, 'StatefulSet');
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    expect(one(docs, 'Service', 'orders-rw').spec.selector['cdk8s-db.io/role']).toBe('primary');
    expect(one(docs, 'Service', 'orders-ro').spec.selector['cdk8s-db.io/role']).toBe('replica');
    expect(pod(docs).containers.map((c: any) => c.name)).toEqual(['mariadb', 'role-probe', 'role-label']);
    expect(pod(docs).initContainers.map((c: any) => c.name)).toEqual(['bootstrap']);
    const db = container(docs, 'mariadb');
    expect(db.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/galera-start.sh']);
    expect(db.readinessProbe.exec.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/galera-readiness.sh']);
    expect(db.lifecycle.preStop.exec.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/galera-prestop.sh']);
    expect(db.livenessProbe.exec.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/liveness.sh']);
    const probe = container(docs, 'role-probe');
    expect(probe.command).toEqual(['/bin/sh', '/opt/cdk8s-db/scripts/role-probe.sh', '/bin/sh', '/opt/cdk8s-db/scripts/galera-role.sh']);
    expect(envOf(probe).ROLE_INTERVAL).toBe('1');
    // The writer lease: a stuck probe counts as `none` after 4 s, and the labeller drops a role
    // not renewed for 6 s, before a live writer's 12 s lease may be claimed (hold 8 s on a stall).
    expect(envOf(probe).ROLE_TIMEOUT).toBe('4');
    expect(envOf(container(docs, 'role-label')).STALE_SECONDS).toBe('6');
    expect(envOf(db)).toMatchObject({ GALERA_LEASE_SECONDS: '12', GALERA_LEASE_GONE_SECONDS: '3', GALERA_LEASE_HOLD_SECONDS: '8' });
    const [stale, lease, hold] = [Number(envOf(container(docs, 'role-label')).STALE_SECONDS), Number(envOf(db).GALERA_LEASE_SECONDS), Number(envOf(db).GALERA_LEASE_HOLD_SECONDS)];
    expect(stale + 2).toBeLessThan(lease);
    expect(hold + 2).toBeLessThan(lease);
    // The prober sees the server's socket dir (it sets read_only through it).
    expect(probe.volumeMounts.map((m: any) => m.mountPath)).toContain('/run/mysqld');
    const s = scripts(docs);
    for (const f of ['galera-lib.sh', 'galera-start.sh', 'galera-role.sh', 'galera-readiness.sh', 'galera-prestop.sh', 'galera-recover.sh', 'bootstrap.sh', 'role-probe.sh', 'role-labeller.sh']) {
      expect(Object.keys(s)).toContain(f);
    }
  });

  test('the environment: peers by their stable DNS names, provider options, no password as a literal', () => {
    const docs = synth();
    const env = envOf(container(docs, 'mariadb'));
    expect(env.GALERA_PEERS).toBe(
      'orders-0.orders-headless.shop.svc:3306:4567 orders-1.orders-headless.shop.svc:3306:4567 orders-2.orders-headless.shop.svc:3306:4567');
    expect(env.GALERA_PROVIDER_OPTIONS).toBe('pc.recovery=TRUE;pc.wait_prim_timeout=PT300S;gcache.size=640M');
    expect(env.GALERA_IST_PORT).toBe('4568');
    expect(env.GALERA_SST_PORT).toBe('4444');
    expect(env.POD_NAMESPACE).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    expect(env.MYSQL_ROOT_PASSWORD).toEqual({ secretKeyRef: { name: 'orders-credentials', key: 'superuser-password' } });
    // Five pods: five peers.
    expect(envOf(container(synth({ replicas: 5 }), 'mariadb')).GALERA_PEERS.split(' ')).toHaveLength(5);
  });

  test('my.cnf: Galera settings from the database, no GTID strict mode, binlog kept for backups', () => {
    const cnf = conf(synth());
    expect(cnf).toMatch(/^wsrep_on = ON$/m);
    expect(cnf).toMatch(/^wsrep_provider = \/usr\/lib\/galera\/libgalera_smm\.so$/m);
    expect(cnf).toMatch(/^wsrep_cluster_name = orders$/m);
    expect(cnf).toMatch(/^wsrep_sst_method = rsync /m);
    expect(cnf).toMatch(/^innodb_autoinc_lock_mode = 2 /m);
    expect(cnf).toMatch(/^wsrep_sync_wait = 1 /m);
    expect(cnf).toMatch(/^binlog_format = ROW$/m);
    expect(cnf).toMatch(/^log_bin = binlog$/m);
    expect(cnf).not.toMatch(/gtid_strict_mode/);
    // Nothing per pod (addresses) and no password in the ConfigMap.
    expect(cnf).not.toMatch(/wsrep_cluster_address|wsrep_node_address|wsrep_sst_auth/);
  });

  test('FIXED_PRIMARY output is unchanged by Galera: no wsrep setting, no Galera script, OrderedReady', () => {
    const chart = Testing.chart();
    new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 }), replicas: 3 });
    const docs = Testing.synth(chart);
    expect(conf(docs)).not.toMatch(/wsrep/);
    expect(conf(docs)).toMatch(/^gtid_strict_mode = ON$/m);
    expect(Object.keys(scripts(docs)).filter(f => f.startsWith('galera-'))).toEqual([]);
    expect(one(docs, 'StatefulSet').spec.podManagementPolicy).toBe('OrderedReady');
    expect(envOf(container(docs, 'mariadb')).GALERA_PEERS).toBeUndefined();
  });

  test('bad input is refused at synth, naming the prop and the value', () => {
    expect(() => synth({ replicas: 2 })).toThrow(/DatabaseEngine\.mariadb \(ReplicatedDatabase orders\): invalid replicas 2: MariaDB with FailoverMode.AUTOMATIC \(Galera\) needs at least 3 pods/);
    expect(() => synth({ replicas: 1 })).toThrow(/invalid replicas 1/);
    expect(() => synth({ engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, semiSync: true }) }))
      .toThrow(/invalid semiSync true: does not apply to FailoverMode.AUTOMATIC/);
    expect(() => synth({ engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, settings: { innodb_autoinc_lock_mode: '1' } }) }))
      .toThrow(/invalid settings.innodb_autoinc_lock_mode "1": must be 2 with FailoverMode.AUTOMATIC/);
    expect(() => DatabaseEngine.mariadb({ settings: { wsrep_cluster_address: 'gcomm://x' } }))
      .toThrow(/wsrep_cluster_address" cannot be overridden/);
    expect(() => DatabaseEngine.mariadb({ settings: { wsrep_sst_auth: 'root:secret' } }))
      .toThrow(/no password is ever written into the configuration/);
    expect(() => synth({ tls: DatabaseTls.fromSecret('orders-tls') })).toThrow(/invalid tls "DatabaseTls": TLS is not available with FailoverMode.AUTOMATIC for MariaDB yet/);
  });

  test('MySQL keeps refusing AUTOMATIC (Group Replication cannot run here)', () => {
    expect(() => synth({ engine: DatabaseEngine.mysql() })).toThrow(/invalid failover "FailoverMode.AUTOMATIC": automatic failover is not available for MySQL/);
  });
});

const GALERA_SCRIPTS = path.resolve(__dirname, '../../../src/engines/mysql/galera/scripts');
const galeraScripts = fs.readdirSync(GALERA_SCRIPTS).filter(f => f.endsWith('.sh')).sort();

describeWith([TOOLS.shellcheck, TOOLS.dash, TOOLS.busybox]).each(galeraScripts)('Galera script %s', (script) => {
  const file = path.join(GALERA_SCRIPTS, script);
  test('is clean under shellcheck -s sh (following galera-lib.sh)', () => {
    const r = spawnSync('shellcheck', ['-s', 'sh', '-x', file], { encoding: 'utf8', cwd: GALERA_SCRIPTS });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  test.each([['dash', '-n'], ['busybox', 'sh', '-n']])('parses under %s', (...argv) => {
    const [cmd, ...args] = argv;
    const r = spawnSync(cmd, [...args, file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

const describePromtool = promtoolAvailable() ? describe : describe.skip;

describePromtool('Galera alerts under promtool (MariaDB monitoring)', () => {
  const mon = mysqlFamilyMonitoring({ flavor: 'mariadb', runVolume: 'run', runDir: '/run/mysqld', defaultsFile: '/run/mysqld/probe.cnf', uid: 999, gid: 999 });
  const groups = buildRuleGroups({
    name: 'orders',
    namespace: 'shop',
    engine: 'mariadb',
    replicas: 3,
    exporterContainer: 'exporter',
    signals: mon.signals,
    extraAlerts: mon.extraAlerts,
    thresholds: DEFAULT_THRESHOLDS,
    disabled: new Set(),
    backupCronJobs: [{ name: 'orders-backup', maxAgeSeconds: 26 * 3600 }],
    labels: {},
  });
  let dir: string;
  beforeAll(() => { dir = tempDir(); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the Galera alerts fire on exporter-shaped series of Galera nodes only; DatabaseReplicaDisconnected ignores Galera nodes', () => {
    fs.writeFileSync(path.join(dir, 'rules.yml'), rulesFileText(groups, false));
    expect(runPromtool(['check', 'rules', 'rules.yml'], dir).code).toBe(0);
    const podLabels = (i: number) => ({ namespace: 'shop', pod: `orders-${i}`, container: 'exporter' });
    const s = (metric: string, i: number, values: string): Series => ({ metric, labels: podLabels(i), values });
    // A Galera node has a cluster size of 1 or more; a MariaDB without Galera reports 0.
    const wsrepOn = (i: number, v = '1') => s('mysql_global_status_wsrep_cluster_size', i, `${v === '1' ? 3 : 0}x1500`);
    const cases: AlertCase[] = [
      {
        alert: 'GaleraNotPrimary',
        firing: [wsrepOn(1), s('mysql_global_status_wsrep_ready', 1, '0x20')],
        // Ready; and a fixed-primary MariaDB (cluster size 0, wsrep_ready OFF = 0) never fires.
        healthy: [wsrepOn(1), s('mysql_global_status_wsrep_ready', 1, '1x20'), wsrepOn(2, '0'), s('mysql_global_status_wsrep_ready', 2, '0x20')],
        evalTime: '10m',
        expectedLabels: [podLabels(1)],
      },
      {
        alert: 'GaleraClusterShrunk',
        firing: [s('mysql_global_status_wsrep_cluster_size', 0, '3x10 2x20')],
        // Steady at 3; a MariaDB without Galera (0) never fires.
        healthy: [s('mysql_global_status_wsrep_cluster_size', 0, '3x30'), s('mysql_global_status_wsrep_cluster_size', 1, '0x30')],
        evalTime: '25m',
        expectedLabels: [podLabels(0)],
      },
      {
        alert: 'GaleraNodeNotSynced',
        firing: [wsrepOn(2), s('mysql_global_status_wsrep_local_state', 2, '1x30')],
        healthy: [wsrepOn(2), s('mysql_global_status_wsrep_local_state', 2, '4x30')],
        evalTime: '25m',
        expectedLabels: [podLabels(2)],
      },
      {
        alert: 'DatabaseReplicaDisconnected',
        // A fixed primary with one of two replicas connected fires; Galera nodes (no replication connections) do not.
        firing: [s('mysql_global_status_slaves_connected', 0, '1x20'), wsrepOn(0, '0')],
        healthy: [0, 1, 2].flatMap(i => [s('mysql_global_status_slaves_connected', i, '0x20'), wsrepOn(i)]),
        evalTime: '10m',
        expectedLabels: [podLabels(0)],
      },
    ];
    const ruleLabels = (alert: string) => groups[0].rules.find(r => r.alert === alert)!.labels;
    fs.writeFileSync(path.join(dir, 'tests.yml'), unitTestFile('rules.yml', cases, ruleLabels));
    const r = runPromtool(['test', 'rules', 'tests.yml'], dir);
    if (r.code !== 0) throw new Error(`promtool test rules failed:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
  });
});
