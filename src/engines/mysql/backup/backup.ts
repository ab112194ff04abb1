import * as path from 'path';
import { readScripts } from '../../../lib/scripts';
import { BackupEndpoint, BackupPaths, BackupStep, EngineBackup, VerifyStepOptions } from '../../backup-spec';
import { EngineEnv } from '../../engine-spec';

const SCRIPTS_DIR = path.join(__dirname, 'scripts');

/** The tools of one MySQL-family flavor. */
export interface MysqlBackupTools {
  readonly flavor: string;
  readonly server: string;
  readonly client: string;
  readonly dump: string;
  readonly installDb: string;
  /** The user the dump runs as (the engine's backup user, not root). */
  readonly backupUser: string;
}

/**
 * MySQL/MariaDB logical backups: one `--single-transaction` dump per database with the GTID
 * position, taken as the backup user (read rights on every object, RELOAD and the binlog
 * position, nothing that writes; root has no TCP login); restore as the target's application
 * user with the client; verification on a throwaway server started in the pod.
 * @internal
 */
export function mysqlFamilyBackup(tools: MysqlBackupTools): EngineBackup {
  const sh = (paths: BackupPaths, file: string) => ['/bin/sh', `${paths.scriptsDir}/${file}`];
  const toolEnv: EngineEnv[] = [
    { name: 'MYSQL_FLAVOR', value: tools.flavor },
    { name: 'MYSQL_CLIENT', value: tools.client },
  ];
  const connection = (target: BackupEndpoint, user: string, passwordKey: string): EngineEnv[] => [
    { name: 'MYSQL_HOST', value: target.host },
    { name: 'MYSQL_PORT', value: String(target.port) },
    { name: 'MYSQL_USER', value: user },
    { name: 'MYSQL_PASSWORD', secretKey: passwordKey },
  ];
  return {
    scripts: readScripts(SCRIPTS_DIR),
    uid: 999,
    gid: 999,
    writableDirs: [
      { name: 'run', mountPath: '/run/mysqld' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
    dump(paths: BackupPaths, source: BackupEndpoint, databases: string[]): BackupStep {
      return {
        command: sh(paths, 'mysql-backup.sh'),
        env: [
          ...toolEnv,
          { name: 'MYSQL_DUMP', value: tools.dump },
          ...connection(source, tools.backupUser, source.credentials.backupPassword),
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
          { name: 'BACKUP_DATABASES', value: databases.join(' ') },
        ],
      };
    },
    restore(paths: BackupPaths, target: BackupEndpoint, database: string, sourceDatabase?: string): BackupStep {
      return {
        command: sh(paths, 'mysql-restore.sh'),
        env: [
          ...toolEnv,
          ...connection(target, target.appUser, target.credentials.appPassword),
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
          { name: 'RESTORE_DATABASE', value: database },
          ...(sourceDatabase ? [{ name: 'RESTORE_SOURCE', value: sourceDatabase }] : []),
        ],
      };
    },
    verify(paths: BackupPaths, options: VerifyStepOptions): BackupStep {
      return {
        command: sh(paths, 'mysql-verify.sh'),
        env: [
          ...toolEnv,
          { name: 'MYSQL_SERVER', value: tools.server },
          { name: 'MYSQL_INSTALL_DB', value: tools.installDb },
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
