import { Testing } from 'cdk8s';
import { DatabaseEngine, FailoverMode, MariadbVersion, PostgresVersion, ReplicatedDatabase, ReplicatedDatabaseProps } from '../src';

function db(props: Partial<ReplicatedDatabaseProps> & Pick<ReplicatedDatabaseProps, 'engine'>): { db: ReplicatedDatabase; docs: any[] } {
  const chart = Testing.chart();
  const d = new ReplicatedDatabase(chart, 'orders', { name: 'orders', ...props });
  return { db: d, docs: Testing.synth(chart) };
}
const writeSelector = (docs: any[]) => docs.find(d => d.kind === 'Service' && d.metadata.name === 'orders-rw').spec.selector;

describe('failover mode', () => {
  test('defaults: the engine decides (fixed pod 0 for PostgreSQL/MySQL/MariaDB, Sentinel for Redis)', () => {
    const pg = db({ engine: DatabaseEngine.postgres({ version: PostgresVersion.V15 }) });
    expect(pg.db.failover).toBe(FailoverMode.FIXED_PRIMARY);
    expect(writeSelector(pg.docs)).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'orders-0' });
    expect(writeSelector(pg.docs)['cdk8s-db.io/role']).toBeUndefined();

    const redis = db({ engine: DatabaseEngine.redis() });
    expect(redis.db.failover).toBe(FailoverMode.AUTOMATIC);
    expect(writeSelector(redis.docs)).toMatchObject({ 'cdk8s-db.io/role': 'primary' });
    expect(writeSelector(redis.docs)['statefulset.kubernetes.io/pod-name']).toBeUndefined();
  });

  test('an explicit mode the engine offers is accepted and is what the output does', () => {
    expect(db({ engine: DatabaseEngine.mysql(), failover: FailoverMode.FIXED_PRIMARY }).db.failover).toBe(FailoverMode.FIXED_PRIMARY);
    const redis = db({ engine: DatabaseEngine.redis(), failover: FailoverMode.AUTOMATIC });
    expect(writeSelector(redis.docs)).toMatchObject({ 'cdk8s-db.io/role': 'primary' });
  });

  test('a mode the engine does not offer is refused at synth, naming the prop, the value and the alternative', () => {
    expect(() => db({ engine: DatabaseEngine.mysql(), failover: FailoverMode.AUTOMATIC }))
      .toThrow(/ReplicatedDatabase .*orders: invalid failover "FailoverMode.AUTOMATIC": automatic failover is not available for MySQL.*use FailoverMode.FIXED_PRIMARY/);
    expect(() => db({ engine: DatabaseEngine.redis(), failover: FailoverMode.FIXED_PRIMARY }))
      .toThrow(/invalid failover "FailoverMode.FIXED_PRIMARY": the Redis engine always runs Sentinel/);
  });

  test('a value that is not a FailoverMode (from an untyped language) is refused with the allowed values', () => {
    expect(() => db({ engine: DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 }), failover: 'auto' as FailoverMode }))
      .toThrow(/invalid failover "auto": must be one of FailoverMode.AUTOMATIC, FailoverMode.FIXED_PRIMARY/);
  });
});
