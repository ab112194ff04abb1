// A standalone example app: MariaDB backups to a PersistentVolumeClaim (e.g. an NFS share),
// keeping the newest 14, with weekly restore verification.
//   npx ts-node --project test/tsconfig.json examples/backup-mariadb-volume.ts   (writes cdk8s.out/backup-catalog.k8s.yaml)
//
// The claim must exist in the namespace and be writable by uid/gid 999 (fsGroup 999 is set),
// ReadWriteMany if the backup pods may land on other nodes than the last one that mounted it.
import { App, Chart, Cron, Size } from 'cdk8s';
import { BackupDestination, BackupRetention, DatabaseEngine, MariadbVersion, ReplicatedDatabase } from '../src';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'cdk8s.out' });
const shop = new Chart(app, 'backup-catalog', { namespace: 'shop' });

const catalog = new ReplicatedDatabase(shop, 'catalog', {
  name: 'catalog',
  engine: DatabaseEngine.mariadb({ version: MariadbVersion.V11_4 }),
  replicas: 2,
  databaseName: 'catalog',
  username: 'catalog_app',
  storage: { size: Size.gibibytes(20) },
});

// Every 6 hours: a consistent mariadb-dump --single-transaction (with the GTID position) taken
// from the in-sync replica, written to nfs-backups:/mariadb/catalog/<time>/, re-read and
// checked; the newest 14 complete backups are kept. Every Sunday the newest backup is loaded
// into a throwaway server in the verification pod and its tables counted.
catalog.addBackupSchedule('backup', {
  schedule: Cron.schedule({ minute: '15', hour: '*/6' }),
  destination: BackupDestination.volume({ claimName: 'nfs-backups', path: 'mariadb/catalog' }),
  retention: BackupRetention.keepLast(14),
  verification: { schedule: Cron.schedule({ minute: '0', hour: '5', weekDay: 'SUN' }), minTables: 1 },
});

app.synth();
