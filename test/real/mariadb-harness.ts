/**
 * Real-server test harness for the MySQL-family engine with MariaDB: runs the engine's scripts
 * against the MariaDB binaries installed on the machine (Debian bookworm's mariadb-server 10.11 in
 * CI), as the `mysql` OS user when the tests run as root (mariadbd refuses root), on 127.0.0.1 and
 * free high ports, in temp dirs.
 *
 * The environment of every script is the one the construct gives the containers: it is taken from
 * the engine's own `build()` output, with only the paths, ports and the primary's address replaced
 * by local ones and the Secret references resolved to test passwords. The config file is rendered
 * by the engine's config.ts for those local paths.
 *
 *   const node = new MariaNode({ podName: 'db-0', ... });
 *   node.runScript('bootstrap.sh'); await node.start(); node.sql('SELECT 1'); await node.stop(); await node.cleanup();
 * Everything started is stopped in `node.cleanup()` and, as a safety net, when the process exits.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { lookupUser, makeOwnedDir, makeOwnedTempDir, ProcessOptions, RunResult, runSync, ScriptedNode, spawnDetached } from './process';
import { credentialKeys } from '../../src/credentials';
import { EngineParts } from '../../src/engines/engine-spec';
import { FailoverMode } from '../../src/engines/failover';
import { mariadbEngine, MariadbVersion } from '../../src/engines/mysql';
import { MysqlConfigInput, mysqlDynamicSettings, renderMyCnf } from '../../src/engines/mysql/config';

export type { BackgroundRun, RunResult } from './process';
export { freePort, sleep, waitFor } from './process';

/** The engine's scripts, as shipped (they are copied into the ConfigMap at synth time). */
export const SCRIPTS_DIR = path.resolve(__dirname, '../../src/engines/mysql/scripts');
/** The Galera scripts (FailoverMode.AUTOMATIC), copied next to the others for Galera nodes. */
export const GALERA_SCRIPTS_DIR = path.resolve(__dirname, '../../src/engines/mysql/galera/scripts');
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** `mariadbd --version`, e.g. "mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)". */
export function mariadbVersion(): string {
  const r = spawnSync('mariadbd', ['--version'], { encoding: 'utf8', env: { PATH } });
  return (r.stdout ?? '').trim();
}

/** Release series (`10.11`) and full version (`10.11.19`) of the installed server. */
export function mariadbSeries(): { series: string; version: string } {
  const m = /Ver (\d+)\.(\d+)\.(\d+)/.exec(mariadbVersion());
  if (!m) return { series: '10.11', version: '10.11.0' };
  return { series: `${m[1]}.${m[2]}`, version: `${m[1]}.${m[2]}.${m[3]}` };
}

/** True when the MariaDB server and tools are installed (tests skip otherwise). */
export function mariadbAvailable(): boolean {
  return ['mariadbd', 'mariadb', 'mariadb-admin', 'mariadb-dump', 'mariadb-install-db']
    .every(b => spawnSync('sh', ['-c', `command -v ${b}`], { env: { PATH } }).status === 0);
}

/** uid/gid the servers run as: the `mysql` OS user when we are root, else ourselves. */
export const DB_USER = (() => {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, asRoot: false };
  return { ...(lookupUser('mysql') ?? { uid: NaN, gid: NaN }), asRoot: true };
})();

/** The user the servers run as, when it is not ourselves. */
const OWNER = DB_USER.asRoot ? DB_USER : undefined;

/** Secrets of a test cluster; the passwords contain characters that break naive quoting. */
export interface MariaSecrets {
  readonly rootPassword: string;
  readonly replicationPassword: string;
  readonly appUser: string;
  readonly appPassword: string;
  readonly appDatabase: string;
  readonly monitoringPassword: string;
  /** The backup user's password (user `backup`). */
  readonly backupPassword: string;
  /** The read-only user's password (user `readonly`). */
  readonly readonlyPassword: string;
}

