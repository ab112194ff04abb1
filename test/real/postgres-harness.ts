/**
 * Real-server test harness for the PostgreSQL engine: runs the engine's scripts against the
 * PostgreSQL binaries installed on the machine (Debian's postgresql-15 in CI), as the `postgres`
 * OS user (PostgreSQL refuses root), on 127.0.0.1 and free high ports, in temp dirs.
 *
 * Reusable by later real-server tests (backup, monitoring, TLS):
 *   const node = new PgNode({ podName: 'orders-0', ... });
 *   node.runScript('bootstrap.sh'); await node.start(); node.sql('SELECT 1'); await node.stop(); node.cleanup();
 * Everything started is stopped in `node.cleanup()` and, as a safety net, when the process exits.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BackgroundRun, lookupUser, makeOwnedDir, makeOwnedTempDir, ProcessOptions, RunResult, ScriptedNode } from './process';
import { PostgresConfigInput, renderPgHba, renderPostgresqlConf } from '../../src/engines/postgres/config';

export type { RunResult } from './process';
export { freePort, sleep, waitFor } from './process';

/** Directory of the Debian PostgreSQL binaries (initdb, pg_ctl, postgres, psql, ...). */
export const PG_BIN = process.env.PG_BIN ?? findPgBin();
/** The engine's scripts, as shipped (they are copied into the ConfigMap at synth time). */
export const SCRIPTS_DIR = path.resolve(__dirname, '../../src/engines/postgres/scripts');

function findPgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter(v => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.length > 0 ? path.join(base, versions[0], 'bin') : '/usr/lib/postgresql/15/bin';
}

/** True when the binaries and the postgres OS user exist (tests can skip otherwise). */
export function postgresAvailable(): boolean {
  return fs.existsSync(path.join(PG_BIN, 'postgres')) && spawnSync('id', ['-u', 'postgres']).status === 0;
}

/** uid/gid of the postgres OS user. */
export const PG_USER = lookupUser('postgres') ?? { uid: NaN, gid: NaN };

/** `postgres --version` of the binaries under test, e.g. "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
export function postgresVersion(): string {
  return spawnSync(path.join(PG_BIN, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** A new temp dir (short path: socket paths are limited to ~100 bytes) owned by postgres, mode 0755. */
export function makeTempDir(prefix = 'pgt-'): string {
  return makeOwnedTempDir(prefix, PG_USER, 0o755);
}

/** Creates a dir owned by postgres with the given mode. */
export function makePostgresDir(dir: string, mode = 0o700): string {
  return makeOwnedDir(dir, PG_USER, mode);
}

/** Secrets of a test cluster; defaults contain characters that break naive quoting. */
export interface PgSecrets {
  readonly postgresPassword: string;
  readonly replicationUser: string;
  readonly replicationPassword: string;
  readonly appUser: string;
  readonly appPassword: string;
  readonly appDatabase: string;
  readonly monitoringUser: string;
  readonly monitoringPassword: string;
  /** The backup role's password (user `backup`). */
  readonly backupPassword: string;
  /** The read-only role's password (user `readonly`). */
  readonly readonlyPassword: string;
}

export function defaultSecrets(): PgSecrets {
  const r = () => Math.random().toString(36).slice(2, 10);
  return {
    postgresPassword: `Su-${r()}'"\\:$HOME \`x\``,
    replicationUser: 'replicator',
    replicationPassword: `Re-${r()}:*:\\'q" $1`,
    appUser: 'orders_app',
    appPassword: `Ap-${r()}'; DROP TABLE x; --`,
    appDatabase: 'orders',
    monitoringUser: 'monitor',
    monitoringPassword: `Mo-${r()}%s\\n`,
    backupPassword: `Ba-${r()}'"\\ :x $PATH`,
    readonlyPassword: `Ro-${r()}';\\ "y" %d`,
  };
}

/** Passwords of a secrets object (for "never printed" assertions). */
export function passwordsOf(s: PgSecrets): string[] {
  return [s.postgresPassword, s.replicationPassword, s.appPassword, s.monitoringPassword, s.backupPassword, s.readonlyPassword];
}

