import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { knownCustomResourceKinds, validateAll } from './validation';
import { DatabaseEngine, DatabaseTls, IssuerKind, ReplicatedDatabase, ReplicatedDatabaseProps, TlsKeyAlgorithm } from '../src';

function synth(props: Partial<ReplicatedDatabaseProps> = {}, namespace?: string): { docs: any[]; db: ReplicatedDatabase; chart: Chart } {
  const chart = Testing.chart();
  if (namespace) (chart as any).namespace = namespace;
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), ...props });
  return { docs: Testing.synth(chart), db, chart };
}
const find = (docs: any[], kind: string) => docs.filter(d => d.kind === kind);
const one = (docs: any[], kind: string, name?: string) => {
  const found = find(docs, kind).filter(d => name === undefined || d.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const config = (docs: any[]) => one(docs, 'ConfigMap', 'orders-config').data;
const confValue = (conf: string, name: string) => conf.split('\n').find(l => l.startsWith(`${name} = `))?.slice(name.length + 3);
const hbaRows = (hba: string) => hba.split('\n').filter(l => l && !l.startsWith('#')).map(l => l.split(/\s+/));
const pod = (docs: any[]) => one(docs, 'StatefulSet', 'orders').spec.template;

describe('DatabaseTls', () => {
  test('every document is valid (Kubernetes schema, cert-manager Certificate CRD) for TLS variants', () => {
    expect(knownCustomResourceKinds()).toContain('cert-manager.io/v1 Certificate');
    const variants: Partial<ReplicatedDatabaseProps>[] = [
      { tls: DatabaseTls.certManager({ issuerName: 'internal-ca' }) },
      { tls: DatabaseTls.certManager({ issuerName: 'internal-ca', require: true, issuerKind: IssuerKind.CLUSTER_ISSUER }) },
      { replicas: 1, tls: DatabaseTls.certManager({ issuerName: 'vault', issuerGroup: 'cert-manager.io', keyAlgorithm: TlsKeyAlgorithm.RSA_2048, duration: Duration.days(30), renewBefore: Duration.days(10), secretName: 'orders-cert' }) },
      { replicas: 5, readFromPrimary: true, tls: DatabaseTls.fromSecret('my-tls', { require: true }) },
      { tls: DatabaseTls.fromSecret('my-tls') },
    ];
    for (const v of variants) {
      for (const ns of ['shop', undefined]) {
        const { docs } = synth(v, ns);
        expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
      }
    }
  });

  test('cert-manager Certificate: issuer, key, usages, and every Service and per-pod name in all forms', () => {
    const { docs } = synth({ tls: DatabaseTls.certManager({ issuerName: 'internal-ca', duration: Duration.days(90), renewBefore: Duration.hours(360) }) }, 'shop');
    const cert = one(docs, 'Certificate');
    expect(cert.apiVersion).toBe('cert-manager.io/v1');
    expect(cert.metadata.name).toBe('orders');
    expect(cert.spec.secretName).toBe('orders-tls');
    expect(cert.spec.issuerRef).toEqual({ name: 'internal-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(cert.spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' });
    expect(cert.spec.usages).toEqual(expect.arrayContaining(['server auth', 'client auth']));
    expect(cert.spec.duration).toBe('2160h');
    expect(cert.spec.renewBefore).toBe('360h');
    const names: string[] = cert.spec.dnsNames;
    const bases = ['orders-rw', 'orders-ro', 'orders-headless', 'orders-0.orders-headless', 'orders-1.orders-headless', 'orders-2.orders-headless'];
    const expected = bases.flatMap(b => [b, `${b}.shop`, `${b}.shop.svc`, `${b}.shop.svc.cluster.local`]);
    expect([...names].sort()).toEqual([...expected].sort());
    expect(new Set(names).size).toBe(names.length);
    // The primary's name in primary_conninfo and the client endpoints are covered.
    const conf = config(docs)['postgresql.conf'];
    expect(confValue(conf, 'primary_conninfo')).toMatch(/host=orders-0\.orders-headless\.shop\.svc /);
    expect(names).toContain('orders-0.orders-headless.shop.svc');
    expect(names).toContain('orders-rw.shop.svc');
    expect(names).toContain('orders-ro.shop.svc');
  });

  test('without a namespace only short names; RSA and ClusterIssuer options', () => {
    const { docs, db } = synth({ replicas: 2, tls: DatabaseTls.certManager({ issuerName: 'ca', issuerKind: IssuerKind.CLUSTER_ISSUER, keyAlgorithm: TlsKeyAlgorithm.RSA_2048 }) });
    const cert = one(docs, 'Certificate');
    expect(cert.spec.dnsNames).toEqual(['orders-rw', 'orders-ro', 'orders-headless', 'orders-0.orders-headless', 'orders-1.orders-headless']);
    expect(db.dnsNames).toEqual(cert.spec.dnsNames);
    expect(cert.spec.issuerRef.kind).toBe('ClusterIssuer');
    expect(cert.spec.privateKey).toMatchObject({ algorithm: 'RSA', size: 2048, rotationPolicy: 'Always' });
    expect(cert.spec.duration).toBeUndefined();
  });

  test('the Secret is mounted read-only, mode 0440 (root-owned, fsGroup-readable), in the server and bootstrap containers only', () => {
    const { docs } = synth({ tls: DatabaseTls.certManager({ issuerName: 'ca', secretName: 'orders-cert' }) }, 'shop');
    const t = pod(docs);
    const vol = t.spec.volumes.find((v: any) => v.name === 'tls');
    expect(vol).toEqual({ name: 'tls', secret: { secretName: 'orders-cert', defaultMode: 0o440 } });
    expect(t.spec.securityContext.fsGroup).toBe(999);
    expect(t.spec.securityContext.runAsUser ?? t.spec.containers[0].securityContext.runAsUser).toBe(999);
    const withTls = [...t.spec.initContainers, ...t.spec.containers].filter((c: any) => (c.volumeMounts ?? []).some((m: any) => m.name === 'tls'));
    expect(withTls.map((c: any) => c.name).sort()).toEqual(['bootstrap', 'postgres']);
    for (const c of withTls) {
      expect(c.volumeMounts.find((m: any) => m.name === 'tls')).toEqual({ name: 'tls', mountPath: '/var/run/secrets/cdk8s-db/tls', readOnly: true });
    }
    // No key material or file content in env; the clone verifies the primary.
    const env = t.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'PGSSLMODE', value: 'verify-full' },
      { name: 'PGSSLROOTCERT', value: '/var/run/secrets/cdk8s-db/tls/ca.crt' },
    ]));
    expect(JSON.stringify(docs)).not.toMatch(/BEGIN (EC |RSA )?PRIVATE KEY|tls\.key"?:/);
  });

  test('postgresql.conf: ssl on with the mounted files, TLS 1.2 minimum, replication verifies the primary', () => {
    const { docs } = synth({ tls: DatabaseTls.certManager({ issuerName: 'ca' }) }, 'shop');
    const conf = config(docs)['postgresql.conf'];
    expect(confValue(conf, 'ssl')).toBe('on');
    expect(confValue(conf, 'ssl_cert_file')).toBe("'/var/run/secrets/cdk8s-db/tls/tls.crt'");
    expect(confValue(conf, 'ssl_key_file')).toBe("'/var/run/secrets/cdk8s-db/tls/tls.key'");
    expect(confValue(conf, 'ssl_ca_file')).toBe("'/var/run/secrets/cdk8s-db/tls/ca.crt'");
    expect(confValue(conf, 'ssl_min_protocol_version')).toBe("'TLSv1.2'");
    expect(confValue(conf, 'primary_conninfo')).toBe(
      "'host=orders-0.orders-headless.shop.svc port=5432 user=replicator passfile=/var/run/postgresql/.pgpass connect_timeout=5 " +
      "sslmode=verify-full sslrootcert=/var/run/secrets/cdk8s-db/tls/ca.crt'");
  });

  test('pg_hba.conf: offered TLS keeps host lines; required TLS has hostssl only and rejects plain TCP first', () => {
    const offered = config(synth({ tls: DatabaseTls.fromSecret('t') }).docs)['pg_hba.conf'];
    const none = config(synth().docs)['pg_hba.conf'];
    expect(offered).toEqual(none);

    const hba = hbaRows(config(synth({ tls: DatabaseTls.fromSecret('t', { require: true }) }).docs)['pg_hba.conf']);
    expect(hba.filter(r => r[0] === 'hostssl' && r[4] === 'scram-sha-256').map(r => r.slice(1, 4))).toEqual([
      ['replication', '"replicator"', '0.0.0.0/0'], ['replication', '"replicator"', '::/0'],
      ['"app"', '"readonly"', '0.0.0.0/0'], ['"app"', '"readonly"', '::/0'],
      ['all', 'all', '0.0.0.0/0'], ['all', 'all', '::/0'],
    ]);
    // The superuser never over TCP, TLS or not.
    const lastSuReject = Math.max(...hba.map((r, i) => (r[2] === 'postgres' && r[4] === 'reject' ? i : -1)));
    expect(hba.filter(r => r[2] === 'postgres' && r[0] === 'host').map(r => r[4])).toEqual(['reject', 'reject']);
    expect(lastSuReject).toBeLessThan(hba.findIndex(r => r[0] === 'hostssl' && r[1] === 'all' && r[2] === 'all'));
    // Before any accepting TCP line: plain-text clients and replication are rejected...
    const firstAccept = hba.findIndex(r => r[0] === 'hostssl');
    const rejects = hba.slice(0, firstAccept).filter(r => r[0] === 'hostnossl' && r[4] === 'reject').map(r => r.slice(1, 4));
    expect(rejects).toEqual(expect.arrayContaining([['all', 'all', '0.0.0.0/0'], ['all', 'all', '::/0'], ['replication', 'all', '0.0.0.0/0'], ['replication', 'all', '::/0']]));
    // ...except the in-pod exporter over loopback, which never leaves the pod.
    const plain = hba.filter(r => r[0] === 'host' && r[4] !== 'reject');
    expect(plain).toEqual([['host', 'all', '"monitor"', '127.0.0.1/32', 'scram-sha-256'], ['host', 'all', '"monitor"', '::1/128', 'scram-sha-256']]);
    // No accepting 'host' line for anyone else.
    expect(hba.some(r => r[0] === 'host' && r[2] !== '"monitor"' && r[4] !== 'reject')).toBe(false);
  });

  test('the config hash changes with every TLS setting, and not without TLS', () => {
    const hash = (p: Partial<ReplicatedDatabaseProps>) => pod(synth(p, 'shop').docs).metadata.annotations['cdk8s-db.io/config-hash'];
    const hashes = [
      hash({}),
      hash({ tls: DatabaseTls.certManager({ issuerName: 'ca' }) }),
      hash({ tls: DatabaseTls.certManager({ issuerName: 'ca', require: true }) }),
      hash({ tls: DatabaseTls.certManager({ issuerName: 'ca', secretName: 'other' }) }),
      hash({ tls: DatabaseTls.fromSecret('x') }),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hash({})).toBe(hash({}));
  });

  test('connection info and addConnectionEnv: sslmode, CA path, only ca.crt mounted, no key material in env', () => {
    const chart = Testing.chart();
    (chart as any).namespace = 'shop';
    const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), tls: DatabaseTls.certManager({ issuerName: 'ca', require: true }) });
    const plainDb = new ReplicatedDatabase(chart, 'plain', { name: 'plain', engine: DatabaseEngine.postgres() });
    const offeredDb = new ReplicatedDatabase(chart, 'offered', { name: 'offered', engine: DatabaseEngine.postgres(), tls: DatabaseTls.fromSecret('offered-tls') });
    expect(db.connection).toMatchObject({ tlsSecretName: 'orders-tls', caKey: 'ca.crt', sslMode: 'verify-full' });
    expect(offeredDb.connection).toMatchObject({ tlsSecretName: 'offered-tls', caKey: 'ca.crt', sslMode: 'prefer' });
    expect(plainDb.connection.tlsSecretName).toBeUndefined();
    expect(plainDb.connection.sslMode).toBeUndefined();
    const api = new kplus.Deployment(chart, 'api', { containers: [{ image: 'api:1', name: 'api' }, { image: 'side:1', name: 'side' }] });
    db.addConnectionEnv(api);
    offeredDb.addConnectionEnv(api, { prefix: 'OFFERED_', caMountPath: '/etc/offered-ca' });
    plainDb.addConnectionEnv(api, { prefix: 'PLAIN_' });
    const docs = Testing.synth(chart);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    const dep = docs.find(d => d.kind === 'Deployment');
    const spec = dep.spec.template.spec;
    for (const c of spec.containers) {
      const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
      expect(env.DB_SSLMODE).toBe('verify-full');
      expect(env.DB_SSLROOTCERT).toBe('/var/run/secrets/cdk8s-db/orders-ca/ca.crt');
      expect(env.OFFERED_SSLMODE).toBe('prefer');
      expect(env.OFFERED_SSLROOTCERT).toBe('/etc/offered-ca/ca.crt');
      expect(env.PLAIN_SSLMODE).toBeUndefined();
      expect(c.volumeMounts).toEqual(expect.arrayContaining([{ name: 'orders-ca', mountPath: '/var/run/secrets/cdk8s-db/orders-ca', readOnly: true }]));
      // Secret references in env are the password only: never tls.key / tls.crt.
      const secretKeys = c.env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.key);
      expect(secretKeys.every((k: string) => /password/.test(k))).toBe(true);
    }
    const caVolume = spec.volumes.find((v: any) => v.name === 'orders-ca');
    expect(caVolume.secret).toEqual({ secretName: 'orders-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 });
    expect(spec.volumes.filter((v: any) => v.name === 'orders-ca')).toHaveLength(1);
  });

  test('an engine without TLS support fails at synth time instead of ignoring it', () => {
    const pg = DatabaseEngine.postgres();
    const engine = Object.assign(Object.create(Object.getPrototypeOf(pg)), pg, { _spec: { ...pg._spec, supportsTls: undefined } });
    expect(() => synth({ engine, tls: DatabaseTls.fromSecret('x') })).toThrow(/invalid tls "postgres 16": TLS is not supported for this engine yet/);
    expect(() => synth({ engine })).not.toThrow();
  });

  describe('MySQL family', () => {
    const engines: [string, () => DatabaseEngine][] = [['mariadb', () => DatabaseEngine.mariadb()], ['mysql', () => DatabaseEngine.mysql()]];
    test.each(engines)('%s: valid documents; my.cnf has the TLS files, TLS 1.2+, require_secure_transport only when required', (flavor, engine) => {
      for (const require of [true, false]) {
        const { docs } = synth({ engine: engine(), tls: DatabaseTls.certManager({ issuerName: 'ca', require }) }, 'shop');
        expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
        const cnf: string = config(docs)['my.cnf'];
        const tlsPart = cnf.slice(cnf.indexOf('# TLS'));
        expect(tlsPart).toMatch(/^\[mysqld\]$/m);
        expect(tlsPart).toContain('ssl_cert = /var/run/secrets/cdk8s-db/tls/tls.crt\nssl_key = /var/run/secrets/cdk8s-db/tls/tls.key\nssl_ca = /var/run/secrets/cdk8s-db/tls/ca.crt\n');
        expect(tlsPart).toContain('tls_version = TLSv1.2,TLSv1.3');
        expect(tlsPart.includes('require_secure_transport = ON')).toBe(require);
        const t = pod(docs);
        const env = Object.fromEntries(t.spec.containers[0].env.map((e: any) => [e.name, e.value]));
        expect(env.REPLICATION_TLS_CA).toBe('/var/run/secrets/cdk8s-db/tls/ca.crt');
        expect(env.MYSQL_PRIMARY_TLS_ARGS).toBe(flavor === 'mariadb'
          ? '--ssl --ssl-ca=/var/run/secrets/cdk8s-db/tls/ca.crt --ssl-verify-server-cert'
          : '--ssl-mode=VERIFY_IDENTITY --ssl-ca=/var/run/secrets/cdk8s-db/tls/ca.crt');
        const withTls = [...t.spec.initContainers, ...t.spec.containers].filter((c: any) => (c.volumeMounts ?? []).some((m: any) => m.name === 'tls'));
        expect(withTls.map((c: any) => c.name).sort()).toEqual(['bootstrap', flavor]);
      }
      const { docs } = synth({ engine: engine() }, 'shop');
      expect(config(docs)['my.cnf']).not.toMatch(/ssl|TLS/);
    });

    test('ssl settings are managed when the database has TLS', () => {
      const engine = DatabaseEngine.mariadb({ settings: { 'require-secure-transport': 'OFF' } });
      expect(() => synth({ engine, tls: DatabaseTls.fromSecret('x') })).toThrow(/invalid settings\.require-secure-transport .*managed by cdk8s-db/);
      expect(() => synth({ engine })).not.toThrow();
    });
  });

  describe('bad input', () => {
    test('empty or malformed issuer name', () => {
      expect(() => DatabaseTls.certManager({ issuerName: '' })).toThrow(/DatabaseTls\.certManager: invalid issuerName ""/);
      expect(() => DatabaseTls.certManager({ issuerName: 'Bad Issuer' })).toThrow(/invalid issuerName "Bad Issuer"/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', issuerGroup: 'nogroup' })).toThrow(/invalid issuerGroup "nogroup"/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', issuerKind: 'Vault' as any })).toThrow(/invalid issuerKind "Vault"/);
    });

    test('bad secret names', () => {
      expect(() => DatabaseTls.fromSecret('')).toThrow(/DatabaseTls\.fromSecret: invalid secretName ""/);
      expect(() => DatabaseTls.fromSecret('My_Secret')).toThrow(/invalid secretName "My_Secret"/);
      expect(() => DatabaseTls.fromSecret('a'.repeat(64))).toThrow(/at most 63/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', secretName: '-x' })).toThrow(/invalid secretName "-x"/);
    });

    test('invalid durations: renewBefore >= duration, too short, fractional', () => {
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', duration: Duration.days(30), renewBefore: Duration.days(30) }))
        .toThrow(/invalid renewBefore "30 days": must be shorter than the certificate duration \(30 days\)/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', duration: Duration.days(1), renewBefore: Duration.days(2) })).toThrow(/renewBefore/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', renewBefore: Duration.days(91) })).toThrow(/90 days, cert-manager's default/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', duration: Duration.minutes(30) })).toThrow(/invalid duration "30 minutes": must be at least 1 hour/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', renewBefore: Duration.minutes(1) })).toThrow(/at least 5 minutes/);
      expect(() => DatabaseTls.certManager({ issuerName: 'ca', duration: Duration.millis(3_600_500) })).toThrow(/whole number of seconds/);
    });

    test('"required" without a certificate source cannot be expressed; a non-DatabaseTls value is refused', () => {
      // `require` exists only on the certificate-source options: there is no ReplicatedDatabaseProps.requireTls.
      expect(() => synth({ tls: { require: true } as any })).toThrow(/invalid tls .*must come from DatabaseTls\.certManager or DatabaseTls\.fromSecret/);
      expect(() => DatabaseTls.fromSecret('x', { require: 'yes' as any })).toThrow(/invalid require "yes"/);
    });

    test('ssl settings are managed when the database has TLS', () => {
      const engine = DatabaseEngine.postgres({ settings: { ssl_cert_file: '/x.crt' } });
      expect(() => synth({ engine, tls: DatabaseTls.fromSecret('x') })).toThrow(/invalid settings\.ssl_cert_file .*managed by cdk8s-db/);
      expect(() => synth({ engine })).not.toThrow();
    });

    test('a bad CA mount path', () => {
      const chart = Testing.chart();
      const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), tls: DatabaseTls.fromSecret('x') });
      const api = new kplus.Deployment(chart, 'api', { containers: [{ image: 'api:1' }] });
      expect(() => db.addConnectionEnv(api, { caMountPath: 'relative/dir' })).toThrow(/invalid caMountPath "relative\/dir"/);
    });
  });
});
