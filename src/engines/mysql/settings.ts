/**
 * MySQL-family settings checked against the server's own catalog (catalog.generated.ts,
 * generated from a real MariaDB 10.11: information_schema.SYSTEM_VARIABLES and the option names
 * of `mariadbd --verbose --help`): names, types, ranges, enum, set and flag values, parsed the
 * way the server's option parser (my_getopt) parses my.cnf; plus the settings that give up
 * durability, for both flavours.
 *
 * - MariaDB (every series): a name the catalog does not know is refused unless it carries the
 *   server's own `loose_` prefix (the server then ignores it when it does not know it either).
 *   The table is from 10.11: for 11.x, variables 11.x adds need `loose_`.
 * - MySQL: no MySQL server is available to generate a catalog from, so names and values are
 *   checked only for their syntax, the settings cdk8s-db manages, and durability.
 *
 * Pure functions, no I/O.
 */
import { MARIADB_CATALOG_SERVER, MARIADB_OPTIONS, MARIADB_VARIABLES, MariadbVariableInfo } from './catalog.generated';
import { closestName } from '../../lib/errors';

/**
 * System variables that are not options: mariadbd refuses them in my.cnf ("unknown variable").
 * Found by starting the real server with each (test/real/settings-catalog.test.ts checks the
 * list against the installed server).
 */
export const MARIADB_NOT_OPTIONS: readonly string[] = [
  'aria_used_for_temp_tables', 'character_set_connection', 'character_set_database', 'character_set_results',
  'character_set_system', 'check_constraint_checks', 'collation_connection', 'collation_database',
  'default_master_connection', 'error_count', 'external_user', 'foreign_key_checks', 'gtid_binlog_pos',
  'gtid_binlog_state', 'gtid_current_pos', 'gtid_seq_no', 'gtid_slave_pos', 'have_compress', 'have_crypt',
  'have_dynamic_loading', 'have_geometry', 'have_openssl', 'have_profiling', 'have_query_cache', 'have_rtree_keys',
  'have_ssl', 'have_symlink', 'hostname', 'identity', 'insert_id', 'in_transaction', 'large_files_support',
  'large_page_size', 'last_gtid', 'last_insert_id', 'license', 'locked_in_memory', 'log_bin_basename',
  'lower_case_file_system', 'max_insert_delayed_threads', 'protocol_version', 'proxy_user', 'pseudo_slave_mode',
  'pseudo_thread_id', 'rand_seed1', 'rand_seed2', 'relay_log_basename', 'server_uid', 'skip_parallel_replication',
  'skip_replication', 'sql_auto_is_null', 'sql_big_selects', 'sql_buffer_result', 'sql_if_exists', 'sql_log_bin',
  'sql_log_off', 'sql_notes', 'sql_quote_show_create', 'sql_select_limit', 'sql_slave_skip_counter', 'sql_warnings',
  'storage_engine', 'system_time_zone', 'system_versioning_asof', 'timestamp', 'time_zone', 'tx_isolation',
  'tx_read_only', 'unique_checks', 'version_comment', 'version_compile_machine', 'version_compile_os',
  'version_malloc_library', 'version_source_revision', 'version_ssl_library', 'warning_count', 'wsrep_gtid_seq_no',
  'wsrep_patch_version',
];

const NOT_OPTIONS = new Set(MARIADB_NOT_OPTIONS);
const OPTIONS = new Set(MARIADB_OPTIONS);

/** The series the MariaDB catalog was generated from, e.g. `10.11`. */
export const MARIADB_CATALOG_SERIES = /Ver (\d+\.\d+)/.exec(MARIADB_CATALOG_SERVER)?.[1] ?? '10.11';

/** What a my.cnf line means: the option it sets, and the value it sets it to. */
export interface MysqlOptionMeaning {
  /** Option / variable name, lowercase with `_`, without `loose_` and boolean prefixes. */
  readonly option: string;
  /** The value as the server applies it (`OFF` for `skip_x`, `ON` for `enable_x`). */
  readonly value: string;
  /** Written with `loose_`: the server ignores it when it does not know it. */
  readonly loose: boolean;
  /** Written with `skip_`, `disable_` or `enable_` (a boolean option). */
  readonly boolPrefix?: string;
  /** Written with `maximum_` (the upper bound of a session variable). */
  readonly maximum: boolean;
}

