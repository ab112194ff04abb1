/**
 * PostgreSQL settings checked against the server's own catalog (catalog.generated.ts, generated
 * from a real PostgreSQL 15 by test/real/catalog/generate-catalogs.ts): names, types, units,
 * ranges and enum values, parsed the way the server's GUC code parses them (guc.c: parse_bool,
 * parse_int, parse_real, convert_to_base_unit), plus the settings that give up durability.
 *
 * Other majors (14, 16, 17) are checked against the same table, adjusted by the settings their
 * release notes add or remove (below); values of the table's settings are checked with 15's
 * types and ranges, settings new in a later major only for their syntax.
 *
 * Pure functions, no I/O.
 */
import { POSTGRES_CATALOG_SERVER, POSTGRES_SETTINGS, PgSettingInfo } from './catalog.generated';
import { closestName } from '../../lib/errors';

/** The major version the catalog was generated from. */
export const CATALOG_MAJOR = Number(/\(PostgreSQL\) (\d+)/.exec(POSTGRES_CATALOG_SERVER)?.[1] ?? '15');

/**
 * Settings each major adds (+) or removes (-) relative to the one before (release notes,
 * "Server Configuration" and "Migration" sections). Only majors the engine supports.
 */
export const POSTGRES_MAJOR_CHANGES: { readonly [major: number]: { readonly added: readonly string[]; readonly removed: readonly string[] } } = {
  15: {
    added: ['archive_library', 'log_startup_progress_interval', 'recovery_prefetch', 'recursive_worktable_factor',
      'stats_fetch_consistency', 'wal_decode_buffer_size'],
    removed: ['stats_temp_directory'],
  },
  16: {
    added: ['createrole_self_grant', 'debug_io_direct', 'debug_logical_replication_streaming', 'debug_parallel_query',
      'enable_presorted_aggregate', 'gss_accept_delegation', 'icu_validation_level', 'max_parallel_apply_workers_per_subscription',
      'reserved_connections', 'scram_iterations', 'send_abort_for_crash', 'send_abort_for_kill', 'vacuum_buffer_usage_limit'],
    removed: ['force_parallel_mode', 'promote_trigger_file', 'vacuum_defer_cleanup_age'],
  },
  17: {
    added: ['allow_alter_system', 'commit_timestamp_buffers', 'enable_group_by_reordering', 'event_triggers', 'io_combine_limit',
      'max_notify_queue_pages', 'multixact_member_buffers', 'multixact_offset_buffers', 'notify_buffers', 'serializable_buffers',
      'subtransaction_buffers', 'summarize_wal', 'sync_replication_slots', 'synchronized_standby_slots', 'trace_connection_negotiation',
      'transaction_buffers', 'transaction_timeout', 'wal_summary_keep_time'],
    removed: ['db_user_namespace', 'old_snapshot_threshold', 'trace_recovery_messages'],
  },
};

/** The catalog by lowercase name (PostgreSQL setting names are case-insensitive). */
const BY_LOWER: ReadonlyMap<string, PgSettingInfo> = new Map(Object.entries(POSTGRES_SETTINGS).map(([n, i]) => [n.toLowerCase(), i]));

/** What is known of a setting under `major`: its catalog entry, `'syntax-only'` (new since the catalog's major), or undefined (no such setting). */
function lookup(lowerName: string, major: number): PgSettingInfo | 'syntax-only' | undefined {
  let known = BY_LOWER.has(lowerName);
  let newer = false;
  if (major > CATALOG_MAJOR) {
    for (let m = CATALOG_MAJOR + 1; m <= major; m++) {
      const c = POSTGRES_MAJOR_CHANGES[m];
      if (!c) continue;
      if (c.removed.includes(lowerName)) known = false;
      if (c.added.includes(lowerName)) { known = true; newer = true; }
    }
  } else if (major < CATALOG_MAJOR) {
    for (let m = CATALOG_MAJOR; m > major; m--) {
      const c = POSTGRES_MAJOR_CHANGES[m];
      if (!c) continue;
      if (c.added.includes(lowerName)) known = false;
      if (c.removed.includes(lowerName)) { known = true; newer = true; }
    }
  }
  if (!known) return undefined;
  return newer || !BY_LOWER.has(lowerName) ? 'syntax-only' : BY_LOWER.get(lowerName);
}

/** Whether `name` is a custom setting (`prefix.name`, e.g. an extension's `pg_stat_statements.max`). */
export function isCustomSetting(name: string): boolean {
  return name.includes('.');
}

// --- Parsing as guc.c does ------------------------------------------------------------------------

