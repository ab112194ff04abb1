import * as path from 'path';
import { readScripts } from '../../../lib/scripts';
import { BackupEndpoint, BackupPaths, BackupStep, EngineBackup, VerifyStepOptions } from '../../backup-spec';
import { EngineEnv } from '../../engine-spec';

const SCRIPTS_DIR = path.join(__dirname, 'scripts');

/**
 * Redis backups: an RDB snapshot of the whole dataset (every numbered database) taken with
 * `redis-cli --rdb` as the replication user from the source (an in-sync replica by default),
 * checked with redis-check-rdb; verification loads it into a throwaway server in the pod; restore
 * copies every key of it into the target's master with MIGRATE (COPY REPLACE). Redis has no
 * named databases: `databases` and the restore's `database` are not used, the snapshot is always
 * the whole dataset, and `minTables` counts keys. With TLS (the database then has no plain-text
 * port) the dump connects over TLS with the CA mounted; the restore mounts the database's
 * certificate and key too, which the throwaway server needs to MIGRATE over TLS (tls-cluster).
 * @internal
 */
export function redisBackup(users: { replication: string; admin: string }): EngineBackup {
  const sh = (paths: BackupPaths, file: string) => ['/bin/sh', `${paths.scriptsDir}/${file}`];
  const connection = (target: BackupEndpoint, user: string, passwordKey: string, keyPair: boolean): EngineEnv[] => [
    { name: 'REDIS_HOST', value: target.host },
    { name: 'REDIS_PORT', value: String(target.port) },
    { name: 'REDIS_USER', value: user },
    { name: 'REDIS_PASSWORD', secretKey: passwordKey },
    // A database with TLS has no plain-text port: redis-cli connects over TLS, verified against the CA.
    ...(target.tls ? [{ name: 'REDIS_TLS_CA_FILE', value: target.tls.caFile }] : []),
    ...(target.tls && keyPair ? [
      { name: 'REDIS_TLS_CERT_FILE', value: target.tls.certFile },
      { name: 'REDIS_TLS_KEY_FILE', value: target.tls.keyFile },
    ] : []),
  ];
  return {
    scripts: readScripts(SCRIPTS_DIR),
    uid: 999,
    gid: 999,
    writableDirs: [{ name: 'tmp', mountPath: '/tmp' }],
    dump(paths: BackupPaths, source: BackupEndpoint): BackupStep {
      return {
        command: sh(paths, 'redis-backup.sh'),
        env: [
          ...connection(source, users.replication, source.credentials.replicationPassword, false),
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
        ],
        ...(source.tls ? { tls: { keyPair: false } } : {}),
      };
    },
    restore(paths: BackupPaths, target: BackupEndpoint): BackupStep {
      return {
        command: sh(paths, 'redis-restore.sh'),
        env: [
          ...connection(target, users.admin, target.credentials.superuserPassword, true),
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
          { name: 'RESTORE_DIR', value: `${paths.workDir}/restore` },
        ],
        // MIGRATE from the throwaway server over TLS needs a key pair for Redis to set up TLS.
        ...(target.tls ? { tls: { keyPair: true } } : {}),
      };
    },
    verify(paths: BackupPaths, options: VerifyStepOptions): BackupStep {
      return {
        command: sh(paths, 'redis-verify.sh'),
        env: [
          { name: 'BACKUP_WORK_DIR', value: paths.workDir },
          { name: 'VERIFY_DIR', value: paths.verifyDir },
          { name: 'VERIFY_MIN_KEYS', value: String(options.minTables) },
          ...(options.query ? [{ name: 'VERIFY_QUERY', value: options.query }] : []),
          { name: 'VERIFY_RESULT_FILE', value: options.resultFile },
        ],
      };
    },
  };
}