export function defaultSecrets(): MariaSecrets {
  const r = () => Math.random().toString(36).slice(2, 10);
  return {
    rootPassword: `Ro-${r()}'"\\:$HOME #x; \`id\``,
    replicationPassword: `Re-${r()}\\'q" $1 #`,
    appUser: 'orders_app',
    appPassword: `Ap-${r()}'; DROP TABLE x; -- `,
    appDatabase: 'orders',
    monitoringPassword: `Mo-${r()}%s\\n"#[client]`,
    backupPassword: `Ba-${r()}'"\\ #y; $PATH`,
    readonlyPassword: `Rd-${r()}\\'; "z" %d`,
  };
}

/** Passwords of a secrets object (for "never printed" assertions). */
export function passwordsOf(s: MariaSecrets): string[] {
  return [s.rootPassword, s.replicationPassword, s.appPassword, s.monitoringPassword, s.backupPassword, s.readonlyPassword];
}

export interface MariaNodeOptions {
  /** POD_NAME, e.g. db-0 (ordinal 0 = primary). */
  readonly podName: string;
  readonly port: number;
  readonly primaryPort: number;
  readonly secrets: MariaSecrets;
  /** Semi-synchronous replication, as `DatabaseEngine.mariadb({ semiSync })`. */
  readonly semiSync?: boolean;
  /** Fields of the config input to change; `overrides` are added to the test's own (bind_address=127.0.0.1). */
  readonly config?: Partial<MysqlConfigInput>;
  /** Extra environment for every script. */
  readonly env?: { [key: string]: string };
  /** A Galera node (FailoverMode.AUTOMATIC): the loopback addresses of every node. */
  readonly galera?: GaleraNodeOptions;
}

/** Loopback addresses of a Galera node and its peers (every node has its own ports here). */
export interface GaleraNodeOptions {
  /** GALERA_PEERS: `127.0.0.1:<sqlport>:<gcommport>` per node, in ordinal order. */
  readonly peers: string;
  readonly istPort: number;
  readonly sstPort: number;
}

/** Engine env names the harness replaces with local values (each must exist in the engine's env). */
const LOCAL_ENV = ['MYSQL_CONFIG_FILE', 'MYSQL_DYNAMIC_SETTINGS', 'MYSQL_DATADIR', 'MYSQL_SOCKET', 'MYSQL_PID_FILE', 'MYSQL_PORT', 'MYSQL_PROBE_DEFAULTS', 'DB_PRIMARY_HOST', 'DB_PRIMARY_PORT'];

/**
 * One pod's worth of MariaDB: a "volume" dir (MYSQL_DATADIR's parent), a socket dir (/run/mysqld),
 * a private TMPDIR (/tmp), a config dir with my.cnf rendered by the engine's config.ts, and the
 * scripts copied read-only like the ConfigMap mount.
 */
export class MariaNode extends ScriptedNode {
  public readonly root: string;
  public readonly volume: string;
  public readonly datadir: string;
  public readonly runDir: string;
  public readonly socket: string;
  public readonly pidFile: string;
  public readonly probeDefaults: string;
  public readonly tmpDir: string;
  public readonly home: string;
  public readonly confFile: string;
  /** dynamic.tsv next to my.cnf, as the ConfigMap mounts it (config-reload.sh). */
  public readonly dynamicFile: string;
  public readonly scriptsDir: string;
  public readonly serverLog: string;
  public readonly configInput: MysqlConfigInput;
  /** The engine's parts, built for this node's database (env contract, grants...). */
  public readonly parts: EngineParts;
  private readonly adminDefaults: string;

