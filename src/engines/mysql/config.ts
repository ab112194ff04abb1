/**
 * my.cnf rendering for the MySQL family (MySQL 8.0 / 8.4 and MariaDB 10.11 / 11.x).
 *
 * Pure functions, no I/O: the engine calls them at synth time and puts the result in a ConfigMap.
 * Sizes are derived from the container's resources (buffer pool ~50-70 % of memory, redo log from
 * the buffer pool and the volume, connections from memory), plus what GTID replication without a
 * controller needs. One file serves every pod: what differs by pod (server_id, read-only on
 * replicas, the semi-sync role) is passed on the command line by run.sh. User overrides win over
 * derived values; settings cdk8s-db relies on cannot be overridden, and durability settings only
 * accept safe values.
 */
import { MARIADB_VARIABLES } from './catalog.generated';
import { compareSeries, FLAVORS, MysqlFlavorName } from './flavor';
import { checkMariadbOption, mysqlUnsafeDurability } from './settings';

/** Input of {@link renderMyCnf}. */
export interface MysqlConfigInput {
  readonly flavor: MysqlFlavorName;
  /** Release series, e.g. `8.4` or `11.4`. */
  readonly series: string;
  readonly port: number;
  /** Container memory limit, in bytes. */
  readonly memoryBytes: number;
  /** Container CPU limit (or request), in millicores. */
  readonly cpuMillis: number;
  /** Size of the data volume, in bytes. */
  readonly storageBytes: number;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  /** Absolute path of the Unix socket. */
  readonly socketPath: string;
  /** Absolute path of the pid file (prestop.sh signals the pid in it). */
  readonly pidFile: string;
  /** Semi-synchronous replication (run.sh switches it on by role). */
  readonly semiSync: boolean;
  /** User settings: they win over the derived ones. */
  readonly overrides: { [name: string]: string };
  /**
   * Accept overrides that give up durability (sync_binlog, innodb_flush_log_at_trx_commit != 1...).
   * @default false
   */
  readonly allowUnsafeDurabilitySettings?: boolean;
  /** Galera (MariaDB, FailoverMode.AUTOMATIC); undefined: primary/replica GTID replication. */
  readonly galera?: GaleraConfigInput;
}

/** Options of {@link validateMysqlSetting}. */
export interface MysqlSettingCheck {
  /**
   * The flavour: MariaDB settings are checked against the catalog of the real server.
   * @default - syntax, managed settings and durability only
   */
  readonly flavor?: MysqlFlavorName;
  /** Release series, e.g. `10.11`. */
  readonly series?: string;
  /**
   * Accept values that give up durability.
   * @default false
   */
  readonly allowUnsafeDurabilitySettings?: boolean;
}

/** The Galera part of {@link MysqlConfigInput}. */
export interface GaleraConfigInput {
  /** wsrep_cluster_name: the database's name. */
  readonly clusterName: string;
}

/** Where the official mariadb image (and Debian's galera-4) installs the Galera provider. */
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

const MIB = 1024 * 1024;

/** Lowest memory limit the derived settings are meant for. */
export const MIN_MEMORY_BYTES = 128 * MIB;

/** Seconds between a replica's attempts to reach the primary (the servers' default is 60). */
export const CONNECT_RETRY_SECONDS = 2;

/**
 * Settings cdk8s-db owns, by base name (lowercase, `-` as `_`, without the `loose_`, `skip_`,
 * `disable_`, `enable_` or `maximum_` prefix).
 */
