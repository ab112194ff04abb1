import { MysqlConfigInput, mysqlSizing, parseSize, renderMyCnf, validateMysqlSetting } from '../../../src/engines/mysql/config';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

function input(over: Partial<MysqlConfigInput> = {}): MysqlConfigInput {
  return {
    flavor: 'mariadb',
    series: '11.4',
    port: 3306,
    memoryBytes: GIB,
    cpuMillis: 1000,
    storageBytes: 10 * GIB,
    dataDir: '/var/lib/mysql/data',
    socketPath: '/run/mysqld/mysqld.sock',
    pidFile: '/run/mysqld/mysqld.pid',
    semiSync: false,
    overrides: {},
    ...over,
  };
}

/** `name = value` lines of the [mysqld] group (comments stripped, quotes kept). */
function settings(conf: string): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (const line of conf.split('\n')) {
    const m = /^([a-z_]+) = (.*?)(  # .*)?$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe('mysqlSizing: derived from memory and volume', () => {
  test.each([
    // flavor, memory MiB, buffer pool MiB, instances, max_connections
    ['mariadb', 128, 32, 1, 20],
    ['mariadb', 256, 128, 1, 25],
    ['mariadb', 512, 256, 1, 50],
    ['mariadb', 1024, 512, 1, 100],
    ['mariadb', 2048, 1280, 1, 200],
    ['mariadb', 4096, 2560, 1, 400],
    ['mariadb', 8192, 5728, 1, 800],
    ['mariadb', 65536, 45872, 1, 1000],
    ['mysql', 128, 32, 1, 20],
    ['mysql', 512, 256, 1, 50],
    ['mysql', 1024, 512, 1, 100],
    ['mysql', 2048, 1280, 1, 200],
    ['mysql', 8192, 5632, 2, 800],
    ['mysql', 65536, 45056, 8, 1000],
  ] as ['mysql' | 'mariadb', number, number, number, number][])('%s with %i MiB: buffer pool %i MiB x %i, max_connections %i', (flavor, mem, bp, instances, conns) => {
    const z = mysqlSizing({ flavor, memoryBytes: mem * MIB, storageBytes: 10 * GIB });
    expect(z.bufferPoolMiB).toBe(bp);
    expect(z.bufferPoolInstances).toBe(instances);
    expect(z.maxConnections).toBe(conns);
  });

  test('the buffer pool is 50-70% of memory from 512 MiB up, and always leaves room for the server', () => {
    for (const flavor of ['mysql', 'mariadb'] as const) {
      for (let mem = 128; mem <= 256 * 1024; mem *= 2) {
        const z = mysqlSizing({ flavor, memoryBytes: mem * MIB, storageBytes: 10 * GIB });
        if (mem >= 512) {
          expect(z.bufferPoolMiB / mem).toBeGreaterThanOrEqual(0.5 - 0.07);
          expect(z.bufferPoolMiB / mem).toBeLessThanOrEqual(0.7);
        }
        expect(z.bufferPoolMiB).toBeGreaterThanOrEqual(32);
        if (mem >= 256) expect(mem - z.bufferPoolMiB).toBeGreaterThanOrEqual(96);
        // MySQL rounds the pool up to chunk (128 MiB) x instances: ours is already a multiple.
        if (flavor === 'mysql' && z.bufferPoolMiB >= 128) expect(z.bufferPoolMiB % (128 * z.bufferPoolInstances)).toBe(0);
      }
    }
  });

  test('MySQL turns performance_schema off below 1 GiB; the redo log and binlog files follow the volume', () => {
    expect(mysqlSizing({ flavor: 'mysql', memoryBytes: 512 * MIB, storageBytes: GIB }).performanceSchema).toBe(false);
    expect(mysqlSizing({ flavor: 'mysql', memoryBytes: GIB, storageBytes: GIB }).performanceSchema).toBe(true);
    const small = mysqlSizing({ flavor: 'mariadb', memoryBytes: 8 * GIB, storageBytes: GIB });
    expect(small.redoLogMiB).toBe(51);
    expect(small.maxBinlogMiB).toBe(32);
    const big = mysqlSizing({ flavor: 'mariadb', memoryBytes: 64 * GIB, storageBytes: 1024 * GIB });
    expect(big.redoLogMiB).toBe(4096);
    expect(big.maxBinlogMiB).toBe(1024);
    expect(mysqlSizing({ flavor: 'mysql', memoryBytes: 128 * MIB, storageBytes: 100 * GIB }).redoLogMiB).toBe(48);
  });
});