  constructor(public readonly options: MariaNodeOptions) {
    super();
    const { series, version } = mariadbSeries();
    this.root = makeOwnedTempDir(`mdb-${options.podName}-`, OWNER, 0o755);
    this.volume = makeOwnedDir(path.join(this.root, 'volume'), OWNER, 0o750);
    this.datadir = path.join(this.volume, 'data');
    this.runDir = makeOwnedDir(path.join(this.root, 'run'), OWNER, 0o750);
    this.socket = path.join(this.runDir, 'mysqld.sock');
    this.pidFile = path.join(this.runDir, 'mysqld.pid');
    this.probeDefaults = path.join(this.runDir, 'probe.cnf');
    this.tmpDir = makeOwnedDir(path.join(this.root, 'tmp'), OWNER, 0o700);
    this.home = path.join(this.root, 'home');
    fs.mkdirSync(this.home, { mode: 0o555 });
    this.serverLog = path.join(this.root, 'server.log');
    const confDir = path.join(this.root, 'config');
    fs.mkdirSync(confDir, { mode: 0o755 });
    this.confFile = path.join(confDir, 'my.cnf');
    this.configInput = {
      flavor: 'mariadb',
      series,
      port: options.port,
      memoryBytes: 512 * 1024 * 1024,
      cpuMillis: 1000,
      storageBytes: 2 * 1024 * 1024 * 1024,
      dataDir: this.datadir,
      socketPath: this.socket,
      pidFile: this.pidFile,
      semiSync: options.semiSync ?? false,
      ...options.config,
      ...(options.galera ? { galera: { clusterName: 'db' } } : {}),
      overrides: { bind_address: '127.0.0.1', ...options.config?.overrides },
    };
    fs.writeFileSync(this.confFile, renderMyCnf(this.configInput), { mode: 0o644 });
    this.dynamicFile = path.join(path.dirname(this.confFile), 'dynamic.tsv');
    fs.writeFileSync(this.dynamicFile, mysqlDynamicSettings(this.configInput), { mode: 0o644 });
    this.scriptsDir = path.join(this.root, 'scripts');
    fs.mkdirSync(this.scriptsDir, { mode: 0o755 });
    for (const dir of options.galera ? [SCRIPTS_DIR, GALERA_SCRIPTS_DIR] : [SCRIPTS_DIR]) {
      for (const f of fs.readdirSync(dir).filter(n => n.endsWith('.sh'))) {
        fs.copyFileSync(path.join(dir, f), path.join(this.scriptsDir, f));
        fs.chmodSync(path.join(this.scriptsDir, f), 0o555);
      }
    }
    this.parts = mariadbEngine({ version: MariadbVersion.of(series, version), semiSync: options.semiSync }).build({
      name: 'db',
      replicas: 3,
      headlessServiceName: 'db-headless',
      primaryHost: 'db-0.db-headless',
      memoryBytes: this.configInput.memoryBytes,
      cpuMillis: this.configInput.cpuMillis,
      storageBytes: this.configInput.storageBytes,
      maxLagBytes: 16 * 1024 * 1024,
      maxLagSeconds: 30,
      credentials: credentialKeys('db-credentials'),
      appDatabase: options.secrets.appDatabase,
      appUser: options.secrets.appUser,
      configDir: '/etc/cdk8s-db',
      scriptsDir: '/opt/cdk8s-db/scripts',
      failover: options.galera ? FailoverMode.AUTOMATIC : FailoverMode.FIXED_PRIMARY,
    });
    // An admin option file (root through the socket) for the tests' own SQL.
    this.adminDefaults = path.join(this.root, 'admin.cnf');
    const q = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    fs.writeFileSync(this.adminDefaults, `[client]\nuser=root\npassword=${q(options.secrets.rootPassword)}\nsocket=${this.socket}\n`, { mode: 0o600 });
  }