const MANAGED: { [base: string]: string } = {
  datadir: 'the data directory is on the volume cdk8s-db mounts',
  socket: 'the probes and scripts connect through the socket cdk8s-db sets',
  port: 'use the engine\'s port property',
  pid_file: 'prestop.sh finds the server through the pid file cdk8s-db sets',
  server_id: 'run.sh derives it from the pod ordinal (use serverIdOffset)',
  read_only: 'run.sh makes replicas read-only and keeps the primary writable',
  super_read_only: 'run.sh makes replicas read-only and keeps the primary writable',
  log_bin: 'GTID replication needs the binary log',
  log_bin_index: 'the binary log names are managed by cdk8s-db',
  relay_log: 'the relay log names are managed by cdk8s-db',
  relay_log_index: 'the relay log names are managed by cdk8s-db',
  gtid_mode: 'GTID replication needs gtid_mode=ON',
  enforce_gtid_consistency: 'GTID replication needs enforce_gtid_consistency=ON',
  gtid_strict_mode: 'replicas rely on gtid_strict_mode=ON to stop on diverging GTIDs instead of silently skipping them',
  log_slave_updates: 'every replica keeps a complete binary log so that it can serve as a source',
  log_replica_updates: 'every replica keeps a complete binary log so that it can serve as a source',
  slave_start: 'replicas must start replication when the server starts',
  replica_start: 'replicas must start replication when the server starts',
  networking: 'replicas and clients connect over TCP',
  grant_tables: 'authentication must stay on',
  plugin_load: 'cdk8s-db loads the plugins replication needs',
  plugin_load_add: 'cdk8s-db loads the plugins replication needs',
  rpl_semi_sync_master_enabled: 'use the engine\'s semiSync property',
  rpl_semi_sync_slave_enabled: 'use the engine\'s semiSync property',
  rpl_semi_sync_source_enabled: 'use the engine\'s semiSync property',
  rpl_semi_sync_replica_enabled: 'use the engine\'s semiSync property',
  wsrep_on: 'FailoverMode.AUTOMATIC runs Galera (MariaDB); FIXED_PRIMARY does not',
  wsrep_provider: 'FailoverMode.AUTOMATIC runs Galera (MariaDB); FIXED_PRIMARY does not',
  wsrep_provider_options: 'galera-start.sh sets the provider options (addresses, pc.recovery, gcache)',
  wsrep_cluster_name: 'the Galera cluster name is the database name',
  wsrep_cluster_address: 'galera-start.sh derives it from the pods\' DNS names',
  wsrep_node_address: 'galera-start.sh derives it from the pod',
  wsrep_node_name: 'galera-start.sh derives it from the pod',
  wsrep_node_incoming_address: 'galera-start.sh derives it from the pod',
  wsrep_sst_method: 'cdk8s-db transfers state with rsync',
  wsrep_sst_receive_address: 'galera-start.sh derives it from the pod',
  wsrep_sst_auth: 'no password is ever written into the configuration',
  wsrep_sst_donor: 'any Synced member may serve a state transfer',
  wsrep_new_cluster: 'galera-start.sh decides when a node bootstraps a cluster',
  wsrep_recover: 'not a server setting',
  user: 'the container already runs as the image\'s mysql user',
  bootstrap: 'not a server setting',
  initialize: 'not a server setting',
  initialize_insecure: 'not a server setting',
  defaults_file: 'not a server setting',
  defaults_extra_file: 'not a server setting',
  no_defaults: 'not a server setting',
};

/**
 * Settings replication depends on, which accept only some values whatever the opt-ins: base
 * name → [accepted lowercase values, reason]. (Durability settings are in settings.ts: refused
 * unless the engine's allowUnsafeDurabilitySettings is set.)
 */
const RESTRICTED: { [base: string]: [string[], string] } = {
  binlog_format: [['row'], 'GTID replication of every statement is only safe with row-based logging'],
  relay_log_recovery: [['on', '1', 'true'], 'a replica must discard a half-written relay log after a crash'],
};

const PREFIXES = ['loose_', 'skip_', 'disable_', 'enable_', 'maximum_'];
const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,127}$/;
/** Values written without quotes. */
const BARE_VALUE = /^[A-Za-z0-9_.,:;/+=@%*-]+$/;

/** Lowercase, `-` as `_`, without option prefixes. */
function baseName(name: string): string {
  let n = name.toLowerCase().replace(/-/g, '_');
  for (let changed = true; changed;) {
    changed = false;
    for (const p of PREFIXES) {
      // `skip_name_resolve` and friends are real names: only strip when something remains.
      if (n.startsWith(p) && n.length > p.length) {
        n = n.slice(p.length);
        changed = true;
      }
    }
  }
  return n;
}