function known(name: string): boolean {
  return (OPTIONS.has(name) || Object.prototype.hasOwnProperty.call(MARIADB_VARIABLES, name)) && !NOT_OPTIONS.has(name);
}

function variable(name: string): MariadbVariableInfo | undefined {
  return Object.prototype.hasOwnProperty.call(MARIADB_VARIABLES, name) ? MARIADB_VARIABLES[name] : undefined;
}

/** Reads a my.cnf option name the way the server does (prefixes, `-` as `_`). */
export function mysqlOptionMeaning(name: string, value: string): MysqlOptionMeaning {
  let n = name.toLowerCase().replace(/-/g, '_');
  let loose = false;
  if (n.startsWith('loose_') && n.length > 6) {
    n = n.slice(6);
    loose = true;
  }
  // An option of that very name wins (skip_name_resolve is an option of its own); then the
  // boolean prefixes of an option (skip_external_locking is external_locking = OFF, although a
  // variable is called so); then the other variables.
  if (OPTIONS.has(n)) return { option: n, value, loose, maximum: false };
  for (const [prefix, meaning] of [['skip_', 'OFF'], ['disable_', 'OFF'], ['enable_', 'ON']] as [string, string][]) {
    if (n.startsWith(prefix) && known(n.slice(prefix.length))) {
      return { option: n.slice(prefix.length), value: meaning, loose, boolPrefix: prefix, maximum: false };
    }
  }
  if (n.startsWith('maximum_') && known(n.slice(8))) return { option: n.slice(8), value, loose, maximum: true };
  return { option: n, value, loose, maximum: false };
}

const NUMBER = /^-?\d+[kmgtpe]?$/i;
const SUFFIX: { readonly [s: string]: bigint } = { '': 1n, 'k': 1024n, 'm': 1024n ** 2n, 'g': 1024n ** 3n, 't': 1024n ** 4n, 'p': 1024n ** 5n, 'e': 1024n ** 6n };
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `123`, `64K`, `512M`, `2G` (my_getopt's suffixes K, M, G, T, P, E) as a BigInt. */
export function parseMysqlInteger(value: string): bigint | undefined {
  if (!NUMBER.test(value)) return undefined;
  const m = /^(-?\d+)([kmgtpe]?)$/i.exec(value)!;
  return BigInt(m[1]) * SUFFIX[m[2].toLowerCase()];
}

const BOOLEAN_WORDS = ['on', 'off', 'true', 'false', '1', '0'];

/** `ON`/`OFF` of a my_getopt boolean, or undefined when the server would not recognise it. */
export function parseMysqlBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (!BOOLEAN_WORDS.includes(v)) return undefined;
  return v === 'on' || v === 'true' || v === '1';
}

function checkValue(info: MariadbVariableInfo, value: string): string | undefined {
  const values = info.enumValues ?? [];
  const lower = values.map(v => v.toLowerCase());
  switch (info.type) {
    case 'BOOLEAN':
      if (parseMysqlBool(value) === undefined) return 'is not a boolean: use ON or OFF (or 1/0, TRUE/FALSE); the server would set it to OFF with only a warning';
      return undefined;
    case 'ENUM': {
      const v = value.toLowerCase();
      if (lower.includes(v) || (/^\d+$/.test(v) && Number(v) < values.length)) return undefined;
      return `is not one of ${values.join(', ')}`;
    }
    case 'SET': {
      if (value.trim() === '' || /^\d+$/.test(value)) return undefined;
      const bad = value.split(',').map(s => s.trim()).filter(s => !lower.includes(s.toLowerCase()));
      return bad.length ? `contains ${bad.map(b => `"${b}"`).join(', ')}: a comma-separated list of ${values.join(', ')} is expected` : undefined;
    }
    case 'FLAGSET': {
      const bad = value.split(',').map(s => s.trim()).filter(item => {
        if (item.toLowerCase() === 'default') return false;
        const m = /^([a-z_]+)=(on|off|default)$/i.exec(item);
        return !m || !lower.includes(m[1].toLowerCase());
      });
      return bad.length ? `contains ${bad.map(b => `"${b}"`).join(', ')}: a comma-separated list of flag=on|off|default (flags: ${values.join(', ')}) is expected` : undefined;
    }
    case 'DOUBLE': {
      if (!DECIMAL.test(value.trim())) return 'is not a number';
      const n = Number(value);
      if ((info.min !== undefined && n < Number(info.min)) || (info.max !== undefined && n > Number(info.max))) {
        return `is outside the valid range ${info.min} .. ${info.max}: the server would adjust it with only a warning`;
      }
      return undefined;
    }
    default: {
      if (/INT/.test(info.type)) {
        const n = parseMysqlInteger(value);
        if (n === undefined) return 'is not an integer: digits with an optional suffix K, M, G, T, P or E (e.g. 64M)';
        if ((info.min !== undefined && n < BigInt(info.min)) || (info.max !== undefined && n > BigInt(info.max))) {
          return `is outside the valid range ${info.min} .. ${info.max}: the server would ${n < 0n && /UNSIGNED/.test(info.type) ? 'refuse it' : 'adjust it with only a warning'}`;
        }
      }
      return undefined;
    }
  }
}

