/**
 * The settings checks (src/engines/postgres/settings.ts, src/engines/mysql/settings.ts) against the
 * real servers: PostgreSQL 15 and MariaDB 10.11 start with the rendered configuration carrying a
 * sample of accepted values of every class (and apply them), and for each class the library
 * refuses, the server given the same line refuses to start too, or (MariaDB) silently adjusts the
 * value, which is why the library refuses it. Durability settings are policy: the server accepts
 * them, the library only behind allowUnsafeDurabilitySettings.
 *
 * Ports 28100-28299; temp dirs under /tmp; every server started is stopped.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { mariadbAvailable, mariadbSeries } from './mariadb-harness';
import { PG_BIN, PG_USER, postgresAvailable } from './postgres-harness';
import { killGroupIfRunning, lookupUser, makeOwnedDir, makeOwnedTempDir, onProcessExit, sleep } from './process';
import { renderMyCnf, validateMysqlSetting } from '../../src/engines/mysql/config';
import { MARIADB_NOT_OPTIONS } from '../../src/engines/mysql/settings';
import { PostgresConfigInput, renderPgHba, renderPostgresqlConf, validatePostgresSetting } from '../../src/engines/postgres/config';

const MIB = 2 ** 20;
const children = new Set<ChildProcess>();
onProcessExit(() => { for (const c of children) killGroupIfRunning(c); });

interface Started { readonly code: number | null; readonly log: string; readonly child?: ChildProcess }

/**
 * Starts `cmd` as `user`; resolves once `ready()` holds (child still running) or the process
 * exits (code and log). A server that neither gets ready nor exits within 60 s is killed.
 */