/**
 * Checks one user setting: syntax, the settings cdk8s-db manages, durability, and for MariaDB
 * the name and value against the real server's catalog (see settings.ts).
 *
 * @returns an error message naming the setting, or undefined when the setting is acceptable.
 */
export function validateMysqlSetting(name: string, value: string, check: MysqlSettingCheck = {}): string | undefined {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    return `Invalid MySQL/MariaDB setting name ${JSON.stringify(name)}: names must match ${NAME_PATTERN}`;
  }
  const base = baseName(name);
  if (base in MANAGED) {
    return `MySQL/MariaDB setting "${name}" cannot be overridden: ${MANAGED[base]}`;
  }
  if (typeof value !== 'string') {
    return `Invalid value for MySQL/MariaDB setting "${name}": expected a string`;
  }
  if ([...value].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    return `Invalid value for MySQL/MariaDB setting "${name}": control characters (such as newlines) are not allowed`;
  }
  if (value.length > 4096) {
    return `Invalid value for MySQL/MariaDB setting "${name}": longer than 4096 characters`;
  }
  if (check.flavor === 'mariadb') {
    const problem = checkMariadbOption(name, value, check.series ?? '');
    if (problem) {
      return problem.startsWith('is not a MariaDB option')
        ? `Unknown MariaDB setting "${name}" (value "${value}"): ${problem}`
        : `Invalid value "${value}" for MariaDB setting "${name}": ${problem}`;
    }
  }
  const restricted = RESTRICTED[base];
  if (restricted && !restricted[0].includes(value.trim().toLowerCase())) {
    return `Invalid value "${value}" for MySQL/MariaDB setting "${name}": only ${restricted[0].map(v => v.toUpperCase()).join(' or ')} is accepted (${restricted[1]})`;
  }
  const unsafe = mysqlUnsafeDurability(name, value);
  if (unsafe && !check.allowUnsafeDurabilitySettings) {
    return `MySQL/MariaDB setting "${name}" = "${value}" gives up durability (${unsafe}): refused unless the engine's allowUnsafeDurabilitySettings is true`;
  }
  return undefined;
}

interface Setting {
  readonly name: string;
  readonly value: string;
  readonly comment?: string;
}

interface Section {
  readonly title: string;
  readonly settings: Setting[];
}

/** The derived numbers, exposed for tests and documentation. */
export interface MysqlSizing {
  readonly bufferPoolMiB: number;
  readonly bufferPoolInstances: number;
  readonly redoLogMiB: number;
  readonly maxConnections: number;
  readonly maxBinlogMiB: number;
  readonly tmpTableMiB: number;
  readonly performanceSchema: boolean;
}

/** Buffer pool, redo log, connections... derived from memory and volume size. */
export function mysqlSizing(input: Pick<MysqlConfigInput, 'flavor' | 'memoryBytes' | 'storageBytes'>): MysqlSizing {
  const memMiB = Math.floor(input.memoryBytes / MIB);
  const storageMiB = Math.floor(input.storageBytes / MIB);
  const isMysql = input.flavor === 'mysql';
  // MySQL's performance_schema takes ~100-200 MiB by itself: off below 1 GiB (MariaDB's is off by default).
  const performanceSchema = isMysql && memMiB >= 1024;
  // ~100 connections per GiB, each allowed ~1 MiB idle plus its buffers when busy.
  const maxConnections = clamp(Math.floor((memMiB * 100) / 1024), 20, 1000);
  // What the server needs besides the buffer pool (code, dictionaries, performance_schema, caches).
  const reserveMiB = isMysql ? (performanceSchema ? 256 : 128) : 96;
  const ratio = memMiB >= 8192 ? 0.7 : memMiB >= 2048 ? 0.625 : 0.5;
  let bufferPoolMiB = Math.max(32, Math.floor(Math.min(memMiB * ratio, memMiB - reserveMiB - maxConnections)));
  let bufferPoolInstances = 1;
  if (isMysql) {
    // MySQL rounds the pool UP to a multiple of chunk size (128 MiB) x instances: round down here
    // so the pool never grows past what the memory limit allows.
    bufferPoolInstances = clamp(Math.floor(bufferPoolMiB / 2048), 1, 8);
    const granule = 128 * bufferPoolInstances;
    if (bufferPoolMiB >= granule) bufferPoolMiB = Math.floor(bufferPoolMiB / granule) * granule;
  } else {
    bufferPoolMiB = Math.floor(bufferPoolMiB / 8) * 8;
  }
  // Redo: half the buffer pool, at most 1/20 of the volume, 48 MiB to 4 GiB.
  const redoLogMiB = clamp(Math.min(Math.floor(bufferPoolMiB / 2), Math.floor(storageMiB / 20)), 48, 4096);
  // Binlog files: 1/32 of the volume each, 16 MiB to 1 GiB, so a small volume never holds a few huge files.
  const maxBinlogMiB = clamp(Math.floor(storageMiB / 32), 16, 1024);
  const tmpTableMiB = clamp(Math.floor(memMiB / 32), 16, 256);
  return { bufferPoolMiB, bufferPoolInstances, redoLogMiB, maxConnections, maxBinlogMiB, tmpTableMiB, performanceSchema };
}

