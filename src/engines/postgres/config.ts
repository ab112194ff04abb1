/**
 * postgresql.conf and pg_hba.conf rendering for the PostgreSQL engine.
 *
 * Pure functions, no I/O: the engine calls them at synth time and puts the result in a ConfigMap.
 * The settings are derived from the container's resources the way the well-known tuning guides
 * (PGTune, the PostgreSQL wiki "Tuning Your PostgreSQL Server") do, plus what streaming replication
 * without a controller needs. User overrides win over every derived value.
 */

import { POSTGRES_SETTINGS } from './catalog.generated';
import { CATALOG_MAJOR, checkPostgresSettingValue, unsafeDurability } from './settings';

/** Input of {@link renderPostgresqlConf}. */
export interface PostgresConfigInput {
  /** PostgreSQL major version, 14 to 17. */
  readonly majorVersion: number;
  /** Port the server listens on. */
  readonly port: number;
  /** Container memory limit, in bytes. */
  readonly memoryBytes: number;
  /** Container CPU limit (or request), in millicores. */
  readonly cpuMillis: number;
  /** Size of the data volume, in bytes. (Nothing here depends on the replica count: scaling must not change the file.) */
  readonly storageBytes: number;
  /** Directory of the Unix-domain socket, e.g. /var/run/postgresql. */
  readonly socketDir: string;
  /** Absolute path where pg_hba.conf is mounted. */
  readonly hbaFile: string;
  /** DNS name of pod 0 (the primary). */
  readonly primaryHost: string;
  /** Port of the primary. */
  readonly primaryPort: number;
  /** Role the standbys connect as. */
  readonly replicationUser: string;
  /** Absolute path of the libpq passfile the scripts write (holds the replication password). */
  readonly passfile: string;
  /** User settings: they win over the derived ones. */
  readonly overrides: { [key: string]: string };
  /**
   * Accept overrides that give up durability (fsync, full_page_writes, synchronous_commit = off...).
   * @default false
   */
  readonly allowUnsafeDurabilitySettings?: boolean;
  /** Serve TLS with these files; standbys verify the primary's name against the CA. */
  readonly tls?: PostgresTls;
}

/** Server certificate, key and CA (PEM files) and whether TLS is mandatory. */
export interface PostgresTls {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** pg_hba.conf refuses TCP connections without TLS (see {@link renderPgHba}). */
  readonly require: boolean;
}

/** Input of {@link renderPgHba}. */
export interface PgHbaInput {
  /** The only role allowed to open replication connections. */
  readonly replicationUser: string;
  /**
   * Refuse TCP connections without TLS, except the monitoring role's over loopback (the
   * exporter sidecar in the same pod; that traffic never leaves the pod).
   */
  readonly requireTls?: boolean;
  /** Role of the in-pod exporter; only used with `requireTls`. */
  readonly monitoringUser?: string;
  /**
   * The read-only role: it may connect (socket or TCP) to `appDatabase` only. Undefined: no
   * lines for it.
   */
  readonly readonlyUser?: string;
  /** The application database, the only one `readonlyUser` reaches. */
  readonly appDatabase?: string;
}

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/** Lowest memory limit the derived settings are meant for. */
export const MIN_MEMORY_BYTES = 128 * MIB;

/**
 * wal_receiver_timeout and wal_sender_timeout, in seconds: a dead peer is noticed within this time.
 * An idle standby pings its primary after half of it, so a readiness "silence" bound must stay above
 * half of wal_receiver_timeout (readiness.sh uses 3/4 of the running value unless told otherwise).
 */
export const WAL_TIMEOUT_SECONDS = 15;

/** WAL senders and replication slots: enough for the 99-pod maximum (98 standbys) plus clones in progress. */
export const MAX_WAL_SENDERS = 128;
export const MAX_REPLICATION_SLOTS = 128;

/**
 * max_slot_wal_keep_size in MiB: a fifth of the volume (128 MiB to 64 GiB). With max_wal_size at a
 * tenth, WAL never takes more than ~30% of the volume, however many standbys are dead.
 */
export function slotWalKeepMiB(storageBytes: number): number {
  return clamp(Math.floor(storageBytes / MIB / 5), 128, 64 * 1024);
}