/** parse_bool: unique prefixes of true/false/yes/no, on/off (at least 2 letters), 1/0; case-insensitive, no blanks. */
export function parsePgBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v.length === 0) return undefined;
  for (const [word, b] of [['true', true], ['false', false], ['yes', true], ['no', false]] as [string, boolean][]) {
    if (word.startsWith(v)) return b;
  }
  if (v === 'on') return true;
  if (v === 'of' || v === 'off') return false;
  if (v === '1') return true;
  if (v === '0') return false;
  return undefined;
}

const MEMORY_UNITS: { readonly [u: string]: number } = { TB: 1024 ** 4, GB: 1024 ** 3, MB: 1024 ** 2, kB: 1024, B: 1 };
const MEMORY_ORDER = ['TB', 'GB', 'MB', 'kB', 'B'];
const TIME_UNITS: { readonly [u: string]: number } = { d: 86400000, h: 3600000, min: 60000, s: 1000, ms: 1, us: 0.001 };
const TIME_ORDER = ['d', 'h', 'min', 's', 'ms', 'us'];
/** A catalog unit (the setting's base unit) in bytes or milliseconds. */
const BASE_UNITS: { readonly [u: string]: { kind: 'memory' | 'time'; size: number } } = {
  'B': { kind: 'memory', size: 1 },
  'kB': { kind: 'memory', size: 1024 },
  '8kB': { kind: 'memory', size: 8192 },
  'MB': { kind: 'memory', size: 1024 ** 2 },
  'ms': { kind: 'time', size: 1 },
  's': { kind: 'time', size: 1000 },
  'min': { kind: 'time', size: 60000 },
};

function unitHint(base: string): string {
  const b = BASE_UNITS[base];
  if (!b) return '';
  // Units smaller than the base unit exist (they round), as in the server's own hint.
  return b.kind === 'memory' ? 'B, kB, MB, GB and TB' : 'us, ms, s, min, h and d';
}

/** convert_to_base_unit: the value in the setting's base unit, or undefined for an unknown unit. */
function toBaseUnit(value: number, unitText: string, base: string): number | undefined {
  const b = BASE_UNITS[base];
  if (!b) return undefined;
  const unit = unitText.trim();
  if (unit.length === 0 || /\s/.test(unit)) return undefined;
  const table = b.kind === 'memory' ? MEMORY_UNITS : TIME_UNITS;
  const order = b.kind === 'memory' ? MEMORY_ORDER : TIME_ORDER;
  if (!Object.prototype.hasOwnProperty.call(table, unit)) return undefined;
  let v = (value * table[unit]) / b.size;
  // A fractional value is rounded to the nearest multiple of the next smaller unit.
  const next = order[order.indexOf(unit) + 1];
  if (next !== undefined) {
    const step = table[next] / b.size;
    v = rint(v / step) * step;
  }
  return v;
}

/** C's rint() in the default rounding mode: to the nearest integer, halves to the even one (2.5 -> 2). */
export function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** C's strtol(value, &end, 0): the number and the rest, or undefined when no digits. */
function strtol(value: string): { n: number; rest: string } | undefined {
  const m = /^[ \t\n\r\f\v]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(value);
  if (!m) return undefined;
  const digits = m[2];
  const n = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  return { n: m[1] === '-' ? -n : n, rest: value.slice(m[0].length) };
}