/**
 * Checks a MariaDB option name and value against the catalog.
 * @returns what is wrong (to follow the value in a message), or undefined.
 */
export function checkMariadbOption(name: string, value: string, series: string): string | undefined {
  const m = mysqlOptionMeaning(name, value);
  if (!known(m.option)) {
    if (m.loose) return undefined;
    const where = series === MARIADB_CATALOG_SERIES ? MARIADB_CATALOG_SERVER : `${MARIADB_CATALOG_SERVER}, the table for every MariaDB series`;
    const near = closestName(m.option, OPTIONS);
    return `is not a MariaDB option${near ? ` (did you mean "${near}"?)` : ''}: "${name}" is unknown to ${where}, and the server refuses to start with an unknown option. Prefix it with loose_ (e.g. "loose_${name}") to have the server ignore it when it does not know it either`;
  }
  const info = variable(m.option);
  if (m.boolPrefix) {
    if (info && info.type !== 'BOOLEAN') return `"${m.boolPrefix}" applies to boolean options only, and ${m.option} is ${info.type}`;
    if (value !== '') return `"${name}" takes no value (it sets ${m.option} to ${m.value}): give "" or write ${m.option} = ON/OFF instead`;
    return undefined;
  }
  if (m.maximum) {
    if (!info || info.scope !== 'SESSION' || !/INT|DOUBLE/.test(info.type)) return `maximum_ applies to numeric session variables only, and ${m.option} is not one`;
    return parseMysqlInteger(value) === undefined ? 'is not an integer' : undefined;
  }
  return info ? checkValue(info, value) : undefined;
}

/** Settings whose unsafe values give up durability: option → reason when unsafe, else undefined. */
const UNSAFE: { readonly [option: string]: (value: string) => string | undefined } = {
  sync_binlog: v => (v.trim() !== '1' ? 'a primary that loses binlog events on a crash can be behind its replicas (only 1 syncs every commit)' : undefined),
  innodb_flush_log_at_trx_commit: v => (v.trim() !== '1' ? 'a crash loses the last commits the primary acknowledged (only 1 flushes every commit)' : undefined),
  innodb_doublewrite: v => (parseMysqlBool(v) === false || ['detect_only'].includes(v.trim().toLowerCase()) ? 'a crash during a page write leaves torn pages that recovery cannot repair' : undefined),
  innodb_flush_method: v => (v.trim().toLowerCase() === 'nosync' ? 'nothing is ever synced to disk' : undefined),
  innodb_force_recovery: v => (v.trim() !== '0' ? 'forced recovery skips crash recovery steps and can corrupt data permanently' : undefined),
};

/** The option names covered by the durability check (for documentation and tests). */
export const MYSQL_UNSAFE_DURABILITY_SETTINGS: readonly string[] = Object.keys(UNSAFE);

/** When the setting gives up durability, why; else undefined. */
export function mysqlUnsafeDurability(name: string, value: string): string | undefined {
  const m = mysqlOptionMeaning(name, value);
  const check = UNSAFE[m.option];
  return check ? check(m.value) : undefined;
}
