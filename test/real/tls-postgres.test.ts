/**
 * Real TLS test of the PostgreSQL engine: the postgresql.conf and pg_hba.conf a `ReplicatedDatabase`
 * with `DatabaseTls` synthesizes, served by a real PostgreSQL (Debian postgresql-15) on 127.0.0.1,
 * with a CA and server certificate made here by openssl whose SANs are exactly the dnsNames of the
 * synthesized cert-manager Certificate. Files are laid out as the pod sees the Secret: root-owned,
 * group = the postgres gid (fsGroup), mode 0440 (the volume's defaultMode).
 *
 * Test-only changes to the rendered files: paths (TLS dir, socket dir, pg_hba.conf) and port are
 * substituted, and names are mapped to 127.0.0.1 with libpq's hostaddr (host= is still what the
 * certificate is verified against).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import { defaultSecrets, freePort, makeTempDir, PG_USER, PgNode, postgresVersion, waitFor } from './postgres-harness';
import { layOutSecret, makeCertificates, makeServerCertificate } from './tls-certs';
import { DatabaseEngine, DatabaseTls, ReplicatedDatabase } from '../../src';
import { describeWith, TOOLS } from '../requirements';

const describeReal = describeWith([TOOLS.postgres, TOOLS.openssl], { realServer: true });

const TLS_MOUNT = '/var/run/secrets/cdk8s-db/tls';
const SOCKET_DIR = '/var/run/postgresql';

interface Rendered {
  readonly conf: string;
  readonly hba: string;
  readonly dnsNames: string[];
  readonly env: { [name: string]: string };
}

/** Synthesizes a 2-pod database in namespace `shop` and returns what the real server needs. */
function render(require: boolean): Rendered {
  const chart = Testing.chart();
  (chart as any).namespace = 'shop';
  new ReplicatedDatabase(chart, 'orders', {
    name: 'orders',
    replicas: 2,
    engine: DatabaseEngine.postgres(),
    resources: { memory: Size.mebibytes(512) },
    databaseName: 'orders',
    username: 'orders_app',
    tls: DatabaseTls.certManager({ issuerName: 'internal-ca', require }),
  });
  const docs = Testing.synth(chart);
  const cm = docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === 'orders-config');
  const cert = docs.find(d => d.kind === 'Certificate');
  const sts = docs.find(d => d.kind === 'StatefulSet');
  const env: { [name: string]: string } = {};
  for (const e of sts.spec.template.spec.containers[0].env) if (e.value !== undefined) env[e.name] = e.value;
  return { conf: cm.data['postgresql.conf'], hba: cm.data['pg_hba.conf'], dnsNames: cert.spec.dnsNames, env };
}

/** Serial number of the certificate the server presents (TLS handshake after the PostgreSQL SSLRequest). */
function servedSerial(port: number): string {
  const r = spawnSync('sh', ['-c', `openssl s_client -starttls postgres -connect 127.0.0.1:${port} </dev/null 2>/dev/null | openssl x509 -noout -serial`],
    { encoding: 'utf8', timeout: 10_000 });
  return r.stdout.trim();
}

/** The rendered config with this machine's paths and ports; names mapped to 127.0.0.1 by hostaddr. */
function localConf(r: Rendered, node: PgNode, tlsDir: string, port: number, primaryPort: number): string {
  const conninfo = /^primary_conninfo = '(.*)'$/m.exec(r.conf)![1];
  const conf = r.conf.split(TLS_MOUNT).join(tlsDir).split(SOCKET_DIR).join(node.socketDir);
  return `${conf}
# --- test-only overrides (paths and ports of this machine) ---
listen_addresses = '127.0.0.1'
port = ${port}
hba_file = '${node.hbaFile}'
primary_conninfo = '${conninfo.split(TLS_MOUNT).join(tlsDir).split(SOCKET_DIR).join(node.socketDir)} port=${primaryPort} hostaddr=127.0.0.1'
`;
}