async function startServer(cmd: string, args: string[], user: { uid: number; gid: number }, ready: () => boolean): Promise<Started> {
  const child = spawn(cmd, args, { uid: user.uid, gid: user.gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
  children.add(child);
  let log = '';
  child.stdout!.on('data', d => { log += d; });
  child.stderr!.on('data', d => { log += d; });
  let exited: number | null | undefined;
  child.on('exit', code => { exited = code; });
  for (const t0 = Date.now(); Date.now() - t0 < 60_000;) {
    if (exited !== undefined) {
      children.delete(child);
      return { code: exited, log };
    }
    if (ready()) return { code: null, log, child };
    await sleep(200);
  }
  killGroupIfRunning(child);
  throw new Error(`${cmd} neither got ready nor exited within 60 s:\n${log}`);
}

async function stopServer(s: Started, stop: () => void): Promise<string> {
  if (!s.child) return s.log;
  stop();
  for (const t0 = Date.now(); Date.now() - t0 < 30_000 && s.child.exitCode === null && s.child.signalCode === null;) await sleep(200);
  killGroupIfRunning(s.child);
  children.delete(s.child);
  return s.log;
}

// --- PostgreSQL ---------------------------------------------------------------------------------

const pgDescribe = postgresAvailable() ? describe : describe.skip;

pgDescribe('PostgreSQL 15: the settings checks agree with the real server', () => {
  const PORT = 28101;
  let root: string;
  let data: string;
  let confInput: PostgresConfigInput;
  const psql = (sql: string) => spawnSync(path.join(PG_BIN, 'psql'), ['-h', root, '-p', String(PORT), '-U', 'postgres', '-d', 'postgres', '-AtX', '-c', sql],
    { uid: PG_USER.uid, gid: PG_USER.gid, encoding: 'utf8', cwd: '/' });
  const ready = () => psql('SELECT 1').stdout.trim() === '1';
  const pgCtlStop = () => { spawnSync(path.join(PG_BIN, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w'], { uid: PG_USER.uid, gid: PG_USER.gid, cwd: '/' }); };

  /** Writes postgresql.conf (rendered, plus raw extra lines) and starts the server with it. */
  async function start(overrides: { [k: string]: string }, extraLines: string[] = [], allowUnsafeDurabilitySettings = false): Promise<Started> {
    const conf = renderPostgresqlConf({ ...confInput, overrides, allowUnsafeDurabilitySettings }) + extraLines.map(l => `${l}\n`).join('');
    const file = path.join(root, 'postgresql.conf');
    fs.writeFileSync(file, conf, { mode: 0o644 });
    return startServer(path.join(PG_BIN, 'postgres'), ['-D', data, '-c', `config_file=${file}`], PG_USER, ready);
  }

  beforeAll(() => {
    root = makeOwnedTempDir('pgset-', PG_USER, 0o755);
    data = path.join(root, 'data');
    const init = spawnSync(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'peer', '--no-sync'], { uid: PG_USER.uid, gid: PG_USER.gid, encoding: 'utf8', cwd: '/' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const hba = path.join(root, 'pg_hba.conf');
    fs.writeFileSync(hba, renderPgHba({ replicationUser: 'replicator' }), { mode: 0o644 });
    confInput = {
      majorVersion: 15,
      port: PORT,
      memoryBytes: 256 * MIB,
      cpuMillis: 1000,
      storageBytes: 1024 * MIB,
      socketDir: root,
      hbaFile: hba,
      primaryHost: '127.0.0.1',
      primaryPort: PORT,
      replicationUser: 'replicator',
      passfile: path.join(root, '.pgpass'),
      overrides: {},
    };
  }, 120_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** Accepted by the library; `show` is what SHOW reports once the server runs with it. */
  const accepted: [string, string, string][] = [
    // booleans, as parse_bool reads them (unique prefixes, case-insensitive)
    ['log_connections', 'yes', 'on'],
    ['jit', 'of', 'off'],
    ['track_io_timing', 'TRUE', 'on'],
    // integers: units (memory, time), fractions, hex, whitespace before the unit
    ['work_mem', '1.5MB', '1536kB'],
    ['maintenance_work_mem', '64MB', '64MB'],
    ['statement_timeout', '5min', '5min'],
    ['idle_session_timeout', '90 s', '90s'],
    ['temp_buffers', '1024', '8MB'],
    ['max_connections', '0x20', '32'],
    // reals, with a unit too
    ['random_page_cost', '1.5', '1.5'],
    ['vacuum_cost_delay', '2ms', '2ms'],
    ['checkpoint_completion_target', '9e-1', '0.9'],
    // enums: case-insensitive, and the boolean spellings where on/off are listed
    ['log_min_messages', 'WARNING', 'warning'],
    ['constraint_exclusion', 'yes', 'on'],
    ['synchronous_commit', 'local', 'local'],
    // strings, names in any case (DateStyle is spelled so in the catalog); a developer setting (not in --describe-config)
    ['DateStyle', 'ISO, DMY', 'ISO, DMY'],
    ['timezone', 'UTC', 'UTC'],
    ['search_path', '"$user", public, ext', '"$user", public, ext'],
    ['trace_sort', 'on', 'on'],
    // an extension's custom setting
    ['myext.some_setting', 'x', 'x'],
  ];

  test('the server starts with a sample of every accepted class and applies each value', async () => {
    const overrides = Object.fromEntries(accepted.map(([n, v]) => [n, v]));
    for (const [n, v] of accepted) expect([n, validatePostgresSetting(n, v, { majorVersion: 15 })]).toEqual([n, undefined]);
    const s = await start(overrides);
    try {
      expect(s.code).toBeNull();
      for (const [n, , shown] of accepted) expect([n, psql(`SHOW "${n.toLowerCase()}"`).stdout.trim()]).toEqual([n, shown]);
    } finally {
      await stopServer(s, pgCtlStop);
    }
  }, 120_000);

  /** Refused by the library; the server given the same line refuses to start, its log naming the setting. */
  const refused: [string, string, string, RegExp][] = [
    ['unknown name', 'max_conections', '100', /unrecognized configuration parameter "max_conections"/],
    ['bad boolean', 'log_connections', 'maybe', /parameter "log_connections" requires a Boolean value/],
    ['not an integer', 'max_connections', 'lots', /invalid value for parameter "max_connections": "lots"/],
    ['unit on a unitless integer', 'max_connections', '100MB', /invalid value for parameter "max_connections": "100MB"/],
    ['unknown unit (case matters)', 'work_mem', '64mb', /invalid value for parameter "work_mem": "64mb"/],
    ['unknown time unit', 'statement_timeout', '5 mins', /invalid value for parameter "statement_timeout": "5 mins"/],
    ['octal trap (08)', 'max_connections', '08', /invalid value for parameter "max_connections": "08"/],
    ['below the minimum', 'max_connections', '-1', /-1 is outside the valid range for parameter "max_connections"/],
    ['below the minimum after unit conversion', 'shared_buffers', '64kB', /is outside the valid range for parameter "shared_buffers"/],
    ['rounding to the base unit, halves to even (14.5 pages -> 14)', 'shared_buffers', '116kB', /14 8kB is outside the valid range for parameter "shared_buffers"/],
    ['rounding, halves to even (2.5 kB -> 2)', 'work_mem', '2.5kB', /2 kB is outside the valid range for parameter "work_mem"/],
    ['beyond the integer range', 'work_mem', '99999999999', /invalid value for parameter "work_mem": "99999999999"/],
    ['bad enum value', 'log_min_messages', 'loud', /invalid value for parameter "log_min_messages": "loud"/],
    ['not a real', 'random_page_cost', 'fast', /invalid value for parameter "random_page_cost": "fast"/],
    ['real beyond the maximum', 'checkpoint_completion_target', '2', /2 is outside the valid range for parameter "checkpoint_completion_target"/],
    ['read-only (internal)', 'block_size', '8192', /parameter "block_size" cannot be changed/],
    ['unknown to 15 (new in 17)', 'summarize_wal', 'on', /unrecognized configuration parameter "summarize_wal"/],
  ];

  test.each(refused)('%s: the library refuses %s = %s, and so does the server', async (_what, name, value, serverSays) => {
    const message = validatePostgresSetting(name, value, { majorVersion: 15 });
    expect(message).toContain(`"${name}"`);
    expect(message).toContain(`"${value}"`);
    const s = await start({}, [`${name} = '${value}'`]);
    const log = await stopServer(s, pgCtlStop);
    expect(s.code).not.toBe(0);
    expect(s.code).not.toBeNull();
    expect(log).toMatch(serverSays);
    expect(log).toMatch(/FATAL: {2}configuration file .* contains errors/);
  }, 120_000);

  test('durability: the server takes fsync = off and synchronous_commit = off; the library only with the opt-in', async () => {
    for (const [n, v] of [['fsync', 'off'], ['synchronous_commit', 'off'], ['full_page_writes', 'no']]) {
      expect(validatePostgresSetting(n, v, { majorVersion: 15 })).toMatch(/gives up durability.*allowUnsafeDurabilitySettings/);
      expect(validatePostgresSetting(n, v, { majorVersion: 15, allowUnsafeDurabilitySettings: true })).toBeUndefined();
    }
    expect(() => renderPostgresqlConf({ ...confInput, overrides: { fsync: 'off' } })).toThrow(/fsync.*gives up durability/);
    const s = await start({ fsync: 'off', synchronous_commit: 'off' }, [], true);
    try {
      expect(s.code).toBeNull();
      expect(psql('SHOW fsync').stdout.trim()).toBe('off');
      expect(psql('SHOW synchronous_commit').stdout.trim()).toBe('off');
    } finally {
      await stopServer(s, pgCtlStop);
    }
  }, 120_000);
});

// --- MariaDB ------------------------------------------------------------------------------------

const mariaDescribe = mariadbAvailable() && lookupUser('mysql') && process.getuid?.() === 0 ? describe : describe.skip;

mariaDescribe('MariaDB 10.11: the settings checks agree with the real server', () => {
  const PORT = 28201;
  const MYSQL = lookupUser('mysql') ?? { uid: NaN, gid: NaN };
  const { series } = mariadbSeries();
  let root: string;
  let dataDir: string;
  let socket: string;
  const client = (sql: string) => spawnSync('mariadb', ['--no-defaults', '-uroot', `--socket=${socket}`, '-N', '-B', '-e', sql], { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/bin' } });
  const ready = () => client('SELECT 1').stdout.trim() === '1';
  const shutdown = () => { client('SHUTDOWN'); };

  function confFor(overrides: { [k: string]: string }, extraLines: string[] = [], allowUnsafeDurabilitySettings = false): string {
    return renderMyCnf({
      flavor: 'mariadb',
      series,
      port: PORT,
      memoryBytes: 512 * MIB,
      cpuMillis: 1000,
      storageBytes: 2048 * MIB,
      dataDir,
      socketPath: socket,
      pidFile: path.join(root, 'run', 'mysqld.pid'),
      semiSync: false,
      overrides: { bind_address: '127.0.0.1', ...overrides },
      allowUnsafeDurabilitySettings,
    }) + extraLines.map(l => `${l}\n`).join('');
  }

  async function start(conf: string): Promise<Started> {
    const file = path.join(root, 'my.cnf');
    fs.writeFileSync(file, conf, { mode: 0o644 });
    return startServer('/usr/sbin/mariadbd', [`--defaults-file=${file}`], MYSQL, ready);
  }

  beforeAll(() => {
    root = makeOwnedTempDir('mdbset-', MYSQL, 0o755);
    makeOwnedDir(path.join(root, 'run'), MYSQL, 0o755);
    makeOwnedDir(path.join(root, 'volume'), MYSQL, 0o750);
    dataDir = path.join(root, 'volume', 'data');
    socket = path.join(root, 'run', 'mysqld.sock');
    const init = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${dataDir}`, '--user=mysql', '--skip-test-db', '--auth-root-authentication-method=socket'],
      { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/bin' }, cwd: '/' });
    if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}${init.stdout}`);
  }, 180_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** Accepted by the library; `shown` is what SELECT @@name reports once the server runs with it. */
  const accepted: [string, string, string, string][] = [
    ['max_connections', '200', 'max_connections', '200'],
    ['tmp_table_size', '32M', 'tmp_table_size', String(32 * MIB)],
    ['long_query_time', '1e1', 'long_query_time', '10.000000'],
    ['slow_query_log', 'TRUE', 'slow_query_log', '1'],
    ['binlog_row_image', 'minimal', 'binlog_row_image', 'MINIMAL'],
    ['sql_mode', 'STRICT_ALL_TABLES,ANSI_QUOTES', 'sql_mode', 'ANSI_QUOTES,STRICT_ALL_TABLES'],
    ['optimizer_switch', 'mrr=on', 'optimizer_switch', 'mrr=on'],
    ['innodb_io_capacity', '2000', 'innodb_io_capacity', '2000'],
    ['skip-external-locking', '', 'skip_external_locking', '1'],
    ['skip-name-resolve', 'OFF', 'skip_name_resolve', '0'],
    ['loose_no_such_plugin_variable', '1', '', ''],
  ];

  test('the server starts with a sample of every accepted class and applies each value', async () => {
    for (const [n, v] of accepted) expect([n, validateMysqlSetting(n, v, { flavor: 'mariadb', series })]).toEqual([n, undefined]);
    const s = await start(confFor(Object.fromEntries(accepted.map(([n, v]) => [n, v]))));
    try {
      expect(s.code).toBeNull();
      for (const [n, , variable, shown] of accepted.filter(a => a[2] !== '')) {
        const got = client(`SELECT @@GLOBAL.${variable}`).stdout.trim();
        expect([n, variable === 'optimizer_switch' ? got.split(',').filter(f => f === shown).join(',') : got]).toEqual([n, shown]);
      }
    } finally {
      await stopServer(s, shutdown);
    }
  }, 180_000);

  /** Refused by the library; the server given the same line refuses to start, naming the setting. */
  const refused: [string, string, string, RegExp][] = [
    ['unknown name', 'max_conections', '100', /unknown variable 'max_conections=100'/],
    ['a variable that is not an option', 'version_comment', 'x', /unknown variable 'version_comment=x'/],
    ['not an integer', 'max_connections', 'lots', /Unknown suffix 'l' used for variable 'max_connections'/],
    ['negative unsigned', 'max_connections', '-5', /Incorrect unsigned value: '-5' for max_connections/],
    ['bad enum value', 'binlog_row_image', 'tiny', /Error while setting value 'tiny' to 'binlog_row_image'/],
    ['bad set value', 'sql_mode', 'FOO', /Error while setting value 'FOO' to 'sql_mode'/],
    ['bad flag', 'optimizer_switch', 'foo=on', /Error while setting value 'foo=on' to 'optimizer_switch'/],
    ['not a number', 'long_query_time', 'abc', /Invalid decimal value for option 'long_query_time'/],
  ];

  test.each(refused)('%s: the library refuses %s = %s, and so does the server', async (_what, name, value, serverSays) => {
    const message = validateMysqlSetting(name, value, { flavor: 'mariadb', series });
    expect(message).toContain(`"${name}"`);
    expect(message).toContain(`"${value}"`);
    const s = await start(confFor({}, [`${name} = ${value}`]));
    const log = await stopServer(s, shutdown);
    expect(s.code).not.toBeNull();
    expect(s.code).not.toBe(0);
    expect(log).toMatch(serverSays);
  }, 120_000);

  test('out-of-range numbers and unrecognised booleans: the server only warns and changes the value, the library refuses', async () => {
    expect(validateMysqlSetting('max_connections', '1', { flavor: 'mariadb', series })).toMatch(/"max_connections".*outside the valid range 10 \.\. 100000/);
    expect(validateMysqlSetting('slow_query_log', 'yes', { flavor: 'mariadb', series })).toMatch(/"slow_query_log".*not a boolean/);
    const s = await start(confFor({}, ['max_connections = 1', 'slow_query_log = yes']));
    try {
      expect(s.code).toBeNull();
      expect(s.log).toMatch(/option 'max_connections': unsigned value 1 adjusted to 10/);
      expect(s.log).toMatch(/option 'slow_query_log': boolean value 'yes' wasn't recognized\. Set to OFF/);
      expect(client('SELECT @@GLOBAL.max_connections, @@GLOBAL.slow_query_log').stdout.trim()).toBe('10\t0');
    } finally {
      await stopServer(s, shutdown);
    }
  }, 180_000);

  test('durability: the server takes sync_binlog = 0; the library only with the opt-in', async () => {
    expect(validateMysqlSetting('sync_binlog', '0', { flavor: 'mariadb', series })).toMatch(/gives up durability/);
    expect(validateMysqlSetting('skip-innodb-doublewrite', '', { flavor: 'mariadb', series })).toMatch(/gives up durability/);
    const s = await start(confFor({ sync_binlog: '0', innodb_flush_log_at_trx_commit: '2' }, [], true));
    try {
      expect(s.code).toBeNull();
      expect(client('SELECT @@GLOBAL.sync_binlog, @@GLOBAL.innodb_flush_log_at_trx_commit').stdout.trim()).toBe('0\t2');
    } finally {
      await stopServer(s, shutdown);
    }
  }, 180_000);

  test('every system variable the library treats as "not an option" is refused by the server in an option file', () => {
    const unknown = (name: string) => {
      const r = spawnSync('/usr/sbin/mariadbd', ['--no-defaults', `--${name}=1`, '--verbose', '--help'],
        { uid: MYSQL.uid, gid: MYSQL.gid, encoding: 'utf8', cwd: '/', env: { PATH: '/usr/sbin:/usr/bin:/bin' } });
      return /unknown (variable|option)/.test(r.stderr);
    };
    expect(MARIADB_NOT_OPTIONS.filter(n => !unknown(n))).toEqual([]);
    // and a sample of options the library accepts is not
    expect(['max_connections', 'skip_name_resolve', 'character_set_server', 'skip_external_locking'].filter(unknown)).toEqual([]);
  }, 180_000);
});
