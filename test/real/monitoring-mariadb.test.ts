/**
 * mysqld_exporter against a real MariaDB: Debian bookworm's mariadb-server (10.11) as primary and
 * GTID replica, started here as the mysql OS user on 127.0.0.1, free ports, temp dirs; Debian's
 * prometheus-mysqld-exporter (0.14.0; the sidecar image is pinned to upstream v0.17.2) started
 * with the args DbMonitoring gives the sidecar, as the database user, reading a client option
 * file in the format the engine's bootstrap writes for its probes (user, password, socket).
 *
 * Proves every exporter metric the MySQL-family rules and dashboard use exists in real output
 * (replica-status metrics on the replica, Slaves_connected on the primary) and that the
 * replication signals move: stopping the replica's SQL thread shows up.
 *
 * Self-contained: the MySQL engine's own scripts and harness are built concurrently; this test
 * sets MariaDB up with plain SQL and does not depend on them.
 */
import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, httpGet as get, killGroupIfRunning as kill, lookupUser, makeOwnedTempDir, runSync, sleep, spawnDetached, trackedChildren } from './process';
import { mysqlFamilyMonitoring } from '../../src/engines/mysql/monitoring';
import { buildDashboard, dashboardExpressions } from '../../src/monitoring/dashboard';
import { buildRuleGroups, DEFAULT_THRESHOLDS } from '../../src/monitoring/rules';
import { describeWith, TOOLS } from '../requirements';

const EXPORTER = process.env.MYSQLD_EXPORTER ?? '/usr/bin/prometheus-mysqld-exporter';
const MARIADBD = '/usr/sbin/mariadbd';
const user = lookupUser('mysql');
const describeReal = describeWith([{ ...TOOLS.mysqldExporter, path: EXPORTER }, { ...TOOLS.mariadbd, path: MARIADBD }], {
  realServer: true,
  also: { ok: !!user && process.getuid?.() === 0, reason: 'needs root and the mysql OS user (Debian package mariadb-server)' },
});

/** Not from mysqld_exporter: Prometheus itself, kube-state-metrics, kubelet. */
const EXTERNAL = new Set(['up', 'kube_statefulset_status_replicas_ready', 'kube_statefulset_replicas', 'kube_pod_container_status_restarts_total',
  'kube_cronjob_status_last_successful_time', 'kube_cronjob_created', 'kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes']);

const children = trackedChildren();

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(150);
  }
  return false;
}
function parse(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && !line.startsWith('#')) out.set(m[1], [...(out.get(m[1]) ?? []), Number(m[3])]);
  }
  return out;
}