/** Settings cdk8s-db owns: they follow from the construct's properties and cannot be overridden. */
const MANAGED_SETTINGS: { [name: string]: string } = {
  config_file: 'the config file is passed on the command line by run.sh',
  data_directory: 'the data directory is PGDATA',
  hba_file: 'pg_hba.conf is rendered and mounted by cdk8s-db',
  port: 'use the construct\'s port property',
  unix_socket_directories: 'the probes and scripts connect through the socket directory cdk8s-db mounts',
  cluster_name: 'run.sh sets it to the pod name, which standbys use as application_name',
  primary_conninfo: 'standbys connect to pod 0 with the replication user and passfile cdk8s-db manages',
  primary_slot_name: 'run.sh sets it per pod: each standby streams through its own replication slot',
  include: '"include" is a directive, not a setting',
  include_dir: '"include_dir" is a directive, not a setting',
  include_if_exists: '"include_if_exists" is a directive, not a setting',
};

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const NAME_SEGMENTS = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const ROLE_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
const BOOLEAN_TRUE = ['on', 'true', 'yes', '1', 't', 'y'];

/** Options of {@link validatePostgresSetting}. */
export interface PostgresSettingCheck {
  /**
   * Major version the setting is checked for (names known to that major, values by the catalog).
   * @default the catalog's major (15)
   */
  readonly majorVersion?: number;
  /**
   * Accept values that give up durability.
   * @default false
   */
  readonly allowUnsafeDurabilitySettings?: boolean;
}

/**
 * Checks one user setting: its name and value against the server's catalog (unknown names,
 * types, units, ranges, enum values), the settings cdk8s-db manages, and durability.
 * Names are case-insensitive, as PostgreSQL's are.
 *
 * @returns an error message naming the setting, or undefined when the setting is acceptable.
 */
export function validatePostgresSetting(name: string, value: string, check: PostgresSettingCheck = {}): string | undefined {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    return `Invalid PostgreSQL setting name ${JSON.stringify(name)}: names must match ${NAME_PATTERN}`;
  }
  if (!NAME_SEGMENTS.test(name)) {
    return `Invalid PostgreSQL setting name "${name}": each dot-separated part must be a non-empty identifier`;
  }
  const lower = name.toLowerCase();
  if (lower in MANAGED_SETTINGS) {
    return `PostgreSQL setting "${name}" cannot be overridden: ${MANAGED_SETTINGS[lower]}`;
  }
  if (typeof value !== 'string') {
    return `Invalid value for PostgreSQL setting "${name}": expected a string`;
  }
  if ([...value].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    return `Invalid value for PostgreSQL setting "${name}": control characters (such as newlines) are not allowed`;
  }
  if (value.length > 4096) {
    return `Invalid value for PostgreSQL setting "${name}": longer than 4096 characters`;
  }
  const major = check.majorVersion ?? CATALOG_MAJOR;
  const problem = checkPostgresSettingValue(name, value, major);
  if (problem) {
    return problem.startsWith('is not a PostgreSQL')
      ? `Unknown PostgreSQL setting "${name}" (value "${value}"): ${problem}`
      : `Invalid value "${value}" for PostgreSQL setting "${name}": ${problem}`;
  }
  const unsafe = unsafeDurability(name, value);
  if (unsafe && !check.allowUnsafeDurabilitySettings) {
    return `PostgreSQL setting "${name}" = "${value}" gives up durability (${unsafe}): refused unless the engine's allowUnsafeDurabilitySettings is true`;
  }
  const v = value.trim().toLowerCase();
  switch (lower) {
    case 'wal_level':
      if (v !== 'replica' && v !== 'logical') {
        return `Invalid value "${value}" for PostgreSQL setting "wal_level": streaming replication needs "replica" or "logical"`;
      }
      break;
    case 'hot_standby':
      if (!BOOLEAN_TRUE.includes(v)) {
        return `Invalid value "${value}" for PostgreSQL setting "hot_standby": replicas must accept read-only connections (readiness and reads need it)`;
      }
      break;
    case 'password_encryption':
      if (v !== 'scram-sha-256') {
        return `Invalid value "${value}" for PostgreSQL setting "password_encryption": pg_hba.conf requires scram-sha-256`;
      }
      break;
    case 'max_wal_senders':
      if (!/^\d+$/.test(v) || Number(v) < 1) {
        return `Invalid value "${value}" for PostgreSQL setting "max_wal_senders": streaming replication needs at least 1`;
      }
      break;
    default:
      break;
  }
  return undefined;
}