  /**
   * The containers' environment as the engine defines it, with local paths, ports and primary
   * address, Secret references resolved to the test passwords, and PATH/HOME/TMPDIR for this machine.
   */
  public env(extra: { [key: string]: string } = {}): { [key: string]: string } {
    const s = this.options.secrets;
    const keys = credentialKeys('db-credentials');
    const secretValues: { [key: string]: string } = {
      [keys.superuserPassword]: s.rootPassword,
      [keys.replicationPassword]: s.replicationPassword,
      [keys.appPassword]: s.appPassword,
      [keys.monitoringPassword]: s.monitoringPassword,
      [keys.backupPassword]: s.backupPassword,
      [keys.readonlyPassword]: s.readonlyPassword,
    };
    const local: { [key: string]: string } = {
      MYSQL_CONFIG_FILE: this.confFile,
      MYSQL_DYNAMIC_SETTINGS: this.dynamicFile,
      MYSQL_DATADIR: this.datadir,
      MYSQL_SOCKET: this.socket,
      MYSQL_PID_FILE: this.pidFile,
      MYSQL_PORT: String(this.options.port),
      MYSQL_PROBE_DEFAULTS: this.probeDefaults,
      DB_PRIMARY_HOST: '127.0.0.1',
      DB_PRIMARY_PORT: String(this.options.primaryPort),
    };
    const env: { [key: string]: string } = {};
    for (const e of this.parts.env) {
      if (e.secretKey) {
        if (!(e.secretKey in secretValues)) throw new Error(`engine env ${e.name} refers to unknown secret key ${e.secretKey}`);
        env[e.name] = secretValues[e.secretKey];
      } else if (e.fieldPath) {
        if (e.fieldPath === 'metadata.namespace') {
          env[e.name] = 'test';
          continue;
        }
        if (e.fieldPath !== 'metadata.name') throw new Error(`engine env ${e.name}: unexpected fieldPath ${e.fieldPath}`);
        env[e.name] = this.options.podName;
      } else {
        env[e.name] = e.value ?? '';
      }
    }
    for (const name of LOCAL_ENV) {
      if (!(name in env)) throw new Error(`the engine no longer sets ${name}: update the harness`);
      env[name] = local[name];
    }
    const g = this.options.galera;
    if (g) {
      for (const name of ['GALERA_PEERS', 'GALERA_IST_PORT', 'GALERA_SST_PORT']) {
        if (!(name in env)) throw new Error(`the engine no longer sets ${name}: update the harness`);
      }
      Object.assign(env, { GALERA_PEERS: g.peers, GALERA_IST_PORT: String(g.istPort), GALERA_SST_PORT: String(g.sstPort), GALERA_BIND_ADDRESS: '127.0.0.1' });
    }
    return {
      PATH,
      // Read-only, as in the container: nothing may need to write there.
      HOME: this.home,
      TMPDIR: this.tmpDir,
      LANG: 'C.UTF-8',
      ...env,
      PRIMARY_WAIT_SECONDS: '1',
      ...this.options.env,
      ...extra,
    };
  }

  protected processOptions(): ProcessOptions {
    return { user: OWNER, cwd: this.root };
  }

  /** Runs a command as the database OS user with this node's environment. */
  public runAsDbUser(cmd: string, args: string[], extraEnv: { [key: string]: string } = {}, timeoutMs = 120_000, input?: string): RunResult {
    return this.runAs(cmd, args, extraEnv, timeoutMs, input);
  }

  /**
   * Starts the server with `script` (e.g. galera-start.sh) in the background and waits until
   * `ready` (default: at once), like `start()` with another main command.
   */
  public async startWith(script: string, ready: () => boolean = () => true, timeoutMs = 120_000): Promise<void> {
    await this.procs.startServer(this.options.podName, '/bin/sh', [path.join(this.scriptsDir, script)],
      { ...this.processOptions(), env: this.env(), logFile: this.serverLog }, ready, timeoutMs, () => this.log());
  }

  /** Sends a signal to the process started by `start()`/`startWith()` (the server after its exec). */
  public signal(sig: NodeJS.Signals): void {
    const pid = this.procs.server?.pid;
    if (pid) process.kill(pid, sig);
  }

  /** SIGKILLs the server (a crash) and waits for its exit. */
  public async crash(): Promise<void> {
    this.procs.killServer();
    await this.waitForExit(10_000);
  }

