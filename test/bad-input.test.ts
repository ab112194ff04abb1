/**
 * Issue #12, part 1: bad input is refused at synth with a message that names the construct,
 * the prop and the bad value, for every class that used to produce YAML: server settings (against
 * the servers' catalogs), durability settings, labels, topology keys, Secret names, time zones,
 * lag thresholds, reserved database and user names, image references and version tags, NaN and
 * Infinity, millisecond durations; and the contradictions (network.isolate: false with grants,
 * two DbMonitorings on one database). Each accepted counterpart is synthesized and validated
 * against the Kubernetes 1.28 schema.
 */
import { Cron, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { validateAll } from './validation';
import {
  BackupDestination, BackupRetention, BackupSchedule, DatabaseCredentials, DatabaseEngine, DatabaseTls, DbMonitoring,
  MariadbVersion, MetricsAccess, MysqlVersion, PostgresVersion, RedisVersion, ReplicatedDatabase, ReplicatedDatabaseProps,
  VolumeSnapshotSchedule,
} from '../src';

function chart() {
  const c = Testing.chart();
  (c as any).namespace = 'shop';
  return c;
}

function db(props: Partial<ReplicatedDatabaseProps> = {}, c = chart()) {
  return new ReplicatedDatabase(c, 'orders', { name: 'orders', engine: DatabaseEngine.postgres({ version: PostgresVersion.V15 }), ...props });
}

/** The thrown message, for assertions on several parts of it. */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('server settings are checked against the servers\' catalogs', () => {
  const pg = (settings: { [k: string]: string }, major = 15, allowUnsafeDurabilitySettings?: boolean) =>
    DatabaseEngine.postgres({ version: PostgresVersion.of(major, `${major}.1`), settings, allowUnsafeDurabilitySettings });
  const maria = (settings: { [k: string]: string }, allowUnsafeDurabilitySettings?: boolean) =>
    DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, settings, allowUnsafeDurabilitySettings });

  test.each([
    ['an unknown name', { max_conections: '100' }, /settings\.max_conections "100": .*is not a PostgreSQL 15 setting/],
    ['a value of the wrong type (integer)', { max_connections: 'lots' }, /settings\.max_connections "lots": .*is not an integer/],
    ['a value of the wrong type (boolean)', { log_connections: 'maybe' }, /settings\.log_connections "maybe": .*is not a boolean/],
    ['a unit PostgreSQL does not know (units are case-sensitive)', { shared_buffers: '128mb' }, /settings\.shared_buffers "128mb": .*invalid unit "mb": valid units for this setting are B, kB, MB, GB and TB/],
    ['a memory unit on a time setting', { statement_timeout: '5MB' }, /settings\.statement_timeout "5MB": .*valid units for this setting are us, ms, s, min, h and d/],
    ['a unit on a unitless setting', { max_connections: '100MB' }, /settings\.max_connections "100MB": .*takes no unit/],
    ['a negative max_connections', { max_connections: '-1' }, /settings\.max_connections "-1": .*outside the valid range 1 \.\. 262143/],
    ['below the minimum after the unit conversion', { shared_buffers: '64kB' }, /settings\.shared_buffers "64kB": .*outside the valid range 16 \.\. .* \(in 8kB\)/],
    ['a real out of range', { checkpoint_completion_target: '1.5' }, /settings\.checkpoint_completion_target "1\.5": .*outside the valid range 0 \.\. 1/],
    ['an unknown enum value', { log_min_messages: 'loud' }, /settings\.log_min_messages "loud": .*is not one of debug5, .*panic/],
    ['a read-only setting', { block_size: '16384' }, /settings\.block_size "16384": .*read-only/],
    ['two spellings of one setting', { work_mem: '4MB', WORK_MEM: '8MB' }, /settings\.WORK_MEM "8MB": is given twice \(as "work_mem" too\)/],
  ])('PostgreSQL: %s is refused', (_what, settings, message) => {
    expect(() => pg(settings)).toThrow(message);
  });

  test('an unknown name: the message suggests the closest known one', () => {
    expect(() => pg({ max_conections: '100' })).toThrow(/settings\.max_conections "100": Unknown PostgreSQL setting .*did you mean "max_connections"\?/);
    expect(() => maria({ innodb_bufer_pool_size: '1G' })).toThrow(/settings\.innodb_bufer_pool_size "1G": Unknown MariaDB setting .*did you mean "innodb_buffer_pool_size"\?/);
    expect(() => pg({ zzz_qqq: '1' })).not.toThrow(/did you mean/);
    expect(() => pg({ zzz_qqq: '1' })).toThrow(/is not a PostgreSQL 15 setting/);
  });

  test('PostgreSQL: accepted values of every class render as given', () => {
    const settings = {
      'work_mem': '1.5MB',
      'statement_timeout': '5min',
      'jit': 'off',
      'random_page_cost': '1.5',
      'log_min_messages': 'WARNING',
      'constraint_exclusion': 'yes',
      'DateStyle': 'ISO, DMY',
      'pg_stat_statements.max': '10000',
      'max_connections': '0x20',
    };
    const c = chart();
    db({ engine: pg(settings) }, c);
    const docs = Testing.synth(c);
    const conf = docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === 'orders-config').data['postgresql.conf'];
    expect(conf).toMatch(/^work_mem = '1\.5MB' {2}# override/m);
    expect(conf).toMatch(/^datestyle = 'ISO, DMY'$/m);
    expect(conf).toMatch(/^pg_stat_statements\.max = '10000'$/m);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('PostgreSQL, other majors: the catalog adjusted by what each major adds or removes', () => {
    expect(() => pg({ summarize_wal: 'on' }, 15)).toThrow(/settings\.summarize_wal "on": .*is not a PostgreSQL 15 setting/);
    expect(() => pg({ summarize_wal: 'on' }, 16)).toThrow(/is not a PostgreSQL 16 setting/);
    expect(() => pg({ summarize_wal: 'on', transaction_timeout: '1min' }, 17)).not.toThrow();
    expect(() => pg({ force_parallel_mode: 'off' }, 15)).not.toThrow();
    expect(() => pg({ force_parallel_mode: 'off' }, 16)).toThrow(/settings\.force_parallel_mode "off": .*is not a PostgreSQL 16 setting/);
    expect(() => pg({ debug_parallel_query: 'off' }, 16)).not.toThrow();
    expect(() => pg({ stats_temp_directory: 'pg_stat_tmp' }, 14)).not.toThrow();
    expect(() => pg({ recovery_prefetch: 'try' }, 14)).toThrow(/is not a PostgreSQL 14 setting/);
    expect(() => pg({ max_connections: '-1' }, 17)).toThrow(/outside the valid range/);
  });

  test.each([
    ['fsync', 'off', /a crash or power loss can corrupt/],
    ['full_page_writes', 'false', /torn pages/],
    ['synchronous_commit', 'off', /loses the last commits it acknowledged/],
    ['data_sync_retry', 'on', /failed fsync/],
    ['zero_damaged_pages', 'on', /destroying their rows/],
    ['ignore_checksum_failure', 'on', /corrupted pages/],
    ['ignore_invalid_pages', 'on', /invalid pages/],
  ])('PostgreSQL: %s = %s gives up durability: refused unless allowUnsafeDurabilitySettings', (name, value, why) => {
    const message = messageOf(() => pg({ [name]: value }));
    expect(message).toContain(`DatabaseEngine.postgres: invalid settings.${name} "${value}"`);
    expect(message).toMatch(why);
    expect(message).toMatch(/allowUnsafeDurabilitySettings/);
    expect(() => pg({ [name]: value }, 15, true)).not.toThrow();
  });

  test('PostgreSQL: synchronous_commit values that keep local durability are accepted', () => {
    for (const v of ['on', 'local', 'remote_write', 'remote_apply']) expect(() => pg({ synchronous_commit: v })).not.toThrow();
  });

  test.each([
    ['an unknown name', { max_conections: '100' }, /settings\.max_conections "100": .*is not a MariaDB option.*loose_/],
    ['a variable that is not an option', { version_comment: 'x' }, /settings\.version_comment "x": .*is not a MariaDB option/],
    ['not an integer', { max_connections: 'lots' }, /settings\.max_connections "lots": .*is not an integer/],
    ['out of range (the server would only warn and adjust)', { max_connections: '5' }, /settings\.max_connections "5": .*outside the valid range 10 \.\. 100000/],
    ['a boolean the server does not recognise', { slow_query_log: 'yes' }, /settings\.slow_query_log "yes": .*not a boolean/],
    ['an unknown enum value', { binlog_row_image: 'tiny' }, /settings\.binlog_row_image "tiny": .*is not one of MINIMAL, NOBLOB, FULL/],
    ['an unknown sql_mode', { sql_mode: 'STRICT_ALL_TABLES,FOO' }, /settings\.sql_mode "STRICT_ALL_TABLES,FOO": .*contains "FOO"/],
    ['an unknown optimizer flag', { optimizer_switch: 'foo=on' }, /settings\.optimizer_switch "foo=on": .*contains "foo=on"/],
    ['not a number', { long_query_time: 'abc' }, /settings\.long_query_time "abc": .*is not a number/],
  ])('MariaDB: %s is refused', (_what, settings, message) => {
    expect(() => maria(settings)).toThrow(message);
  });

  test('MariaDB: loose_ names pass (the server ignores what it does not know), known ones are still checked', () => {
    expect(() => maria({ loose_some_plugin_variable: '1', max_connections: '500', sql_mode: 'ANSI_QUOTES', long_query_time: '0.5' })).not.toThrow();
    expect(() => maria({ loose_max_connections: '5' })).toThrow(/outside the valid range/);
  });

  test.each([
    ['sync_binlog', '0'],
    ['innodb_flush_log_at_trx_commit', '2'],
    ['innodb_doublewrite', 'OFF'],
    ['skip-innodb-doublewrite', ''],
    ['innodb_flush_method', 'nosync'],
    ['innodb_force_recovery', '1'],
  ])('MySQL family: %s = %j gives up durability: refused unless allowUnsafeDurabilitySettings', (name, value) => {
    const makers = [
      (a?: boolean) => maria({ [name]: value }, a),
      (a?: boolean) => DatabaseEngine.mysql({ settings: { [name]: value }, allowUnsafeDurabilitySettings: a }),
    ];
    for (const make of makers) {
      const message = messageOf(() => make());
      expect(message).toContain(`invalid settings.${name} "${value}"`);
      expect(message).toMatch(/gives up durability.*allowUnsafeDurabilitySettings/);
      expect(() => make(true)).not.toThrow();
    }
  });

  test('MySQL family: replication-critical values stay refused even with the opt-in', () => {
    expect(() => maria({ binlog_format: 'MIXED' }, true)).toThrow(/settings\.binlog_format "MIXED": .*only ROW/);
  });

  test('MySQL: no catalog (no MySQL server to generate one from): names are checked for syntax only', () => {
    expect(() => DatabaseEngine.mysql({ version: MysqlVersion.V8_4, settings: { innodb_redo_log_capacity: '1G', some_unknown_name: '1' } })).not.toThrow();
  });

  test('the opt-in must be a boolean', () => {
    expect(() => DatabaseEngine.postgres({ allowUnsafeDurabilitySettings: 'yes' as any })).toThrow(/invalid allowUnsafeDurabilitySettings "yes": must be true or false/);
  });
});

describe('values that used to pass through unchecked', () => {
  test.each([
    ['a label key that is not one', { 'bad key!': 'x' }, /invalid labels key "bad key!": must be a Kubernetes label key/],
    ['a label key with a bad prefix', { 'Example.COM/team': 'x' }, /invalid labels key "Example\.COM\/team": .*prefix/],
    ['a label value that is too long', { team: 'x'.repeat(64) }, /invalid labels\.team "x{64}": must be a Kubernetes label value/],
    ['a label value with a space', { team: 'data team' }, /invalid labels\.team "data team"/],
    ['the library\'s own instance label', { 'app.kubernetes.io/instance': 'other' }, /invalid labels key "app\.kubernetes\.io\/instance": is set by cdk8s-db/],
    ['the library\'s role label', { 'cdk8s-db.io/role': 'primary' }, /invalid labels key "cdk8s-db\.io\/role": is set by cdk8s-db/],
  ])('labels: %s', (_what, labels, message) => {
    expect(() => db({ labels })).toThrow(message);
  });

  test('labels: valid extra labels land on the objects', () => {
    const c = chart();
    db({ labels: { 'team': 'data', 'example.com/cost-center': 'a-1' } }, c);
    const docs = Testing.synth(c);
    expect(docs.find(d => d.kind === 'StatefulSet').metadata.labels).toMatchObject({ 'team': 'data', 'example.com/cost-center': 'a-1' });
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('labels of DbMonitoring may not override the library\'s either', () => {
    const d = db();
    expect(() => new DbMonitoring(d, 'mon', { database: d, dashboardLabels: { 'app.kubernetes.io/name': 'x' } })).toThrow(/invalid dashboardLabels key "app\.kubernetes\.io\/name": is set by cdk8s-db/);
  });

  test.each([
    ['empty', '', /invalid scheduling\.zoneTopologyKey "": must be a Kubernetes label key: must not be empty/],
    ['not a label key', 'topology zone', /invalid scheduling\.zoneTopologyKey "topology zone"/],
  ])('topology key: %s', (_what, key, message) => {
    expect(() => db({ scheduling: { zoneTopologyKey: key } })).toThrow(message);
  });

  test.each([
    ['DatabaseCredentials.fromSecret', () => db({ credentials: DatabaseCredentials.fromSecret('') }), /ReplicatedDatabase .*orders: invalid credentials\.secretName "": must be the name of a Secret: it must not be empty/],
    ['DatabaseCredentials.fromSecret, not a name', () => db({ credentials: DatabaseCredentials.fromSecret('My_Secret') }), /invalid credentials\.secretName "My_Secret": must be a Secret name/],
    ['DatabaseCredentials.generated', () => db({ credentials: DatabaseCredentials.generated({ secretName: '' }) }), /invalid credentials\.secretName ""/],
    ['DatabaseTls.fromSecret', () => DatabaseTls.fromSecret(''), /DatabaseTls\.fromSecret: invalid secretName ""/],
    ['BackupDestination.s3 credentials', () => BackupDestination.s3({ bucket: 'backups', credentials: { secretName: '' } }), /BackupDestination\.s3: invalid credentials\.secretName "": is required/],
    ['BackupDestination.gcs credentials', () => BackupDestination.gcs({ bucket: 'backups', credentialsSecret: '' }), /BackupDestination\.gcs: invalid credentialsSecret "": is required/],
  ])('an empty or invalid Secret name: %s', (_what, make, message) => {
    expect(make).toThrow(message);
  });

  const backup = (timeZone: string, c = chart()) => new BackupSchedule(c, 'backup', {
    database: db({}, c),
    schedule: Cron.daily(),
    timeZone,
    destination: BackupDestination.s3({ bucket: 'backups', credentials: { secretName: 's3' } }),
    retention: BackupRetention.keepLast(3),
  });

  test.each([
    ['an unknown zone', 'Mars/Olympus_Mons', /BackupSchedule .*: invalid timeZone "Mars\/Olympus_Mons": must be an IANA time zone name/],
    ['another spelling of a known zone', 'europe/berlin', /invalid timeZone "europe\/berlin": .*did you mean "Europe\/Berlin"\?/],
    ['a POSIX TZ string', 'CET-1CEST', /invalid timeZone "CET-1CEST"/],
  ])('time zone: %s is refused', (_what, zone, message) => {
    expect(() => backup(zone)).toThrow(message);
  });

  test('time zone: canonical names, UTC, and aliases spelled as the database spells them', () => {
    for (const zone of ['Europe/Berlin', 'UTC', 'Etc/UTC', 'America/Argentina/Buenos_Aires', 'US/Eastern', 'Etc/GMT+5']) {
      const c = chart();
      backup(zone, c);
      const docs = Testing.synth(c);
      expect(docs.find(d => d.kind === 'CronJob').spec.timeZone).toBe(zone);
    }
  });

  test('time zone of a VolumeSnapshotSchedule', () => {
    expect(() => new VolumeSnapshotSchedule(chart(), 'snap', { database: db(), schedule: Cron.daily(), snapshotClassName: 'csi', timeZone: 'Nowhere/Land' }))
      .toThrow(/VolumeSnapshotSchedule .*: invalid timeZone "Nowhere\/Land"/);
  });

  test('readiness.maxLagBytes: 0 is refused (as documented), 1 is accepted', () => {
    expect(() => db({ readiness: { maxLagBytes: 0 } })).toThrow(/invalid readiness\.maxLagBytes 0: must be a whole number >= 1/);
    expect(() => db({ readiness: { maxLagBytes: 1 } })).not.toThrow();
  });

  test.each([
    ['postgres', 'databaseName', 'postgres'],
    ['postgres', 'databaseName', 'template1'],
    ['postgres', 'databaseName', 'template0'],
    ['postgres', 'databaseName', 'pg_catalog_copy'],
    ['postgres', 'username', 'pg_monitor'],
    ['postgres', 'username', 'public'],
    ['postgres', 'username', 'none'],
    ['mariadb', 'databaseName', 'mysql'],
    ['mariadb', 'databaseName', 'sys'],
    ['mariadb', 'databaseName', 'information_schema'],
    ['mariadb', 'databaseName', 'performance_schema'],
    ['mysql', 'username', 'mysql'],
    ['mysql', 'databaseName', 'sys'],
    ['redis', 'username', 'default'],
  ])('reserved names: %s %s %s', (engine, prop, value) => {
    const e = engine === 'postgres' ? DatabaseEngine.postgres() : engine === 'mariadb' ? DatabaseEngine.mariadb() : engine === 'mysql' ? DatabaseEngine.mysql() : DatabaseEngine.redis();
    const message = messageOf(() => db({ engine: e, [prop]: value }));
    expect(message).toContain(`invalid ${prop} "${value}": is reserved by ${engine}`);
  });

  test.each([
    ['a tag inside the repository', 'registry.example.com/postgres:15', /invalid image "registry\.example\.com\/postgres:15": must be an image repository .*carries a tag or digest/],
    ['a digest inside the repository', 'postgres@sha256:' + 'a'.repeat(64), /invalid image "postgres@sha256:a+": .*carries a tag or digest/],
    ['uppercase', 'Registry.example.com/Postgres', /invalid image "Registry\.example\.com\/Postgres"/],
    ['empty', '', /invalid image "": must be an image repository/],
  ])('image references that would produce nonsense: %s', (_what, image, message) => {
    expect(() => DatabaseEngine.postgres({ image })).toThrow(message);
  });

  test('image: a mirror with a registry port and a path is accepted', () => {
    expect(DatabaseEngine.postgres({ version: PostgresVersion.V15, image: 'registry.example.com:5000/mirror/library/postgres' }).image)
      .toBe('registry.example.com:5000/mirror/library/postgres:15.10-bookworm');
    expect(DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, image: 'localhost:5000/mariadb' }).image).toBe('localhost:5000/mariadb:10.11.10');
  });

  test.each([
    ['latest under PostgreSQL 15', () => PostgresVersion.of(15, 'latest'), /PostgresVersion\.of: invalid tag "latest": must be a tag of the PostgreSQL 15 series.*floating tag/],
    ['a PostgreSQL 16 tag under 15', () => PostgresVersion.of(15, '16.6-bookworm'), /invalid tag "16\.6-bookworm": must be a tag of the PostgreSQL 15 series.*another version/],
    ['a prefix that is another major (1 vs 15)', () => PostgresVersion.of(15, '1.5'), /invalid tag "1\.5"/],
    ['a floating distribution tag', () => PostgresVersion.of(16, 'bookworm'), /invalid tag "bookworm"/],
    ['latest under MariaDB 10.11', () => MariadbVersion.of('10.11', 'latest'), /MariadbVersion\.of: invalid tag "latest": must be a tag of the MariaDB 10\.11 series/],
    ['lts under MySQL 8.4', () => MysqlVersion.of('8.4', 'lts'), /MysqlVersion\.of: invalid tag "lts"/],
    ['alpine under Redis 7.0', () => RedisVersion.of('7.0', 'alpine'), /RedisVersion\.of: invalid tag "alpine"/],
  ])('a tag contradicting the version: %s', (_what, make, message) => {
    expect(make).toThrow(message);
  });

  test('tags of the version are accepted', () => {
    expect(PostgresVersion.of(15, '15').tag).toBe('15');
    expect(PostgresVersion.of(15, '15.12-bookworm').tag).toBe('15.12-bookworm');
    expect(MariadbVersion.of('11.4', '11.4.5-noble').tag).toBe('11.4.5-noble');
    expect(RedisVersion.of('7.2', '7.2.8-alpine').tag).toBe('7.2.8-alpine');
  });

  test.each([
    ['replicas NaN', { replicas: NaN }, 'invalid replicas NaN: must be a whole number between 1 and 99'],
    ['replicas Infinity', { replicas: Infinity }, 'invalid replicas Infinity:'],
    ['maxLagSeconds -Infinity', { readiness: { maxLagSeconds: -Infinity } }, 'invalid readiness.maxLagSeconds -Infinity:'],
    ['maxLagBytes NaN', { readiness: { maxLagBytes: NaN } }, 'invalid readiness.maxLagBytes NaN:'],
  ])('NaN and Infinity are shown as such (not null): %s', (_what, props, text) => {
    expect(messageOf(() => db(props as any))).toContain(text);
  });

  test.each([
    ['terminationGracePeriod', (c: any) => db({ terminationGracePeriod: Duration.millis(1500) }, c), /ReplicatedDatabase .*: invalid terminationGracePeriod "1 second 500 millis": must be a whole number of seconds/],
    ['readiness.period', (c: any) => db({ readiness: { period: Duration.millis(2500) } }, c), /invalid readiness\.period "2 seconds 500 millis": must be a whole number of seconds/],
    ['BackupSchedule startingDeadline', (c: any) => new BackupSchedule(c, 'b', {
      database: db({}, c),
      schedule: Cron.daily(),
      startingDeadline: Duration.millis(60500),
      destination: BackupDestination.s3({ bucket: 'backups', credentials: { secretName: 's3' } }),
    }), /BackupSchedule .*: invalid startingDeadline "1 minute 500 millis": must be a whole number of seconds/],
    ['BackupRetention keepFor', () => BackupRetention.keepFor(Duration.millis(3600500)), /BackupRetention: invalid keepFor "1 hour 500 millis"/],
    ['DbMonitoring scrapeInterval', (c: any) => { const d = db({}, c); return new DbMonitoring(d, 'm', { database: d, scrapeInterval: Duration.millis(15500) }); },
      /DbMonitoring .*: invalid scrapeInterval "15 seconds 500 millis": must be a whole number of seconds/],
    ['DbMonitoring volumeFullPrediction in minutes', (c: any) => { const d = db({}, c); return new DbMonitoring(d, 'm', { database: d, thresholds: { volumeFullPrediction: Duration.minutes(90) } }); },
      /invalid thresholds\.volumeFullPrediction "1 hour 30 minutes": must be a whole number of hours/],
    ['Redis minReplicasMaxLag', () => DatabaseEngine.redis({ minReplicasMaxLag: Duration.millis(1500) }), /DatabaseEngine\.redis: invalid minReplicasMaxLag "1 second 500 millis"/],
    ['VolumeSnapshotSchedule readyTimeout', (c: any) => new VolumeSnapshotSchedule(c, 's', { database: db({}, c), schedule: Cron.daily(), snapshotClassName: 'csi', readyTimeout: Duration.millis(60500) }),
      /VolumeSnapshotSchedule .*: invalid readyTimeout "1 minute 500 millis"/],
  ])('millisecond durations where whole seconds are needed: %s', (_what, make, message) => {
    expect(() => make(chart())).toThrow(message);
  });
});

describe('contradictions', () => {
  test('network.isolate: false with allowFrom: no NetworkPolicy isolates the pods again; the workload still gets its environment', () => {
    const c = chart();
    const d = db({ network: { isolate: false } }, c);
    const api = new kplus.Deployment(c, 'api', { containers: [{ image: 'example/api:1.0' }] });
    d.allowFrom(api);
    new BackupSchedule(c, 'backup', { database: d, schedule: Cron.daily(), destination: BackupDestination.s3({ bucket: 'backups', credentials: { secretName: 's3' } }) });
    new DbMonitoring(d, 'mon', { database: d });
    const docs = Testing.synth(c);
    expect(docs.filter(x => x.kind === 'NetworkPolicy')).toEqual([]);
    const env = docs.find(x => x.kind === 'Deployment').spec.template.spec.containers[0].env.map((e: any) => e.name);
    expect(env).toEqual(expect.arrayContaining(['DB_HOST', 'DB_READ_HOST', 'DB_PASSWORD']));
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('network.isolate: false with allowFrom: a grant that opens to everyone is still refused', () => {
    const c = chart();
    const d = db({ network: { isolate: false } }, c);
    expect(() => d.allowFrom(kplus.NetworkPolicyIpBlock.anyIpv4(c, 'any'))).toThrow(/opens the database to every address/);
  });

  test('network.isolate: true (the default) still writes the grant', () => {
    const c = chart();
    const d = db({}, c);
    d.allowFrom(new kplus.Deployment(c, 'api', { containers: [{ image: 'example/api:1.0' }] }));
    expect(Testing.synth(c).filter(x => x.kind === 'NetworkPolicy').map(x => x.metadata.name)).toEqual(expect.arrayContaining(['orders-isolation', expect.stringMatching(/^orders-allow-/)]));
  });

  test('network.isolate: false with an explicit metrics NetworkPolicy is refused', () => {
    const c = chart();
    const d = db({ network: { isolate: false } }, c);
    expect(() => new DbMonitoring(d, 'mon', { database: d, networkPolicy: MetricsAccess.fromPrometheus() }))
      .toThrow(/DbMonitoring .*mon: invalid networkPolicy .*contradicts the database's network\.isolate: false/);
  });

  test('two DbMonitorings on one database: refused, naming both', () => {
    const c = chart();
    const d = db({}, c);
    new DbMonitoring(c, 'first', { database: d });
    const message = messageOf(() => new DbMonitoring(c, 'second', { database: d }));
    expect(message).toMatch(/^DbMonitoring test\/second: invalid database "orders": is monitored already by DbMonitoring test\/first/);
  });
});