class Maria {
  public readonly dir: string;
  public readonly socket: string;
  private server?: ChildProcess;
  constructor(public readonly name: string, public readonly port: number, private readonly serverId: number) {
    this.dir = makeOwnedTempDir(`mon-${name}-`, user!, 0o750, os.tmpdir());
    this.socket = path.join(this.dir, 'mysqld.sock');
  }
  public run(cmd: string, args: string[], input?: string) {
    const r = runSync(cmd, args, { user, cwd: this.dir, input, timeoutMs: 60_000, env: { PATH: '/usr/sbin:/usr/bin:/bin', HOME: this.dir } });
    return { code: r.code, out: r.output };
  }
  public sql(q: string): string {
    const r = this.run('mariadb', ['--no-defaults', '-S', this.socket, '-u', 'mysql', '-N', '-B', '-e', q]);
    if (r.code !== 0) throw new Error(`${this.name}: ${q}: ${r.out}`);
    return r.out.trim();
  }
  public async start(): Promise<void> {
    const data = path.join(this.dir, 'data');
    const init = this.run('mariadb-install-db', ['--no-defaults', '--user=mysql', `--datadir=${data}`, '--skip-test-db', '--auth-root-authentication-method=socket']);
    if (init.code !== 0) throw new Error(`install-db: ${init.out}`);
    const log = fs.openSync(path.join(this.dir, 'server.log'), 'a');
    this.server = spawnDetached(MARIADBD, ['--no-defaults', `--datadir=${data}`, `--socket=${this.socket}`, `--port=${this.port}`, '--bind-address=127.0.0.1',
      `--server-id=${this.serverId}`, '--log-bin=binlog', '--skip-name-resolve', `--pid-file=${path.join(this.dir, 'mysqld.pid')}`,
      '--innodb-buffer-pool-size=32M', '--skip-log-error', `--tmpdir=${this.dir}`],
    { user, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    children.add(this.server);
    const ok = await until(() => this.run('mariadb-admin', ['--no-defaults', '-S', this.socket, '-u', 'mysql', 'ping']).code === 0, 30_000);
    if (!ok) throw new Error(`${this.name} did not start: ${fs.readFileSync(path.join(this.dir, 'server.log'), 'utf8').slice(-2000)}`);
  }
  public async stop(): Promise<void> {
    if (this.server) {
      kill(this.server, 'SIGTERM');
      await until(() => this.server!.exitCode !== null || this.server!.signalCode !== null, 15_000);
      kill(this.server);
      children.delete(this.server);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

describeReal('DbMonitoring (MySQL family) against a real MariaDB and prometheus-mysqld-exporter', () => {
  const t0 = Date.now();
  const mon = mysqlFamilyMonitoring({ flavor: 'mariadb', runVolume: 'run', runDir: '/run/mysqld', defaultsFile: '/run/mysqld/probe.cnf', uid: 999, gid: 999 });
  // Every metric name of the rules and the dashboard a 3-pod MariaDB with a backup CronJob gets.
  const exprs = [
    ...buildRuleGroups({
      name: 'shop-db',
      namespace: 'shop',
      engine: 'mariadb',
      replicas: 3,
      exporterContainer: 'exporter',
      signals: mon.signals,
      thresholds: DEFAULT_THRESHOLDS,
      disabled: new Set(),
      backupCronJobs: [{ name: 'b', maxAgeSeconds: DEFAULT_THRESHOLDS.backupMaxAgeSeconds }],
      labels: {},
    }).flatMap(g => g.rules.map(r => r.expr)),
    ...dashboardExpressions(buildDashboard({ name: 'shop-db', namespace: 'shop', engine: 'mariadb', exporterContainer: 'exporter', signals: mon.signals, backupCronJobs: ['b'] })),
  ];
  const used = [...new Set(exprs.flatMap(e => [...e.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1])))].filter(n => !EXTERNAL.has(n)).sort();
  let primary: Maria;
  let replica: Maria;
  const ports: { [k: string]: number } = {};
  const versions: string[] = [];

  async function exporter(db: Maria): Promise<number> {
    const port = await freePort();
    // The option file the engine's bootstrap writes (write_defaults): quoted values, mode 0600.
    const cnf = path.join(db.dir, 'probe.cnf');
    fs.writeFileSync(cnf, `[client]\nuser="monitor"\npassword="Mo-n1t0r-pw"\nsocket=${db.socket}\n`, { mode: 0o600 });
    fs.chownSync(cnf, user!.uid, user!.gid);
    const parts = mon.exporter({ databasePort: db.port, metricsPort: port, configDir: '/x', credentials: {} as any, monitoringUser: 'monitor' }, 'img');
    const args = parts.args.map(a => a.replace(/^--web\.listen-address=:\d+$/, `--web.listen-address=127.0.0.1:${port}`)
      .replace(/^--config\.my-cnf=.*$/, `--config.my-cnf=${cnf}`));
    const child = spawnDetached(EXPORTER, args, { user, stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    children.add(child);
    const ok = await until(async () => { try { return (await get(`http://127.0.0.1:${port}/metrics`)).status === 200; } catch { return false; } }, 15_000);
    if (!ok) throw new Error('mysqld_exporter did not start');
    return port;
  }
  const scrape = async (port: number) => parse((await get(`http://127.0.0.1:${port}/metrics`)).body);

  beforeAll(async () => {
    primary = new Maria('primary', await freePort(), 1);
    replica = new Maria('replica', await freePort(), 2);
    await primary.start();
    // The MariaDB flavour's monitoring grants (src/engines/mysql/flavor.ts).
    primary.sql("CREATE USER 'monitor'@'%' IDENTIFIED BY 'Mo-n1t0r-pw' WITH MAX_USER_CONNECTIONS 10; GRANT PROCESS, REPLICA MONITOR, BINLOG MONITOR ON *.* TO 'monitor'@'%';"
      + " CREATE USER 'monitor'@'localhost' IDENTIFIED BY 'Mo-n1t0r-pw'; GRANT PROCESS, REPLICA MONITOR, BINLOG MONITOR ON *.* TO 'monitor'@'localhost';"
      + " CREATE USER 'repl'@'%' IDENTIFIED BY 'r3pl'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';");
    await replica.start();
    replica.sql(`CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='repl', MASTER_PASSWORD='r3pl', MASTER_USE_GTID=slave_pos; START SLAVE;`);
    expect(await until(() => replica.sql("SELECT count(*) FROM mysql.user WHERE user = 'monitor'") === '2', 20_000)).toBe(true);
    ports.primary = await exporter(primary);
    ports.replica = await exporter(replica);
    versions.push(primary.sql('SELECT version()'));
    const v = spawnSync(EXPORTER, ['--version'], { encoding: 'utf8' });
    versions.push(`${v.stdout}${v.stderr}`.split('\n')[0]);
  });

  afterAll(async () => {
    for (const c of [...children]) if (c !== (primary as any)?.server && c !== (replica as any)?.server) kill(c);
    await replica?.stop();
    await primary?.stop();
    // eslint-disable-next-line no-console
    console.log(`monitoring real test (MariaDB): ${versions.join('; ')}; total ${Date.now() - t0} ms`);
  });

  test('every exporter metric of the rules and dashboard exists in the real output', async () => {
    expect(used).toEqual([...mon.metricNames].sort());
    const p = await scrape(ports.primary);
    const r = await scrape(ports.replica);
    const fromReplica = used.filter(n => n.startsWith('mysql_slave_status_'));
    expect(fromReplica.length).toBe(5);
    expect(used.filter(n => !p.has(n) && !fromReplica.includes(n))).toEqual([]);
    expect(fromReplica.filter(n => !r.has(n))).toEqual([]);
    expect(p.get('mysql_up')).toEqual([1]);
    expect(r.get('mysql_up')).toEqual([1]);
    // the primary has no replica status; it counts its replica
    expect(p.has('mysql_slave_status_slave_io_running')).toBe(false);
    expect(p.get('mysql_global_status_slaves_connected')).toEqual([1]);
    expect(r.get('mysql_slave_status_slave_io_running')).toEqual([1]);
    expect(r.get('mysql_slave_status_slave_sql_running')).toEqual([1]);
    expect(r.get('mysql_slave_status_seconds_behind_master')).toEqual([0]);
  });

  test('a stopped SQL thread shows as slave_sql_running 0 and lag unknown (DatabaseReplicationBroken)', async () => {
    replica.sql('STOP SLAVE SQL_THREAD');
    try {
      const r = await scrape(ports.replica);
      expect(r.get('mysql_slave_status_slave_sql_running')).toEqual([0]);
      expect(r.has('mysql_slave_status_seconds_behind_master')).toBe(false);
    } finally {
      replica.sql('START SLAVE SQL_THREAD');
    }
  });
});
