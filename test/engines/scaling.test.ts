/**
 * Scaling must not roll existing pods: nothing in the pod template or in the mounted
 * configuration may depend on the replica count (a StatefulSet rolls every pod, pod 0 last,
 * when its template changes; a changed ConfigMap is reloaded live, see reload tests).
 */
import { Size, Testing } from 'cdk8s';
import { DatabaseEngine, DatabaseTls, MariadbVersion, PostgresVersion, ReplicatedDatabase, ReplicatedDatabaseProps } from '../../src';

function synth(engine: () => DatabaseEngine, replicas: number, extra: Partial<ReplicatedDatabaseProps> = {}, monitoring = false): any[] {
  const chart = Testing.chart();
  (chart as any).namespace = 'shop';
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: engine(), replicas, storage: { size: Size.gibibytes(5) }, ...extra });
  if (monitoring) db.addMonitoring('Monitoring');
  return Testing.synth(chart);
}

const template = (docs: any[]) => docs.find(d => d.kind === 'StatefulSet').spec.template;
const config = (docs: any[]) => docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === 'orders-config').data;

const engines: [string, () => DatabaseEngine][] = [
  ['PostgreSQL 15', () => DatabaseEngine.postgres({ version: PostgresVersion.V15 })],
  ['MariaDB 10.11 semi-sync', () => DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, semiSync: true })],
  ['MySQL 8.4', () => DatabaseEngine.mysql()],
];

test.each([
  ['PostgreSQL 15', (settings: { [k: string]: string }) => DatabaseEngine.postgres({ version: PostgresVersion.V15, settings }), { log_min_duration_statement: '250ms', work_mem: '8MB' }, { shared_buffers: '200MB' }],
  ['MariaDB 10.11', (settings: { [k: string]: string }) => DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, settings }), { max_connections: '300', long_query_time: '2' }, { back_log: '100' }],
])('%s: a reloadable setting changes the ConfigMap but not the pod template; a restart-requiring one changes both', (_l, engine, reloadable, restart) => {
  const plain = synth(() => engine({}), 3);
  const live = synth(() => engine(reloadable), 3);
  const rolled = synth(() => engine(restart), 3);
  expect(config(live)).not.toEqual(config(plain));
  expect(template(live)).toEqual(template(plain));
  expect(template(rolled)).not.toEqual(template(plain));
  // the config is mounted as a directory (no subPath): the kubelet updates the files in place
  const mounts = template(live).spec.containers[0].volumeMounts.filter((m: any) => m.name === 'config');
  expect(mounts).toEqual([{ name: 'config', mountPath: '/etc/cdk8s-db', readOnly: true }]);
});

describe.each(engines)('%s', (_label, engine) => {
  test.each([
    ['plain', {}, false],
    ['with TLS and monitoring', { tls: DatabaseTls.fromSecret('orders-tls', { require: true }) }, true],
  ])('3 -> 4 -> 9 replicas leaves the pod template and the config unchanged (%s)', (_v, extra, monitoring) => {
    const three = synth(engine, 3, extra as Partial<ReplicatedDatabaseProps>, monitoring);
    const four = synth(engine, 4, extra as Partial<ReplicatedDatabaseProps>, monitoring);
    const nine = synth(engine, 9, extra as Partial<ReplicatedDatabaseProps>, monitoring);
    expect(four.find(d => d.kind === 'StatefulSet').spec.replicas).toBe(4);
    expect(template(four)).toEqual(template(three));
    expect(template(nine)).toEqual(template(three));
    expect(config(four)).toEqual(config(three));
    expect(config(nine)).toEqual(config(three));
  });

  test('a restart-requiring setting does change the template (the check above can fail)', () => {
    const a = synth(engine, 3);
    const b = synth(engine, 3, { resources: { memory: Size.gibibytes(2) } });
    expect(template(b).metadata.annotations['cdk8s-db.io/config-hash']).not.toEqual(template(a).metadata.annotations['cdk8s-db.io/config-hash']);
  });
});
