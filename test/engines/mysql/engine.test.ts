import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import {
  DatabaseCredentials, DatabaseEngine, MariadbVersion, MysqlVersion, Placement, ReplicatedDatabase, ReplicatedDatabaseProps,
} from '../../../src';
import { validateAll } from '../../validation';

function synth(props: Partial<ReplicatedDatabaseProps> = {}, namespace?: string): any[] {
  const chart = Testing.chart();
  if (namespace) (chart as any).namespace = namespace;
  new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.mysql(), ...props });
  return Testing.synth(chart);
}

const one = (docs: any[], kind: string, name?: string) => {
  const found = docs.filter(d => d.kind === kind && (name === undefined || d.metadata.name === name));
  expect(found).toHaveLength(1);
  return found[0];
};
const pod = (docs: any[]) => one(docs, 'StatefulSet').spec.template.spec;
const main = (docs: any[]) => pod(docs).containers[0];
const envOf = (c: any): { [name: string]: any } => Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const myCnf = (docs: any[]) => one(docs, 'ConfigMap', 'orders-config').data['my.cnf'];

const engines: [string, () => DatabaseEngine][] = [
  ['MySQL 8.4 (default)', () => DatabaseEngine.mysql()],
  ['MySQL 8.0 with a digest', () => DatabaseEngine.mysql({ version: MysqlVersion.V8_0, digest: `sha256:${'b'.repeat(64)}` })],
  ['MySQL 8.4 semi-sync', () => DatabaseEngine.mysql({ version: MysqlVersion.of('8.4', '8.4.5'), semiSync: true, settings: { max_connections: '300' } })],
  ['MariaDB 11.4 (default)', () => DatabaseEngine.mariadb()],
  ['MariaDB 10.11 semi-sync', () => DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, semiSync: true })],
  ['MariaDB 11.8 from a mirror', () => DatabaseEngine.mariadb({ version: MariadbVersion.of('11.8', '11.8.2-noble'), image: 'registry.example.com/mirror/mariadb', port: 3307, serverIdOffset: 100 })],
];