/** C's strtod (decimal, inf, nan; no hex floats). */
function strtod(value: string): { n: number; rest: string } | undefined {
  const m = /^[ \t\n\r\f\v]*([+-]?)((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan)/i.exec(value);
  if (!m) return undefined;
  const body = m[2].toLowerCase();
  const n = body.startsWith('inf') ? Infinity : body === 'nan' ? NaN : Number(m[2]);
  return { n: m[1] === '-' ? -n : n, rest: value.slice(m[0].length) };
}

/** parse_int / parse_real: the value in the setting's base unit, or an error text. */
function parseNumber(value: string, info: PgSettingInfo): number | string {
  const integer = info.type === 'integer';
  let parsed = integer ? strtol(value) : strtod(value);
  if (integer && parsed && /^[.eE]/.test(parsed.rest)) parsed = strtod(value);
  if (!parsed) return `is not ${integer ? 'an integer' : 'a number'}`;
  if (Number.isNaN(parsed.n)) return 'is not a number (NaN)';
  let n = parsed.n;
  const rest = parsed.rest.trim();
  if (rest.length > 0) {
    if (!info.unit) return `is not ${integer ? 'an integer' : 'a number'}: this setting takes no unit`;
    const converted = toBaseUnit(n, parsed.rest, info.unit);
    if (converted === undefined) return `has an invalid unit "${rest}": valid units for this setting are ${unitHint(info.unit)} (case-sensitive)`;
    n = converted;
  }
  if (integer) {
    n = rint(n);
    if (n > 2147483647 || n < -2147483648) return 'exceeds the integer range';
  }
  return n;
}

function formatRange(info: PgSettingInfo): string {
  const unit = info.unit ? ` (in ${info.unit})` : '';
  const fmt = (x: number | undefined) => (x === undefined ? '?' : x >= 1.79e308 ? 'any' : String(x));
  return `${fmt(info.min)} .. ${fmt(info.max)}${unit}`;
}

/** Enum values the server accepts without listing them: boolean spellings where on/off are listed. */
function enumAccepts(info: PgSettingInfo, value: string): boolean {
  const values = (info.enumValues ?? []).map(v => v.toLowerCase());
  const v = value.toLowerCase();
  if (values.includes(v)) return true;
  return values.includes('on') && values.includes('off') && ['true', 'false', 'yes', 'no', '1', '0'].includes(v);
}

/**
 * Checks the name and value of one setting against the catalog.
 * @returns what is wrong (to follow the value in a message), or undefined.
 */
export function checkPostgresSettingValue(name: string, value: string, major: number): string | undefined {
  if (isCustomSetting(name)) return undefined;
  const info = lookup(name.toLowerCase(), major);
  if (info === undefined) {
    const versions = major === CATALOG_MAJOR ? `${POSTGRES_CATALOG_SERVER}` : `PostgreSQL ${major} (the settings of ${POSTGRES_CATALOG_SERVER}, with those that ${major} adds or removes)`;
    const names = [...BY_LOWER.keys()].filter(n => lookup(n, major) !== undefined);
    for (let m = 14; m <= major; m++) names.push(...(POSTGRES_MAJOR_CHANGES[m]?.added ?? []).filter(n => lookup(n, major) !== undefined));
    const near = closestName(name, names);
    return `is not a PostgreSQL ${major} setting${near ? ` (did you mean "${near}"?)` : ''}: "${name}" is unknown to ${versions}, and the server refuses to start with an unknown setting. Extension settings take the form "prefix.name"`;
  }
  if (info === 'syntax-only') return undefined;
  if (info.context === 'internal') return 'is read-only: compiled into the server or fixed by initdb ("parameter cannot be changed")';
  switch (info.type) {
    case 'boolean':
      if (parsePgBool(value) === undefined) return 'is not a boolean: use on or off (or true/false, yes/no, 1/0)';
      return undefined;
    case 'enum':
      if (!enumAccepts(info, value)) return `is not one of ${(info.enumValues ?? []).join(', ')}`;
      return undefined;
    case 'integer':
    case 'real': {
      const n = parseNumber(value, info);
      if (typeof n === 'string') return n;
      if ((info.min !== undefined && n < info.min) || (info.max !== undefined && n > info.max && info.max < 1.79e308)) {
        return `is outside the valid range ${formatRange(info)}${info.unit ? `: ${n} ${info.unit}` : ''}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Settings that give up durability, by lowercase name: when the value is unsafe, the reason.
 * Refused unless the engine's `allowUnsafeDurabilitySettings` is set.
 */
const UNSAFE: { readonly [name: string]: (value: string) => string | undefined } = {
  fsync: v => (parsePgBool(v) === false ? 'a crash or power loss can corrupt the whole database' : undefined),
  full_page_writes: v => (parsePgBool(v) === false ? 'a crash during a page write leaves torn pages that recovery cannot repair' : undefined),
  synchronous_commit: v => (['off', 'false', 'no', '0'].includes(v.toLowerCase())
    ? 'a crash of the primary loses the last commits it acknowledged (up to 3 x wal_writer_delay), like innodb_flush_log_at_trx_commit != 1 on MySQL/MariaDB'
    : undefined),
  data_sync_retry: v => (parsePgBool(v) === true ? 'retrying a failed fsync can report data as written that the kernel dropped' : undefined),
  zero_damaged_pages: v => (parsePgBool(v) === true ? 'damaged pages are zeroed, destroying their rows' : undefined),
  ignore_checksum_failure: v => (parsePgBool(v) === true ? 'corrupted pages are read as if they were sound' : undefined),
  ignore_invalid_pages: v => (parsePgBool(v) === true ? 'recovery ignores references to invalid pages and can produce a corrupted database' : undefined),
};

/** Names of the settings that can give up durability (for documentation and tests). */
export const UNSAFE_DURABILITY_SETTINGS: readonly string[] = Object.keys(UNSAFE);

/** When `name = value` gives up durability, why; else undefined. */
export function unsafeDurability(name: string, value: string): string | undefined {
  const check = UNSAFE[name.toLowerCase()];
  return check ? check(value.trim()) : undefined;
}
