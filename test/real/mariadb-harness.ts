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
import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { credentialKeys } from '../../src/credentials';
import { EngineParts } from '../../src/engines/engine-spec';
import { mariadbEngine, MariadbVersion } from '../../src/engines/mysql';
import { MysqlConfigInput, renderMyCnf } from '../../src/engines/mysql/config';

/** The engine's scripts, as shipped (they are copied into the ConfigMap at synth time). */
export const SCRIPTS_DIR = path.resolve(__dirname, '../../src/engines/mysql/scripts');
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
  const uid = Number(spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).stdout.trim() || NaN);
  const gid = Number(spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).stdout.trim() || NaN);
  return { uid, gid, asRoot: true };
})();

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

function makeDir(dir: string, mode: number): string {
  fs.mkdirSync(dir, { recursive: true });
  if (DB_USER.asRoot) fs.chownSync(dir, DB_USER.uid, DB_USER.gid);
  fs.chmodSync(dir, mode);
  return dir;
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

/** Secrets of a test cluster; the passwords contain characters that break naive quoting. */
export interface MariaSecrets {
  readonly rootPassword: string;
  readonly replicationPassword: string;
  readonly appUser: string;
  readonly appPassword: string;
  readonly appDatabase: string;
  readonly monitoringPassword: string;
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
  };
}

/** Passwords of a secrets object (for "never printed" assertions). */
export function passwordsOf(s: MariaSecrets): string[] {
  return [s.rootPassword, s.replicationPassword, s.appPassword, s.monitoringPassword];
}

/** A script running in the background. */
export interface BackgroundRun {
  readonly child: ChildProcess;
  /** stdout + stderr so far. */
  readonly output: () => string;
  readonly done: Promise<RunResult>;
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
}

const liveNodes = new Set<MariaNode>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const node of liveNodes) node.killNow();
  });
}

/** Engine env names the harness replaces with local values (each must exist in the engine's env). */
const LOCAL_ENV = ['MYSQL_CONFIG_FILE', 'MYSQL_DATADIR', 'MYSQL_SOCKET', 'MYSQL_PID_FILE', 'MYSQL_PORT', 'MYSQL_PROBE_DEFAULTS', 'DB_PRIMARY_HOST', 'DB_PRIMARY_PORT'];

/**
 * One pod's worth of MariaDB: a "volume" dir (MYSQL_DATADIR's parent), a socket dir (/run/mysqld),
 * a private TMPDIR (/tmp), a config dir with my.cnf rendered by the engine's config.ts, and the
 * scripts copied read-only like the ConfigMap mount.
 */
export class MariaNode {
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
  public readonly scriptsDir: string;
  public readonly serverLog: string;
  public readonly configInput: MysqlConfigInput;
  /** The engine's parts, built for this node's database (env contract, grants...). */
  public readonly parts: EngineParts;
  /** Every script result, for assertions across the whole run (e.g. no password printed). */
  public readonly results: RunResult[] = [];
  private readonly adminDefaults: string;
  private server?: ChildProcess;
  private serverExit?: Promise<number | null>;
  private readonly background = new Set<ChildProcess>();