describeReal('TLS on a real PostgreSQL server (rendered config, openssl certificates)', () => {
  const secrets = { ...defaultSecrets(), appUser: 'orders_app', appDatabase: 'orders' };
  const required = render(true);
  const offered = render(false);
  let root: string;
  let made: string;
  let tlsDir: string;
  let otherCa: string;
  let primary: PgNode;
  let replica: PgNode;
  let primaryPort: number;
  const t0 = Date.now();

  const PRIMARY_NAME = 'orders-0.orders-headless.shop.svc';
  const appConn = (host: string, sslmode: string, ca = path.join(tlsDir, 'ca.crt')) =>
    `host=${host} hostaddr=127.0.0.1 port=${primaryPort} dbname=orders user=orders_app sslmode=${sslmode} sslrootcert=${ca} connect_timeout=5`;
  const app = (conn: string, sql = 'SELECT s.ssl, s.version FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()') =>
    primary.psqlTcp(conn, sql, secrets.appPassword);

  beforeAll(async () => {
    root = makeTempDir('pgtls-');
    made = path.join(root, 'made');
    fs.mkdirSync(made, { mode: 0o700 });
    makeCertificates(made, required.dnsNames);
    tlsDir = path.join(root, 'tls');
    layOutSecret(made, tlsDir, PG_USER.gid);
    const other = path.join(root, 'other');
    fs.mkdirSync(other, { mode: 0o755 });
    makeCertificates(other, required.dnsNames, 'some other CA');
    otherCa = path.join(other, 'ca.crt');
    fs.chmodSync(otherCa, 0o644);

    primaryPort = await freePort();
    const replicaPort = await freePort();
    // The rendered env (PGSSLMODE/PGSSLROOTCERT) with local paths; DB_PRIMARY_HOST is the per-pod name.
    const tlsEnv = Object.fromEntries(Object.entries(required.env)
      .filter(([k]) => /^(PGSSL|TLS_)/.test(k)).map(([k, v]) => [k, v.split(TLS_MOUNT).join(tlsDir)]));
    expect(Object.keys(tlsEnv).sort()).toEqual(['PGSSLMODE', 'PGSSLROOTCERT', 'TLS_CA_FILE', 'TLS_CERT_FILE', 'TLS_KEY_FILE']);
    primary = new PgNode({ podName: 'orders-0', port: primaryPort, primaryPort, primaryHost: PRIMARY_NAME, secrets, env: tlsEnv });
    replica = new PgNode({ podName: 'orders-1', port: replicaPort, primaryPort, primaryHost: PRIMARY_NAME, secrets, env: tlsEnv });
    for (const [node, port] of [[primary, primaryPort], [replica, replicaPort]] as [PgNode, number][]) {
      fs.writeFileSync(node.confFile, localConf(required, node, tlsDir, port, primaryPort));
      fs.writeFileSync(node.hbaFile, required.hba);
    }
  });

  afterAll(async () => {
    for (const node of [replica, primary]) await node?.cleanup();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`${postgresVersion()}, ${spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim()}: ${Date.now() - t0} ms`);
  });

  test('the certificate names are the Certificate object\'s; the key is root-owned 0440 as in the pod', () => {
    const san = spawnSync('openssl', ['x509', '-in', path.join(tlsDir, 'tls.crt'), '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' }).stdout;
    const names = san.split('\n').slice(1).join('').split(',').map(s => s.trim().replace(/^DNS:/, ''));
    expect(names.sort()).toEqual([...required.dnsNames].sort());
    expect(required.dnsNames).toContain(PRIMARY_NAME);
    const st = fs.statSync(path.join(tlsDir, 'tls.key'));
    expect([st.uid, st.gid, (st.mode % 0o1000).toString(8)]).toEqual([0, PG_USER.gid, '440']);
  });

  test('primary starts with the rendered TLS config (bootstrap over the socket is unaffected by PGSSLMODE)', async () => {
    const boot = primary.runScript('bootstrap.sh');
    expect(boot.code).toBe(0);
    await primary.start();
    expect(primary.sql('SHOW ssl')).toBe('on');
    expect(primary.sql('SHOW ssl_min_protocol_version')).toBe('TLSv1.2');
    expect(primary.sql('SHOW ssl_key_file')).toBe(path.join(tlsDir, 'tls.key'));
  });

  test('verify-full with a name from the Certificate connects over TLS', () => {
    for (const name of ['orders-rw.shop.svc', 'orders-rw', 'orders-0.orders-headless.shop.svc.cluster.local']) {
      const r = app(appConn(name, 'verify-full'));
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^t\|TLSv1\.[23]$/);
    }
  });

  test('a client that expects another name, or trusts another CA, fails verification', () => {
    const wrongName = app(appConn('db.example.com', 'verify-full'));
    expect(wrongName.code).not.toBe(0);
    expect(wrongName.stderr).toMatch(/server certificate for ".*" .*does not match host name "db\.example\.com"/);
    const wrongCa = app(appConn('orders-rw.shop.svc', 'verify-full', otherCa));
    expect(wrongCa.code).not.toBe(0);
    expect(wrongCa.stderr).toMatch(/certificate verify failed/);
  });

  test('required: a plain-text client is refused; the in-pod exporter role over loopback is not', () => {
    const plain = app(appConn('orders-rw.shop.svc', 'disable'));
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/pg_hba\.conf rejects connection .*no encryption/);
    const exporter = primary.psqlTcp(`host=127.0.0.1 port=${primaryPort} dbname=postgres user=monitor sslmode=disable`,
      'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()', secrets.monitoringPassword);
    expect(exporter.stderr).toBe('');
    expect(exporter.stdout.trim()).toBe('f');
  });

  test('replication over TLS: a standby cloned by bootstrap.sh streams with the rendered primary_conninfo (verify-full)', async () => {
    // bootstrap.sh clones with pg_basebackup -h $DB_PRIMARY_HOST; PGHOSTADDR maps the name for this machine only.
    const boot = replica.runScript('bootstrap.sh', { PGHOSTADDR: '127.0.0.1' });
    expect(boot.output).toMatch(/clone complete/);
    expect(boot.code).toBe(0);
    await replica.start();
    const conninfo = replica.sql("SELECT setting FROM pg_settings WHERE name = 'primary_conninfo'");
    expect(conninfo).toMatch(new RegExp(`host=${PRIMARY_NAME.replace(/\./g, '\\.')} .*sslmode=verify-full sslrootcert=${tlsDir}/ca\\.crt`));
    const walsender = await waitFor(() => primary.sql(
      "SELECT s.ssl || '|' || s.version FROM pg_stat_replication r JOIN pg_stat_ssl s USING (pid) WHERE r.application_name = 'orders-1' AND r.state = 'streaming'"), 20_000);
    expect(walsender).toMatch(/^true\|TLSv1\.[23]$/);
    primary.sql('CREATE TABLE tls_check (v text); INSERT INTO tls_check VALUES (\'over tls\')', 'orders');
    const seen = await waitFor(() => {
      try {
        return replica.sql('SELECT v FROM tls_check', 'orders');
      } catch {
        return '';
      }
    }, 20_000);
    expect(seen).toBe('over tls');
  });

  test('a clone refuses a primary whose certificate does not verify (wrong CA): no data is copied', async () => {
    const port = await freePort();
    const rogue = new PgNode({ podName: 'orders-2', port, primaryPort, primaryHost: PRIMARY_NAME, secrets });
    try {
      const bg = rogue.spawnScript('bootstrap.sh', { PGHOSTADDR: '127.0.0.1', PGSSLMODE: 'verify-full', PGSSLROOTCERT: otherCa });
      const failed = await waitFor(() => /certificate verify failed|waiting for the primary/.test(bg.output()), 10_000);
      rogue.killGroup(bg.child);
      await bg.done;
      expect(failed).toBe(true);
      expect(bg.output()).not.toMatch(/clone complete/);
      expect(fs.existsSync(path.join(rogue.pgdata, 'PG_VERSION'))).toBe(false);
    } finally {
      await rogue.cleanup();
    }
  });

  test('a renewed certificate (new key, same names) is served after liveness.sh notices the change; no restart', () => {
    const before = servedSerial(primaryPort);
    expect(before).toMatch(/^serial=[0-9A-F]+$/);
    const first = primary.runScript('liveness.sh');
    expect(first.code).toBe(0);
    // Unchanged files: no reload.
    expect(primary.runScript('liveness.sh').stdout).not.toMatch(/reloaded/);
    makeServerCertificate(made, required.dnsNames);
    layOutSecret(made, tlsDir, PG_USER.gid);
    expect(servedSerial(primaryPort)).toBe(before);
    const live = primary.runScript('liveness.sh');
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(/TLS files changed: configuration reloaded/);
    const after = servedSerial(primaryPort);
    expect(after).toMatch(/^serial=[0-9A-F]+$/);
    expect(after).not.toBe(before);
    const r = app(appConn('orders-rw.shop.svc', 'verify-full'));
    expect(r.stdout.trim()).toMatch(/^t\|TLSv1\.[23]$/);
  });

  test('offered (not required): the rendered pg_hba.conf accepts plain-text clients, TLS still verifies', () => {
    expect(offered.conf.replace(/^# TLS .*$/m, '')).toEqual(required.conf.replace(/^# TLS .*$/m, ''));
    fs.writeFileSync(primary.hbaFile, offered.hba);
    expect(primary.sql('SELECT pg_reload_conf()')).toBe('t');
    const plain = app(appConn('orders-rw.shop.svc', 'disable'));
    expect(plain.stderr).toBe('');
    expect(plain.stdout.trim()).toBe('f|');
    const tls = app(appConn('orders-ro.shop.svc', 'verify-full'));
    expect(tls.stdout.trim()).toMatch(/^t\|TLSv1\.[23]$/);
    const wrongName = app(appConn('db.example.com', 'verify-full'));
    expect(wrongName.code).not.toBe(0);
  });
});