function deriveSettings(input: MysqlConfigInput): Section[] {
  const isMysql = input.flavor === 'mysql';
  const memMiB = Math.floor(input.memoryBytes / MIB);
  const z = mysqlSizing(input);
  const s = (name: string, value: string | number, comment?: string): Setting => ({ name, value: String(value), comment });
  const m = (n: number) => `${n}M`;
  const plugins = isMysql ? ['mysql_clone.so', ...(input.semiSync ? ['semisync_source.so', 'semisync_replica.so'] : [])] : [];
  const semi = isMysql ? 'source' : 'master';
  const replicaWord = isMysql ? 'replica' : 'slave';

  return [
    {
      title: 'Files and network',
      settings: [
        s('datadir', input.dataDir),
        s('socket', input.socketPath),
        s('pid_file', input.pidFile),
        s('port', input.port),
        s('bind_address', '0.0.0.0'),
        s('skip_name_resolve', 'ON', 'grants use addresses; no DNS lookup per connection'),
        s('max_connections', z.maxConnections),
        s('max_allowed_packet', '64M'),
        s('local_infile', 'OFF'),
        ...(isMysql ? [s('mysqlx', 'OFF', 'the X protocol port is not exposed')] : [s('character_set_server', 'utf8mb4')]),
      ],
    },
    {
      title: `Memory (container limit ${memMiB} MiB)`,
      settings: [
        s('innodb_buffer_pool_size', m(z.bufferPoolMiB)),
        ...(isMysql ? [s('innodb_buffer_pool_instances', z.bufferPoolInstances)] : []),
        s('tmp_table_size', m(z.tmpTableMiB)),
        s('max_heap_table_size', m(z.tmpTableMiB)),
        s('key_buffer_size', '8M', 'MyISAM is not used'),
        ...(isMysql
          ? [
            s('temptable_max_ram', m(clamp(Math.floor(memMiB / 16), 16, 1024))),
            s('performance_schema', z.performanceSchema ? 'ON' : 'OFF', z.performanceSchema ? undefined : 'needs ~100-200 MiB: off below 1 GiB'),
          ]
          : [s('aria_pagecache_buffer_size', m(clamp(Math.floor(memMiB / 16), 8, 128)), 'system tables and on-disk temporary tables')]),
      ],
    },
    {
      title: 'Durability',
      settings: [
        s('innodb_flush_log_at_trx_commit', 1),
        s('sync_binlog', 1),
        // MySQL 8.0.30+ sizes the redo log with one setting; MariaDB has a single log file.
        isMysql ? s('innodb_redo_log_capacity', m(z.redoLogMiB)) : s('innodb_log_file_size', m(z.redoLogMiB)),
      ],
    },
    {
      title: 'Binary log and GTID replication',
      settings: [
        s('log_bin', 'binlog'),
        s('binlog_format', 'ROW'),
        s('max_binlog_size', m(z.maxBinlogMiB)),
        s('binlog_expire_logs_seconds', 7 * 24 * 3600),
        ...(isMysql
          ? [s('gtid_mode', 'ON'), s('enforce_gtid_consistency', 'ON'), s('log_replica_updates', 'ON')]
          : input.galera
            // Galera orders and applies the writes; the binlog only serves backups (position).
            ? [s('log_slave_updates', 'ON', 'writes from the other Galera nodes are logged too')]
            : [s('gtid_strict_mode', 'ON'), s('log_slave_updates', 'ON')]),
        s('relay_log', 'relay-bin'),
        s('relay_log_recovery', 'ON'),
        s(`${replicaWord}_net_timeout`, 30, 'a silent primary is noticed within 30 s (heartbeats every 15 s)'),
        ...(isMysql
          ? [s('replica_preserve_commit_order', 'ON')]
          : [s('master_retry_count', 1000000, `with MASTER_CONNECT_RETRY=${CONNECT_RETRY_SECONDS}: keep retrying for weeks`)]),
        ...(!isMysql && compareSeries(input.series, '11.4') >= 0
          ? [s('loose_slave_connections_needed_for_purge', 0, 'purge by age even when no replica is connected')]
          : []),
        ...(plugins.length > 0 ? [s('plugin_load_add', plugins.join(';'), 'clone: new replicas copy the primary')] : []),
      ],
    },
    ...(input.semiSync
      ? [{
        title: 'Semi-synchronous replication (switched on by run.sh: primary waits, replicas acknowledge)',
        // MySQL's come from a plugin that `mysqld --initialize` does not load: `loose_` keeps
        // the initialization from failing on them (MariaDB's are built in).
        settings: [
          s(`${isMysql ? 'loose_' : ''}rpl_semi_sync_${semi}_wait_point`, 'AFTER_SYNC', 'lossless: commit is visible only after a replica has it'),
          s(`${isMysql ? 'loose_' : ''}rpl_semi_sync_${semi}_timeout`, 10000, 'ms; then asynchronous until a replica catches up'),
        ],
      }]
      : []),
    ...(input.galera
      ? [{
        title: 'Galera (FailoverMode.AUTOMATIC; galera-start.sh adds the cluster address, node addresses and provider options)',
        settings: [
          s('wsrep_on', 'ON'),
          s('wsrep_provider', GALERA_PROVIDER),
          s('wsrep_cluster_name', input.galera.clusterName),
          s('wsrep_sst_method', 'rsync', 'a joiner copies a donor\'s files; no SST user or password'),
          s('innodb_autoinc_lock_mode', 2, 'required by Galera (interleaved)'),
          s('wsrep_sync_wait', 1, 'reads wait until the node has applied every write committed before them (read-your-writes on every node)'),
          s('wsrep_slave_threads', clamp(Math.floor(input.cpuMillis / 500), 1, 8)),
        ],
      }]
      : []),
  ];
}

