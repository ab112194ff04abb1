/**
 * Real TLS test of the Redis engine: a 3-pod set (master, 2 replicas, a Sentinel in each pod) of
 * Debian's redis-server and redis-sentinel 7.0 on 127.0.0.1, started by the engine's own scripts
 * with the redis.conf and environment it renders for a database with `DatabaseTls` (require: true),
 * and certificates made here by openssl for the dnsNames of the synthesized cert-manager
 * Certificate, laid out as the pod sees the Secret (root-owned, group = the redis gid, 0440).
 *
 * Proves: no plain-text port (servers and Sentinels refuse plain text), a certificate from another
 * CA is refused, replication streams over TLS, the Sentinels reach quorum and fail over a killed
 * master over TLS, readiness and role scripts work over TLS, a renewed certificate is served
 * without a restart of the server (liveness.sh reloads) and after an in-container restart of the
 * Sentinel (sentinel.sh), backup + verification + restore over TLS with equal data (the scripts
 * and environment of a synthesized BackupSchedule), and redis_exporter scraping over TLS with the
 * arguments DbMonitoring gives it.
 *
 * Test-only changes: TLS file paths point to temp dirs, members are `localhost:<port>` on ports
 * 27000-27999, BIND_ADDRESS is 127.0.0.1, the Sentinels check the TLS files every second.
 */
import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Cron, Size, Testing } from 'cdk8s';
import { backupContainers, BackupRig } from './backup-harness';
import { makePostgresDir, PG_USER } from './postgres-harness';
import { httpGet, killGroupIfRunning, sleep, spawnDetached, trackedChildren } from './process';
import { buildParts, DB_USER, defaultSecrets, Duration, Member, RedisNode, RedisSetOptions, sentinelAnswers, waitFor } from './redis-harness';
import { layOutSecret, makeCertificates, makeServerCertificate, openssl } from './tls-certs';
import { BackupDestination, BackupRetention, DatabaseCredentials, DatabaseEngine, DatabaseTls, ReplicatedDatabase } from '../../src';
import { redisMonitoring } from '../../src/engines/redis/monitoring';
import { describeWith, TOOLS } from '../requirements';

const describeReal = describeWith([TOOLS.redisServer, TOOLS.redisSentinel, TOOLS.redisCli, TOOLS.openssl, TOOLS.redisExporter], { realServer: true });
jest.setTimeout(240_000);

const EXPORTER = '/usr/bin/prometheus-redis-exporter';
const TLS_MOUNT = '/var/run/secrets/cdk8s-db/tls';
const children = trackedChildren();

/** A free port on 127.0.0.1 in this test's range (27000-27999), never handed out twice. */
const taken = new Set<number>();
async function rangePort(): Promise<number> {
  for (let p = 27000 + Math.floor(Math.random() * 500); p < 28000; p++) {
    if (taken.has(p)) continue;
    const free = await new Promise<boolean>(resolve => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(p, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      taken.add(p);
      return p;
    }
  }
  throw new Error('no free port in 27000-27999');
}

/** Polls an async check until it is true or `ms` pass. */
async function until(check: () => Promise<boolean>, ms: number, interval = 500): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await sleep(interval);
  }
  return false;
}

/** Serial of the certificate served on a port. */
function servedSerial(port: number, caFile: string): string {
  const r = spawnSync('sh', ['-c', `openssl s_client -connect 127.0.0.1:${port} -CAfile '${caFile}' </dev/null 2>/dev/null | openssl x509 -noout -serial`],
    { encoding: 'utf8', timeout: 10_000 });
  return r.stdout.trim();
}

