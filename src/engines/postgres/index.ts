import * as path from 'path';
import { postgresBackup } from './backup/backup';
import { postgresRestartConfig, renderPgHba, renderPostgresqlConf, validatePostgresSetting } from './config';
import { postgresMonitoring } from './monitoring';
import { checkInteger, checkVersionTag, fail, imageRef } from '../../lib/errors';
import { bytesQuantity } from '../../lib/quantity';
import { readScripts } from '../../lib/scripts';
import { EngineContext, EngineParts, EngineSpec, lifecycleScripts } from '../engine-spec';
import { FailoverMode } from '../failover';

/**
 * A supported PostgreSQL major version and the official image tag it runs.
 */
export class PostgresVersion {
  public static readonly V14 = new PostgresVersion(14, '14.15-bookworm');
  public static readonly V15 = new PostgresVersion(15, '15.10-bookworm');
  public static readonly V16 = new PostgresVersion(16, '16.6-bookworm');
  public static readonly V17 = new PostgresVersion(17, '17.2-bookworm');

  /**
   * A supported major version (14 to 17) with an image tag of your choice, for
   * example a newer minor release: `PostgresVersion.of(16, '16.9-bookworm')`. The tag must
   * be one of that major (`16`, `16.9`, `16.9-bookworm`...): the configuration is rendered for
   * it, so `latest` or a PostgreSQL 17 tag under `of(16, ...)` is refused.
   */
  public static of(major: number, tag: string): PostgresVersion {
    if (![14, 15, 16, 17].includes(major)) {
      fail('PostgresVersion.of', 'major', major, 'supported PostgreSQL versions are 14, 15, 16 and 17');
    }
    checkVersionTag('PostgresVersion.of', 'PostgreSQL', String(major), tag);
    return new PostgresVersion(major, tag);
  }

  private constructor(
    /** Major version number. */
    public readonly major: number,
    /** Tag of the official `postgres` image. */
    public readonly tag: string) {}
}

/** Options for the PostgreSQL engine. */
export interface PostgresEngineProps {
  /**
   * PostgreSQL version.
   * @default PostgresVersion.V16
   */
  readonly version?: PostgresVersion;

  /**
   * Image repository, for a mirror of the official image.
   * @default "postgres" (the official image)
   */
  readonly image?: string;

  /**
   * Image digest (`sha256:...`) to pin the tag to immutable content.
   * @default - the tag alone
   */
  readonly digest?: string;

  /**
   * postgresql.conf settings that replace or extend the values derived from the
   * container's memory, CPU and volume size. Checked at synth against the settings catalog of
   * the real server (PostgreSQL 15, adjusted for the settings other majors add or remove):
   * unknown names, values of the wrong type, unknown units, out-of-range numbers and unknown
   * enum values are refused; extension settings (`prefix.name`) are passed through. Settings
   * cdk8s-db manages (port, hba_file...) cannot be overridden, and settings that give up
   * durability need `allowUnsafeDurabilitySettings`.
   * @default - derived settings only
   */
  readonly settings?: { [name: string]: string };

  /**
   * Accept `settings` that give up durability: `fsync`, `full_page_writes` or
   * `synchronous_commit` off, `data_sync_retry`, `zero_damaged_pages`, `ignore_checksum_failure`
   * or `ignore_invalid_pages` on. A crash can then lose acknowledged commits or corrupt the
   * database. Meant for throwaway test databases only.
   * @default false
   */
  readonly allowUnsafeDurabilitySettings?: boolean;

  /**
   * Port the server listens on.
   * @default 5432
   */
  readonly port?: number;
}

const SCRIPTS_DIR = path.join(__dirname, 'scripts');
const SOCKET_DIR = '/var/run/postgresql';
const DATA_MOUNT = '/var/lib/postgresql/data';
/** The role backups dump as (pg_read_all_data, no superuser) and the read-only clients' role. */
const BACKUP_USER = 'backup';
const READONLY_USER = 'readonly';