/** Renders my.cnf: deterministic, same input gives the same bytes. */
export function renderMyCnf(input: MysqlConfigInput): string {
  validateInput(input);
  const overrides = input.overrides ?? {};
  // Overrides match derived settings by name, with or without the `loose_` prefix and with `-` or `_`.
  const matchKey = (name: string) => name.toLowerCase().replace(/-/g, '_').replace(/^loose_/, '');
  const byKey = new Map<string, string>();
  for (const name of Object.keys(overrides)) {
    const check = { flavor: input.flavor, series: input.series, allowUnsafeDurabilitySettings: input.allowUnsafeDurabilitySettings };
    const error = validateMysqlSetting(name, overrides[name], check);
    if (error) throw new Error(error);
    const key = matchKey(name);
    if (byKey.has(key)) throw new Error(`MySQL/MariaDB setting "${name}" is given twice (as "${byKey.get(key)}" too)`);
    byKey.set(key, name);
  }
  checkBufferPool(input, overrides);

  const title = FLAVORS[input.flavor].title;
  const used = new Set<string>();
  const lines: string[] = [
    '# Generated by cdk8s-db. Do not edit: this file is rewritten on every synth.',
    `# ${title} ${input.series}; derived from memory ${Math.floor(input.memoryBytes / MIB)} MiB, CPU ${input.cpuMillis}m, ` +
      `volume ${Math.floor(input.storageBytes / MIB)} MiB (never from the replica count: scaling rewrites nothing).`,
    '# run.sh adds per pod: --server-id (ordinal + offset), read-only on replicas, the semi-sync role.',
    '[mysqld]',
  ];
  for (const section of deriveSettings(input)) {
    lines.push('', `# ${section.title}`);
    for (const st of section.settings) {
      used.add(matchKey(st.name));
      const userName = byKey.get(matchKey(st.name));
      if (userName !== undefined) {
        lines.push(`${st.name} = ${renderValue(overrides[userName])}  # override (derived: ${st.value})`);
      } else {
        lines.push(`${st.name} = ${renderValue(st.value)}${st.comment ? `  # ${st.comment}` : ''}`);
      }
    }
  }
  const extra = [...byKey.keys()].filter(k => !used.has(k)).sort();
  if (extra.length > 0) {
    lines.push('', '# Overrides');
    for (const key of extra) {
      const name = byKey.get(key)!;
      lines.push(`${name.toLowerCase().replace(/-/g, '_')} = ${renderValue(overrides[name])}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Every [mysqld] setting of the rendered my.cnf with its raw value (overrides applied): [name as written, value]. */
export function effectiveMysqlSettings(input: MysqlConfigInput): [string, string][] {
  const overrides = input.overrides ?? {};
  const matchKey = (name: string) => name.toLowerCase().replace(/-/g, '_').replace(/^loose_/, '');
  const byKey = new Map<string, string>();
  for (const name of Object.keys(overrides)) byKey.set(matchKey(name), name);
  const used = new Set<string>();
  const out: [string, string][] = [];
  for (const section of deriveSettings(input)) {
    for (const st of section.settings) {
      used.add(matchKey(st.name));
      const userName = byKey.get(matchKey(st.name));
      out.push([st.name, userName !== undefined ? overrides[userName] : String(st.value)]);
    }
  }
  for (const key of [...byKey.keys()].filter(k => !used.has(k)).sort()) {
    const name = byKey.get(key)!;
    out.push([name.toLowerCase().replace(/-/g, '_'), overrides[name]]);
  }
  return out;
}

/** The system variable a my.cnf option sets, when there is one: lowercase, `_`, no `loose_`. */
function variableOf(name: string): string {
  return name.toLowerCase().replace(/-/g, '_').replace(/^loose_/, '');
}

/**
 * Whether changing a [mysqld] setting needs a restart. MariaDB: unless the catalog generated from
 * the real server (catalog.generated.ts, information_schema.SYSTEM_VARIABLES) lists it as a
 * global variable that is not read-only. MySQL (no catalog here) and unknown names: always
 * (the safe side).
 */
export function mysqlSettingNeedsRestart(flavor: MysqlFlavorName, name: string): boolean {
  if (flavor !== 'mariadb') return true;
  const v = variableOf(name);
  const info = Object.prototype.hasOwnProperty.call(MARIADB_VARIABLES, v) ? MARIADB_VARIABLES[v] : undefined;
  return info === undefined || info.readOnly || info.scope === 'SESSION ONLY';
}

/** The restart-requiring part of my.cnf, sorted `name = value` lines: what the config-hash covers. */
export function mysqlRestartConfig(input: MysqlConfigInput): string {
  return effectiveMysqlSettings(input).filter(([n]) => mysqlSettingNeedsRestart(input.flavor, n))
    .map(([n, v]) => `${n} = ${v}`).sort().join('\n') + '\n';
}

/**
 * The settings config-reload.sh applies live with SET GLOBAL, one `variable<TAB>value` line each,
 * the value as SET GLOBAL takes it and SHOW GLOBAL VARIABLES shows it: sizes in bytes (64M ->
 * 67108864), booleans ON/OFF, other words as written (compared case-insensitively). Empty for MySQL.
 */
export function mysqlDynamicSettings(input: MysqlConfigInput): string {
  const lines: string[] = [];
  for (const [name, raw] of effectiveMysqlSettings(input)) {
    if (mysqlSettingNeedsRestart(input.flavor, name)) continue;
    const v = variableOf(name);
    const info = MARIADB_VARIABLES[v];
    let value = raw.trim();
    if (info.type === 'BOOLEAN') {
      value = ['on', '1', 'true', 'yes'].includes(value.toLowerCase()) ? 'ON' : 'OFF';
    } else if (/INT|DOUBLE/.test(info.type)) {
      const bytes = parseSize(value);
      if (bytes !== undefined) value = String(bytes);
    }
    lines.push(`${v}\t${value}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** An overridden buffer pool must leave room for the rest of the server. */
function checkBufferPool(input: MysqlConfigInput, overrides: { [name: string]: string }): void {
  for (const [name, value] of Object.entries(overrides)) {
    if (baseName(name) !== 'innodb_buffer_pool_size') continue;
    const bytes = parseSize(value);
    if (bytes === undefined) {
      throw new Error(`Invalid value "${value}" for MySQL/MariaDB setting "${name}": expected a size such as 512M or 2G`);
    }
    if (bytes > input.memoryBytes * 0.9) {
      throw new Error(`Invalid value "${value}" for MySQL/MariaDB setting "${name}": larger than 90% of the container memory (${Math.floor(input.memoryBytes / MIB)} MiB)`);
    }
  }
}

/** Parses `123`, `64K`, `512M`, `2G`, `1T` (option-file size syntax). */
export function parseSize(value: string): number | undefined {
  const m = /^(\d+)([kmgt]?)$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = { '': 1, 'k': 1024, 'm': MIB, 'g': 1024 * MIB, 't': 1024 * 1024 * MIB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * unit;
}

/**
 * Option-file value: bare when it is a simple word, else double-quoted with `\` and `"` escaped
 * (both servers strip the quotes and honour those escapes; `#` inside quotes is not a comment).
 */
function renderValue(v: string): string {
  if (v === '' || BARE_VALUE.test(v)) return v;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function validateInput(input: MysqlConfigInput): void {
  const flavor = FLAVORS[input.flavor];
  if (!flavor) throw new Error(`Invalid MySQL config input flavor=${JSON.stringify(input.flavor)}: expected "mysql" or "mariadb"`);
  if (!flavor.series.includes(input.series)) {
    throw new Error(`Invalid ${flavor.title} config input series=${JSON.stringify(input.series)}: expected one of ${flavor.series.join(', ')}`);
  }
  const int = (field: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new Error(`Invalid ${flavor.title} config input ${field}=${v}: expected an integer from ${lo} to ${hi}`);
    }
  };
  int('port', input.port, 1, 65535);
  if (!Number.isFinite(input.memoryBytes) || input.memoryBytes < MIN_MEMORY_BYTES) {
    throw new Error(`Invalid ${flavor.title} config input memoryBytes=${input.memoryBytes}: needs at least ${MIN_MEMORY_BYTES} bytes (128Mi)`);
  }
  if (!Number.isFinite(input.cpuMillis) || input.cpuMillis <= 0) {
    throw new Error(`Invalid ${flavor.title} config input cpuMillis=${input.cpuMillis}: expected a positive number`);
  }
  if (!Number.isFinite(input.storageBytes) || input.storageBytes < 256 * MIB) {
    throw new Error(`Invalid ${flavor.title} config input storageBytes=${input.storageBytes}: expected at least 256Mi`);
  }
  for (const [field, v] of [['dataDir', input.dataDir], ['socketPath', input.socketPath], ['pidFile', input.pidFile]]) {
    if (typeof v !== 'string' || !/^\/[A-Za-z0-9._/-]*$/.test(v)) {
      throw new Error(`Invalid ${flavor.title} config input ${field}=${JSON.stringify(v)}: expected an absolute path of letters, digits, '.', '_', '-' and '/'`);
    }
  }
}
