// A standalone example app: PostgreSQL backups to S3 with 7-day retention and nightly restore
// verification, plus CSI volume snapshots.
//   npx ts-node --project test/tsconfig.json examples/backup-postgres-s3.ts   (writes cdk8s.out/backup-shop.k8s.yaml)
//
// Before applying, create the Secret with the bucket's access key (never put it in this code):
//   kubectl -n shop create secret generic orders-backup-s3 \
//     --from-literal=access-key-id=AKIA... --from-literal=secret-access-key=...
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import { BackupDestination, BackupRetention, DatabaseEngine, PostgresVersion, ReplicatedDatabase } from '../src';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'cdk8s.out' });
const shop = new Chart(app, 'backup-shop', { namespace: 'shop' });

const orders = new ReplicatedDatabase(shop, 'orders', {
  name: 'orders',
  engine: DatabaseEngine.postgres({ version: PostgresVersion.V16 }),
  replicas: 3,
  storage: { size: Size.gibibytes(50), storageClassName: 'fast-ssd' },
});

// Every night at 02:30 UTC: pg_dump -Fc of the app database + roles, taken from an in-sync
// replica, uploaded to s3://acme-db-backups/shop/orders/<time>/, re-read and checked, then
// backups older than 7 days are deleted (always keeping the newest 3). At 04:30 the newest
// backup is restored into a throwaway server and checked.
const backup = orders.addBackupSchedule('backup', {
  schedule: Cron.schedule({ minute: '30', hour: '2' }),
  destination: BackupDestination.s3({
    bucket: 'acme-db-backups',
    prefix: 'shop/orders',
    region: 'eu-central-1',
    credentials: { secretName: 'orders-backup-s3' },
  }),
  retention: BackupRetention.of({ keepFor: Duration.days(7), keepLast: 3 }),
  verification: { query: 'SELECT count(*) >= 0 FROM pg_tables' },
  scratchSize: Size.gibibytes(20),
});

// A restore Job for the day you need it (apply it on its own): newest backup -> orders.
backup.restoreJob('restore');

// Crash-consistent CSI snapshots of every volume, every 6 hours, newest 8 kept.
orders.addVolumeSnapshots('snapshots', {
  schedule: Cron.schedule({ minute: '0', hour: '*/6' }),
  snapshotClassName: 'csi-snapclass',
  keepLast: 8,
});

app.synth();