describe('renderMyCnf', () => {
  test('MariaDB: GTID strict mode, replica updates logged, row binlog, durable, socket and datadir', () => {
    const conf = renderMyCnf(input());
    expect(conf.split('\n')[3]).toBe('[mysqld]');
    expect(settings(conf)).toMatchObject({
      datadir: '/var/lib/mysql/data',
      socket: '/run/mysqld/mysqld.sock',
      pid_file: '/run/mysqld/mysqld.pid',
      port: '3306',
      bind_address: '0.0.0.0',
      skip_name_resolve: 'ON',
      max_connections: '100',
      innodb_buffer_pool_size: '512M',
      innodb_log_file_size: '256M',
      innodb_flush_log_at_trx_commit: '1',
      sync_binlog: '1',
      log_bin: 'binlog',
      binlog_format: 'ROW',
      gtid_strict_mode: 'ON',
      log_slave_updates: 'ON',
      relay_log: 'relay-bin',
      relay_log_recovery: 'ON',
      slave_net_timeout: '30',
      master_retry_count: '1000000',
      character_set_server: 'utf8mb4',
      local_infile: 'OFF',
      loose_slave_connections_needed_for_purge: '0',
    });
    // Per-pod values are run.sh's: nothing in the shared file may say which pod it is.
    for (const perPod of ['server_id', 'read_only', 'super_read_only', 'gtid_mode', 'innodb_redo_log_capacity', 'plugin_load_add', 'mysqlx']) {
      expect(settings(conf)[perPod]).toBeUndefined();
    }
    expect(conf).not.toMatch(/rpl_semi_sync/);
    expect(settings(renderMyCnf(input({ series: '10.11' }))).loose_slave_connections_needed_for_purge).toBeUndefined();
  });

  test('MySQL: gtid_mode, redo log capacity, clone plugin, no X protocol', () => {
    const conf = settings(renderMyCnf(input({ flavor: 'mysql', series: '8.4', memoryBytes: 512 * MIB })));
    expect(conf).toMatchObject({
      gtid_mode: 'ON',
      enforce_gtid_consistency: 'ON',
      log_replica_updates: 'ON',
      replica_net_timeout: '30',
      replica_preserve_commit_order: 'ON',
      innodb_redo_log_capacity: '128M',
      innodb_buffer_pool_size: '256M',
      innodb_buffer_pool_instances: '1',
      plugin_load_add: 'mysql_clone.so',
      mysqlx: 'OFF',
      performance_schema: 'OFF',
      binlog_format: 'ROW',
    });
    expect(conf.gtid_strict_mode).toBeUndefined();
    expect(conf.innodb_log_file_size).toBeUndefined();
    expect(conf.log_slave_updates).toBeUndefined();
  });

  test('semi-sync: lossless wait point and a timeout; MySQL loads the plugins; the switches are run.sh\'s', () => {
    const maria = settings(renderMyCnf(input({ semiSync: true })));
    expect(maria).toMatchObject({ rpl_semi_sync_master_wait_point: 'AFTER_SYNC', rpl_semi_sync_master_timeout: '10000' });
    expect(maria.rpl_semi_sync_master_enabled).toBeUndefined();
    const mysql = settings(renderMyCnf(input({ flavor: 'mysql', series: '8.0', semiSync: true })));
    expect(mysql).toMatchObject({
      loose_rpl_semi_sync_source_wait_point: 'AFTER_SYNC',
      loose_rpl_semi_sync_source_timeout: '10000',
      plugin_load_add: 'mysql_clone.so;semisync_source.so;semisync_replica.so',
    });
  });

  test('overrides win over derived values (with the derived one noted) and extend the file', () => {
    const conf = renderMyCnf(input({ overrides: { 'max-connections': '500', 'innodb_buffer_pool_size': '600M', 'slow_query_log': 'ON', 'init_connect': 'SET NAMES utf8mb4 # x' } }));
    expect(conf).toMatch(/^max_connections = 500 {2}# override \(derived: 100\)$/m);
    expect(conf).toMatch(/^innodb_buffer_pool_size = 600M {2}# override \(derived: 512M\)$/m);
    expect(conf).toMatch(/^# Overrides\ninit_connect = "SET NAMES utf8mb4 # x"\nslow_query_log = ON\n$/m);
    // Quoted values keep # and escape \ and ".
    expect(renderMyCnf(input({ overrides: { init_connect: 'a\\b"c' } }))).toMatch(/^init_connect = "a\\\\b\\"c"$/m);
  });

  test('an override replaces a derived loose_ setting and keeps the prefix (plugin variables)', () => {
    const conf = renderMyCnf(input({ flavor: 'mysql', series: '8.4', semiSync: true, overrides: { 'rpl-semi-sync-source-timeout': '3000' } }));
    expect(conf).toMatch(/^loose_rpl_semi_sync_source_timeout = 3000 {2}# override \(derived: 10000\)$/m);
    expect(conf).not.toMatch(/^# Overrides/m);
    expect(() => renderMyCnf(input({ overrides: { loose_max_connections: '100', max_connections: '200' } }))).toThrow(/given twice/);
  });

  test('deterministic', () => {
    expect(renderMyCnf(input({ semiSync: true }))).toBe(renderMyCnf(input({ semiSync: true })));
  });

  test.each([
    [{ overrides: { server_id: '7' } }, /"server_id" cannot be overridden: run\.sh derives it/],
    [{ overrides: { innodb_buffer_pool_size: '1G' } }, /"innodb_buffer_pool_size": larger than 90% of the container memory/],
    [{ overrides: { innodb_buffer_pool_size: 'lots' } }, /innodb_buffer_pool_size.*is not an integer/],
    [{ overrides: { 'max_connections': '100', 'max-connections': '200' } }, /given twice/],
    [{ series: '10.6' }, /series="10\.6"/],
    [{ flavor: 'mysql' as const, series: '11.4' }, /series="11\.4"/],
    [{ memoryBytes: 64 * MIB }, /memoryBytes=/],
    [{ dataDir: 'relative/dir' }, /dataDir="relative\/dir"/],
    [{ socketPath: '/run/my sock' }, /socketPath=/],
    [{ port: 0 }, /port=0/],
  ] as [Partial<MysqlConfigInput>, RegExp][])('rejects %j', (over, message) => {
    expect(() => renderMyCnf(input(over))).toThrow(message);
  });
});

describe('validateMysqlSetting', () => {
  test.each([
    ['max_connections', '500'],
    ['max-connections', '500'],
    ['skip_name_resolve', 'OFF'],
    ['bind_address', '::'],
    ['binlog_format', 'row'],
    ['sync_binlog', '1'],
    ['relay_log_recovery', 'ON'],
    ['loose_innodb_numa_interleave', '1'],
    ['rpl_semi_sync_master_timeout', '3000'],
    ['innodb_io_capacity', '2000'],
  ])('accepts %s = %s', (name, value) => {
    expect(validateMysqlSetting(name, value)).toBeUndefined();
  });

  test.each([
    ['max connections', '1', /Invalid MySQL\/MariaDB setting name "max connections"/],
    ['Max_Connections', '1', /setting name "Max_Connections"/],
    ['!include', '/etc/x', /setting name "!include"/],
    ['', '1', /setting name ""/],
    ['datadir', '/x', /"datadir" cannot be overridden/],
    ['skip-log-bin', '', /"skip-log-bin" cannot be overridden: GTID replication needs the binary log/],
    ['disable_log_bin', '', /cannot be overridden/],
    ['loose_gtid_mode', 'OFF', /"loose_gtid_mode" cannot be overridden/],
    ['gtid_strict_mode', 'OFF', /cannot be overridden/],
    ['log_slave_updates', 'OFF', /cannot be overridden/],
    ['skip_networking', 'ON', /cannot be overridden/],
    ['skip-grant-tables', '', /cannot be overridden: authentication must stay on/],
    ['skip_slave_start', 'ON', /cannot be overridden/],
    ['super_read_only', 'ON', /cannot be overridden: run\.sh makes replicas read-only/],
    ['rpl_semi_sync_source_enabled', 'ON', /use the engine's semiSync property/],
    ['plugin_load_add', 'x.so', /cannot be overridden/],
    ['port', '3307', /use the engine's port property/],
    ['binlog_format', 'STATEMENT', /Invalid value "STATEMENT" for MySQL\/MariaDB setting "binlog_format": only ROW/],
    ['sync_binlog', '0', /gives up durability.*allowUnsafeDurabilitySettings/],
    ['innodb_flush_log_at_trx_commit', '2', /gives up durability/],
    ['relay_log_recovery', 'OFF', /only ON or 1 or TRUE/],
    ['init_connect', 'a\nb', /control characters/],
    ['init_connect', 'x'.repeat(5000), /longer than 4096/],
  ])('rejects %s = %j', (name, value, message) => {
    expect(validateMysqlSetting(name, value)).toMatch(message);
  });
});

test('parseSize', () => {
  expect(parseSize('512M')).toBe(512 * MIB);
  expect(parseSize('2g')).toBe(2 * GIB);
  expect(parseSize('1024')).toBe(1024);
  expect(parseSize('64K')).toBe(65536);
  expect(parseSize('1.5G')).toBeUndefined();
});