/**
 * The overrides by lowercase name (PostgreSQL names are case-insensitive), so that an override
 * replaces the derived line of the same setting; two spellings of one setting are refused.
 */
function normalizeOverrides(overrides: { [key: string]: string } | undefined): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  const spelled: { [key: string]: string } = {};
  for (const [name, value] of Object.entries(overrides ?? {})) {
    const lower = name.toLowerCase();
    if (lower in spelled) throw new Error(`PostgreSQL setting "${name}" is given twice (as "${spelled[lower]}" too): setting names are case-insensitive`);
    spelled[lower] = name;
    out[lower] = value;
  }
  return out;
}

/** Renders postgresql.conf: deterministic, same input gives the same bytes. */
export function renderPostgresqlConf(input: PostgresConfigInput): string {
  validateInput(input);
  for (const [name, value] of Object.entries(input.overrides ?? {})) {
    const check = { majorVersion: input.majorVersion, allowUnsafeDurabilitySettings: input.allowUnsafeDurabilitySettings };
    const error = validatePostgresSetting(name, value, check);
    if (error) {
      throw new Error(error);
    }
  }
  const overrides = normalizeOverrides(input.overrides);

  const sections = deriveSettings(input);
  const used = new Set<string>();
  const lines: string[] = [
    '# Generated by cdk8s-db. Do not edit: this file is rewritten on every synth.',
    `# PostgreSQL ${input.majorVersion}; derived from memory ${formatMiB(input.memoryBytes)}, CPU ${input.cpuMillis}m, ` +
      `volume ${formatMiB(input.storageBytes)} (never from the replica count: scaling rewrites nothing).`,
    '# Settings under "overrides" win over derived values. data_checksums is an initdb option (bootstrap.sh).',
  ];
  for (const section of sections) {
    lines.push('', `# ${section.title}`);
    for (const s of section.settings) {
      used.add(s.name);
      if (Object.prototype.hasOwnProperty.call(overrides, s.name)) {
        lines.push(`${s.name} = ${quote(overrides[s.name])}  # override (derived: ${s.value})`);
      } else {
        lines.push(`${s.name} = ${s.value}`);
      }
    }
  }
  const extra = Object.keys(overrides).filter(n => !used.has(n)).sort();
  if (extra.length > 0) {
    lines.push('', '# Overrides');
    for (const name of extra) {
      lines.push(`${name} = ${quote(overrides[name])}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Every setting of the rendered postgresql.conf with its value as written (overrides applied), by name. */
export function effectivePostgresSettings(input: PostgresConfigInput): [string, string][] {
  const overrides = normalizeOverrides(input.overrides);
  const out: [string, string][] = [];
  const used = new Set<string>();
  for (const section of deriveSettings(input)) {
    for (const s of section.settings) {
      used.add(s.name);
      out.push([s.name, Object.prototype.hasOwnProperty.call(overrides, s.name) ? quote(overrides[s.name]) : s.value]);
    }
  }
  for (const name of Object.keys(overrides).filter(n => !used.has(n)).sort()) out.push([name, quote(overrides[name])]);
  return out;
}

/**
 * Whether changing `name` needs a server restart: its context is `postmaster` in the catalog
 * generated from the real server (catalog.generated.ts). Unknown names (other versions'
 * settings, extensions' `prefix.name`) count as needing one: the safe side.
 */
export function postgresSettingNeedsRestart(name: string): boolean {
  const known = Object.keys(POSTGRES_SETTINGS).find(n => n.toLowerCase() === name.toLowerCase());
  const info = known === undefined ? undefined : POSTGRES_SETTINGS[known];
  return info === undefined || info.context === 'postmaster' || info.context === 'internal';
}

/**
 * The restart-requiring part of postgresql.conf, one `name = value` line each, sorted: what the
 * pod template's config-hash covers. Everything else is applied live by a reload (liveness.sh ->
 * config-reload.sh) when the mounted ConfigMap changes, without restarting the pod.
 */
export function postgresRestartConfig(input: PostgresConfigInput): string {
  return effectivePostgresSettings(input).filter(([n]) => postgresSettingNeedsRestart(n))
    .map(([n, v]) => `${n} = ${v}`).sort().join('\n') + '\n';
}

/**
 * Renders pg_hba.conf. First match wins:
 * - replication connections only for the replication role (scram-sha-256), all other replication rejected;
 * - local (socket) connections: database role `postgres` through peer (the postgres OS user); the
 *   read-only role only to the application database; others scram-sha-256;
 * - TCP connections (IPv4 and IPv6): the superuser `postgres` rejected (it is reachable only over
 *   the socket), the read-only role only to the application database, everyone else scram-sha-256.
 * Nothing uses trust; anything not matched is rejected by PostgreSQL.
 */
export function renderPgHba(input: PgHbaInput): string {
  const user = input.replicationUser;
  if (!ROLE_PATTERN.test(user) || user === 'postgres' || user === 'all') {
    throw new Error(`Invalid replication user ${JSON.stringify(user)}: must match ${ROLE_PATTERN} and not be "postgres" or "all"`);
  }
  const ro = readonlyRows(input);
  if (input.requireTls) return renderPgHbaTlsRequired(user, input.monitoringUser, ro);
  return formatPgHba(pgHbaSections(user, ro, 'host'), [7, 13, Math.max(10, user.length + 4, ro.width), 11], []);
}

/**
 * The sections both forms share; `allow` is the TCP keyword of accepted rows (`host`, or
 * `hostssl` when TLS is required), rejections always `host` (any TCP connection).
 */
function pgHbaSections(user: string, ro: ReturnType<typeof readonlyRows>, allow: string): [string, string[][]][] {
  const overTls = allow === 'hostssl' ? ', over TLS' : '';
  return [
    [`# Replication: only the replication role, with a password${overTls}.`, [
      ['local', 'replication', `"${user}"`, '', 'scram-sha-256'],
      [allow, 'replication', `"${user}"`, '0.0.0.0/0', 'scram-sha-256'],
      [allow, 'replication', `"${user}"`, '::/0', 'scram-sha-256'],
      ['local', 'replication', 'all', '', 'reject'],
      ['host', 'replication', 'all', '0.0.0.0/0', 'reject'],
      ['host', 'replication', 'all', '::/0', 'reject'],
    ]],
    [`# Local socket: the postgres OS user as superuser (probes, scripts)${ro.local.length ? ', the read-only role to its database only' : ''}, everyone else with a password.`, [
      ['local', 'all', 'postgres', '', 'peer'],
      ...ro.local,
      ['local', 'all', 'all', '', 'scram-sha-256'],
    ]],
    [`# TCP: never the superuser (only over the socket)${ro.local.length ? ', the read-only role to its database only' : ''}.`, [
      ['host', 'all', 'postgres', '0.0.0.0/0', 'reject'],
      ['host', 'all', 'postgres', '::/0', 'reject'],
      ...ro.tcp(allow),
    ]],
    [`# TCP: password (SCRAM)${allow === 'hostssl' ? ' over TLS' : ''} from anywhere; NetworkPolicies decide who can reach the port.`, [
      [allow, 'all', 'all', '0.0.0.0/0', 'scram-sha-256'],
      [allow, 'all', 'all', '::/0', 'scram-sha-256'],
    ]],
  ];
}