/** redis-cli with chosen TLS arguments (no password needed to see how the handshake ends). */
function rawCli(port: number, tlsArgs: string[], args: string[]): { code: number | null; output: string } {
  const r = spawnSync('redis-cli', [...tlsArgs, '-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describeReal('Redis with TLS (servers, replication, Sentinel, backups, exporter)', () => {
  const secrets = defaultSecrets();
  const name = 'cache';
  let root = '';
  let certs: string; // CA + server certificate as openssl made them
  let tlsDir: string; // as the database pods see the Secret (group redis)
  let backupTlsDir: string; // as the backup pods see it (group = the backup harness's user)
  let otherCa: string;
  let dnsNames: string[];
  let nodes: RedisNode[] = [];
  let options: RedisSetOptions;
  const exporters: ChildProcess[] = [];

  const files = (dir: string) => ({ certFile: `${dir}/tls.crt`, keyFile: `${dir}/tls.key`, caFile: `${dir}/ca.crt`, require: true });
  const addr = (n: RedisNode) => `localhost:${n.port}`;
  const agreed = () => {
    const answers = sentinelAnswers(nodes, name).filter(a => a !== '?');
    const top = [...new Set(answers)].map(a => [a, answers.filter(x => x === a).length] as const).sort((a, b) => b[1] - a[1])[0];
    return top && top[1] >= 2 ? top[0] : undefined;
  };

  beforeAll(async () => {
    // The names the synthesized Certificate asks for.
    const chart = Testing.chart();
    (chart as any).namespace = 'shop';
    new ReplicatedDatabase(chart, 'cache', {
      name,
      engine: DatabaseEngine.redis(),
      resources: { memory: Size.mebibytes(256) },
      tls: DatabaseTls.certManager({ issuerName: 'internal-ca', require: true }),
    });
    dnsNames = Testing.synth(chart).find(d => d.kind === 'Certificate').spec.dnsNames;

    root = fs.mkdtempSync('/tmp/rtls-');
    fs.chmodSync(root, 0o755);
    certs = path.join(root, 'certs');
    fs.mkdirSync(certs);
    makeCertificates(certs, dnsNames);
    otherCa = path.join(root, 'other');
    fs.mkdirSync(otherCa);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
      '-days', '2', '-subj', '/CN=another CA'], otherCa);
    fs.chmodSync(path.join(otherCa, 'ca.crt'), 0o644);
    tlsDir = path.join(root, 'tls');
    layOutSecret(certs, tlsDir, DB_USER.gid);
    backupTlsDir = path.join(root, 'backup-tls');
    layOutSecret(certs, backupTlsDir, PG_USER.gid);

    const members: Member[] = [];
    for (let i = 0; i < 3; i++) members.push({ port: await rangePort(), sentinelPort: await rangePort() });
    options = {
      name,
      members,
      secrets,
      tls: files(tlsDir),
      engine: { downAfter: Duration.seconds(2), failoverTimeout: Duration.seconds(10), minReplicasMaxLag: Duration.seconds(2) },
      extraEnv: { TLS_CHECK_SECONDS: '1', TLS_RESTART_STAGGER_SECONDS: '0' },
    };
    const parts = buildParts(options);
    nodes = members.map((_, i) => new RedisNode(options, i, parts));
    await Promise.all(nodes.map(n => n.startServer()));
    await Promise.all(nodes.map(n => n.startSentinel()));
  });

  afterAll(async () => {
    for (const e of exporters) { killGroupIfRunning(e); children.delete(e); }
    for (const n of nodes) await n.cleanup();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the Certificate covers the pods, the write, read and Sentinel Services', () => {
    for (const n of ['cache-rw.shop.svc', 'cache-ro.shop.svc', 'cache-sentinel.shop.svc', 'cache-sentinel.shop.svc.cluster.local',
      'cache-2.cache-headless.shop.svc.cluster.local', 'cache-0.cache-headless']) {
      expect(dnsNames).toContain(n);
    }
  });

  test('TLS only: plain text is refused by servers and Sentinels, a certificate from another CA is refused', () => {
    for (const [port, command] of [[nodes[0].port, ['GET', 'x']], [nodes[1].port, ['GET', 'x']], [nodes[0].sentinelPort, ['SENTINEL', 'masters']]] as const) {
      const plain = rawCli(port, [], ['PING']);
      expect(plain.output).not.toMatch(/PONG|NOAUTH/);
      expect(plain.output).toMatch(/Connection reset|Error|closed/i);
      const wrongCa = rawCli(port, ['--tls', '--cacert', path.join(otherCa, 'ca.crt')], ['PING']);
      expect(wrongCa.code).not.toBe(0);
      expect(wrongCa.output).toMatch(/certificate verify failed/);
      // The right CA: the handshake succeeds and the server asks for a password (default user off).
      expect(rawCli(port, ['--tls', '--cacert', path.join(certs, 'ca.crt')], [...command]).output).toMatch(/NOAUTH|NOPERM/);
    }
    expect(nodes[0].cli('admin', ['CONFIG', 'GET', 'port']).stdout).toMatch(/^port\n0\n?$/);
    expect(nodes[0].cli('admin', ['CONFIG', 'GET', 'tls-port']).stdout.trim()).toBe(`tls-port\n${nodes[0].port}`);
    expect(nodes[0].cli('admin', ['CONFIG', 'GET', 'tls-replication']).stdout.trim()).toBe('tls-replication\nyes');
    expect(nodes[0].cli('admin', ['CONFIG', 'GET', 'tls-auth-clients']).stdout.trim()).toBe('tls-auth-clients\nno');
  });

  test('replication streams over TLS (the master has no plain-text port); the Sentinels agree over TLS', async () => {
    expect(nodes[0].info().role).toBe('master');
    expect(await waitFor(() => nodes.slice(1).every(n => n.info().master_link_status === 'up'), 30_000, 500)).toBe(true);
    expect(nodes[0].cli('app', ['SET', 'greeting', 'hello over tls']).stdout.trim()).toBe('OK');
    expect(await waitFor(() => nodes.slice(1).every(n => n.cli('app', ['GET', 'greeting']).stdout.trim() === 'hello over tls'), 10_000)).toBe(true);
    expect(nodes[0].info().connected_slaves).toBe('2');
    expect(await waitFor(() => agreed() === addr(nodes[0]), 30_000, 500)).toBe(true);
    // Each Sentinel found the two others (hello messages over TLS through the master).
    expect(await waitFor(() => nodes.every(n => n.sentinelCli(['SENTINEL', 'sentinels', name]).stdout.split('\n').filter(l => l === 'name').length === 2), 30_000, 500)).toBe(true);
    expect(nodes[0].sentinelCli(['SENTINEL', 'ckquorum', name]).stdout).toMatch(/^OK 3 usable Sentinels/);
  });

  test('readiness, role, liveness and startup scripts work over TLS', async () => {
    expect(await waitFor(() => nodes.every(n => n.runScript('readiness.sh').code === 0), 30_000, 500)).toBe(true);
    expect(nodes[0].runScript('readiness.sh').stdout).toMatch(/^ready: master: master agreed by [23] of 3 Sentinels, 2 replicas connected/);
    expect(nodes[1].runScript('readiness.sh').stdout).toMatch(/^ready: replica: replica of master localhost:\d+, lag \d+ bytes/);
    expect(nodes.map(n => n.runScript('role.sh').stdout.trim())).toEqual(['primary', 'replica', 'replica']);
    for (const n of nodes) {
      expect(n.runScript('startup.sh').stdout.trim()).toBe('started');
      expect(n.runScript('liveness.sh').code).toBe(0);
      expect(n.runScript('sentinel-probe.sh').stdout.trim()).toBe('Sentinel alive');
    }
  });

  test('a renewed certificate: liveness.sh makes the server load it, sentinel.sh restarts its Sentinel with it', async () => {
    const ca = path.join(certs, 'ca.crt');
    // After the loads of the previous test nothing is loaded again.
    expect(nodes[0].runScript('liveness.sh').stdout.trim()).toBe('alive: PONG');
    const before = servedSerial(nodes[0].port, ca);
    const sentinelBefore = servedSerial(nodes[0].sentinelPort, ca);
    expect(before).toMatch(/^serial=/);
    makeServerCertificate(certs, dnsNames);
    layOutSecret(certs, tlsDir, DB_USER.gid);
    const renewed = spawnSync('openssl', ['x509', '-in', path.join(certs, 'tls.crt'), '-noout', '-serial'], { encoding: 'utf8' }).stdout.trim();
    expect(renewed).not.toBe(before);
    // Redis does not notice by itself.
    expect(servedSerial(nodes[0].port, ca)).toBe(before);
    const live = nodes[0].runScript('liveness.sh');
    expect([live.code, live.stdout.trim()]).toEqual([0, 'alive: PONG\nTLS files loaded']);
    expect(servedSerial(nodes[0].port, ca)).toBe(renewed);
    expect(nodes[0].runScript('liveness.sh').stdout.trim()).toBe('alive: PONG');
    for (const n of nodes.slice(1)) n.runScript('liveness.sh');
    // The Sentinels (no CONFIG SET in Sentinel mode) restart in their container with the new files.
    expect(await waitFor(() => servedSerial(nodes[0].sentinelPort, ca) === renewed, 30_000, 500)).toBe(true);
    expect(sentinelBefore).not.toBe(renewed);
    expect(nodes[0].sentinelLogText()).toMatch(/TLS files changed: restarting Sentinel in 0s/);
    expect(await waitFor(() => nodes.every(n => servedSerial(n.sentinelPort, ca) === renewed), 30_000, 500)).toBe(true);
    expect(await waitFor(() => agreed() === addr(nodes[0]), 30_000, 500)).toBe(true);
    // Replication survived the reload (new connections use the new certificate).
    nodes[0].cli('admin', ['CLIENT', 'KILL', 'TYPE', 'replica']);
    expect(await waitFor(() => nodes.slice(1).every(n => n.info().master_link_status === 'up'), 30_000, 500)).toBe(true);
  });

  test('redis_exporter scrapes over TLS with the sidecar\'s arguments', async () => {
    const mon = redisMonitoring();
    const port = await rangePort();
    const parts = mon.exporter({ databasePort: nodes[0].port, metricsPort: port, configDir: '/x', credentials: {} as any, monitoringUser: 'monitoring', tls: files(TLS_MOUNT) }, 'x');
    expect(parts.args).toContain(`--redis.addr=rediss://127.0.0.1:${nodes[0].port}`);
    const args = parts.args.map(a => a.startsWith('--web.listen-address=') ? `--web.listen-address=127.0.0.1:${port}` : a);
    const log = `${nodes[0].root}/exporter.log`;
    const fd = fs.openSync(log, 'a');
    const child = spawnDetached(EXPORTER, args, { env: { PATH: '/usr/bin:/bin', REDIS_PASSWORD: secrets.monitoringPassword }, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    children.add(child);
    exporters.push(child);
    let body = '';
    expect(await until(async () => {
      body = (await httpGet(`http://127.0.0.1:${port}/metrics`)).body;
      return /^redis_up 1$/m.test(body);
    }, 20_000)).toBe(true);
    expect(body).toMatch(/^redis_connected_slaves 2$/m);
    expect(body).toMatch(/^redis_instance_info\{[^}]*role="master"/m);
    // Without TLS the same exporter gets nothing from the server.
    const plainPort = await rangePort();
    const plainArgs = args.map(a => a.replace('rediss://', 'redis://').replace(`127.0.0.1:${port}`, `127.0.0.1:${plainPort}`)).filter(a => a !== '--skip-tls-verification');
    const plain = spawnDetached(EXPORTER, plainArgs, { env: { PATH: '/usr/bin:/bin', REDIS_PASSWORD: secrets.monitoringPassword }, stdio: 'ignore' });
    children.add(plain);
    exporters.push(plain);
    expect(await until(async () => /^redis_up 0$/m.test((await httpGet(`http://127.0.0.1:${plainPort}/metrics`)).body), 20_000)).toBe(true);
    expect(fs.readFileSync(log, 'utf8')).not.toMatch(/NOPERM|NOAUTH|WRONGPASS|level=error/);
  });

  test('backup from a replica, verification and restore over TLS, with the synthesized BackupSchedule', async () => {
    const chart = Testing.chart();
    const db = new ReplicatedDatabase(chart, 'cache', {
      name,
      engine: DatabaseEngine.redis(),
      username: secrets.appUser,
      credentials: DatabaseCredentials.fromSecret('cache-credentials'),
      tls: DatabaseTls.fromSecret('cache-tls', { require: true }),
    });
    const schedule = db.addBackupSchedule('Backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.volume({ claimName: 'backups' }),
      retention: BackupRetention.keepLast(2),
      verification: { minTables: 100, query: 'EXISTS greeting' },
    });
    schedule.restoreJob('Restore');
    const c = backupContainers(Testing.synth(chart), { backup: 'cache-backup', verify: 'cache-backup-verify', restore: 'cache-restore' });
    expect(c.dump.env.find((e: any) => e.name === 'REDIS_TLS_CA_FILE').value).toBe(`${TLS_MOUNT}/ca.crt`);
    const rig = new BackupRig({
      'cache-credentials': { 'replication-password': secrets.replicationPassword, 'superuser-password': secrets.adminPassword },
    });
    // A fresh single TLS server to restore into (its own Sentinel is not started: it is its own master).
    const targetOptions: RedisSetOptions = { ...options, name: 'fresh', members: [{ port: await rangePort(), sentinelPort: await rangePort() }], engine: { minReplicasToWrite: 0 } };
    const target = new RedisNode(targetOptions, 0, buildParts(targetOptions));
    try {
      await target.startServer();
      target.cli('app', ['SET', 'greeting', 'old']);
      target.cli('app', ['SET', 'only-in-target', '1']);
      const m = nodes[0];
      m.cli('app', ['MSET', ...Array.from({ length: 500 }, (_, i) => [`k:${i}`, `value ${i}`]).flat()]);
      m.cli('app', ['HSET', 'h', 'f', 'v']);
      m.cli('app', ['SET', 'ttl', 'v', 'EX', '3600']);
      expect(await waitFor(() => nodes[1].cli('app', ['DBSIZE']).stdout.trim() === m.cli('app', ['DBSIZE']).stdout.trim(), 20_000)).toBe(true);
      const volume = makePostgresDir(path.join(rig.root, 'volume'), 0o755);
      const pod = (p: string) => {
        const dirs = rig.podDirs(p);
        dirs.paths['/var/lib/cdk8s-db/destination'] = volume;
        dirs.paths[TLS_MOUNT] = backupTlsDir;
        return dirs;
      };
      const b = pod('backup');
      const dump = rig.run(c.dump, b.paths, { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(nodes[1].port) });
      expect([dump.code, dump.stderr]).toEqual([0, '']);
      expect(dump.stdout).toMatch(/from 127\.0\.0\.1:\d+ \(role slave\)/);
      expect(dump.stdout).toMatch(/ready: \d+ bytes, 503 keys/);
      expect(rig.run(c.upload, b.paths).code).toBe(0);
      // Without the CA the dump cannot connect at all (no plain-text port).
      const noTls = rig.run(c.dump, pod('no-tls').paths, { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(nodes[1].port), REDIS_TLS_CA_FILE: '', CONNECT_WAIT_SECONDS: '0' });
      expect(noTls.code).not.toBe(0);
      expect(noTls.stderr).toMatch(/cannot connect/);

      const v = pod('verify');
      expect(rig.run(c.download, v.paths).code).toBe(0);
      const verify = rig.run(c.verify, v.paths);
      expect([verify.code, verify.stderr]).toEqual([0, '']);
      expect(fs.readFileSync(v.termination, 'utf8')).toMatch(/^OK: backup \d{8}T\d{6}Z loaded in \d+s: 503 keys .*query answered 1\n$/);

      const r = pod('restore');
      expect(rig.run(c.restoreDownload, r.paths).code).toBe(0);
      const restore = rig.run(c.restore, r.paths, { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(target.port) });
      expect([restore.code, restore.stderr]).toEqual([0, '']);
      expect(restore.stdout).toMatch(/restored backup \d{8}T\d{6}Z into 127\.0\.0\.1:\d+: 503 keys/);
      expect(target.cli('app', ['GET', 'greeting']).stdout.trim()).toBe('hello over tls');
      expect(target.cli('app', ['GET', 'k:499']).stdout.trim()).toBe('value 499');
      expect(target.cli('app', ['HGET', 'h', 'f']).stdout.trim()).toBe('v');
      expect(Number(target.cli('app', ['PTTL', 'ttl']).stdout.trim())).toBeGreaterThan(3_000_000);
      expect(target.cli('app', ['DBSIZE']).stdout.trim()).toBe('504');
      expect(rig.results.map(x => x.output).join('\n')).not.toContain(secrets.adminPassword);
    } finally {
      await target.cleanup();
      rig.cleanup();
    }
  });

  test('Sentinel fails over a killed master over TLS; the former master rejoins as a replica over TLS', async () => {
    const old = nodes[0];
    const t0 = Date.now();
    await old.killServer();
    expect(await waitFor(() => { const a = agreed(); return a !== undefined && a !== addr(old); }, 60_000, 500)).toBe(true);
    const seconds = (Date.now() - t0) / 1000;
    const promoted = nodes.find(n => addr(n) === agreed())!;
    expect(promoted.info().role).toBe('master');
    expect(await waitFor(() => promoted.runScript('role.sh').stdout.trim() === 'primary', 30_000, 500)).toBe(true);
    expect(promoted.cli('app', ['SET', 'after-failover', '1']).stdout.trim()).toBe('OK');
    await old.start();
    expect(await waitFor(() => old.info().role === 'slave' && old.info().master_link_status === 'up', 60_000, 500)).toBe(true);
    expect(old.info().master_port).toBe(String(promoted.port));
    expect(await waitFor(() => old.cli('app', ['GET', 'after-failover']).stdout.trim() === '1', 20_000, 500)).toBe(true);
    expect(await waitFor(() => old.runScript('readiness.sh').code === 0, 30_000, 500)).toBe(true);
    // eslint-disable-next-line no-console
    console.log(`TLS failover: a majority of Sentinels named the new master ${seconds.toFixed(1)} s after the master was killed (downAfter 2 s)`);
  });

  test('with TLS sentinel.sh stays the container\'s process: SIGTERM to it stops Sentinel at once', async () => {
    const n = nodes[2];
    const t0 = Date.now();
    const code = await n.signalSentinelScript('SIGTERM');
    expect(code).not.toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(5000);
    // Sentinel itself is gone too (nothing answers on its port).
    expect(await waitFor(() => rawCli(n.sentinelPort, ['--tls', '--cacert', path.join(certs, 'ca.crt')], ['PING']).output.includes('Connection refused'), 5000)).toBe(true);
    await n.startSentinel();
    expect(n.runScript('sentinel-probe.sh').stdout.trim()).toBe('Sentinel alive');
  });
});