export interface PgNodeOptions {
  /** POD_NAME, e.g. orders-0 (ordinal 0 = primary). */
  readonly podName: string;
  readonly port: number;
  readonly primaryPort: number;
  /** @default 127.0.0.1 */
  readonly primaryHost?: string;
  readonly secrets: PgSecrets;
  /** Fields of the config input to change (memory, overrides...). listen_addresses defaults to 127.0.0.1. */
  readonly config?: Partial<PostgresConfigInput>;
  /** Extra environment for every script. */
  readonly env?: { [key: string]: string };
}

/** A script running in the background (see `PgNode.spawnScript`). */
export type BackgroundScript = BackgroundRun;

/**
 * One pod's worth of PostgreSQL: a "volume" dir (PGDATA's parent), a socket dir (PGHOST), a
 * private TMPDIR, a config dir with postgresql.conf and pg_hba.conf rendered by the engine's
 * config.ts, and the scripts copied read-only like the ConfigMap mount.
 */
export class PgNode extends ScriptedNode {
  public readonly root: string;
  public readonly volume: string;
  public readonly pgdata: string;
  public readonly socketDir: string;
  public readonly tmpDir: string;
  public readonly confFile: string;
  public readonly hbaFile: string;
  public readonly passfile: string;
  public readonly scriptsDir: string;
  public readonly serverLog: string;
  public readonly configInput: PostgresConfigInput;

  constructor(public readonly options: PgNodeOptions) {
    super();
    this.root = makeTempDir(`pg-${options.podName}-`);
    this.volume = makePostgresDir(path.join(this.root, 'volume'), 0o700);
    this.pgdata = path.join(this.volume, 'pgdata');
    this.socketDir = makePostgresDir(path.join(this.root, 'run'), 0o700);
    this.tmpDir = makePostgresDir(path.join(this.root, 'tmp'), 0o700);
    this.passfile = path.join(this.socketDir, '.pgpass');
    this.serverLog = path.join(this.root, 'server.log');
    const confDir = path.join(this.root, 'config');
    fs.mkdirSync(confDir, { mode: 0o755 });
    this.confFile = path.join(confDir, 'postgresql.conf');
    this.hbaFile = path.join(confDir, 'pg_hba.conf');
    this.configInput = {
      majorVersion: 15,
      port: options.port,
      memoryBytes: 512 * 1024 * 1024,
      cpuMillis: 1000,
      storageBytes: 2 * 1024 * 1024 * 1024,
      socketDir: this.socketDir,
      hbaFile: this.hbaFile,
      primaryHost: options.primaryHost ?? '127.0.0.1',
      primaryPort: options.primaryPort,
      replicationUser: options.secrets.replicationUser,
      passfile: this.passfile,
      ...options.config,
      overrides: { listen_addresses: '127.0.0.1', ...options.config?.overrides },
    };
    fs.writeFileSync(this.confFile, renderPostgresqlConf(this.configInput), { mode: 0o644 });
    fs.writeFileSync(this.hbaFile, renderPgHba({ replicationUser: options.secrets.replicationUser, readonlyUser: 'readonly', appDatabase: options.secrets.appDatabase }), { mode: 0o644 });
    this.scriptsDir = path.join(this.root, 'scripts');
    fs.mkdirSync(this.scriptsDir, { mode: 0o755 });
    for (const f of fs.readdirSync(SCRIPTS_DIR).filter(n => n.endsWith('.sh'))) {
      fs.copyFileSync(path.join(SCRIPTS_DIR, f), path.join(this.scriptsDir, f));
      fs.chmodSync(path.join(this.scriptsDir, f), 0o555);
    }
  }

