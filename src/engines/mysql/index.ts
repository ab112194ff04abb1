import * as path from 'path';
import { mysqlFamilyBackup } from './backup/backup';
import { CONNECT_RETRY_SECONDS, mysqlDynamicSettings, mysqlRestartConfig, renderMyCnf, validateMysqlSetting } from './config';
import { FLAVORS, MysqlFlavor, MysqlFlavorName } from './flavor';
import { checkGalera, galeraEnv, galeraHighAvailability, galeraScripts } from './galera/galera';
import { mysqlFamilyMonitoring } from './monitoring';
import { checkInteger, checkVersionTag, fail, imageRef } from '../../lib/errors';
import { readScripts } from '../../lib/scripts';
import { EngineContext, EngineParts, EngineSpec, EngineTls, lifecycleScripts, scriptCommand } from '../engine-spec';
import { FailoverMode } from '../failover';

/**
 * A supported MySQL release series and the official `mysql` image tag it runs.
 */
export class MysqlVersion {
  /** MySQL 8.0 (8.0.30 or later). */
  public static readonly V8_0 = new MysqlVersion('8.0', '8.0.40');
  /** MySQL 8.4 LTS. */
  public static readonly V8_4 = new MysqlVersion('8.4', '8.4.3');

  /**
   * A supported series (`8.0` or `8.4`) with an image tag of your choice, for example a
   * newer patch release: `MysqlVersion.of('8.4', '8.4.5')`. MySQL 8.0 needs 8.0.30 or later.
   */
  public static of(series: string, tag: string): MysqlVersion {
    checkVersion('MysqlVersion.of', FLAVORS.mysql, series, tag);
    return new MysqlVersion(series, tag);
  }

  private constructor(
    /** Release series, e.g. `8.4`. */
    public readonly series: string,
    /** Tag of the official `mysql` image. */
    public readonly tag: string) {}
}

/**
 * A supported MariaDB release series and the official `mariadb` image tag it runs.
 */
export class MariadbVersion {
  /** MariaDB 10.11 LTS. */
  public static readonly V10_11 = new MariadbVersion('10.11', '10.11.10');
  /** MariaDB 11.4 LTS. */
  public static readonly V11_4 = new MariadbVersion('11.4', '11.4.4');

  /**
   * A supported series (`10.11` or `11.x`) with an image tag of your choice, for example
   * `MariadbVersion.of('11.4', '11.4.5-noble')` or `MariadbVersion.of('11.8', '11.8.2')`.
   */
  public static of(series: string, tag: string): MariadbVersion {
    checkVersion('MariadbVersion.of', FLAVORS.mariadb, series, tag);
    return new MariadbVersion(series, tag);
  }

  private constructor(
    /** Release series, e.g. `11.4`. */
    public readonly series: string,
    /** Tag of the official `mariadb` image. */
    public readonly tag: string) {}
}

/** Options shared by the MySQL and MariaDB engines. */
export interface MysqlFamilyEngineProps {
  /**
   * Image repository, for a mirror of the official image.
   * @default "mysql" or "mariadb" (the official images)
   */
  readonly image?: string;

  /**
   * Image digest (`sha256:...`) to pin the tag to immutable content.
   * @default - the tag alone
   */
  readonly digest?: string;

  /**
   * Server settings (my.cnf `[mysqld]`) that replace or extend the values derived from the
   * container's memory and volume size, e.g. `{ max_connections: '500' }`. Settings the
   * replication depends on (datadir, server_id, log_bin, GTID mode...) cannot be overridden, and
   * settings that give up durability need `allowUnsafeDurabilitySettings`. MariaDB settings are
   * checked at synth against the catalog of the real server (MariaDB 10.11): unknown names
   * (unless prefixed `loose_`), values of the wrong type, out-of-range numbers and unknown enum,
   * set or flag values are refused. MySQL settings are checked for their syntax only.
   * @default - derived settings only
   */
  readonly settings?: { [name: string]: string };

  /**
   * Accept `settings` that give up durability: `sync_binlog` or `innodb_flush_log_at_trx_commit`
   * other than 1, `innodb_doublewrite` off, `innodb_flush_method = nosync`, `innodb_force_recovery`.
   * A crash can then lose acknowledged commits, leave replicas ahead of the primary, or corrupt data.
   * Meant for throwaway test databases only.
   * @default false
   */
  readonly allowUnsafeDurabilitySettings?: boolean;

  /**
   * Port the server listens on.
   * @default 3306
   */
  readonly port?: number;

  /**
   * Semi-synchronous replication: a commit on the primary returns only once at least one
   * replica has received it (lossless, AFTER_SYNC), falling back to asynchronous replication
   * after 10 s without an acknowledgement. Needs `replicas >= 2`.
   * @default false
   */
  readonly semiSync?: boolean;

