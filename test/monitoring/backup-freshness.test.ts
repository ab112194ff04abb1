import * as fs from 'fs';
import * as path from 'path';
import { Chart, Cron, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { promtoolAvailable, promtoolVersion, ruleGroupsOf, rulesFileText, runPromtool, tempDir } from './promtool';
import { BackupDestination, DatabaseEngine, ReplicatedDatabase } from '../../src';
import { describeWith, TOOLS } from '../requirements';

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

describeWith([TOOLS.promtool])(`each BackupSchedule's own maxAge, on promtool (${promtoolAvailable() ? promtoolVersion() : 'missing'})`, () => {
  let dir: string;
  beforeAll(() => { dir = tempDir(); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  /** An hourly schedule (maxAge 2 h) and a daily one (default: 24 h gap + 6 h deadline = 30 h) of one database. */
  function rules(): any[] {
    const { chart, db } = setup();
    const hourly = db.addBackupSchedule('hourly', { name: 'orders-hourly', schedule: Cron.hourly(), destination: BackupDestination.volume({ claimName: 'backups' }), maxAge: Duration.hours(2) });
    const daily = db.addBackupSchedule('daily', { name: 'orders-daily', schedule: Cron.daily(), destination: BackupDestination.volume({ claimName: 'backups' }) });
    expect([hourly.maxAge.toHours(), daily.maxAge.toHours()]).toEqual([2, 30]);
    db.addMonitoring('monitoring');
    return ruleGroupsOf(Testing.synth(chart));
  }

  test('one rule per maximum age, each scoped to its own CronJob', () => {
    const backup = rules().flatMap(g => g.rules).filter((r: any) => r.alert === 'DatabaseBackupTooOld');
    expect(backup.map((r: any) => r.annotations.summary)).toEqual([
      'postgres database shop/orders: no successful backup by {{ $labels.cronjob }} for more than 2h',
      'postgres database shop/orders: no successful backup by {{ $labels.cronjob }} for more than 30h',
    ]);
  });

  test('both last succeeded at 0: the hourly one alerts after 2 h (+5 m), the daily one only after 30 h', () => {
    fs.writeFileSync(path.join(dir, 'rules.yml'), rulesFileText(rules(), false));
    const last = (cronjob: string) => ({ series: `kube_cronjob_status_last_successful_time{namespace="shop",cronjob="${cronjob}"}`, values: '0x2000' });
    const alert = (cronjob: string) => ({ exp_labels: { severity: 'critical', engine: 'postgres', database: 'orders', namespace: 'shop', cronjob } });
    const tests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: [last('orders-hourly'), last('orders-daily')],
        alert_rule_test: [
          { eval_time: '1h', alertname: 'DatabaseBackupTooOld', exp_alerts: [] },
          // With one threshold for both (the largest, 30 h), nothing would fire here.
          { eval_time: '3h', alertname: 'DatabaseBackupTooOld', exp_alerts: [alert('orders-hourly')] },
          { eval_time: '29h', alertname: 'DatabaseBackupTooOld', exp_alerts: [alert('orders-hourly')] },
          { eval_time: '31h', alertname: 'DatabaseBackupTooOld', exp_alerts: [alert('orders-hourly'), alert('orders-daily')] },
        ],
      }],
    };
    fs.writeFileSync(path.join(dir, 'tests.yml'), YAML.stringify(tests));
    const r = runPromtool(['test', 'rules', 'tests.yml'], dir);
    if (r.code !== 0) throw new Error(`promtool test rules failed:\n${r.output}`);
    // The harness can fail: expecting the daily one at 3 h is refused.
    tests.tests[0].alert_rule_test[1].exp_alerts.push(alert('orders-daily'));
    fs.writeFileSync(path.join(dir, 'tests-neg.yml'), YAML.stringify(tests));
    expect(runPromtool(['test', 'rules', 'tests-neg.yml'], dir).code).not.toBe(0);
  });
});