function formatPgHba(sections: [string, string[][]][], widths: number[], notes: string[]): string {
  const fmt = (r: string[]) => r.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join(' ').trimEnd();
  const lines = [
    '# Generated by cdk8s-db. Do not edit: this file is rewritten on every synth.',
    '# First match wins. Nothing uses trust; connections matching no line are rejected.',
    ...notes,
    fmt(['# TYPE', 'DATABASE', 'USER', 'ADDRESS', 'METHOD']),
  ];
  for (const [title, r] of sections) lines.push('', title, ...r.map(fmt));
  return [...lines, ''].join('\n');
}

/** The read-only role's lines: its database with a password, every other database rejected. */
function readonlyRows(input: PgHbaInput): { local: string[][]; tcp: (allow: string) => string[][]; width: number } {
  const ro = input.readonlyUser;
  if (ro === undefined) return { local: [], tcp: () => [], width: 0 };
  const db = input.appDatabase;
  if (!ROLE_PATTERN.test(ro) || ['postgres', 'all', input.replicationUser].includes(ro)) {
    throw new Error(`Invalid read-only user ${JSON.stringify(ro)}: must match ${ROLE_PATTERN} and not be "postgres", "all" or the replication user`);
  }
  if (db === undefined || !ROLE_PATTERN.test(db) || ['all', 'sameuser', 'samerole', 'samegroup', 'replication'].includes(db)) {
    throw new Error(`Invalid application database ${JSON.stringify(db)} for the read-only user: must match ${ROLE_PATTERN}`);
  }
  return {
    local: [
      ['local', `"${db}"`, `"${ro}"`, '', 'scram-sha-256'],
      ['local', 'all', `"${ro}"`, '', 'reject'],
    ],
    tcp: (allow: string) => [
      [allow, `"${db}"`, `"${ro}"`, '0.0.0.0/0', 'scram-sha-256'],
      [allow, `"${db}"`, `"${ro}"`, '::/0', 'scram-sha-256'],
      ['host', 'all', `"${ro}"`, '0.0.0.0/0', 'reject'],
      ['host', 'all', `"${ro}"`, '::/0', 'reject'],
    ],
    width: Math.max(ro.length, db.length) + 4,
  };
}

