import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  BackupDestination, BackupRetention, BackupSchedule, BackupScheduleOptions, DatabaseCredentials, DatabaseEngine, ReplicatedDatabase,
  ReplicatedDatabaseProps,
} from '../../src';
import { longestGapSeconds, parseCron } from '../../src/backup/cron';
import { validateAll } from '../validation';

const s3 = () => BackupDestination.s3({ bucket: 'backups', credentials: { secretName: 's3-creds' } });

function synth(options: Partial<BackupScheduleOptions> = {}, dbProps: Partial<ReplicatedDatabaseProps> = {}, namespace: string | undefined = 'shop') {
  const chart = Testing.chart();
  if (namespace) (chart as any).namespace = namespace;
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), ...dbProps });
  const schedule = db.addBackupSchedule('Backup', { schedule: Cron.daily(), destination: s3(), ...options });
  return { chart, db, schedule, docs: () => Testing.synth(chart) };
}
const cronJob = (docs: any[], name = 'orders-backup') => docs.find(d => d.kind === 'CronJob' && d.metadata.name === name);
const podOf = (cj: any) => cj.spec.jobTemplate.spec.template.spec;
const containers = (pod: any): any[] => [...(pod.initContainers ?? []), ...pod.containers];
const env = (c: any, name: string) => c.env.find((e: any) => e.name === name);
const matches = (selector: { [k: string]: string }, labels: { [k: string]: string }) => Object.entries(selector).every(([k, v]) => labels?.[k] === v);

