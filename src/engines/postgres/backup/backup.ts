import * as path from 'path';
import { readScripts } from '../../../lib/scripts';
import { BackupEndpoint, BackupPaths, BackupStep, EngineBackup, VerifyStepOptions } from '../../backup-spec';

const SCRIPTS_DIR = path.join(__dirname, 'scripts');

/**
 * PostgreSQL logical backups: `pg_dump -Fc` of each database plus
 * `pg_dumpall --globals-only --no-role-passwords`, taken as the backup role
 * (`pg_read_all_data`, no superuser: the superuser is refused over TCP, and role passwords,
 * which only a superuser can read, stay in the Secret); restore as the target's application
 * user with `pg_restore --no-owner --clean --if-exists --single-transaction`; verification on
 * a throwaway server started in the pod.
 * @internal
 */
export function postgresBackup(backupUser: string): EngineBackup {
  const sh = (paths: BackupPaths, file: string) => ['/bin/sh', `${paths.scriptsDir}/${file}`];
  const connection = (target: BackupEndpoint, user: string, passwordKey: string) => [
    { name: 'PGHOST', value: target.host },
    { name: 'PGPORT', value: String(target.port) },
    { name: 'PGUSER', value: user },
    { name: 'PGPASSWORD', secretKey: passwordKey },
    { name: 'PGCONNECT_TIMEOUT', value: '10' },
  ];
  return {
    scripts: readScripts(SCRIPTS_DIR),
    uid: 999,
    gid: 999,
    writableDirs: [
      { name: 'run', mountPath: '/var/run/postgresql' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
    dump(paths: BackupPaths, source: BackupEndpoint, databases: string[]): BackupStep {
      return {
        command: sh(paths, 'pg-backup.sh'),
        env: [
          ...connection(source, backupUser, source.credentials.backupPassword),
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
          { name: 'BACKUP_DATABASES', value: databases.join(' ') },
        ],
      };
    },
    restore(paths: BackupPaths, target: BackupEndpoint, database: string, sourceDatabase?: string): BackupStep {
      return {
        command: sh(paths, 'pg-restore.sh'),
        env: [
          ...connection(target, target.appUser, target.credentials.appPassword),
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
          { name: 'RESTORE_DATABASE', value: database },
          ...(sourceDatabase ? [{ name: 'RESTORE_SOURCE', value: sourceDatabase }] : []),
        ],
      };
    },
    verify(paths: BackupPaths, options: VerifyStepOptions): BackupStep {
      return {
        command: sh(paths, 'pg-verify.sh'),
        env: [
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
          { name: 'VERIFY_DIR', value: paths.verifyDir },
          { name: 'VERIFY_MIN_TABLES', value: String(options.minTables) },
          ...(options.query ? [{ name: 'VERIFY_QUERY', value: options.query }] : []),
          ...(options.query && options.queryDatabase ? [{ name: 'VERIFY_QUERY_DATABASE', value: options.queryDatabase }] : []),
          { name: 'VERIFY_RESULT_FILE', value: options.resultFile },
        ],
      };
    },
  };
}
