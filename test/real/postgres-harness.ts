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
import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { PostgresConfigInput, renderPgHba, renderPostgresqlConf } from '../../src/engines/postgres/config';

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
export const PG_USER = (() => {
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim() || NaN);
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim() || NaN);
  return { uid, gid };
})();

/** `postgres --version` of the binaries under test, e.g. "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
export function postgresVersion(): string {
  return spawnSync(path.join(PG_BIN, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
}

const allocatedPorts = new Set<number>();

/** A free TCP port on 127.0.0.1 (never the same one twice in this process). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    if (port >= 1024 && !allocatedPorts.has(port)) {
      allocatedPorts.add(port);
      return port;
    }
  }
}

/** A new temp dir (short path: socket paths are limited to ~100 bytes) owned by postgres, mode 0755. */
export function makeTempDir(prefix = 'pgt-'): string {
  const dir = fs.mkdtempSync(path.join('/tmp', prefix));
  fs.chownSync(dir, PG_USER.uid, PG_USER.gid);
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Creates a dir owned by postgres with the given mode. */
export function makePostgresDir(dir: string, mode = 0o700): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.chownSync(dir, PG_USER.uid, PG_USER.gid);
  fs.chmodSync(dir, mode);
  return dir;
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; returns the last value. */
export async function waitFor<T>(check: () => T, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = check();
  while (!last && Date.now() < deadline) {
    await sleep(intervalMs);
    last = check();
  }
  return last;
}

/** Result of a script or command run. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout + stderr */
  readonly output: string;
  readonly ms: number;
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
  };
}

/** Passwords of a secrets object (for "never printed" assertions). */
export function passwordsOf(s: PgSecrets): string[] {
  return [s.postgresPassword, s.replicationPassword, s.appPassword, s.monitoringPassword];
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
export interface BackgroundScript {
  readonly child: ChildProcess;
  /** Resolves when the script has exited (its output is then complete). */
  readonly done: Promise<RunResult>;
  /** stdout + stderr so far. */
  readonly output: () => string;
}

const liveNodes = new Set<PgNode>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const node of liveNodes) node.killNow();
  };
  process.once('exit', killAll);
  // Servers run in their own process groups: stop them too when the test run is interrupted.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  // A jest worker whose parent went away.
  process.once('disconnect', killAll);
}

/**
 * One pod's worth of PostgreSQL: a "volume" dir (PGDATA's parent), a socket dir (PGHOST), a
 * private TMPDIR, a config dir with postgresql.conf and pg_hba.conf rendered by the engine's
 * config.ts, and the scripts copied read-only like the ConfigMap mount.
 */
export class PgNode {
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
  /** Every script result, for assertions across the whole run (e.g. no password printed). */
  public readonly results: RunResult[] = [];
  private server?: ChildProcess;
  private serverExit?: Promise<number | null>;
  private readonly background = new Set<ChildProcess>();