/** pg_hba.conf when TLS is required: same rules, TCP only over TLS (hostssl), plain TCP rejected. */
function renderPgHbaTlsRequired(user: string, monitoringUser: string | undefined, ro: ReturnType<typeof readonlyRows>): string {
  if (monitoringUser !== undefined && (!ROLE_PATTERN.test(monitoringUser) || monitoringUser === 'postgres' || monitoringUser === 'all')) {
    throw new Error(`Invalid monitoring user ${JSON.stringify(monitoringUser)}: must match ${ROLE_PATTERN} and not be "postgres" or "all"`);
  }
  const exporter: string[][] = monitoringUser === undefined ? [] : [
    ['host', 'all', `"${monitoringUser}"`, '127.0.0.1/32', 'scram-sha-256'],
    ['host', 'all', `"${monitoringUser}"`, '::1/128', 'scram-sha-256'],
  ];
  const sections: [string, string[][]][] = [
    ['# Plain-text TCP is refused: TLS is required (ssl = on, hostssl below).', [
      ['hostnossl', 'replication', 'all', '0.0.0.0/0', 'reject'],
      ['hostnossl', 'replication', 'all', '::/0', 'reject'],
      ...exporter,
      ['hostnossl', 'all', 'all', '0.0.0.0/0', 'reject'],
      ['hostnossl', 'all', 'all', '::/0', 'reject'],
    ]],
    ...pgHbaSections(user, ro, 'hostssl'),
  ];
  const notes = monitoringUser === undefined ? [] : [`# The exporter sidecar ("${monitoringUser}") may connect without TLS over loopback only: that traffic never leaves the pod.`];
  return formatPgHba(sections, [10, 13, Math.max(10, user.length + 4, (monitoringUser ?? '').length + 4, ro.width), 13], notes);
}

interface Setting {
  readonly name: string;
  readonly value: string;
}

interface Section {
  readonly title: string;
  readonly settings: Setting[];
}