  /**
   * `server_id` of pod 0; pod N gets `serverIdOffset + N`. Change it when several databases
   * replicate into each other, so that server ids stay unique.
   * @default 1
   */
  readonly serverIdOffset?: number;
}

/** Options for the MySQL engine. */
export interface MysqlEngineProps extends MysqlFamilyEngineProps {
  /**
   * MySQL version.
   * @default MysqlVersion.V8_4
   */
  readonly version?: MysqlVersion;
}

/** Options for the MariaDB engine. */
export interface MariadbEngineProps extends MysqlFamilyEngineProps {
  /**
   * MariaDB version.
   * @default MariadbVersion.V11_4
   */
  readonly version?: MariadbVersion;
}

const SCRIPTS_DIR = path.join(__dirname, 'scripts');
const DATA_MOUNT = '/var/lib/mysql';
const DATA_DIR = `${DATA_MOUNT}/data`;
const RUN_DIR = '/run/mysqld';
const SOCKET = `${RUN_DIR}/mysqld.sock`;
const PID_FILE = `${RUN_DIR}/mysqld.pid`;
const PROBE_DEFAULTS = `${RUN_DIR}/probe.cnf`;
/** The official images' mysql user and group. */
const MYSQL_UID = 999;
/** The user backups dump as (read rights only) and the read-only clients' user. */
const BACKUP_USER = 'backup';
const READONLY_USER = 'readonly';
const MAX_SERVER_ID = 2 ** 32 - 1;

/** Server settings the tls property owns. */
const TLS_MANAGED = ['ssl', 'ssl_cert', 'ssl_key', 'ssl_ca', 'require_secure_transport'];

/** The [mysqld] TLS settings appended to my.cnf when the database has TLS. */
function tlsCnf(tls: EngineTls): string {
  return [
    '',
    `# TLS (${tls.require ? 'required: TCP clients and replicas must use TLS; the Unix socket (probes) is exempt' : 'offered; plain-text clients still accepted'})`,
    '[mysqld]',
    `ssl_cert = ${tls.certFile}`,
    `ssl_key = ${tls.keyFile}`,
    `ssl_ca = ${tls.caFile}`,
    'tls_version = TLSv1.2,TLSv1.3',
    ...(tls.require ? ['require_secure_transport = ON'] : []),
    '',
  ].join('\n');
}

function checkVersion(where: string, flavor: MysqlFlavor, series: string, tag: string): void {
  if (!flavor.series.includes(series)) {
    const list = flavor.name === 'mysql' ? '8.0 and 8.4' : '10.11 and 11.x (11.0 to 11.8; 11.4 and 11.8 are LTS)';
    fail(where, 'series', series, `supported ${flavor.title} series are ${list}`);
  }
  // The tag must name a version of the series: the configuration is rendered for it, and a
  // digestless floating tag (`latest`) or another series' tag is a silent major upgrade.
  checkVersionTag(where, flavor.title, series, tag);
  const patch = /^8\.0\.(\d+)/.exec(tag);
  if (flavor.name === 'mysql' && patch && Number(patch[1]) < 30) {
    fail(where, 'tag', tag, 'MySQL 8.0 needs 8.0.30 or later (innodb_redo_log_capacity and the replica-named statements and options)');
  }
}

/** @internal */
export function mysqlEngine(props: MysqlEngineProps): EngineSpec {
  const version = props.version ?? MysqlVersion.V8_4;
  return familyEngine(FLAVORS.mysql, 'DatabaseEngine.mysql', version.series, version.tag, props);
}

/** @internal */
export function mariadbEngine(props: MariadbEngineProps): EngineSpec {
  const version = props.version ?? MariadbVersion.V11_4;
  return familyEngine(FLAVORS.mariadb, 'DatabaseEngine.mariadb', version.series, version.tag, props);
}