  constructor(public readonly options: PgNodeOptions) {
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
      replicas: 2,
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
    fs.writeFileSync(this.hbaFile, renderPgHba({ replicationUser: options.secrets.replicationUser }), { mode: 0o644 });
    this.scriptsDir = path.join(this.root, 'scripts');
    fs.mkdirSync(this.scriptsDir, { mode: 0o755 });
    for (const f of fs.readdirSync(SCRIPTS_DIR).filter(n => n.endsWith('.sh'))) {
      fs.copyFileSync(path.join(SCRIPTS_DIR, f), path.join(this.scriptsDir, f));
      fs.chmodSync(path.join(this.scriptsDir, f), 0o555);
    }
    liveNodes.add(this);
    installExitHook();
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
      PG_PASSFILE: this.passfile,
      POSTGRES_PASSWORD: s.postgresPassword,
      REPLICATION_USER: s.replicationUser,
      REPLICATION_PASSWORD: s.replicationPassword,
      APP_USER: s.appUser,
      APP_PASSWORD: s.appPassword,
      APP_DATABASE: s.appDatabase,
      MONITORING_USER: s.monitoringUser,
      MONITORING_PASSWORD: s.monitoringPassword,
      READINESS_MAX_LAG_BYTES: String(16 * 1024 * 1024),
      READINESS_MAX_LAG_SECONDS: '30',
      PRIMARY_WAIT_SECONDS: '1',
      ...this.options.env,
      ...extra,
    };
  }

  /** Runs a command as the postgres OS user with this node's environment. */
  public runAsPostgres(cmd: string, args: string[], extraEnv: { [key: string]: string } = {}, timeoutMs = 120_000, input?: string): RunResult {
    const t0 = Date.now();
    const r: SpawnSyncReturns<string> = spawnSync(cmd, args, {
      uid: PG_USER.uid,
      gid: PG_USER.gid,
      cwd: this.root,
      env: this.env(extraEnv),
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      input,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error && !r.signal) throw r.error;
    const stdout = r.stdout ?? '';
    const stderr = r.stderr ?? '';
    return { code: r.status, signal: r.signal, stdout, stderr, output: stdout + stderr, ms: Date.now() - t0 };
  }

  /** Runs one of the engine's scripts (`sh <script>`) as postgres; the result is recorded in `results`. */
  public runScript(script: string, extraEnv: { [key: string]: string } = {}, timeoutMs = 120_000): RunResult {
    const r = this.runAsPostgres('/bin/sh', [path.join(this.scriptsDir, script)], extraEnv, timeoutMs);
    this.results.push(r);
    return r;
  }

  /** Starts a script in the background in its own process group (kill it with `killGroup`). */
  public spawnScript(script: string, extraEnv: { [key: string]: string } = {}): BackgroundScript {
    const t0 = Date.now();
    const child = spawn('/bin/sh', [path.join(this.scriptsDir, script)], {
      uid: PG_USER.uid, gid: PG_USER.gid, cwd: this.root, env: this.env(extraEnv), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.background.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', d => { stdout += d; });
    child.stderr!.on('data', d => { stderr += d; });
    const done = new Promise<RunResult>(resolve => {
      child.on('exit', (code, signal) => {
        // Output is complete on 'close'; a leftover grandchild holding the pipes must not hang the test.
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          child.stdout!.destroy();
          child.stderr!.destroy();
          this.background.delete(child);
          const r = { code, signal, stdout, stderr, output: stdout + stderr, ms: Date.now() - t0 };
          this.results.push(r);
          resolve(r);
        };
        const timer = setTimeout(finish, 2000);
        child.on('close', finish);
      });
    });
    return { child, done, output: () => stdout + stderr };
  }

  /** SIGKILLs a background child's whole process group (the script and everything it started). */
  public killGroup(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** Starts the server with run.sh in the background (output to serverLog) and waits for startup.sh. */
  public async start(timeoutMs = 60_000): Promise<void> {
    if (this.server) throw new Error(`${this.options.podName}: already started`);
    const fd = fs.openSync(this.serverLog, 'a');
    const child = spawn('/bin/sh', [path.join(this.scriptsDir, 'run.sh')], {
      uid: PG_USER.uid, gid: PG_USER.gid, cwd: this.root, env: this.env(), detached: true, stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    child.unref();
    this.server = child;
    this.serverExit = new Promise(resolve => child.on('exit', code => resolve(code)));
    const started = await waitFor(() => this.runScript('startup.sh').code === 0 || child.exitCode !== null, timeoutMs, 200);
    if (!started || child.exitCode !== null) {
      throw new Error(`${this.options.podName}: server did not start (exit ${child.exitCode}):\n${this.log().slice(-3000)}`);
    }
  }

  /** Waits for the process started by `start()` to exit (after prestop.sh or stop()); returns its exit code. */
  public async waitForExit(timeoutMs = 60_000): Promise<number | null | 'timeout'> {
    if (!this.serverExit) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(resolve => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const code = await Promise.race([this.serverExit, timeout]);
    clearTimeout(timer);
    if (code !== 'timeout') {
      this.server = undefined;
      this.serverExit = undefined;
    }
    return code;
  }

  /** Stops the server (fast shutdown; immediate and SIGKILL as fallbacks). */
  public async stop(): Promise<void> {
    if (fs.existsSync(path.join(this.pgdata, 'postmaster.pid'))) {
      const r = this.runAsPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', this.pgdata, 'stop', '-m', 'fast', '-w', '-t', '30']);
      if (r.code !== 0) {
        this.runAsPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', this.pgdata, 'stop', '-m', 'immediate', '-w', '-t', '10']);
      }
    }
    if (this.server) {
      if ((await this.waitForExit(15_000)) === 'timeout') {
        this.killGroup(this.server);
        await this.waitForExit(5_000);
      }
    }
  }

  /** Synchronous last-resort stop, for the process-exit hook. */
  public killNow(): void {
    for (const child of this.background) this.killGroup(child);
    for (const dir of [this.pgdata, `${this.pgdata}.bootstrap`]) {
      if (fs.existsSync(path.join(dir, 'postmaster.pid'))) {
        spawnSync(path.join(PG_BIN, 'pg_ctl'), ['-D', dir, 'stop', '-m', 'immediate', '-w', '-t', '10'], { uid: PG_USER.uid, gid: PG_USER.gid, cwd: '/' });
      }
    }
    if (this.server) this.killGroup(this.server);
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

  /** The server's log so far (run.sh's and postgres's stderr). */
  public log(): string {
    return fs.existsSync(this.serverLog) ? fs.readFileSync(this.serverLog, 'utf8') : '';
  }

  /** Stops everything and removes the node's temp dir. */
  public async cleanup(): Promise<void> {
    for (const child of this.background) this.killGroup(child);
    await this.stop();
    this.killNow();
    liveNodes.delete(this);
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
