/**
 * How many lines of YAML the library writes: per database (the objects of one
 * ReplicatedDatabase, counted by adding a second database to the chart) and shared per chart
 * (the content-addressed scripts ConfigMap that all databases of one engine in a chart share),
 * for each engine, bare (3 pods) and with monitoring and a nightly S3 backup.
 *
 *   npx ts-node --transpile-only --project test/tsconfig.json scripts/yaml-lines.ts
 */
import { App, Chart, Cron, Size, Testing, Yaml } from 'cdk8s';
import { BackupDestination, DatabaseEngine, ReplicatedDatabase } from '../src';

const ENGINES: Record<string, () => DatabaseEngine> = {
  PostgreSQL: () => DatabaseEngine.postgres(),
  MySQL: () => DatabaseEngine.mysql(),
  MariaDB: () => DatabaseEngine.mariadb(),
};
if (typeof (DatabaseEngine as any).redis === 'function') {
  ENGINES.Redis = () => (DatabaseEngine as any).redis();
}

function lines(engine: () => DatabaseEngine, databases: number, full: boolean): number {
  const app = new App();
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  for (let i = 0; i < databases; i++) {
    const db = new ReplicatedDatabase(chart, `db${i}`, { name: `db${i}`, engine: engine(), replicas: 3, storage: { size: Size.gibibytes(10) } });
    if (full) {
      db.addBackupSchedule('backup', {
        schedule: Cron.daily(),
        destination: BackupDestination.s3({ bucket: 'backups', credentials: { secretName: 's3' } }),
      });
      db.addMonitoring('monitoring');
    }
  }
  return Yaml.stringify(...Testing.synth(chart)).split('\n').length;
}

const rows: string[] = ['| Engine | per database | shared per chart | per database, with monitoring + S3 backup | shared per chart, with them |', '|---|---:|---:|---:|---:|'];
for (const [name, engine] of Object.entries(ENGINES)) {
  const [one, two, oneFull, twoFull] = [lines(engine, 1, false), lines(engine, 2, false), lines(engine, 1, true), lines(engine, 2, true)];
  rows.push(`| ${name} | ${two - one} | ${2 * one - two} | ${twoFull - oneFull} | ${2 * oneFull - twoFull} |`);
}
process.stdout.write(`${rows.join('\n')}\n`);
