/**
 * Real TLS test of the MariaDB engine: the my.cnf TLS section and the bootstrap environment a
 * `ReplicatedDatabase` with `DatabaseTls` synthesizes, on a real MariaDB (Debian mariadb-server 10.11)
 * on 127.0.0.1, with openssl certificates whose SANs are exactly the synthesized Certificate's dnsNames.
 *
 * MariaDB clients and replicas verify the server name against the host they connect to: the names
 * are mapped to 127.0.0.1 for single commands (the replica's clone and server, the test clients) in a
 * private mount namespace with its own /etc/hosts (`unshare -m`, as root). Test-only changes: the
 * harness's local paths and ports, and the TLS dir path.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import { DB_USER, defaultSecrets, freePort, MariaNode, mariadbSeries, mariadbVersion, waitFor } from './mariadb-harness';
import { layOutSecret, makeCertificates } from './tls-certs';
import { DatabaseEngine, DatabaseTls, MariadbVersion, ReplicatedDatabase } from '../../src';
import { describeWith, MARIADB_SERVER, TOOLS } from '../requirements';

const TLS_MOUNT = '/var/run/secrets/cdk8s-db/tls';
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;
const describeReal = describeWith([...MARIADB_SERVER, TOOLS.openssl], {
  realServer: true,
  also: { ok: canUnshare, reason: 'needs root and unshare -m (util-linux) for a private mount namespace' },
});

interface Rendered {
  readonly tlsCnf: string;
  readonly dnsNames: string[];
  readonly env: { [name: string]: string };
}

function render(require: boolean): Rendered {
  const { series, version } = mariadbSeries();
  const chart = Testing.chart();
  (chart as any).namespace = 'shop';
  new ReplicatedDatabase(chart, 'db', {
    name: 'db',
    replicas: 2,
    engine: DatabaseEngine.mariadb({ version: MariadbVersion.of(series, version) }),
    resources: { memory: Size.mebibytes(512) },
    tls: DatabaseTls.certManager({ issuerName: 'internal-ca', require }),
  });
  const docs = Testing.synth(chart);
  const cnf: string = docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === 'db-config').data['my.cnf'];
  const env: { [name: string]: string } = {};
  for (const e of docs.find(d => d.kind === 'StatefulSet').spec.template.spec.containers[0].env) if (e.value !== undefined) env[e.name] = e.value;
  return { tlsCnf: cnf.slice(cnf.indexOf('\n# TLS')), dnsNames: docs.find(d => d.kind === 'Certificate').spec.dnsNames, env };
}

describeReal('TLS on a real MariaDB server (rendered my.cnf TLS section and bootstrap env, openssl certificates)', () => {
  const secrets = defaultSecrets();
  const rendered = render(true);
  const PRIMARY_NAME = 'db-0.db-headless.shop.svc';
  let root: string;
  let tlsDir: string;
  let hostsFile: string;
  let primary: MariaNode;
  let replica: MariaNode;
  let replicaServer: ChildProcess | undefined;
  let primaryPort: number;
  const t0 = Date.now();

  /** Runs `cmd args` with the test's /etc/hosts (names → 127.0.0.1), as root or as the database user. */
  const withHosts = (cmd: string, args: string[], asDbUser: boolean) => {
    const drop = asDbUser ? `setpriv --reuid=${DB_USER.uid} --regid=${DB_USER.gid} --clear-groups ` : '';
    return ['-m', '/bin/sh', '-c', `mount --bind "$0" /etc/hosts && exec ${drop}"$@"`, hostsFile, cmd, ...args] as string[];
  };
  const client = (host: string, tlsArgs: string[], query = "SHOW SESSION STATUS LIKE 'Ssl_version'") => {
    const file = path.join(root, `client-${Math.random().toString(36).slice(2)}.cnf`);
    const q = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    fs.writeFileSync(file, `[client]\nuser=${q(secrets.appUser)}\npassword=${q(secrets.appPassword)}\n`, { mode: 0o600 });
    try {
      return spawnSync('unshare', withHosts('mariadb', [`--defaults-file=${file}`, '--protocol=TCP', `--host=${host}`, `--port=${primaryPort}`,
        ...tlsArgs, '--batch', '--skip-column-names', '--connect-timeout=5', '-e', query, secrets.appDatabase], false),
      { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    } finally {
      fs.rmSync(file, { force: true });
    }
  };
  const verifyArgs = () => ['--ssl', `--ssl-ca=${tlsDir}/ca.crt`, '--ssl-verify-server-cert'];

  beforeAll(async () => {
    root = fs.mkdtempSync('/tmp/mdbtls-');
    fs.chmodSync(root, 0o755);
    const made = path.join(root, 'made');
    fs.mkdirSync(made, { mode: 0o700 });
    makeCertificates(made, rendered.dnsNames);
    tlsDir = path.join(root, 'tls');
    layOutSecret(made, tlsDir, DB_USER.gid);
    hostsFile = path.join(root, 'hosts');
    fs.writeFileSync(hostsFile, `127.0.0.1 localhost\n127.0.0.1 ${rendered.dnsNames.join(' ')} db.example.com\n`, { mode: 0o644 });

    primaryPort = await freePort();
    const replicaPort = await freePort();
    const sub = (v: string) => v.split(TLS_MOUNT).join(tlsDir);
    const tlsEnv = { MYSQL_PRIMARY_TLS_ARGS: sub(rendered.env.MYSQL_PRIMARY_TLS_ARGS), REPLICATION_TLS_CA: sub(rendered.env.REPLICATION_TLS_CA) };
    primary = new MariaNode({ podName: 'db-0', port: primaryPort, primaryPort, secrets, env: { ...tlsEnv, DB_PRIMARY_HOST: PRIMARY_NAME } });
    replica = new MariaNode({ podName: 'db-1', port: replicaPort, primaryPort, secrets, env: { ...tlsEnv, DB_PRIMARY_HOST: PRIMARY_NAME } });
    for (const node of [primary, replica]) fs.appendFileSync(node.confFile, sub(rendered.tlsCnf));
  });

  afterAll(async () => {
    if (replicaServer && replicaServer.exitCode === null) {
      replica.runScript('prestop.sh');
      await waitFor(() => replicaServer!.exitCode !== null, 20_000);
      if (replicaServer.exitCode === null && replicaServer.pid) process.kill(-replicaServer.pid, 'SIGKILL');
    }
    for (const node of [replica, primary]) await node?.cleanup();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`${mariadbVersion()}: ${Date.now() - t0} ms`);
  });

  test('the rendered TLS section is what the server runs with (require_secure_transport, TLS 1.2+)', async () => {
    expect(rendered.tlsCnf).toMatch(/require_secure_transport = ON/);
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    expect(primary.sql('SELECT @@require_secure_transport, @@tls_version, @@ssl_cert')).toBe(`1\tTLSv1.2,TLSv1.3\t${tlsDir}/tls.crt`);
  });

  test('a client verifying the server name connects over TLS with a name from the Certificate', () => {
    for (const host of ['db-rw.shop.svc', 'db-ro', PRIMARY_NAME]) {
      const r = client(host, verifyArgs());
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^Ssl_version\tTLSv1\.[23]$/);
    }
  });

  test('a client that expects another name fails verification; a plain-text client is refused', () => {
    const wrong = client('db.example.com', verifyArgs());
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/TLS\/SSL error: .*certificate/);
    const plain = client('db-rw.shop.svc', ['--skip-ssl']);
    expect(plain.status).not.toBe(0);
    // MariaDB 10.11 reports the refused insecure transport as an access denial.
    expect(plain.stderr).toMatch(/insecure transport are prohibited|Access denied/);
  });

  test('not required (the rendered section without require_secure_transport): a plain-text client is accepted', () => {
    const offered = render(false);
    expect(offered.tlsCnf).not.toMatch(/require_secure_transport/);
    expect(offered.tlsCnf.replace(/^# TLS .*$/m, '')).toBe(rendered.tlsCnf.replace(/^# TLS .*$/m, '').replace('require_secure_transport = ON\n', ''));
    primary.sql('SET GLOBAL require_secure_transport = OFF');
    try {
      const plain = client('db-rw.shop.svc', ['--skip-ssl']);
      expect(plain.stderr).toBe('');
      expect(plain.stdout.trim()).toBe('Ssl_version');
      expect(client('db-rw.shop.svc', verifyArgs()).stdout.trim()).toMatch(/^Ssl_version\tTLSv1\.[23]$/);
    } finally {
      primary.sql('SET GLOBAL require_secure_transport = ON');
    }
  });

  test('replication over TLS: bootstrap.sh clones over verified TLS, the channel verifies the primary\'s name', async () => {
    const boot = spawnSync('unshare', withHosts('/bin/sh', [path.join(replica.scriptsDir, 'bootstrap.sh')], true),
      { env: replica.env(), cwd: replica.root, encoding: 'utf8', timeout: 120_000 });
    expect(`${boot.stdout}${boot.stderr}`).toMatch(/clone complete/);
    expect(boot.status).toBe(0);
    const fd = fs.openSync(replica.serverLog, 'a');
    replicaServer = spawn('unshare', withHosts('/bin/sh', [path.join(replica.scriptsDir, 'run.sh')], true),
      { env: replica.env(), cwd: replica.root, detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    const started = await waitFor(() => replica.runScript('startup.sh').code === 0 || replicaServer!.exitCode !== null, 60_000, 200);
    expect(started && replicaServer.exitCode === null).toBe(true);
    const status = await waitFor(() => {
      const row = replica.sqlRow('SHOW SLAVE STATUS');
      return row.Slave_IO_Running === 'Yes' && row.Slave_SQL_Running === 'Yes' ? row : undefined;
    }, 30_000);
    expect(status).toBeDefined();
    expect(status).toMatchObject({
      Master_Host: PRIMARY_NAME, Master_SSL_Allowed: 'Yes', Master_SSL_CA_File: `${tlsDir}/ca.crt`, Master_SSL_Verify_Server_Cert: 'Yes',
    });
    primary.sql("CREATE TABLE tls_check (v varchar(20) PRIMARY KEY); INSERT INTO tls_check VALUES ('over tls')", secrets.appDatabase);
    const seen = await waitFor(() => {
      try {
        return replica.sql('SELECT v FROM tls_check', secrets.appDatabase);
      } catch {
        return '';
      }
    }, 20_000);
    expect(seen).toBe('over tls');
  });
});