function deriveSettings(input: PostgresConfigInput): Section[] {
  const memMiB = Math.floor(input.memoryBytes / MIB);
  const cpus = Math.max(1, Math.ceil(input.cpuMillis / 1000));

  // Memory (PGTune / PostgreSQL wiki rules of thumb).
  const sharedBuffersMiB = Math.max(16, Math.floor(memMiB / 4));
  const effectiveCacheMiB = Math.max(sharedBuffersMiB, Math.floor((memMiB * 3) / 4));
  const maintenanceMiB = clamp(Math.floor(memMiB / 16), 16, 2048);
  // ~100 connections per GiB: an idle backend costs a few MiB of private memory, so this
  // keeps (max_connections x idle backend) well below what shared_buffers leaves.
  const maxConnections = clamp(Math.floor((memMiB * 100) / 1024), 20, 500);
  // What shared_buffers leaves, split among all connections, each allowed ~3 sort/hash nodes.
  const workMemKiB = clamp(Math.floor(((memMiB - sharedBuffersMiB) * 1024) / (maxConnections * 3)), 1024, 256 * 1024);

  // CPU.
  const maxParallelWorkers = cpus;
  const maxWorkerProcesses = Math.max(8, cpus + 4);
  const perGather = cpus < 2 ? 0 : Math.min(4, Math.floor(cpus / 2));
  const parallelMaintenance = cpus < 2 ? 0 : Math.min(4, Math.floor(cpus / 2));

  // WAL and replication. Sized for the 99-pod maximum, never for the current replica count (a
  // scale-up must not change this file, or every pod would roll): 98 streaming standbys, each with
  // one sender and one slot, plus clones in progress (pg_basebackup -X stream takes two senders and
  // a temporary slot). An unused sender or slot costs a few hundred bytes of shared memory.
  const maxWalSenders = MAX_WAL_SENDERS;
  const maxSlots = MAX_REPLICATION_SLOTS;
  const storageMiB = Math.floor(input.storageBytes / MIB);
  // Keep ~6% of the volume of old WAL for clients without a slot; standbys have one each.
  const walKeepMiB = clamp(Math.floor(storageMiB / 16), 64, 16 * 1024);
  // A slot of a dead standby retains WAL only up to this much (then it is invalidated, wal_status
  // 'lost', and the standby re-clones itself): the primary's disk can never fill with WAL.
  const slotKeepMiB = slotWalKeepMiB(input.storageBytes);
  // Checkpoint distance: ~10% of the volume, so pg_wal never fills a small disk.
  const maxWalMiB = clamp(Math.floor(storageMiB / 10), 128, 8 * 1024);
  const minWalMiB = clamp(Math.floor(maxWalMiB / 4), 32, 2 * 1024);

  const s = (name: string, value: string | number): Setting => ({ name, value: renderValue(value) });
  const str = (name: string, value: string): Setting => ({ name, value: quote(value) });

  return [
    {
      title: 'Connections',
      settings: [
        str('listen_addresses', '*'),
        s('port', input.port),
        str('unix_socket_directories', input.socketDir),
        str('hba_file', input.hbaFile),
        s('max_connections', maxConnections),
        str('password_encryption', 'scram-sha-256'),
      ],
    },
    {
      title: `Memory (container limit ${formatMiB(input.memoryBytes)})`,
      settings: [
        s('shared_buffers', mib(sharedBuffersMiB)),
        s('effective_cache_size', mib(effectiveCacheMiB)),
        s('maintenance_work_mem', mib(maintenanceMiB)),
        s('work_mem', kib(workMemKiB)),
        // With huge_pages=try, PostgreSQL maps huge pages the container's cgroup may not allow
        // and dies with SIGBUS; Kubernetes needs explicit hugepages-* resources for them.
        s('huge_pages', 'off'),
      ],
    },
    {
      title: `CPU (${input.cpuMillis}m)`,
      settings: [
        s('max_worker_processes', maxWorkerProcesses),
        s('max_parallel_workers', maxParallelWorkers),
        s('max_parallel_workers_per_gather', perGather),
        s('max_parallel_maintenance_workers', parallelMaintenance),
      ],
    },
    {
      title: 'Storage',
      settings: [
        s('random_page_cost', '1.1'),
        s('effective_io_concurrency', 200),
      ],
    },
    {
      title: `Write-ahead log and replication (volume ${formatMiB(input.storageBytes)})`,
      settings: [
        s('wal_level', 'replica'),
        s('max_wal_senders', maxWalSenders),
        s('max_replication_slots', maxSlots),
        s('wal_keep_size', mib(walKeepMiB)),
        s('max_slot_wal_keep_size', mib(slotKeepMiB)),
        s('max_wal_size', mib(maxWalMiB)),
        s('min_wal_size', mib(minWalMiB)),
        s('wal_sender_timeout', `${WAL_TIMEOUT_SECONDS}s`),
      ],
    },
    {
      title: 'Standby (ignored on the primary; pod 0 is the primary, other pods stream from it)',
      settings: [
        s('hot_standby', 'on'),
        s('hot_standby_feedback', 'on'),
        str('primary_conninfo', primaryConninfo(input)),
        s('wal_receiver_timeout', `${WAL_TIMEOUT_SECONDS}s`),
        s('wal_receiver_status_interval', '2s'),
        // Default 5s: retry the primary every second so a standby catches up right after a restart.
        s('wal_retrieve_retry_interval', '1s'),
      ],
    },
    ...(input.tls ? [{
      title: `TLS (${input.tls.require ? 'required: pg_hba.conf refuses plain-text TCP' : 'offered; plain-text clients still accepted'})`,
      settings: [
        s('ssl', 'on'),
        str('ssl_cert_file', input.tls.certFile),
        str('ssl_key_file', input.tls.keyFile),
        str('ssl_ca_file', input.tls.caFile),
        str('ssl_min_protocol_version', 'TLSv1.2'),
      ],
    }] : []),
    {
      title: 'Logging (stderr, collected by the container runtime)',
      settings: [
        str('log_destination', 'stderr'),
        s('logging_collector', 'off'),
        str('log_line_prefix', '%m [%p] %q%u@%d/%a '),
        s('log_checkpoints', 'on'),
        s('log_lock_waits', 'on'),
      ],
    },
  ];
}

