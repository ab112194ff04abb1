/**
 * The README lists every key a user-provided Secret must hold (DatabaseCredentials.fromSecret):
 * the keys the synthesized manifests actually reference, per engine, with backups, monitoring and
 * a granted workload, must be exactly the README table's.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackupDestination, BackupRetention, DatabaseCredentials, DatabaseEngine, MariadbVersion, PostgresVersion, ReplicatedDatabase } from '../../src';

function referencedKeys(engine: DatabaseEngine): string[] {
  const chart = Testing.chart();
  (chart as any).namespace = 'shop';
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine, credentials: DatabaseCredentials.fromSecret('my-secret') });
  db.addBackupSchedule('Backup', {
    schedule: Cron.daily(),
    retention: BackupRetention.keepLast(3),
    verifyRestore: true,
    destination: BackupDestination.s3({ bucket: 'backups', credentials: { secretName: 's3' } }),
  });
  db.addMonitoring('Monitoring');
  const app = new kplus.Deployment(chart, 'api', { containers: [{ image: 'example/api:1' }] });
  db.allowFrom(app);
  const keys = new Set<string>();
  const walk = (x: any) => {
    if (x && typeof x === 'object') {
      if (x.secretKeyRef?.name === 'my-secret') keys.add(x.secretKeyRef.key);
      Object.values(x).forEach(walk);
    }
  };
  Testing.synth(chart).forEach(walk);
  return [...keys].sort();
}

function readmeKeys(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Credentials'), readme.indexOf('### Pod security'));
  return [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map(m => m[1]).sort();
}

test.each([
  ['PostgreSQL', DatabaseEngine.postgres({ version: PostgresVersion.V15 })],
  ['MariaDB', DatabaseEngine.mariadb({ version: MariadbVersion.V10_11 })],
  ['MySQL', DatabaseEngine.mysql()],
])('%s: the README lists exactly the Secret keys the manifests reference', (_name, engine) => {
  const used = referencedKeys(engine);
  expect(used.length).toBeGreaterThanOrEqual(4);
  expect(readmeKeys()).toEqual(used);
});
