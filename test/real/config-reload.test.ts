/**
 * Reloadable settings are applied live, restart-requiring ones only through the pod template's
 * config-hash: on real PostgreSQL 15 and MariaDB 10.11 servers, the mounted config file is rewritten
 * as the kubelet does when the ConfigMap changes, liveness.sh runs (as the kubelet runs it every
 * 10 s) and the server's value is checked. The settings catalogs the decision rests on are checked
 * against the servers they were generated from.
 */
import * as fs from 'fs';
import * as path from 'path';
import { collectMariadbCatalog, collectPostgresCatalog } from './catalog/collect';
import { defaultSecrets as mariaSecrets, MariaNode, mariadbAvailable } from './mariadb-harness';
import { defaultSecrets as pgSecrets, freePort, PgNode, postgresAvailable } from './postgres-harness';
import { MARIADB_CATALOG_SERVER, MARIADB_OPTIONS, MARIADB_VARIABLES } from '../../src/engines/mysql/catalog.generated';
import { mysqlDynamicSettings, mysqlRestartConfig, mysqlSettingNeedsRestart, renderMyCnf } from '../../src/engines/mysql/config';
import { POSTGRES_CATALOG_SERVER, POSTGRES_SETTINGS } from '../../src/engines/postgres/catalog.generated';
import { postgresRestartConfig, postgresSettingNeedsRestart, renderPostgresqlConf } from '../../src/engines/postgres/config';

const describePg = postgresAvailable() ? describe : describe.skip;
const describeMaria = mariadbAvailable() ? describe : describe.skip;