describe.each(engines)('%s', (_label, engine) => {
  test('every document is valid against the Kubernetes 1.28 schema and semantics, for many variants', () => {
    const variants: Partial<ReplicatedDatabaseProps>[] = [
      {},
      { replicas: 5, updatePartition: 4, storage: { size: Size.gibibytes(200), storageClassName: 'fast-ssd' } },
      { replicas: 2, readFromPrimary: true, resources: { memory: Size.mebibytes(256), cpu: kplus.Cpu.millis(250) } },
      { credentials: DatabaseCredentials.fromSecret('orders-db'), scheduling: { nodeAntiAffinity: Placement.REQUIRED } },
    ];
    for (const v of variants) {
      const docs = synth({ engine: engine(), ...v }, 'shop');
      expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    }
    // A single pod: semi-sync refuses it, everything else is valid.
    const single = () => synth({ engine: engine(), replicas: 1 }, 'shop');
    if (_label.includes('semi-sync')) {
      expect(single).toThrow(/semiSync/);
    } else {
      expect(validateAll(single())).toEqual([]);
    }
  });

  test('no password in the output; every password comes from the Secret', () => {
    const docs = synth({ engine: engine() });
    const c = main(docs);
    for (const container of [...pod(docs).initContainers, c]) {
      for (const e of container.env ?? []) {
        if (/PASSWORD/.test(e.name)) expect(e.valueFrom.secretKeyRef.name).toBe('orders-credentials');
      }
    }
    expect(envOf(c).MYSQL_ROOT_PASSWORD).toEqual({ secretKeyRef: { name: 'orders-credentials', key: 'superuser-password' } });
    // Scripts (shared ConfigMap) aside, nothing even mentions a password value.
    const objects = docs.filter(d => !(d.kind === 'ConfigMap' && /-scripts-/.test(d.metadata.name)));
    expect(YAML.stringify(objects)).not.toMatch(/password\s*[=:]\s*["']?[^\s"'$]/i);
    expect(docs.filter(d => d.kind === 'Secret')).toEqual([]);
  });
});

describe('MySQL-family engines through ReplicatedDatabase', () => {
  test('images: official repositories, pinned tags, optional digest', () => {
    expect(DatabaseEngine.mysql().image).toBe('mysql:8.4.3');
    expect(DatabaseEngine.mysql({ version: MysqlVersion.V8_0 }).image).toBe('mysql:8.0.40');
    expect(DatabaseEngine.mariadb().image).toBe('mariadb:11.4.4');
    expect(DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 }).image).toBe('mariadb:10.11.10');
    const digest = `sha256:${'c'.repeat(64)}`;
    expect(DatabaseEngine.mariadb({ digest }).image).toBe(`mariadb:11.4.4@${digest}`);
    const docs = synth({ engine: DatabaseEngine.mysql({ digest }) });
    for (const c of [...pod(docs).initContainers.filter((x: any) => x.name === 'bootstrap'), main(docs)]) {
      expect(c.image).toBe(`mysql:8.4.3@${digest}`);
    }
    expect(DatabaseEngine.mariadb().name).toBe('mariadb');
    expect(DatabaseEngine.mariadb().version).toBe('11.4');
    expect(DatabaseEngine.mysql().port).toBe(3306);
  });

  test('labels name the engine and series', () => {
    const sts = one(synth({ engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 }) }), 'StatefulSet');
    expect(sts.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'mariadb', 'app.kubernetes.io/version': '10.11' });
  });

  test('pod: mysql user, data volume, writable socket dir and /tmp, scripts as probes', () => {
    const docs = synth();
    const spec = pod(docs);
    expect(spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true });
    const c = main(docs);
    expect(c.name).toBe('mysql');
    expect(c.ports).toEqual([{ name: 'mysql', containerPort: 3306, protocol: 'TCP' }]);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    expect(mounts).toMatchObject({ '/var/lib/mysql': 'data', '/run/mysqld': 'run', '/tmp': 'tmp', '/etc/cdk8s-db': 'config' });
    const volumes = Object.fromEntries(spec.volumes.map((v: any) => [v.name, v]));
    expect(volumes.run.emptyDir).toEqual({});
    expect(volumes.tmp.emptyDir).toEqual({});
    const sh = (f: string) => ['/bin/sh', `/opt/cdk8s-db/scripts/${f}`];
    expect(c.command).toEqual(sh('run.sh'));
    expect(c.startupProbe.exec.command).toEqual(sh('startup.sh'));
    expect(c.readinessProbe.exec.command).toEqual(sh('readiness.sh'));
    expect(c.livenessProbe.exec.command).toEqual(sh('liveness.sh'));
    expect(c.lifecycle.preStop.exec.command).toEqual(sh('prestop.sh'));
    const bootstrap = spec.initContainers.find((x: any) => x.name === 'bootstrap');
    expect(bootstrap.command).toEqual(sh('bootstrap.sh'));
    expect(bootstrap.volumeMounts.map((m: any) => m.mountPath)).toEqual(expect.arrayContaining(['/var/lib/mysql', '/run/mysqld', '/tmp']));
    const scripts = docs.find(d => d.kind === 'ConfigMap' && /^cdk8s-db-mysql-scripts-/.test(d.metadata.name));
    expect(Object.keys(scripts.data)).toEqual(expect.arrayContaining(['bootstrap.sh', 'run.sh', 'readiness.sh', 'startup.sh', 'liveness.sh', 'prestop.sh']));
  });

  test('environment contract: flavour as data, per-role server arguments, lag thresholds', () => {
    const mysql = envOf(main(synth({ engine: DatabaseEngine.mysql({ semiSync: true, serverIdOffset: 10 }), readiness: { maxLagSeconds: 5, maxLagBytes: 1024 } }, 'shop')));
    expect(mysql).toMatchObject({
      MYSQL_FLAVOR: 'mysql',
      MYSQL_SERVER: 'mysqld',
      MYSQL_CLIENT: 'mysql',
      MYSQL_ADMIN: 'mysqladmin',
      MYSQL_CONFIG_FILE: '/etc/cdk8s-db/my.cnf',
      MYSQL_DATADIR: '/var/lib/mysql/data',
      MYSQL_SOCKET: '/run/mysqld/mysqld.sock',
      MYSQL_PID_FILE: '/run/mysqld/mysqld.pid',
      MYSQL_PROBE_DEFAULTS: '/run/mysqld/probe.cnf',
      MYSQL_PORT: '3306',
      MYSQL_PRIMARY_ARGS: '--rpl-semi-sync-source-enabled=ON',
      MYSQL_REPLICA_ARGS: '--super-read-only=ON --rpl-semi-sync-replica-enabled=ON',
      MYSQL_MONITORING_GRANTS: 'PROCESS, REPLICATION CLIENT',
      MYSQL_REPLICATION_GRANTS: 'REPLICATION SLAVE, BACKUP_ADMIN',
      SERVER_ID_OFFSET: '10',
      REPLICA_CONNECT_RETRY_SECONDS: '2',
      DB_PRIMARY_HOST: 'orders-0.orders-headless.shop.svc',
      DB_PRIMARY_PORT: '3306',
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      REPLICATION_USER: 'replicator',
      MONITORING_USER: 'monitor',
      APP_USER: 'app',
      APP_DATABASE: 'app',
      READINESS_MAX_LAG_SECONDS: '5',
      READINESS_MAX_LAG_BYTES: '1024',
    });
    const maria = envOf(main(synth({ engine: DatabaseEngine.mariadb() })));
    expect(maria).toMatchObject({
      MYSQL_FLAVOR: 'mariadb',
      MYSQL_SERVER: 'mariadbd',
      MYSQL_CLIENT: 'mariadb',
      MYSQL_ADMIN: 'mariadb-admin',
      MYSQL_DUMP: 'mariadb-dump',
      MYSQL_INSTALL_DB: 'mariadb-install-db',
      MYSQL_PRIMARY_ARGS: '',
      MYSQL_REPLICA_ARGS: '--read-only=ON',
      SERVER_ID_OFFSET: '1',
      MYSQL_MONITORING_GRANTS: 'PROCESS, REPLICA MONITOR, BINLOG MONITOR',
    });
  });

  test('my.cnf is derived from the resources; only restart-requiring settings roll the pods', () => {
    const a = synth({ engine: DatabaseEngine.mariadb(), resources: { memory: Size.gibibytes(4) } });
    const b = synth({ engine: DatabaseEngine.mariadb(), resources: { memory: Size.gibibytes(8) } });
    expect(myCnf(a)).toMatch(/^innodb_buffer_pool_size = 2560M$/m);
    expect(myCnf(b)).toMatch(/^innodb_buffer_pool_size = 5728M$/m);
    expect(myCnf(a)).toMatch(/^max_connections = 400$/m);
    const hash = (docs: any[]) => one(docs, 'StatefulSet').spec.template.metadata.annotations['cdk8s-db.io/config-hash'];
    // MariaDB resizes the buffer pool and max_connections live (SET GLOBAL, config-reload.sh); the
    // memory change still rolls the pods through the container's resources.
    expect(hash(a)).toEqual(hash(b));
    expect(main(a).resources).not.toEqual(main(b).resources);
    const dynamic = synth({ engine: DatabaseEngine.mariadb({ settings: { max_connections: '300', long_query_time: '2' } }) });
    const readOnly = synth({ engine: DatabaseEngine.mariadb({ settings: { back_log: '100' } }) });
    const plain = synth({ engine: DatabaseEngine.mariadb() });
    expect(hash(dynamic)).toEqual(hash(plain));
    expect(hash(readOnly)).not.toEqual(hash(plain));
    expect(one(dynamic, 'ConfigMap', 'orders-config').data['dynamic.tsv']).toMatch(/^max_connections\t300$/m);
    expect(one(dynamic, 'ConfigMap', 'orders-config').data['dynamic.tsv']).toMatch(/^max_allowed_packet\t67108864$/m);
    // MySQL: no catalog here, so every change rolls (the safe side)
    const m1 = synth({ engine: DatabaseEngine.mysql({ settings: { max_connections: '300' } }) });
    expect(hash(m1)).not.toEqual(hash(synth({ engine: DatabaseEngine.mysql() })));
    const mysql = myCnf(synth({ engine: DatabaseEngine.mysql({ settings: { 'max-connections': '250' } }), storage: { size: Size.gibibytes(1) } }));
    expect(mysql).toMatch(/^innodb_redo_log_capacity = 51M$/m);
    expect(mysql).toMatch(/^max_connections = 250 {2}# override/m);
    expect(mysql).toMatch(/^port = 3306$/m);
    expect(mysql).not.toMatch(/server_id/);
  });

  test('connection info carries the MySQL port', () => {
    const chart = Testing.chart();
    const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.mariadb({ port: 3307 }) });
    expect(db.connection.port).toBe(3307);
    expect(one(Testing.synth(chart), 'Service', 'orders-rw').spec.ports).toEqual([{ name: 'mariadb', port: 3307, targetPort: 'mariadb' }]);
  });
});