  constructor(public readonly options: MariaNodeOptions) {
    const { series, version } = mariadbSeries();
    this.root = fs.mkdtempSync(path.join('/tmp', `mdb-${options.podName}-`));
    if (DB_USER.asRoot) fs.chownSync(this.root, DB_USER.uid, DB_USER.gid);
    fs.chmodSync(this.root, 0o755);
    this.volume = makeDir(path.join(this.root, 'volume'), 0o750);
    this.datadir = path.join(this.volume, 'data');
    this.runDir = makeDir(path.join(this.root, 'run'), 0o750);
    this.socket = path.join(this.runDir, 'mysqld.sock');
    this.pidFile = path.join(this.runDir, 'mysqld.pid');
    this.probeDefaults = path.join(this.runDir, 'probe.cnf');
    this.tmpDir = makeDir(path.join(this.root, 'tmp'), 0o700);
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
      replicas: 3,
      storageBytes: 2 * 1024 * 1024 * 1024,
      dataDir: this.datadir,
      socketPath: this.socket,
      pidFile: this.pidFile,
      semiSync: options.semiSync ?? false,
      ...options.config,
      overrides: { bind_address: '127.0.0.1', ...options.config?.overrides },
    };
    fs.writeFileSync(this.confFile, renderMyCnf(this.configInput), { mode: 0o644 });
    this.scriptsDir = path.join(this.root, 'scripts');
    fs.mkdirSync(this.scriptsDir, { mode: 0o755 });
    for (const f of fs.readdirSync(SCRIPTS_DIR).filter(n => n.endsWith('.sh'))) {
      fs.copyFileSync(path.join(SCRIPTS_DIR, f), path.join(this.scriptsDir, f));
      fs.chmodSync(path.join(this.scriptsDir, f), 0o555);
    }
    this.parts = mariadbEngine({ version: MariadbVersion.of(series, version), semiSync: options.semiSync }).build({
      name: 'db',
      replicas: this.configInput.replicas,
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
    });
    // An admin option file (root through the socket) for the tests' own SQL.
    this.adminDefaults = path.join(this.root, 'admin.cnf');
    const q = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    fs.writeFileSync(this.adminDefaults, `[client]\nuser=root\npassword=${q(options.secrets.rootPassword)}\nsocket=${this.socket}\n`, { mode: 0o600 });
    liveNodes.add(this);
    installExitHook();
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
    };
    const local: { [key: string]: string } = {
      MYSQL_CONFIG_FILE: this.confFile,
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

  private spawnOptions(env: { [key: string]: string }) {
    return { ...(DB_USER.asRoot ? { uid: DB_USER.uid, gid: DB_USER.gid } : {}), cwd: this.root, env };
  }

  /** Runs a command as the database OS user with this node's environment. */
  public runAsDbUser(cmd: string, args: string[], extraEnv: { [key: string]: string } = {}, timeoutMs = 120_000, input?: string): RunResult {
    const t0 = Date.now();
    const r: SpawnSyncReturns<string> = spawnSync(cmd, args, {
      ...this.spawnOptions(this.env(extraEnv)),
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

  /** Runs one of the engine's scripts (`sh <script>`); the result is recorded in `results`. */
  public runScript(script: string, extraEnv: { [key: string]: string } = {}, timeoutMs = 120_000): RunResult {
    const r = this.runAsDbUser('/bin/sh', [path.join(this.scriptsDir, script)], extraEnv, timeoutMs);
    this.results.push(r);
    return r;
  }

  /** Starts a script in the background in its own process group (kill it with `killGroup`). */
  public spawnScript(script: string, extraEnv: { [key: string]: string } = {}): BackgroundRun {
    const t0 = Date.now();
    const child = spawn('/bin/sh', [path.join(this.scriptsDir, script)], {
      ...this.spawnOptions(this.env(extraEnv)), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.background.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', d => { stdout += d; });
    child.stderr!.on('data', d => { stderr += d; });
    const done = new Promise<RunResult>(resolve => {
      child.on('close', (code, signal) => {
        this.background.delete(child);
        const r = { code, signal, stdout, stderr, output: stdout + stderr, ms: Date.now() - t0 };
        this.results.push(r);
        resolve(r);
      });
    });
    return { child, output: () => stdout + stderr, done };
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
      ...this.spawnOptions(this.env()), detached: true, stdio: ['ignore', fd, fd],
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

  public get running(): boolean {
    return this.server !== undefined;
  }

  /** Waits for the process started by `start()` to exit; returns its exit code. */
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

  /** Stops the server with prestop.sh (SIGKILL as a fallback). */
  public async stop(): Promise<void> {
    if (!this.server) return;
    this.runScript('prestop.sh');
    if ((await this.waitForExit(30_000)) === 'timeout') {
      this.killGroup(this.server!);
      await this.waitForExit(5_000);
    }
  }

  /** Synchronous last-resort stop, for the process-exit hook. */
  public killNow(): void {
    for (const child of this.background) this.killGroup(child);
    if (this.server) this.killGroup(this.server);
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
      const t0 = Date.now();
      const r = spawnSync('mariadb', args, { encoding: 'utf8', env: { PATH }, timeout: 60_000 });
      return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', output: (r.stdout ?? '') + (r.stderr ?? ''), ms: Date.now() - t0 };
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /**
   * Starts a root session in the background that runs `statements` and keeps the connection (and
   * its locks) until `release()` is called.
   */
  public holdSession(statements: string): { release: () => Promise<void> } {
    const child = spawn('mariadb', [`--defaults-file=${this.adminDefaults}`, '--batch'], {
      env: { PATH }, detached: true, stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.background.add(child);
    const marker = `SELECT SLEEP(300) AS hold_${Math.random().toString(36).slice(2, 10)}`;
    child.stdin!.write(`${statements}\n${marker};\n`);
    const closed = new Promise<void>(resolve => child.on('close', () => {
      this.background.delete(child); resolve();
    }));
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

  /** The server's log so far (run.sh's and the server's stderr). */
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