describePg('PostgreSQL: live reload of a changed postgresql.conf', () => {
  let node: PgNode;
  const status = () => fs.readFileSync(path.join(node.socketDir, '.config-reload'), 'utf8').trim();
  /**
   * Renders the file with `overrides`; `unchecked` values are written over the rendered lines
   * afterwards (the renderer refuses them now: they stand for a value only the server can judge).
   */
  const rewrite = (overrides: { [k: string]: string }, unchecked: { [k: string]: string } = {}) => {
    const input = { ...node.configInput, overrides: { ...node.configInput.overrides, ...overrides } };
    let conf = renderPostgresqlConf(input);
    for (const [k, v] of Object.entries(unchecked)) conf = conf.replace(new RegExp(`^${k} = .*$`, 'm'), `${k} = '${v}'`);
    fs.writeFileSync(node.confFile, conf);
    return postgresRestartConfig(input);
  };

  beforeAll(async () => {
    const port = await freePort();
    node = new PgNode({ podName: 'orders-0', port, primaryPort: port, secrets: pgSecrets() });
    expect(node.runScript('bootstrap.sh').code).toBe(0);
    await node.start();
  });
  afterAll(async () => { await node?.cleanup(); });

  test('unchanged files: liveness reloads nothing', () => {
    expect(node.runScript('liveness.sh').code).toBe(0);
    expect(fs.existsSync(path.join(node.socketDir, '.config-reload'))).toBe(false);
  });

  test('a reloadable setting (log_min_duration_statement) is live after the next liveness probe; the restart part is unchanged', () => {
    const before = postgresRestartConfig(node.configInput);
    const pid = node.sql('SELECT pg_backend_pid() > 0');
    expect(pid).toBe('t');
    const postmasterStart = node.sql('SELECT pg_postmaster_start_time()');
    expect(node.sql('SHOW log_min_duration_statement')).toBe('-1');
    const after = rewrite({ log_min_duration_statement: '250ms' });
    expect(after).toBe(before);
    const live = node.runScript('liveness.sh');
    expect(live.code).toBe(0);
    expect(node.sql('SHOW log_min_duration_statement')).toBe('250ms');
    expect(status()).toMatch(/config-reload: reloaded .*postgresql\.conf; every setting applied, none pending a restart$/);
    expect(node.sql('SELECT pg_postmaster_start_time()')).toBe(postmasterStart); // no restart
    expect(node.log()).toMatch(/received SIGHUP, reloading configuration files/);
  });

  test('a restart-requiring setting (shared_buffers) changes the restart part and is reported as pending', () => {
    const before = postgresRestartConfig({ ...node.configInput, overrides: { ...node.configInput.overrides, log_min_duration_statement: '250ms' } });
    const after = rewrite({ log_min_duration_statement: '250ms', shared_buffers: '96MB' });
    expect(after).not.toBe(before);
    expect(after).toContain("shared_buffers = '96MB'");
    expect(node.runScript('liveness.sh').code).toBe(0);
    expect(status()).toMatch(/applied, except settings waiting for a restart \(the pod rolls for them\): shared_buffers$/);
    expect(node.sql('SHOW shared_buffers')).not.toBe('96MB');
  });

  test('a bad value is reported with the file and line; the old value stays', () => {
    expect(() => renderPostgresqlConf({ ...node.configInput, overrides: { log_min_duration_statement: 'soon' } })).toThrow(/log_min_duration_statement.*not an integer/);
    rewrite({ log_min_duration_statement: '1s', shared_buffers: '96MB' }, { log_min_duration_statement: 'soon' });
    expect(node.runScript('liveness.sh').code).toBe(0);
    expect(status()).toMatch(/reloaded .* with ERRORS \(the server keeps the previous values of these\): log_min_duration_statement \(.*postgresql\.conf line \d+\): /);
    expect(status()).not.toMatch(/shared_buffers \(/);
    expect(node.sql('SHOW log_min_duration_statement')).toBe('250ms');
  });
});

describeMaria('MariaDB: dynamic settings applied live with SET GLOBAL', () => {
  let node: MariaNode;
  const status = () => fs.readFileSync(path.join(path.dirname(node.socket), '.config-reload'), 'utf8').trim();
  /** As for PostgreSQL: `unchecked` values are written over the rendered ones (the renderer refuses them). */
  const rewrite = (overrides: { [k: string]: string }, unchecked: { [k: string]: string } = {}) => {
    const input = { ...node.configInput, overrides: { ...node.configInput.overrides, ...overrides } };
    let conf = renderMyCnf(input);
    let dynamic = mysqlDynamicSettings(input);
    for (const [k, v] of Object.entries(unchecked)) {
      conf = conf.replace(new RegExp(`^${k} = .*$`, 'm'), `${k} = ${v}`);
      dynamic = dynamic.replace(new RegExp(`^${k}\t.*$`, 'm'), `${k}\t${v}`);
    }
    fs.writeFileSync(node.confFile, conf);
    fs.writeFileSync(node.dynamicFile, dynamic);
    return mysqlRestartConfig({ ...input, overrides: { ...input.overrides, ...unchecked } });
  };

  beforeAll(async () => {
    const port = await freePort();
    node = new MariaNode({ podName: 'db-0', port, primaryPort: port, secrets: mariaSecrets() });
    expect(node.runScript('bootstrap.sh').code).toBe(0);
    await node.start();
  });
  afterAll(async () => { await node?.cleanup(); });

  test('unchanged files: nothing is set', () => {
    expect(node.runScript('liveness.sh').code).toBe(0);
    expect(fs.existsSync(path.join(path.dirname(node.socket), '.config-reload'))).toBe(false);
  });

  test('max_connections and max_allowed_packet change live and are verified; the restart part is unchanged', () => {
    const before = mysqlRestartConfig(node.configInput);
    const uptime = Number(node.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'"));
    const after = rewrite({ max_connections: '77', max_allowed_packet: '32M' });
    expect(after).toBe(before);
    expect(node.runScript('liveness.sh').code).toBe(0);
    expect(node.sql('SELECT @@GLOBAL.max_connections')).toBe('77');
    expect(node.sql('SELECT @@GLOBAL.max_allowed_packet')).toBe(String(32 * 1024 * 1024));
    expect(status()).toMatch(/applied: max_connections=77 \(was \d+\) max_allowed_packet=33554432 \(was 67108864\); every dynamic setting verified$/);
    expect(Number(node.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'"))).toBeGreaterThanOrEqual(uptime);
  });

  test('a decimal setting (long_query_time = 3, reported as 3.000000) is verified as applied', () => {
    rewrite({ max_connections: '77', max_allowed_packet: '32M', long_query_time: '3' });
    expect(node.runScript('liveness.sh').code).toBe(0);
    expect(Number(node.sql('SELECT @@GLOBAL.long_query_time'))).toBe(3);
    expect(status()).toMatch(/applied: long_query_time=3\.000000 \(was 10\.000000\); every dynamic setting verified$/);
  });

  test('a restart-requiring setting changes the restart part; a value the server refuses is reported', () => {
    const before = mysqlRestartConfig({ ...node.configInput, overrides: { ...node.configInput.overrides, max_connections: '77', max_allowed_packet: '32M', long_query_time: '3' } });
    expect(() => renderMyCnf({ ...node.configInput, overrides: { max_connections: 'many' } })).toThrow(/max_connections.*not an integer/);
    const after = rewrite({ max_connections: '78', max_allowed_packet: '32M', long_query_time: '3', back_log: '120' }, { max_connections: 'many' });
    expect(after).not.toBe(before);
    expect(after).toContain('back_log = 120');
    expect(node.runScript('liveness.sh').code).toBe(0);
    expect(status()).toMatch(/NOT applied \(restart or fix the setting\): max_connections: ERROR 1232/);
    expect(node.sql('SELECT @@GLOBAL.max_connections')).toBe('77');
  });
});

describe('settings catalogs generated from the real servers', () => {
  test('samples: restart or not, types, units, ranges, enum values', () => {
    expect(POSTGRES_CATALOG_SERVER).toMatch(/PostgreSQL\) 15\./);
    expect(POSTGRES_SETTINGS.shared_buffers).toEqual({ context: 'postmaster', type: 'integer', unit: '8kB', min: 16, max: 1073741823 });
    expect(POSTGRES_SETTINGS.log_min_duration_statement).toMatchObject({ context: 'superuser', type: 'integer', unit: 'ms', min: -1 });
    expect(POSTGRES_SETTINGS.wal_level.enumValues).toEqual(['minimal', 'replica', 'logical']);
    expect(postgresSettingNeedsRestart('shared_buffers')).toBe(true);
    expect(postgresSettingNeedsRestart('max_wal_senders')).toBe(true);
    expect(postgresSettingNeedsRestart('work_mem')).toBe(false);
    expect(postgresSettingNeedsRestart('primary_conninfo')).toBe(false); // sighup since PostgreSQL 13
    expect(postgresSettingNeedsRestart('myext.some_setting')).toBe(true); // unknown: safe side
    expect(MARIADB_CATALOG_SERVER).toMatch(/10\.11\./);
    expect(MARIADB_VARIABLES.max_connections).toMatchObject({ readOnly: false, scope: 'GLOBAL', type: 'BIGINT UNSIGNED' });
    expect(MARIADB_VARIABLES.binlog_format.enumValues).toEqual(['MIXED', 'STATEMENT', 'ROW']);
    expect(MARIADB_VARIABLES.skip_name_resolve.readOnly).toBe(true);
    expect(MARIADB_OPTIONS).toContain('plugin_load_add');
    expect(mysqlSettingNeedsRestart('mariadb', 'max-connections')).toBe(false);
    expect(mysqlSettingNeedsRestart('mariadb', 'skip_name_resolve')).toBe(true);
    expect(mysqlSettingNeedsRestart('mariadb', 'plugin_load_add')).toBe(true); // an option, not a variable
    expect(mysqlSettingNeedsRestart('mysql', 'max_connections')).toBe(true); // no MySQL catalog: safe side
  });

  (postgresAvailable() && mariadbAvailable() ? test : test.skip)('the committed catalogs equal what the installed servers report now', async () => {
    const pg = await collectPostgresCatalog();
    const maria = await collectMariadbCatalog();
    if (pg.server !== POSTGRES_CATALOG_SERVER || maria.server !== MARIADB_CATALOG_SERVER) {
      // A different build: the sample above still holds; regenerate with generate-catalogs.ts.
      // eslint-disable-next-line no-console
      console.warn(`catalogs were generated from ${POSTGRES_CATALOG_SERVER} / ${MARIADB_CATALOG_SERVER}, installed: ${pg.server} / ${maria.server}`);
      expect(pg.settings.shared_buffers).toEqual(POSTGRES_SETTINGS.shared_buffers);
      return;
    }
    expect(pg.settings).toEqual(POSTGRES_SETTINGS);
    expect(maria.variables).toEqual(MARIADB_VARIABLES);
    expect(maria.options).toEqual(MARIADB_OPTIONS);
  });
});
