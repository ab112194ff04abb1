/**
 * What an engine contributes to `BackupSchedule`: the scripts and the environment of the
 * dump, restore and verification steps. The upload, download and retention steps are
 * engine-agnostic (src/backup/scripts, run in the rclone image).
 *
 * Internal: users reach it through `BackupSchedule` / `ReplicatedDatabase.addBackupSchedule`.
 */
import { CredentialKeys, EngineEnv, EngineTls, WritableDir } from './engine-spec';

/** Paths the construct mounts into every backup pod. */
export interface BackupPaths {
  /** Scratch emptyDir shared between the engine step and the rclone step. */
  readonly workDir: string;
  /** Where the scripts (engine + shared) are mounted. */
  readonly scriptsDir: string;
  /** Empty, writable directory for the throwaway server of the verification step. */
  readonly verifyDir: string;
}

/** A server the step talks to. */
export interface BackupEndpoint {
  readonly host: string;
  readonly port: number;
  /** Secret keys of that database (passwords are read from its Secret). */
  readonly credentials: CredentialKeys;
  /** That database's application user (a restore loads the dump as this user where the engine can). */
  readonly appUser: string;
  /**
   * With TLS: where the step finds the database's TLS files when it asks for them
   * (`BackupStep.tls`); undefined when the database has no TLS.
   */
  readonly tls?: EngineTls;
}

/** One container's command and environment. `secretKey` refers to the endpoint's Secret. */
export interface BackupStep {
  readonly command: string[];
  readonly env: EngineEnv[];
  /**
   * Mount the endpoint's TLS Secret (read-only, at the paths of `BackupEndpoint.tls`): the CA
   * only, or with `keyPair` also the certificate and key. Undefined: nothing is mounted (an
   * engine whose client negotiates TLS by itself).
   */
  readonly tls?: { readonly keyPair: boolean };
}

/** Options of the verification step. */
export interface VerifyStepOptions {
  readonly minTables: number;
  readonly query?: string;
  /** Database the query runs in (every restored database when undefined). */
  readonly queryDatabase?: string;
  /** File for the one-line result (the container's termination message). */
  readonly resultFile: string;
}

/** Backup, restore and verification for one engine. */
export interface EngineBackup {
  /** File name → content, mounted at `paths.scriptsDir` with the shared scripts. */
  readonly scripts: { [file: string]: string };
  /** The engine image's unprivileged user and group (the rclone step runs as the same user). */
  readonly uid: number;
  readonly gid: number;
  /** Writable directories the engine image needs under a read-only root filesystem. */
  readonly writableDirs: WritableDir[];
  /** Dumps `databases` from `source` into `paths.workDir`. */
  dump(paths: BackupPaths, source: BackupEndpoint, databases: string[]): BackupStep;
  /** Restores the downloaded backup into `database` on `target`. */
  restore(paths: BackupPaths, target: BackupEndpoint, database: string, sourceDatabase?: string): BackupStep;
  /** Restores the downloaded backup into a throwaway server in the pod and checks it. */
  verify(paths: BackupPaths, options: VerifyStepOptions): BackupStep;
}
