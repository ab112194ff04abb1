import { Chart, Cron, Duration, Testing } from 'cdk8s';
import { BackupDestination, DatabaseEngine, ReplicatedDatabase } from '../../src';

function setup() {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres() });
  return { chart, db };
}
const backupRules = (docs: any[]) => docs.find(d => d.kind === 'PrometheusRule').spec.groups
  .flatMap((g: any) => g.rules).filter((r: any) => r.alert === 'DatabaseBackupTooOld');
const backupRule = (docs: any[]) => docs.find(d => d.kind === 'PrometheusRule').spec.groups
  .flatMap((g: any) => g.rules).find((r: any) => r.alert === 'DatabaseBackupTooOld');

describe('DbMonitoring alerts on the database\'s BackupSchedules', () => {
  test('backup and verification CronJobs are watched, with the schedule\'s own max age', () => {
    const { chart, db } = setup();
    const backup = db.addBackupSchedule('backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.volume({ claimName: 'backups' }),
      verifyRestore: true,
    });
    db.addMonitoring('monitoring');
    const rule = backupRule(Testing.synth(chart));
    expect(rule.expr).toContain(backup.cronJobName);
    expect(rule.expr).toContain(backup.verifyCronJobName);
    // A daily schedule with a 6 h deadline: 30 h, longer than the 26 h default.
    expect(backup.maxAge.toSeconds()).toBe(30 * 3600);
    expect(rule.expr).toContain(String(30 * 3600));
  });

  test('thresholds.backupMaxAge applies to the CronJobs named in backupCronJobs; each schedule keeps its own maxAge', () => {
    const { chart, db } = setup();
    db.addBackupSchedule('backup', { schedule: Cron.daily(), destination: BackupDestination.volume({ claimName: 'backups' }) });
    db.addMonitoring('monitoring', { thresholds: { backupMaxAge: Duration.hours(48) }, backupCronJobs: ['orders-offsite'] });
    const rules = backupRules(Testing.synth(chart));
    expect(rules.map((r: any) => r.expr.match(/cronjob=~"([^"]+)"} > (\d+)/).slice(1))).toEqual([
      ['orders-backup', String(30 * 3600)],
      ['orders-offsite', String(48 * 3600)],
    ]);
  });

  test('no backups, no backup alert', () => {
    const { chart, db } = setup();
    db.addMonitoring('monitoring');
    expect(backupRule(Testing.synth(chart))).toBeUndefined();
  });

  test('a backup added after monitoring is refused, naming both', () => {
    const { db } = setup();
    db.addMonitoring('monitoring');
    expect(() => db.addBackupSchedule('backup', { schedule: Cron.daily(), destination: BackupDestination.volume({ claimName: 'backups' }) }))
      .toThrow(/backup CronJob "orders-backup" was added after DbMonitoring .*monitoring/);
  });
});
