/**
 * The two flavours of the MySQL family as data: everything that differs between MySQL and
 * MariaDB that the engine, the config renderer and the scripts need. The scripts receive the
 * binaries and privilege lists through the environment; they branch on MYSQL_FLAVOR only where
 * the SQL itself differs (CHANGE MASTER / CHANGE REPLICATION SOURCE, clone / dump).
 */

/** `mysql` or `mariadb`. */
export type MysqlFlavorName = 'mysql' | 'mariadb';

export interface MysqlFlavor {
  readonly name: MysqlFlavorName;
  /** Product name for messages. */
  readonly title: string;
  /** Official image repository. */
  readonly repository: string;
  /** Supported release series, e.g. `8.0`, `8.4`, `10.11`, `11.4`. */
  readonly series: readonly string[];
  /** Server binary (the main container execs it). */
  readonly server: string;
  /** Command-line client. */
  readonly client: string;
  /** Admin client (ping). */
  readonly admin: string;
  /** Logical dump tool (MariaDB replicas clone with it). */
  readonly dump: string;
  /** Data directory initializer; MySQL uses `mysqld --initialize-insecure`. */
  readonly installDb: string;
  /** Read-only switch on replicas (`super_read_only` also stops SUPER users on MySQL). */
  readonly readOnlyArgs: readonly string[];
  /** Server arguments that turn semi-synchronous replication on, by role. */
  readonly semiSyncPrimaryArgs: readonly string[];
  readonly semiSyncReplicaArgs: readonly string[];
  /** Privileges of the monitoring / probe user (least privilege: read replica status). */
  readonly monitoringGrants: string;
  /** Privileges of the replication user (it also clones new replicas). */
  readonly replicationGrants: string;
  /** Global privileges of the backup user: what the backup's dump needs, nothing that writes. */
  readonly backupGrants: string;
}

const MYSQL: MysqlFlavor = {
  name: 'mysql',
  title: 'MySQL',
  repository: 'mysql',
  series: ['8.0', '8.4'],
  server: 'mysqld',
  client: 'mysql',
  admin: 'mysqladmin',
  dump: 'mysqldump',
  installDb: 'mysqld',
  readOnlyArgs: ['--super-read-only=ON'],
  semiSyncPrimaryArgs: ['--rpl-semi-sync-source-enabled=ON'],
  semiSyncReplicaArgs: ['--rpl-semi-sync-replica-enabled=ON'],
  // SHOW REPLICA STATUS needs REPLICATION CLIENT; PROCESS lets an exporter see the process list.
  monitoringGrants: 'PROCESS, REPLICATION CLIENT',
  // BACKUP_ADMIN: a new replica clones the primary with CLONE INSTANCE FROM this user.
  replicationGrants: 'REPLICATION SLAVE, BACKUP_ADMIN',
  // mysqldump --single-transaction --source-data=2 --set-gtid-purged=COMMENTED --routines
  // --events --triggers: read every object (SELECT, SHOW VIEW, TRIGGER, EVENT; LOCK TABLES for
  // the dump's own statements), the short global read lock that pins the position (RELOAD), the
  // binlog position (REPLICATION CLIENT) and the tablespace list (PROCESS, since 8.0.21).
  backupGrants: 'SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES, RELOAD, PROCESS, REPLICATION CLIENT',
};

const MARIADB: MysqlFlavor = {
  name: 'mariadb',
  title: 'MariaDB',
  repository: 'mariadb',
  series: ['10.11', '11.0', '11.1', '11.2', '11.3', '11.4', '11.5', '11.6', '11.7', '11.8'],
  server: 'mariadbd',
  client: 'mariadb',
  admin: 'mariadb-admin',
  dump: 'mariadb-dump',
  installDb: 'mariadb-install-db',
  readOnlyArgs: ['--read-only=ON'],
  semiSyncPrimaryArgs: ['--rpl-semi-sync-master-enabled=ON'],
  semiSyncReplicaArgs: ['--rpl-semi-sync-slave-enabled=ON'],
  // REPLICA MONITOR (alias SLAVE MONITOR) is what SHOW REPLICA STATUS needs since 10.5;
  // REPLICATION CLIENT (BINLOG MONITOR) alone no longer is.
  monitoringGrants: 'PROCESS, REPLICA MONITOR, BINLOG MONITOR',
  // A new replica clones the primary with mariadb-dump --single-transaction --master-data --gtid
  // as this user: a consistent snapshot (SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES), the
  // short global read lock that pins the GTID position (RELOAD) and the binlog position (BINLOG MONITOR).
  replicationGrants: 'REPLICATION SLAVE, BINLOG MONITOR, SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES, RELOAD',
  // mariadb-dump --single-transaction --gtid --master-data=2 --routines --events --triggers: the
  // same snapshot rights as the clone above, without REPLICATION SLAVE.
  backupGrants: 'SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES, RELOAD, BINLOG MONITOR',
};

export const FLAVORS: { readonly [name in MysqlFlavorName]: MysqlFlavor } = { mysql: MYSQL, mariadb: MARIADB };

/** Numeric comparison of two `major.minor` series strings. */
export function compareSeries(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}
