/**
 * The same apps, before and after an engine version upgrade, with every engine and everything
 * that renders objects with immutable fields: StatefulSets (selector, volume claim templates),
 * the credentials Job, backup / verification CronJobs, volume snapshots, monitoring, TLS, grants.
 * Used by the unit test (which fields change) and the e2e test (apply both to a real API server).
 */
import { Chart, Cron, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  BackupDestination, DatabaseEngine, DatabaseTls, MariadbVersion, MysqlVersion, PostgresVersion, RedisVersion, ReplicatedDatabase,
  VolumeSnapshotSchedule,
} from '../src';

/** Engine versions before (0) and after (1) the upgrade. */
export const UPGRADES = {
  postgres: [PostgresVersion.V15, PostgresVersion.V16],
  mariadb: [MariadbVersion.V10_11, MariadbVersion.V11_4],
  mysql: [MysqlVersion.V8_0, MysqlVersion.V8_4],
  redis: [RedisVersion.V7_0, RedisVersion.V7_2],
};

/** The longest name generated credentials allow (the Job `<name>-credentials-generator` has 63 characters). */
export const LONGEST_NAME = `catalog-${'x'.repeat(33)}`;

export interface UpgradeAppOptions {
  /** StorageClass of the volumes (one that does not exist keeps every pod Pending). */
  readonly storageClassName?: string;
  /** Add restore Jobs (a Job's template is immutable and holds the engine image: see the README). */
  readonly restoreJobs?: boolean;
}

/** Builds the app of one stage (0: before the upgrade, 1: after) into `chart`. */
export function upgradeApp(chart: Chart, stage: 0 | 1, options: UpgradeAppOptions = {}): void {
  const common = {
    replicas: 3,
    storage: { size: Size.gibibytes(1), storageClassName: options.storageClassName },
    resources: { memory: Size.mebibytes(256), cpu: kplus.Cpu.millis(10) },
  };
  const api = new kplus.Deployment(chart, 'api', {
    replicas: 0,
    containers: [{ image: 'curlimages/curl:8.11.1', command: ['sleep', 'infinity'], securityContext: { user: 100, group: 101 } }],
  });
  const s3 = BackupDestination.s3({ bucket: 'backups', endpoint: 'http://s3.invalid:9000', credentials: { secretName: 's3-credentials' } });
  const dbs = [
    new ReplicatedDatabase(chart, 'orders', {
      ...common,
      engine: DatabaseEngine.postgres({ version: UPGRADES.postgres[stage] }),
      tls: DatabaseTls.fromSecret('orders-tls'),
    }),
    new ReplicatedDatabase(chart, 'catalog', {
      ...common,
      name: LONGEST_NAME,
      engine: DatabaseEngine.mariadb({ version: UPGRADES.mariadb[stage] }),
    }),
    new ReplicatedDatabase(chart, 'billing', { ...common, engine: DatabaseEngine.mysql({ version: UPGRADES.mysql[stage] }) }),
    new ReplicatedDatabase(chart, 'sessions', { ...common, engine: DatabaseEngine.redis({ version: UPGRADES.redis[stage] }) }),
  ];
  dbs.forEach((db, i) => {
    if (i === 0) {
      db.allowFrom(api);
    } else {
      db.allowFrom(api, { connectionEnv: false });
      db.addConnectionEnv(api, { prefix: `DB${i}_` });
    }
    const backup = db.addBackupSchedule('backup', {
      name: `${db.name.slice(0, 20)}-backup`,
      schedule: Cron.daily(),
      destination: s3,
      verifyRestore: true,
    });
    if (options.restoreJobs) backup.restoreJob('restore');
    new VolumeSnapshotSchedule(db, 'snapshots', { database: db, schedule: Cron.daily(), snapshotClassName: 'csi-snapshots' });
    db.addMonitoring('monitoring');
  });
}