describe('bad input fails at synth time and names the prop and the value', () => {
  const cases: [string, () => any, RegExp][] = [
    ['semi-sync with one pod (MySQL)', () => synth({ engine: DatabaseEngine.mysql({ semiSync: true }), replicas: 1 }),
      /DatabaseEngine\.mysql: invalid semiSync true: needs replicas >= 2 .*replicas = 1/],
    ['semi-sync with one pod (MariaDB)', () => synth({ engine: DatabaseEngine.mariadb({ semiSync: true }), replicas: 1 }),
      /DatabaseEngine\.mariadb: invalid semiSync true: needs replicas >= 2/],
    ['MySQL 5.7', () => MysqlVersion.of('5.7', '5.7.44'), /MysqlVersion\.of: invalid series "5\.7": supported MySQL series are 8\.0 and 8\.4/],
    ['MySQL 9.1', () => MysqlVersion.of('9.1', '9.1.0'), /invalid series "9\.1"/],
    ['MySQL 8.0 before 8.0.30', () => MysqlVersion.of('8.0', '8.0.29'), /invalid tag "8\.0\.29": MySQL 8\.0 needs 8\.0\.30 or later/],
    ['a tag of another series', () => MysqlVersion.of('8.4', '8.0.40'), /invalid tag "8\.0\.40": must be a tag of the MySQL 8\.4 series/],
    ['MariaDB 10.6', () => MariadbVersion.of('10.6', '10.6.20'), /MariadbVersion\.of: invalid series "10\.6": supported MariaDB series are 10\.11 and 11\.x/],
    ['MariaDB 12.0', () => MariadbVersion.of('12.0', '12.0.1'), /invalid series "12\.0"/],
    ['MariaDB tag of another series', () => MariadbVersion.of('11.4', '10.11.10'), /invalid tag "10\.11\.10": must be a tag of the MariaDB 11\.4 series/],
    ['MariaDB 11.4 tag for 11.40', () => MariadbVersion.of('11.4', '11.40.1'), /invalid tag "11\.40\.1"/],
    ['bad digest', () => DatabaseEngine.mysql({ digest: 'sha256:xyz' }), /DatabaseEngine\.mysql: invalid digest "sha256:xyz"/],
    ['digest without algorithm', () => DatabaseEngine.mariadb({ digest: 'a'.repeat(64) }), /invalid digest "a{64}"/],
    ['bad image', () => DatabaseEngine.mariadb({ image: 'MariaDB:11' }), /invalid image "MariaDB:11"/],
    ['bad tag', () => DatabaseEngine.mariadb({ version: MariadbVersion.of('11.4', 'latest lts') }), /invalid tag "latest lts"/],
    ['privileged port', () => DatabaseEngine.mysql({ port: 306 }), /invalid port 306/],
    ['server id offset 0', () => DatabaseEngine.mysql({ serverIdOffset: 0 }), /invalid serverIdOffset 0: must be a whole number between 1 and/],
    ['server id offset too large', () => DatabaseEngine.mariadb({ serverIdOffset: 2 ** 32 }), /invalid serverIdOffset 4294967296/],
    ['setting name with a space', () => DatabaseEngine.mysql({ settings: { 'max connections': '10' } }), /invalid settings\.max connections "10": Invalid MySQL\/MariaDB setting name/],
    ['managed setting', () => DatabaseEngine.mariadb({ settings: { server_id: '5' } }), /invalid settings\.server_id "5": .*cannot be overridden/],
    ['binlog turned off', () => DatabaseEngine.mariadb({ settings: { 'skip-log-bin': '' } }), /invalid settings\.skip-log-bin "": .*needs the binary log/],
    ['statement binlog', () => DatabaseEngine.mysql({ settings: { binlog_format: 'MIXED' } }), /invalid settings\.binlog_format "MIXED": .*only ROW/],
    ['unsafe flush', () => DatabaseEngine.mysql({ settings: { innodb_flush_log_at_trx_commit: '0' } }), /invalid settings\.innodb_flush_log_at_trx_commit "0"/],
    ['newline in a value', () => DatabaseEngine.mariadb({ settings: { init_connect: 'SET x=1\n[client]' } }), /control characters/],
    ['buffer pool beyond the memory', () => synth({ engine: DatabaseEngine.mariadb({ settings: { innodb_buffer_pool_size: '2G' } }) }),
      /"innodb_buffer_pool_size": larger than 90% of the container memory \(1024 MiB\)/],
    ['reserved user name', () => synth({ username: 'monitor' }), /username "monitor".*reserved/],
    ['root as the app user', () => synth({ engine: DatabaseEngine.mariadb(), username: 'root' }), /username "root".*reserved/],
  ];
  test.each(cases)('%s', (_label, fn, message) => {
    expect(fn).toThrow(message);
  });
});