/** @internal */
export function postgresEngine(props: PostgresEngineProps): EngineSpec {
  const where = 'DatabaseEngine.postgres';
  const version = props.version ?? PostgresVersion.V16;
  const port = props.port ?? 5432;
  checkInteger(where, 'port', port, 1024, 65535);
  const image = imageRef(where, props.image ?? 'postgres', version.tag, props.digest);
  const settings = props.settings ?? {};
  const allowUnsafeDurabilitySettings = props.allowUnsafeDurabilitySettings ?? false;
  if (typeof allowUnsafeDurabilitySettings !== 'boolean') fail(where, 'allowUnsafeDurabilitySettings', allowUnsafeDurabilitySettings, 'must be true or false');
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) fail(where, 'settings', settings, 'must be an object of setting names to string values');
  const spelled = new Map<string, string>();
  for (const [name, value] of Object.entries(settings)) {
    const error = validatePostgresSetting(name, value, { majorVersion: version.major, allowUnsafeDurabilitySettings });
    if (error) fail(where, `settings.${name}`, value, error);
    const lower = name.toLowerCase();
    if (spelled.has(lower)) fail(where, `settings.${name}`, value, `is given twice (as "${spelled.get(lower)}" too): PostgreSQL setting names are case-insensitive`);
    spelled.set(lower, name);
  }
  const replicationUser = 'replicator';

  return {
    name: 'postgres',
    version: String(version.major),
    image,
    officialImage: props.image === undefined,
    port,
    superuser: 'postgres',
    // The bootstrap database and templates, the PUBLIC pseudo-role, role names PostgreSQL
    // refuses (none, current_user...), and the pg_ prefix it reserves for its own roles.
    reservedNames: {
      databases: ['postgres', 'template0', 'template1', 'public'],
      users: ['postgres', 'public', 'none', 'current_user', 'current_role', 'session_user', BACKUP_USER, READONLY_USER],
      prefixes: ['pg_'],
    },
    replicationUser,
    monitoringUser: 'monitor',
    backupUser: BACKUP_USER,
    readonlyUser: READONLY_USER,
    monitoring: postgresMonitoring(),
    backup: postgresBackup(BACKUP_USER),
    supportsTls: true,
    failover: {
      modes: [FailoverMode.FIXED_PRIMARY],
      default: FailoverMode.FIXED_PRIMARY,
      unavailable: 'automatic failover (Patroni) is not available for PostgreSQL in this version; use FailoverMode.FIXED_PRIMARY',
    },
    build(ctx: EngineContext): EngineParts {
      const tls = ctx.tls;
      if (tls) {
        for (const name of Object.keys(settings)) {
          if (['ssl', 'ssl_cert_file', 'ssl_key_file', 'ssl_ca_file'].includes(name.toLowerCase())) {
            fail(where, `settings.${name}`, settings[name], 'is managed by cdk8s-db when the database has TLS (the tls property)');
          }
        }
      }
      const passfile = `${SOCKET_DIR}/.pgpass`;
      const hbaFile = `${ctx.configDir}/pg_hba.conf`;
      const confInput = {
        majorVersion: version.major,
        port,
        memoryBytes: ctx.memoryBytes,
        cpuMillis: ctx.cpuMillis,
        storageBytes: ctx.storageBytes,
        socketDir: SOCKET_DIR,
        hbaFile,
        primaryHost: ctx.primaryHost,
        primaryPort: port,
        replicationUser,
        passfile,
        overrides: settings,
        allowUnsafeDurabilitySettings,
        tls,
      };
      const conf = renderPostgresqlConf(confInput);
      const keys = ctx.credentials;
      return {
        image,
        portName: 'postgresql',
        port,
        uid: 999,
        gid: 999,
        dataMountPath: DATA_MOUNT,
        // Only the settings that need a restart go into the pod template's hash; the rest (and
        // pg_hba.conf) are reloaded live by liveness.sh -> config-reload.sh.
        restartConfig: postgresRestartConfig(confInput),
        configFiles: {
          'postgresql.conf': conf,
          'pg_hba.conf': renderPgHba({
            replicationUser,
            requireTls: tls?.require,
            monitoringUser: tls?.require ? 'monitor' : undefined,
            readonlyUser: READONLY_USER,
            appDatabase: ctx.appDatabase,
          }),
        },
        scripts: readScripts(SCRIPTS_DIR),
        env: [
          { name: 'PGDATA', value: `${DATA_MOUNT}/pgdata` },
          { name: 'PGPORT', value: String(port) },
          { name: 'PGHOST', value: SOCKET_DIR },
          { name: 'PG_CONFIG_FILE', value: `${ctx.configDir}/postgresql.conf` },
          { name: 'PG_HBA_FILE', value: hbaFile },
          { name: 'PG_PASSFILE', value: passfile },
          { name: 'DB_PRIMARY_HOST', value: ctx.primaryHost },
          { name: 'DB_PRIMARY_PORT', value: String(port) },
          { name: 'POD_NAME', fieldPath: 'metadata.name' },
          { name: 'POSTGRES_PASSWORD', secretKey: keys.superuserPassword },
          { name: 'REPLICATION_USER', value: replicationUser },
          { name: 'REPLICATION_PASSWORD', secretKey: keys.replicationPassword },
          { name: 'APP_USER', value: ctx.appUser },
          { name: 'APP_PASSWORD', secretKey: keys.appPassword },
          { name: 'APP_DATABASE', value: ctx.appDatabase },
          { name: 'MONITORING_USER', value: 'monitor' },
          { name: 'MONITORING_PASSWORD', secretKey: keys.monitoringPassword },
          { name: 'BACKUP_USER', value: BACKUP_USER },
          { name: 'BACKUP_PASSWORD', secretKey: keys.backupPassword },
          { name: 'READONLY_USER', value: READONLY_USER },
          { name: 'READONLY_PASSWORD', secretKey: keys.readonlyPassword },
          { name: 'READINESS_MAX_LAG_BYTES', value: String(ctx.maxLagBytes) },
          { name: 'READINESS_MAX_LAG_SECONDS', value: String(ctx.maxLagSeconds) },
          // A standby's clone (pg_basebackup in bootstrap.sh) verifies the primary like
          // primary_conninfo does. libpq ignores these for the scripts' Unix-socket connections.
          ...(tls ? [{ name: 'PGSSLMODE', value: 'verify-full' }, { name: 'PGSSLROOTCERT', value: tls.caFile }] : []),
          // liveness.sh reloads the server when these change (a renewed certificate).
          ...(tls ? [{ name: 'TLS_CERT_FILE', value: tls.certFile }, { name: 'TLS_KEY_FILE', value: tls.keyFile }, { name: 'TLS_CA_FILE', value: tls.caFile }] : []),
        ],
        writableDirs: [
          { name: 'run', mountPath: SOCKET_DIR },
          { name: 'tmp', mountPath: '/tmp' },
          // Parallel queries use dynamic shared memory; a pod's default /dev/shm is 64 MB.
          { name: 'shm', mountPath: '/dev/shm', memory: bytesQuantity(Math.max(64 * 2 ** 20, Math.floor(ctx.memoryBytes / 4 / 2 ** 20) * 2 ** 20)) },
        ],
        ...lifecycleScripts(ctx.scriptsDir),
      };
    },
  };
}