describe('BackupSchedule', () => {
  test('every document validates (Kubernetes 1.28 schema + semantics) for many variants', () => {
    const variants: Partial<BackupScheduleOptions>[] = [
      {},
      { retention: BackupRetention.keepLast(7), verifyRestore: true },
      { retention: BackupRetention.keepFor(Duration.days(7)), fromPrimary: true, timeZone: 'Europe/Berlin' },
      { retention: BackupRetention.of({ keepLast: 3, keepFor: Duration.days(30) }), sourcePod: 2, databases: ['app', 'reports'] },
      { destination: BackupDestination.gcs({ bucket: 'my-backups', prefix: 'pg/orders', credentialsSecret: 'gcs-key' }), verification: { schedule: Cron.weekly(), query: 'SELECT 1', minTables: 1 } },
      { destination: BackupDestination.volume({ claimName: 'nfs-backups', path: 'orders' }), scratchSize: Size.gibibytes(20), resources: { memory: Size.gibibytes(1), cpu: kplus.Cpu.units(1) } },
      { destination: BackupDestination.s3({ bucket: 'b.example', endpoint: 'https://minio.storage.svc:9000', region: 'eu-west-1', credentials: { secretName: 'minio', accessKeyIdKey: 'user', secretAccessKeyKey: 'pass' } }) },
      { schedule: Cron.schedule({ minute: '*/15' }), backoffLimit: 0, activeDeadline: Duration.minutes(10), startingDeadline: Duration.minutes(5), successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 5, name: 'orders-pgdump' },
    ];
    for (const v of variants) {
      for (const ns of ['shop', undefined]) {
        const { schedule, docs } = synth(v, {}, ns);
        schedule.restoreJob('Restore');
        expect(validateAll(docs(), { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
      }
    }
    // single pod database, restore into another database
    const { chart, schedule, docs } = synth({ verifyRestore: true }, { replicas: 1 });
    const other = new ReplicatedDatabase(chart, 'copy', { name: 'orders-copy', engine: DatabaseEngine.postgres(), replicas: 1 });
    schedule.restoreJob('Restore', { target: other, backup: '20250101T000000Z' });
    expect(validateAll(docs(), { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('CronJob: Forbid, deadlines, history limits, restricted pods, no token, no literal secrets', () => {
    const { docs, schedule } = synth({ retention: BackupRetention.keepLast(7), verifyRestore: true });
    const all = docs();
    for (const name of ['orders-backup', 'orders-backup-verify']) {
      const cj = cronJob(all, name);
      expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 1800, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 });
      expect(cj.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 21600 });
      const pod = podOf(cj);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of containers(pod)) {
        expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
        expect(c.resources.limits.memory).toBeDefined();
        for (const e of c.env) {
          if (/PASSWORD|SECRET|ACCESS_KEY/.test(e.name)) expect([e.name, e.value]).toEqual([e.name, undefined]);
        }
      }
    }
    expect(cronJob(all).spec.schedule).toBe('0 0 * * *');
    expect(cronJob(all, 'orders-backup-verify').spec.schedule).toBe('0 2 * * *');
    expect(schedule.cronJobName).toBe('orders-backup');
    expect(schedule.verifyCronJobName).toBe('orders-backup-verify');
    expect(schedule.maxAge.toHours()).toBe(24 + 6);
    expect(schedule.verifyMaxAge!.toHours()).toBe(30);
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/"(PGPASSWORD|RCLONE_CONFIG_DEST_SECRET_ACCESS_KEY)","value"/);
  });

  test('dump runs in the engine image from the read Service; upload in the pinned rclone image', () => {
    const { docs, schedule } = synth({ retention: BackupRetention.of({ keepLast: 7, keepFor: Duration.days(7) }) });
    const pod = podOf(cronJob(docs()));
    const [dump] = pod.initContainers;
    const [upload] = pod.containers;
    expect(dump.image).toBe('postgres:16.6-bookworm');
    expect(env(dump, 'PGHOST').value).toBe('orders-ro.shop.svc');
    expect(schedule.sourceHost).toBe('orders-ro.shop.svc');
    // The backup role, never the superuser (refused over TCP).
    expect(env(dump, 'PGUSER').value).toBe('backup');
    expect(env(dump, 'PGPASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'orders-credentials', key: 'backup-password' });
    expect(env(dump, 'BACKUP_DATABASES').value).toBe('app');
    expect(upload.image).toMatch(/^rclone\/rclone:\d+\.\d+\.\d+$/);
    expect(env(upload, 'BACKUP_REMOTE').value).toBe('dest:backups/orders');
    expect(env(upload, 'KEEP_LAST').value).toBe('7');
    expect(env(upload, 'KEEP_SECONDS').value).toBe(String(7 * 86400));
    expect(env(upload, 'RCLONE_CONFIG_DEST_ACCESS_KEY_ID').valueFrom.secretKeyRef).toEqual({ name: 's3-creds', key: 'access-key-id' });
  });

  test('source: primary with fromPrimary or a single pod, a named pod with sourcePod', () => {
    expect(env(podOf(cronJob(synth({ fromPrimary: true }).docs())).initContainers[0], 'PGHOST').value).toBe('orders-rw.shop.svc');
    expect(env(podOf(cronJob(synth({ sourcePod: 2 }).docs())).initContainers[0], 'PGHOST').value).toBe('orders-2.orders-headless.shop.svc');
    // one pod: the read Service selects the primary itself
    const single = synth({}, { replicas: 1 }).docs();
    const read = single.find(d => d.kind === 'Service' && d.metadata.name === 'orders-ro');
    const sts = single.find(d => d.kind === 'StatefulSet');
    expect(matches(read.spec.selector, sts.spec.template.metadata.labels)).toBe(true);
  });

  test('backup pods never match the database selector, and the database lets them in', () => {
    const { docs, db, schedule } = synth({ verifyRestore: true });
    schedule.restoreJob('Restore');
    const all = docs();
    const selectors = all.filter(d => d.kind === 'Service' || d.kind === 'PodDisruptionBudget')
      .map(d => d.spec.selector?.matchLabels ?? d.spec.selector);
    const pods = [...all.filter(d => d.kind === 'CronJob').map(d => d.spec.jobTemplate.spec.template.metadata.labels),
      ...all.filter(d => d.kind === 'Job' && d.metadata.name === 'orders-restore').map(d => d.spec.template.metadata.labels)];
    expect(pods).toHaveLength(3);
    for (const labels of pods) {
      expect(labels['app.kubernetes.io/component']).not.toBe('database');
      expect(matches(db.selector, labels)).toBe(false);
      for (const s of selectors) expect(matches(s, labels)).toBe(false);
    }
    // NetworkPolicy ingress from the dump and restore pods to the database port
    const grants = all.filter(d => d.kind === 'NetworkPolicy' && matches(d.spec.podSelector.matchLabels ?? {}, { ...db.selector }) && d.metadata.name !== 'orders-isolation');
    const fromLabels = grants.flatMap(g => g.spec.ingress.flatMap((i: any) => i.from.map((f: any) => f.podSelector?.matchLabels)));
    expect(fromLabels.map((l: any) => l['app.kubernetes.io/component']).sort()).toEqual(['backup', 'restore']);
  });

  test('restore Job: download then pg_restore into the target write endpoint with its Secret', () => {
    const { chart, schedule, docs } = synth();
    const other = new ReplicatedDatabase(chart, 'copy', { name: 'copy', engine: DatabaseEngine.postgres(), credentials: DatabaseCredentials.fromSecret('copy-secret'), databaseName: 'shop' });
    const job = schedule.restoreJob('Restore', { target: other, backup: '20250102T030405Z' });
    expect(job.name).toBe('copy-restore');
    const pod = docs().find(d => d.kind === 'Job' && d.metadata.name === 'copy-restore').spec.template.spec;
    expect(env(pod.initContainers[0], 'BACKUP_NAME').value).toBe('20250102T030405Z');
    const restore = pod.containers[0];
    expect(restore.command).toEqual(['/bin/sh', '/opt/cdk8s-db/backup/pg-restore.sh']);
    expect(env(restore, 'PGHOST').value).toBe('copy-rw.shop.svc');
    expect(env(restore, 'RESTORE_DATABASE').value).toBe('shop');
    // The target's application user (owner of its database), not the superuser.
    expect(env(restore, 'PGUSER').value).toBe('app');
    expect(env(restore, 'PGPASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'copy-secret', key: 'app-password' });
  });

  test('no backup, verification or restore Job refers to the superuser or its password', () => {
    for (const engine of [DatabaseEngine.postgres(), DatabaseEngine.mariadb(), DatabaseEngine.mysql()]) {
      const { docs, schedule } = synth({ verifyRestore: true, retention: BackupRetention.keepLast(3) }, { engine });
      schedule.restoreJob('Restore');
      const jobs = docs().filter(d => d.kind === 'CronJob' || (d.kind === 'Job' && d.metadata.name.endsWith('-restore')));
      expect(jobs.map(d => d.metadata.name).sort()).toEqual(['orders-backup', 'orders-backup-verify', 'orders-restore']);
      const keys = new Set<string>();
      const users = new Set<string>();
      const walk = (x: any) => {
        if (x && typeof x === 'object') {
          if (x.secretKeyRef?.name === 'orders-credentials') keys.add(x.secretKeyRef.key);
          if (['PGUSER', 'MYSQL_USER'].includes(x.name) && x.value) users.add(x.value);
          Object.values(x).forEach(walk);
        }
      };
      jobs.forEach(walk);
      expect([engine.name, [...keys].sort()]).toEqual([engine.name, ['app-password', 'backup-password']]);
      expect([engine.name, [...users].sort()]).toEqual([engine.name, ['app', 'backup']]);
      expect(JSON.stringify(jobs)).not.toContain('superuser-password');
    }
  });

  test('destinations render to rclone environment; credentials only from Secrets', () => {
    const gcs = podOf(cronJob(synth({ destination: BackupDestination.gcs({ bucket: 'gbk', credentialsSecret: 'gcs-key' }) }).docs()));
    const up = gcs.containers[0];
    expect(env(up, 'RCLONE_CONFIG_DEST_TYPE').value).toBe('google cloud storage');
    expect(env(up, 'RCLONE_CONFIG_DEST_SERVICE_ACCOUNT_FILE').value).toBe('/var/run/secrets/cdk8s-db/gcs/service-account.json');
    expect(gcs.volumes.find((v: any) => v.name === 'destination-credentials').secret.secretName).toBe('gcs-key');
    const vol = podOf(cronJob(synth({ destination: BackupDestination.volume({ claimName: 'nfs' }) }).docs()));
    expect(env(vol.containers[0], 'BACKUP_REMOTE').value).toBe('dest:/var/lib/cdk8s-db/destination/orders');
    expect(vol.volumes.find((v: any) => v.name === 'destination').persistentVolumeClaim.claimName).toBe('nfs');
    const minio = podOf(cronJob(synth({ destination: BackupDestination.s3({ bucket: 'bk1', prefix: 'x/y', endpoint: 'http://minio:9000', credentials: { secretName: 'm' } }) }).docs()));
    expect(env(minio.containers[0], 'RCLONE_CONFIG_DEST_FORCE_PATH_STYLE').value).toBe('true');
    expect(env(minio.containers[0], 'BACKUP_REMOTE').value).toBe('dest:bk1/x/y');
  });

  test('freshness descriptor for DbMonitoring', () => {
    const hourly = synth({ schedule: Cron.hourly(), activeDeadline: Duration.minutes(30), verifyRestore: true }).schedule;
    expect(hourly.maxAge.toMinutes()).toBe(90);
    expect(hourly.verifyMaxAge!.toSeconds()).toBe(24.5 * 3600);
    expect(synth({ maxAge: Duration.hours(50) }).schedule.maxAge.toHours()).toBe(50);
    expect(synth({}).schedule.verifyCronJobName).toBeUndefined();
    const weekdays = synth({ schedule: Cron.schedule({ minute: '0', hour: '2', weekDay: 'MON-FRI' }), activeDeadline: Duration.hours(1) }).schedule;
    expect(weekdays.maxAge.toHours()).toBe(72 + 1);
  });

  test('cron parser: ranges, steps, lists, names, macros, gaps', () => {
    expect(longestGapSeconds(parseCron('*/15 * * * *'))).toBe(900);
    expect(longestGapSeconds(parseCron('0 3 * * *'))).toBe(86400);
    expect(longestGapSeconds(parseCron('@weekly'))).toBe(7 * 86400);
    expect(longestGapSeconds(parseCron('0 0 1 * *'))).toBe(31 * 86400);
    expect(longestGapSeconds(parseCron('0 0,12 * jan-dec sun,sat'))).toBe(5 * 86400 + 12 * 3600);
    expect(longestGapSeconds(parseCron('0 0 30 2 *'))).toBeUndefined();
  });

  describe('bad input fails at synth time with the prop and the value', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['minute out of range', () => synth({ schedule: Cron.schedule({ minute: '61' }) }), /BackupSchedule .*: invalid schedule "61 \* \* \* \*": is not a valid cron schedule: minute: 61 is outside 0-59/],
      ['four fields', () => synth({ schedule: { expressionString: '0 0 * *' } as Cron }), /invalid schedule "0 0 \* \*": .*expected 5 fields/],
      ['bad step', () => synth({ schedule: Cron.schedule({ minute: '*/0' }) }), /invalid schedule .*step '0'/],
      ['bad name', () => synth({ schedule: Cron.schedule({ minute: '0', hour: '0', weekDay: 'FUNDAY' }) }), /invalid schedule .*day of week: 'FUNDAY'/],
      ['never runs', () => synth({ schedule: Cron.schedule({ minute: '0', hour: '0', day: '31', month: '2' }) }), /invalid schedule .*never runs/],
      ['TZ in schedule', () => synth({ schedule: { expressionString: 'TZ=UTC 0 0 * * *' } as Cron }), /use the timeZone option/],
      ['bad verify schedule', () => synth({ verification: { schedule: Cron.schedule({ hour: '24' }) } }), /invalid verification\.schedule/],
      ['retention of zero', () => BackupRetention.keepLast(0), /BackupRetention: invalid keepLast 0: must be a whole number between 1 and 10000/],
      ['retention too short', () => BackupRetention.keepFor(Duration.minutes(5)), /BackupRetention: invalid keepFor "5 minutes": must be at least 3600 s/],
      ['empty retention', () => BackupRetention.of({}), /needs keepLast, keepFor or both/],
      ['replica that does not exist', () => synth({ sourcePod: 3 }), /invalid sourcePod 3: must be below the database's replica count \(3\): pod orders-3 does not exist/],
      ['sourcePod with fromPrimary', () => synth({ sourcePod: 1, fromPrimary: true }), /invalid sourcePod 1: cannot be combined with fromPrimary/],
      ['missing bucket', () => BackupDestination.s3({ credentials: { secretName: 's' } } as any), /BackupDestination\.s3: invalid bucket null: is required/],
      ['missing credentials', () => BackupDestination.s3({ bucket: 'bkt' } as any), /BackupDestination\.s3: invalid credentials null: is required/],
      ['missing secret name', () => BackupDestination.s3({ bucket: 'bkt', credentials: {} } as any), /invalid credentials\.secretName null: is required/],
      ['bad bucket', () => BackupDestination.s3({ bucket: 'Bad_Bucket', credentials: { secretName: 's' } }), /invalid bucket "Bad_Bucket"/],
      ['bad endpoint', () => BackupDestination.s3({ bucket: 'bkt', endpoint: 'minio:9000', credentials: { secretName: 's' } }), /invalid endpoint "minio:9000": must be an http/],
      ['prefix with ..', () => BackupDestination.s3({ bucket: 'bkt', prefix: 'a/../b', credentials: { secretName: 's' } }), /invalid prefix "a\/\.\.\/b"/],
      ['gcs without secret', () => BackupDestination.gcs({ bucket: 'bkt' } as any), /BackupDestination\.gcs: invalid credentialsSecret null: is required/],
      ['volume without claim', () => BackupDestination.volume({} as any), /BackupDestination\.volume: invalid claimName null: is required/],
      ['no destination', () => synth({ destination: undefined as any }), /invalid destination null: is required/],
      ['no databases', () => synth({ databases: [] }), /invalid databases \[\]: must name at least one database/],
      ['bad database name', () => synth({ databases: ['a-b'] }), /invalid databases "a-b"/],
      ['name too long', () => synth({ name: 'x'.repeat(53) }), /invalid name "x{53}": the CronJob "x{53}" built from it has 53 characters, more than 52 .*may have at most 52 characters/],
      ['name not a DNS label', () => synth({ name: 'Orders_Backup' }), /invalid name "Orders_Backup": must be a DNS label/],
      ['name too long for the verification CronJob', () => synth({ name: 'x'.repeat(50), verifyRestore: true }),
        /invalid name "x{50}": the CronJob "x{50}-verify" built from it has 57 characters, more than 52 .*may have at most 45 characters/],
      ['bad time zone', () => synth({ timeZone: 'not a zone' }), /invalid timeZone "not a zone"/],
      ['bad backup id', () => synth().schedule.restoreJob('R', { backup: 'latest' }), /invalid backup "latest": must be a backup ID/],
      ['negative backoff', () => synth({ backoffLimit: -1 }), /invalid backoffLimit -1/],
    ];
    test.each(cases)('%s', (_name, fn, message) => {
      expect(fn).toThrow(message);
    });
  });

  test('MariaDB and MySQL: dumps in the engine image as the backup user, restores as the app user, validates', () => {
    for (const engine of [DatabaseEngine.mariadb(), DatabaseEngine.mysql()]) {
      const { docs, schedule } = synth({ verifyRestore: true, retention: BackupRetention.keepLast(3) }, { engine });
      schedule.restoreJob('Restore');
      const all = docs();
      expect(validateAll(all, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
      const pod = podOf(cronJob(all));
      const dump = pod.initContainers[0];
      expect(dump.image).toBe(engine.image);
      expect(dump.command).toEqual(['/bin/sh', '/opt/cdk8s-db/backup/mysql-backup.sh']);
      expect(env(dump, 'MYSQL_HOST').value).toBe('orders-ro.shop.svc');
      expect(env(dump, 'MYSQL_USER').value).toBe('backup');
      expect(env(dump, 'MYSQL_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'orders-credentials', key: 'backup-password' });
      const restore = all.find(d => d.kind === 'Job' && d.metadata.name === 'orders-restore').spec.template.spec.containers[0];
      expect(env(restore, 'MYSQL_USER').value).toBe('app');
      expect(env(restore, 'MYSQL_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'orders-credentials', key: 'app-password' });
      expect(env(dump, 'MYSQL_DUMP').value).toBe(engine.name === 'mariadb' ? 'mariadb-dump' : 'mysqldump');
      expect(containers(podOf(cronJob(all, 'orders-backup-verify')))[1].command[1]).toBe('/opt/cdk8s-db/backup/mysql-verify.sh');
    }
  });

  test('the backup scripts ConfigMap carries retry.sh next to the engine scripts that source it', () => {
    const chart = new Chart(Testing.app(), 'c');
    const db = new ReplicatedDatabase(chart, 'orders', { engine: DatabaseEngine.postgres() });
    new BackupSchedule(chart, 'orders-backup', { database: db, schedule: Cron.daily(), destination: s3(), retention: BackupRetention.keepLast(7) });
    const maps = Testing.synth(chart).filter(d => d.kind === 'ConfigMap' && d.metadata.name.startsWith('cdk8s-db-backup-'));
    expect(maps).toHaveLength(1);
    expect(Object.keys(maps[0].data)).toEqual(expect.arrayContaining(['retry.sh', 'pg-connect.sh', 'pg-backup.sh', 'pg-restore.sh']));
  });

  test('BackupSchedule can be created directly, as in the design sketch', () => {
    const chart = new Chart(Testing.app(), 'c');
    const db = new ReplicatedDatabase(chart, 'orders', { engine: DatabaseEngine.postgres() });
    const b = new BackupSchedule(chart, 'orders-backup', { database: db, schedule: Cron.daily(), destination: s3(), retention: BackupRetention.keepLast(7), verifyRestore: true });
    expect(b.cronJob.name).toBe(b.cronJobName);
    expect(validateAll(Testing.synth(chart), { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });
});

describe('backup scripts', () => {
  const dirs = ['../../src/backup/scripts', '../../src/backup/snapshot-scripts', '../../src/engines/postgres/backup/scripts', '../../src/engines/mysql/backup/scripts'].map(d => path.join(__dirname, d));
  const files = dirs.flatMap(d => fs.readdirSync(d).filter(f => f.endsWith('.sh')).map(f => path.join(d, f)));
  test('are present', () => {
    expect(files.map(f => path.basename(f)).sort()).toEqual(['backup-lib.sh', 'download.sh', 'mysql-backup.sh', 'mysql-lib.sh', 'mysql-restore.sh', 'mysql-verify.sh', 'pg-backup.sh', 'pg-connect.sh', 'pg-restore.sh', 'pg-verify.sh', 'upload.sh', 'volume-snapshot.sh']);
  });
  test.each(files)('%s is clean under shellcheck -s sh and parses under dash and busybox', file => {
    const r = spawnSync('shellcheck', ['-s', 'sh', '-x', file], { encoding: 'utf8', cwd: path.dirname(file) });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const argv of [['dash', '-n'], ['busybox', 'sh', '-n']]) {
      const p = spawnSync(argv[0], [...argv.slice(1), file], { encoding: 'utf8' });
      expect([argv[0], p.status, p.stderr]).toEqual([argv[0], 0, '']);
    }
  });
});