  /** The environment contract of the engine's containers, plus PATH/HOME/TMPDIR for this machine. */
  public env(extra: { [key: string]: string } = {}): { [key: string]: string } {
    const s = this.options.secrets;
    return {
      PATH: `${PG_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: this.root,
      TMPDIR: this.tmpDir,
      LANG: 'C.UTF-8',
      PGDATA: this.pgdata,
      PGPORT: String(this.options.port),
      PGHOST: this.socketDir,
      POD_NAME: this.options.podName,
      DB_PRIMARY_HOST: this.options.primaryHost ?? '127.0.0.1',
      DB_PRIMARY_PORT: String(this.options.primaryPort),
      PG_CONFIG_FILE: this.confFile,
      PG_HBA_FILE: this.hbaFile,
      PG_PASSFILE: this.passfile,
      POSTGRES_PASSWORD: s.postgresPassword,
      REPLICATION_USER: s.replicationUser,
      REPLICATION_PASSWORD: s.replicationPassword,
      APP_USER: s.appUser,
      APP_PASSWORD: s.appPassword,
      APP_DATABASE: s.appDatabase,
      MONITORING_USER: s.monitoringUser,
      MONITORING_PASSWORD: s.monitoringPassword,
      BACKUP_USER: 'backup',
      BACKUP_PASSWORD: s.backupPassword,
      READONLY_USER: 'readonly',
      READONLY_PASSWORD: s.readonlyPassword,
      READINESS_MAX_LAG_BYTES: String(16 * 1024 * 1024),
      READINESS_MAX_LAG_SECONDS: '30',
      PRIMARY_WAIT_SECONDS: '1',
      ...this.options.env,
      ...extra,
    };
  }

  protected processOptions(): ProcessOptions {
    return { user: PG_USER, cwd: this.root };
  }

  /** Runs a command as the postgres OS user with this node's environment. */
  public runAsPostgres(cmd: string, args: string[], extraEnv: { [key: string]: string } = {}, timeoutMs = 120_000, input?: string): RunResult {
    return this.runAs(cmd, args, extraEnv, timeoutMs, input);
  }

  /** Stops the server (fast shutdown; immediate and SIGKILL as fallbacks). */
  public async stop(): Promise<void> {
    if (fs.existsSync(path.join(this.pgdata, 'postmaster.pid'))) {
      const r = this.runAsPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', this.pgdata, 'stop', '-m', 'fast', '-w', '-t', '30']);
      if (r.code !== 0) {
        this.runAsPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', this.pgdata, 'stop', '-m', 'immediate', '-w', '-t', '10']);
      }
    }
    if (this.procs.server) {
      if ((await this.waitForExit(15_000)) === 'timeout') {
        this.procs.killServer();
        await this.waitForExit(5_000);
      }
    }
  }

  /**
   * Starts postgres the way run.sh's last line does, without run.sh's re-run of bootstrap.sh: a
   * standby that keeps running while its WAL is gone from the primary (what liveness.sh detects).
   */
  public async startServerOnly(timeoutMs = 60_000): Promise<void> {
    const slot = this.options.podName.replace(/[-.]/g, '_');
    await this.procs.startServer(this.options.podName, path.join(PG_BIN, 'postgres'),
      ['-D', this.pgdata, '-c', `config_file=${this.confFile}`, '-c', `cluster_name=${this.options.podName}`, '-c', `primary_slot_name=${slot}`],
      { ...this.processOptions(), env: this.env(), logFile: this.serverLog }, () => this.runScript('startup.sh').code === 0, timeoutMs, () => this.log());
  }

  /** Synchronous last-resort stop, for the process-exit hook. */
  public killNow(): void {
    this.procs.killBackground();
    for (const dir of [this.pgdata, `${this.pgdata}.bootstrap`]) {
      if (fs.existsSync(path.join(dir, 'postmaster.pid'))) {
        spawnSync(path.join(PG_BIN, 'pg_ctl'), ['-D', dir, 'stop', '-m', 'immediate', '-w', '-t', '10'], { uid: PG_USER.uid, gid: PG_USER.gid, cwd: '/' });
      }
    }
    this.procs.killServer();
  }

  /** Runs SQL through the socket as the postgres superuser (peer); returns the unaligned, tuples-only output. */
  public sql(query: string, database = 'postgres'): string {
    const r = this.runAsPostgres(path.join(PG_BIN, 'psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-U', 'postgres', '-d', database, '-c', query]);
    if (r.code !== 0) throw new Error(`${this.options.podName}: SQL failed (${r.code}): ${query}\n${r.stderr}`);
    return r.stdout.trim();
  }

  /** Runs psql with a libpq connection string over TCP (password in PGPASSWORD, not on the command line). */
  public psqlTcp(conninfo: string, query: string, password?: string): RunResult {
    return this.runAsPostgres(path.join(PG_BIN, 'psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', conninfo, '-c', query],
      password === undefined ? {} : { PGPASSWORD: password });
  }
}