  /** Stops the server with `script` as the preStop hook (default prestop.sh), SIGKILL as a fallback. */
  public async stopWith(script: string, timeoutMs = 60_000): Promise<RunResult> {
    const r = this.runScript(script, {}, timeoutMs);
    if ((await this.waitForExit(30_000)) === 'timeout') {
      this.procs.killServer();
      await this.waitForExit(5_000);
    }
    return r;
  }

  /** Stops the server with prestop.sh (SIGKILL as a fallback). */
  public async stop(): Promise<void> {
    if (!this.procs.server) return;
    this.runScript('prestop.sh');
    if ((await this.waitForExit(30_000)) === 'timeout') {
      this.procs.killServer();
      await this.waitForExit(5_000);
    }
  }

  /** Synchronous last-resort stop, for the process-exit hook. */
  public killNow(): void {
    this.procs.killBackground();
    this.procs.killServer();
    for (const pidFile of [this.pidFile, path.join(`${this.datadir}.bootstrap`, 'server.pid')]) {
      try {
        const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
        if (pid > 1) process.kill(pid, 'SIGKILL');
      } catch {
        // no such file or process
      }
    }
  }

  /** Runs SQL as root through the socket; returns the tab-separated rows without headers. */
  public sql(query: string, database?: string): string {
    const args = [`--defaults-file=${this.adminDefaults}`, '--batch', '--skip-column-names', '-e', query, ...(database ? [database] : [])];
    const r = spawnSync('mariadb', args, { encoding: 'utf8', env: { PATH }, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${this.options.podName}: SQL failed (${r.status}): ${query}\n${r.stderr}`);
    return (r.stdout ?? '').trim();
  }

  /** One row of `SHOW ... \G`-style output as a map (e.g. SHOW REPLICA STATUS). */
  public sqlRow(query: string): { [field: string]: string } {
    const args = [`--defaults-file=${this.adminDefaults}`, '--batch', '-e', `${query}\\G`];
    const r = spawnSync('mariadb', args, { encoding: 'utf8', env: { PATH }, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${this.options.podName}: SQL failed (${r.status}): ${query}\n${r.stderr}`);
    const row: { [field: string]: string } = {};
    for (const line of (r.stdout ?? '').split('\n')) {
      const m = /^\s*([A-Za-z_]+): ?(.*)$/.exec(line);
      if (m) row[m[1]] = m[2];
    }
    return row;
  }

  /** Runs SQL over TCP as `user` (password in an option file, not on the command line). */
  public sqlTcp(user: string, password: string, query: string, database?: string): RunResult {
    const file = path.join(this.root, `tcp-${Math.random().toString(36).slice(2)}.cnf`);
    const q = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    fs.writeFileSync(file, `[client]\nuser=${q(user)}\npassword=${q(password)}\n`, { mode: 0o600 });
    try {
      const args = [`--defaults-file=${file}`, '--protocol=TCP', '--host=127.0.0.1', `--port=${this.options.port}`,
        '--batch', '--skip-column-names', '-e', query, ...(database ? [database] : [])];
      return runSync('mariadb', args, { env: { PATH }, timeoutMs: 60_000 });
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /**
   * Starts a root session in the background that runs `statements` and keeps the connection (and
   * its locks) until `release()` is called.
   */
  public holdSession(statements: string): { release: () => Promise<void> } {
    const child = spawnDetached('mariadb', [`--defaults-file=${this.adminDefaults}`, '--batch'], { env: { PATH }, stdio: ['pipe', 'ignore', 'ignore'] });
    const closed = this.procs.track(child);
    const marker = `SELECT SLEEP(300) AS hold_${Math.random().toString(36).slice(2, 10)}`;
    child.stdin!.write(`${statements}\n${marker};\n`);
    return {
      release: async () => {
        // A dead client does not end the server-side session at once: kill the session itself.
        for (const id of this.sql(`SELECT id FROM information_schema.processlist WHERE info = '${marker}'`).split('\n').filter(Boolean)) {
          this.sql(`KILL ${id}`);
        }
        this.killGroup(child);
        await closed;
      },
    };
  }
}