function familyEngine(flavor: MysqlFlavor, where: string, series: string, tag: string, props: MysqlFamilyEngineProps): EngineSpec {
  const port = props.port ?? 3306;
  checkInteger(where, 'port', port, 1024, 65535);
  const image = imageRef(where, props.image ?? flavor.repository, tag, props.digest);
  const settings = props.settings ?? {};
  const allowUnsafeDurabilitySettings = props.allowUnsafeDurabilitySettings ?? false;
  if (typeof allowUnsafeDurabilitySettings !== 'boolean') fail(where, 'allowUnsafeDurabilitySettings', allowUnsafeDurabilitySettings, 'must be true or false');
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) fail(where, 'settings', settings, 'must be an object of setting names to string values');
  for (const [name, value] of Object.entries(settings)) {
    const error = validateMysqlSetting(name, value, { flavor: flavor.name, series, allowUnsafeDurabilitySettings });
    if (error) fail(where, `settings.${name}`, value, error);
  }
  const semiSync = props.semiSync ?? false;
  if (typeof semiSync !== 'boolean') fail(where, 'semiSync', semiSync, 'must be true or false');
  const serverIdOffset = props.serverIdOffset ?? 1;
  // Room for 99 pods above the offset; server_id 0 would refuse replication.
  checkInteger(where, 'serverIdOffset', serverIdOffset, 1, MAX_SERVER_ID - 99);
  const flavorName: MysqlFlavorName = flavor.name;
  const replicationUser = 'replicator';
  const monitoringUser = 'monitor';

  return {
    name: flavorName,
    version: series,
    image,
    officialImage: props.image === undefined,
    port,
    superuser: 'root',
    // The system schemas, and the accounts the servers create themselves.
    reservedNames: {
      databases: ['mysql', 'sys', 'information_schema', 'performance_schema'],
      users: ['root', 'mysql', 'mariadb.sys', 'mysql.sys', 'mysql.session', 'mysql.infoschema', 'public', BACKUP_USER, READONLY_USER],
      prefixes: [],
    },
    replicationUser,
    monitoringUser,
    backupUser: BACKUP_USER,
    readonlyUser: READONLY_USER,
    monitoring: mysqlFamilyMonitoring({ flavor: flavorName, runVolume: 'run', runDir: RUN_DIR, defaultsFile: PROBE_DEFAULTS, uid: MYSQL_UID, gid: MYSQL_UID }),
    backup: mysqlFamilyBackup({
      flavor: flavorName, server: flavor.server, client: flavor.client, dump: flavor.dump, installDb: flavor.installDb, backupUser: BACKUP_USER,
    }),
    supportsTls: true,
    failover: flavorName === 'mariadb'
      ? {
        // Galera. The default stays FIXED_PRIMARY for now: changing the mode of a running database is a migration.
        modes: [FailoverMode.FIXED_PRIMARY, FailoverMode.AUTOMATIC],
        default: FailoverMode.FIXED_PRIMARY,
        unavailable: 'MariaDB offers FailoverMode.AUTOMATIC (Galera) and FailoverMode.FIXED_PRIMARY',
      }
      : {
        modes: [FailoverMode.FIXED_PRIMARY],
        default: FailoverMode.FIXED_PRIMARY,
        unavailable: 'automatic failover is not available for MySQL (Group Replication cannot be tested here); use FailoverMode.FIXED_PRIMARY',
      },
    build(ctx: EngineContext): EngineParts {
      const tls = ctx.tls;
      const galera = ctx.failover === FailoverMode.AUTOMATIC;
      if (galera) checkGalera(where, ctx, { semiSync, settings });
      if (tls) {
        for (const name of Object.keys(settings)) {
          const base = name.toLowerCase().replace(/-/g, '_').replace(/^loose_/, '');
          if (TLS_MANAGED.includes(base)) fail(where, `settings.${name}`, settings[name], 'is managed by cdk8s-db when the database has TLS (the tls property)');
        }
      }
      if (semiSync && ctx.replicas < 2) {
        fail(where, 'semiSync', semiSync, `needs replicas >= 2 (a primary and at least one replica to acknowledge commits); this database has replicas = ${ctx.replicas}`);
      }
      const confInput = {
        flavor: flavorName,
        series,
        port,
        memoryBytes: ctx.memoryBytes,
        cpuMillis: ctx.cpuMillis,
        storageBytes: ctx.storageBytes,
        dataDir: DATA_DIR,
        socketPath: SOCKET,
        pidFile: PID_FILE,
        semiSync,
        overrides: settings,
        allowUnsafeDurabilitySettings,
        ...(galera ? { galera: { clusterName: ctx.name } } : {}),
      };
      const conf = renderMyCnf(confInput) + (tls ? tlsCnf(tls) : '');
      const keys = ctx.credentials;
      const primaryArgs = semiSync ? flavor.semiSyncPrimaryArgs : [];
      const replicaArgs = [...flavor.readOnlyArgs, ...(semiSync ? flavor.semiSyncReplicaArgs : [])];
      return {
        image,
        portName: flavorName,
        port,
        uid: MYSQL_UID,
        gid: MYSQL_UID,
        dataMountPath: DATA_MOUNT,
        configFiles: { 'my.cnf': conf, 'dynamic.tsv': mysqlDynamicSettings(confInput) },
        // Only settings that need a restart go into the pod template's hash; the others are set
        // live (SET GLOBAL) by liveness.sh -> config-reload.sh from dynamic.tsv.
        restartConfig: mysqlRestartConfig(confInput) + (tls ? tlsCnf(tls) : ''),
        scripts: { ...readScripts(SCRIPTS_DIR), ...(galera ? galeraScripts() : {}) },
        env: [
          { name: 'MYSQL_FLAVOR', value: flavorName },
          { name: 'MYSQL_SERVER', value: flavor.server },
          { name: 'MYSQL_CLIENT', value: flavor.client },
          { name: 'MYSQL_ADMIN', value: flavor.admin },
          { name: 'MYSQL_DUMP', value: flavor.dump },
          { name: 'MYSQL_INSTALL_DB', value: flavor.installDb },
          { name: 'MYSQL_CONFIG_FILE', value: `${ctx.configDir}/my.cnf` },
          { name: 'MYSQL_DYNAMIC_SETTINGS', value: `${ctx.configDir}/dynamic.tsv` },
          { name: 'MYSQL_DATADIR', value: DATA_DIR },
          { name: 'MYSQL_SOCKET', value: SOCKET },
          { name: 'MYSQL_PID_FILE', value: PID_FILE },
          { name: 'MYSQL_PORT', value: String(port) },
          { name: 'MYSQL_PROBE_DEFAULTS', value: PROBE_DEFAULTS },
          { name: 'MYSQL_PRIMARY_ARGS', value: primaryArgs.join(' ') },
          { name: 'MYSQL_REPLICA_ARGS', value: replicaArgs.join(' ') },
          { name: 'MYSQL_MONITORING_GRANTS', value: flavor.monitoringGrants },
          { name: 'MYSQL_REPLICATION_GRANTS', value: flavor.replicationGrants },
          { name: 'SERVER_ID_OFFSET', value: String(serverIdOffset) },
          { name: 'REPLICA_CONNECT_RETRY_SECONDS', value: String(CONNECT_RETRY_SECONDS) },
          { name: 'DB_PRIMARY_HOST', value: ctx.primaryHost },
          { name: 'DB_PRIMARY_PORT', value: String(port) },
          { name: 'POD_NAME', fieldPath: 'metadata.name' },
          ...(galera ? [{ name: 'POD_NAMESPACE', fieldPath: 'metadata.namespace' }, ...galeraEnv(ctx, port, ctx.storageBytes)] : []),
          { name: 'MYSQL_ROOT_PASSWORD', secretKey: keys.superuserPassword },
          { name: 'REPLICATION_USER', value: replicationUser },
          { name: 'REPLICATION_PASSWORD', secretKey: keys.replicationPassword },
          { name: 'APP_USER', value: ctx.appUser },
          { name: 'APP_PASSWORD', secretKey: keys.appPassword },
          { name: 'APP_DATABASE', value: ctx.appDatabase },
          { name: 'MONITORING_USER', value: monitoringUser },
          { name: 'MONITORING_PASSWORD', secretKey: keys.monitoringPassword },
          { name: 'MYSQL_BACKUP_GRANTS', value: flavor.backupGrants },
          { name: 'BACKUP_USER', value: BACKUP_USER },
          { name: 'BACKUP_PASSWORD', secretKey: keys.backupPassword },
          { name: 'READONLY_USER', value: READONLY_USER },
          { name: 'READONLY_PASSWORD', secretKey: keys.readonlyPassword },
          { name: 'READINESS_MAX_LAG_BYTES', value: String(ctx.maxLagBytes) },
          { name: 'READINESS_MAX_LAG_SECONDS', value: String(ctx.maxLagSeconds) },
          // bootstrap.sh: the clone's client tools and the replication channel verify the primary's name.
          ...(tls ? [
            { name: 'MYSQL_PRIMARY_TLS_ARGS', value: flavorName === 'mariadb' ? `--ssl --ssl-ca=${tls.caFile} --ssl-verify-server-cert` : `--ssl-mode=VERIFY_IDENTITY --ssl-ca=${tls.caFile}` },
            { name: 'REPLICATION_TLS_CA', value: tls.caFile },
          ] : []),
        ],
        writableDirs: [
          { name: 'run', mountPath: RUN_DIR },
          { name: 'tmp', mountPath: '/tmp' },
        ],
        ...lifecycleScripts(ctx.scriptsDir),
        ...(galera ? {
          command: scriptCommand(ctx.scriptsDir, 'galera-start.sh'),
          readinessCommand: scriptCommand(ctx.scriptsDir, 'galera-readiness.sh'),
          preStopCommand: scriptCommand(ctx.scriptsDir, 'galera-prestop.sh'),
          highAvailability: galeraHighAvailability(ctx.scriptsDir),
        } : {}),
      };
    },
  };
}