function primaryConninfo(input: PostgresConfigInput): string {
  const params: [string, string][] = [
    ['host', input.primaryHost],
    ['port', String(input.primaryPort)],
    ['user', input.replicationUser],
    ['passfile', input.passfile],
    ['connect_timeout', '5'],
    // The primary's per-pod name is in the certificate: verify it, never fall back to plain text.
    ...(input.tls ? [['sslmode', 'verify-full'], ['sslrootcert', input.tls.caFile]] as [string, string][] : []),
  ];
  return params.map(([k, v]) => `${k}=${conninfoValue(v)}`).join(' ');
}

/** Quotes a libpq connection-string value when needed (single quotes, backslash escapes). */
function conninfoValue(v: string): string {
  if (/^[A-Za-z0-9._:/@-]+$/.test(v)) {
    return v;
  }
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Quotes a postgresql.conf value: single quotes doubled, backslashes escaped. */
function quote(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Numbers, numbers with a unit and simple words are written bare; anything else is quoted. */
function renderValue(v: string | number): string {
  const text = String(v);
  if (/^-?\d+(\.\d+)?([a-zA-Z]+)?$/.test(text) || /^[a-z_]+$/.test(text)) {
    return text;
  }
  return quote(text);
}

function mib(n: number): string {
  return n % 1024 === 0 ? `${n / 1024}GB` : `${n}MB`;
}

function kib(n: number): string {
  return n % 1024 === 0 ? mib(n / 1024) : `${n}kB`;
}

function formatMiB(bytes: number): string {
  const m = bytes / MIB;
  return m >= 1024 && m % 1024 === 0 ? `${m / 1024} GiB` : `${Math.floor(m)} MiB`;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function validateInput(input: PostgresConfigInput): void {
  const int = (field: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new Error(`Invalid PostgreSQL config input ${field}=${v}: expected an integer from ${lo} to ${hi}`);
    }
  };
  int('majorVersion', input.majorVersion, 14, 17);
  int('port', input.port, 1, 65535);
  int('primaryPort', input.primaryPort, 1, 65535);
  if (!Number.isFinite(input.memoryBytes) || input.memoryBytes < MIN_MEMORY_BYTES) {
    throw new Error(`Invalid PostgreSQL config input memoryBytes=${input.memoryBytes}: PostgreSQL needs at least ${MIN_MEMORY_BYTES} bytes (128Mi)`);
  }
  if (!Number.isFinite(input.cpuMillis) || input.cpuMillis <= 0) {
    throw new Error(`Invalid PostgreSQL config input cpuMillis=${input.cpuMillis}: expected a positive number`);
  }
  if (!Number.isFinite(input.storageBytes) || input.storageBytes < GIB / 4) {
    throw new Error(`Invalid PostgreSQL config input storageBytes=${input.storageBytes}: expected at least 256Mi`);
  }
  for (const [field, v] of [['socketDir', input.socketDir], ['hbaFile', input.hbaFile], ['passfile', input.passfile]]) {
    if (!v.startsWith('/') || [...v].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
      throw new Error(`Invalid PostgreSQL config input ${field}=${JSON.stringify(v)}: expected an absolute path`);
    }
  }
  if (!/^[A-Za-z0-9.:_-]+$/.test(input.primaryHost)) {
    throw new Error(`Invalid PostgreSQL config input primaryHost=${JSON.stringify(input.primaryHost)}`);
  }
  for (const [field, v] of Object.entries(input.tls ?? {})) {
    if (field !== 'require' && (typeof v !== 'string' || !v.startsWith('/') || !/^[A-Za-z0-9._/-]+$/.test(v))) {
      throw new Error(`Invalid PostgreSQL config input tls.${field}=${JSON.stringify(v)}: expected an absolute path`);
    }
  }
  if (!ROLE_PATTERN.test(input.replicationUser)) {
    throw new Error(`Invalid PostgreSQL config input replicationUser=${JSON.stringify(input.replicationUser)}: must match ${ROLE_PATTERN}`);
  }
}
