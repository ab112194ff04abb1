/**
 * Real-server test harness for the Redis engine: runs the engine's own scripts and rendered
 * redis.conf with Debian's redis-server and redis-sentinel (7.0.15 in bookworm), as the `redis`
 * OS user when the tests run as root, bound to 127.0.0.1 on free high ports, in temp dirs.
 *
 * A "pod" is a RedisNode: bootstrap.sh, then run.sh (the server) and sentinel.sh (its Sentinel)
 * in the background, with the environment the construct gives the containers, taken from the
 * engine's `build()` output. Only the paths, the peer list (`localhost:<port>:<sentinel port>`:
 * every member is named by a host name, as the pod DNS names are in a cluster) and BIND_ADDRESS
 * are replaced, and the Secret references are resolved to test passwords.
 */
import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  Env, killGroup, lookupUser, makeOwnedDir, makeOwnedTempDir, ProcessOptions, RunResult, runSync, ScriptedNode, spawnDetached, waitFor,
} from './process';
import { credentialKeys } from '../../src/credentials';
import { EngineParts, EngineTls } from '../../src/engines/engine-spec';
import { FailoverMode } from '../../src/engines/failover';
import { redisEngine, RedisEngineProps } from '../../src/engines/redis';

export type { RunResult } from './process';
export { freePort, sleep, waitFor } from './process';

export const SCRIPTS_DIR = path.resolve(__dirname, '../../src/engines/redis/scripts');
export const CLUSTER_SCRIPTS_DIR = path.resolve(__dirname, '../../src/cluster/scripts');
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function redisAvailable(): boolean {
  return ['redis-server', 'redis-sentinel', 'redis-cli'].every(b => spawnSync('sh', ['-c', `command -v ${b}`], { env: { PATH } }).status === 0);
}

export function redisVersion(): string {
  return (spawnSync('redis-server', ['--version'], { encoding: 'utf8', env: { PATH } }).stdout ?? '').trim();
}

/** The `redis` OS user when we are root, else ourselves. */
export const DB_USER = (() => {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, asRoot: false };
  return { ...(lookupUser('redis') ?? { uid: NaN, gid: NaN }), asRoot: true };
})();
const OWNER = DB_USER.asRoot ? DB_USER : undefined;

export interface RedisSecrets {
  readonly adminPassword: string;
  readonly appUser: string;
  readonly appPassword: string;
  readonly replicationPassword: string;
  readonly monitoringPassword: string;
}

/** Passwords with characters that break naive quoting (spaces, quotes, backslashes, $, #). */
export function defaultSecrets(): RedisSecrets {
  const r = () => Math.random().toString(36).slice(2, 10);
  return {
    adminPassword: `Ad-${r()} "q" \\x $HOME`,
    appUser: 'orders_app',
    appPassword: `Ap-${r()}'; #x "y"`,
    replicationPassword: `Re-${r()}\\"; sentinel x`,
    monitoringPassword: `Mo-${r()} >pw #h`,
  };
}

export interface Member { readonly port: number; readonly sentinelPort: number }

export interface RedisSetOptions {
  readonly name: string;
  readonly members: Member[];
  readonly secrets: RedisSecrets;
  readonly engine?: RedisEngineProps;
  readonly memoryBytes?: number;
  readonly maxLagBytes?: number;
  readonly maxLagSeconds?: number;
  /** Per-member override of the peer list (e.g. a proxy in front of the master). */
  readonly peersFor?: (ordinal: number) => string;
  /** TLS files (local paths) as the construct passes them to the engine; the test clients then use TLS too. */
  readonly tls?: EngineTls;
  /** Further environment of every script (e.g. shorter TLS check intervals). */
  readonly extraEnv?: Env;
}

/** The engine's parts for a set of `members.length` pods (at least 3 are required by the engine). */
export function buildParts(o: RedisSetOptions): EngineParts {
  const spec = redisEngine(o.engine ?? {});
  return spec.build({
    name: o.name,
    replicas: Math.max(3, o.members.length),
    headlessServiceName: `${o.name}-headless`,
    primaryHost: `${o.name}-0.${o.name}-headless`,
    memoryBytes: o.memoryBytes ?? 256 * 2 ** 20,
    cpuMillis: 500,
    storageBytes: 2 ** 30,
    maxLagBytes: o.maxLagBytes ?? 16 * 2 ** 20,
    maxLagSeconds: o.maxLagSeconds ?? 30,
    credentials: credentialKeys(`${o.name}-credentials`),
    appDatabase: 'app',
    appUser: o.secrets.appUser,
    configDir: '/etc/cdk8s-db',
    scriptsDir: '/opt/cdk8s-db/scripts',
    tls: o.tls,
    failover: FailoverMode.AUTOMATIC,
  });
}

export function peerList(members: Member[]): string {
  return members.map(m => `localhost:${m.port}:${m.sentinelPort}`).join(' ');
}

/** One pod: server (run.sh) and Sentinel (sentinel.sh). */
export class RedisNode extends ScriptedNode {
  public readonly root: string;
  public readonly scriptsDir: string;
  public readonly serverLog: string;
  public readonly sentinelLog: string;
  public readonly port: number;
  public readonly sentinelPort: number;
  public readonly options: { readonly podName: string };
  private readonly baseEnv: Env;
  private sentinel?: ChildProcess;

  constructor(public readonly set: RedisSetOptions, public readonly ordinal: number, parts: EngineParts) {
    super();
    const podName = `${set.name}-${ordinal}`;
    this.options = { podName };
    this.port = set.members[ordinal].port;
    this.sentinelPort = set.members[ordinal].sentinelPort;
    this.root = makeOwnedTempDir(`redis-${ordinal}-`, OWNER, 0o755);
    this.scriptsDir = path.join(this.root, 'scripts');
    fs.mkdirSync(this.scriptsDir, { mode: 0o755 });
    for (const dir of [SCRIPTS_DIR, CLUSTER_SCRIPTS_DIR]) {
      for (const f of fs.readdirSync(dir).filter(n => n.endsWith('.sh'))) {
        fs.copyFileSync(path.join(dir, f), path.join(this.scriptsDir, f));
        fs.chmodSync(path.join(this.scriptsDir, f), 0o555);
      }
    }
    const configDir = path.join(this.root, 'config');
    fs.mkdirSync(configDir, { mode: 0o755 });
    fs.writeFileSync(path.join(configDir, 'redis.conf'), parts.configFiles['redis.conf'], { mode: 0o644 });
    const data = makeOwnedDir(path.join(this.root, 'data'), OWNER, 0o700);
    const run = makeOwnedDir(path.join(this.root, 'run'), OWNER, 0o700);
    this.serverLog = path.join(this.root, 'server.log');
    this.sentinelLog = path.join(this.root, 'sentinel.log');
    const secretValues: { [key: string]: string } = {
      [credentialKeys(`${set.name}-credentials`).superuserPassword]: set.secrets.adminPassword,
      [credentialKeys(`${set.name}-credentials`).appPassword]: set.secrets.appPassword,
      [credentialKeys(`${set.name}-credentials`).replicationPassword]: set.secrets.replicationPassword,
      [credentialKeys(`${set.name}-credentials`).monitoringPassword]: set.secrets.monitoringPassword,
    };
    const env: Env = { PATH, HOME: this.root, LANG: 'C.UTF-8' };
    for (const e of parts.env) {
      if (e.secretKey) env[e.name] = secretValues[e.secretKey];
      else if (e.fieldPath === 'metadata.name') env[e.name] = podName;
      else env[e.name] = e.value ?? '';
    }
    Object.assign(env, {
      REDIS_PEERS: set.peersFor ? set.peersFor(ordinal) : peerList(set.members),
      REDIS_CONFIG: path.join(configDir, 'redis.conf'),
      REDIS_DATA_DIR: path.join(data, 'redis'),
      SENTINEL_DIR: path.join(data, 'sentinel'),
      REDIS_RUN_DIR: run,
      BIND_ADDRESS: '127.0.0.1',
      ...set.extraEnv,
    });
    this.baseEnv = env;
  }

  public env(extra: Env = {}): Env {
    return { ...this.baseEnv, ...extra };
  }

  protected processOptions(): ProcessOptions {
    return { user: OWNER, cwd: this.root };
  }

  /** redis-cli against this server as a user (the password through REDISCLI_AUTH). */
  public cli(user: 'admin' | 'app' | 'monitoring' | 'replication', args: string[], port = this.port): RunResult {
    const s = this.set.secrets;
    const [name, pw] = user === 'admin' ? ['admin', s.adminPassword] : user === 'app' ? [s.appUser, s.appPassword]
      : user === 'monitoring' ? ['monitoring', s.monitoringPassword] : ['replication', s.replicationPassword];
    const tls = this.set.tls ? ['--tls', '--cacert', this.set.tls.caFile] : [];
    return runSync('redis-cli', ['--no-auth-warning', ...tls, '--user', name, '-h', '127.0.0.1', '-p', String(port), ...args],
      { env: { PATH, REDISCLI_AUTH: pw }, timeoutMs: 10_000 });
  }

  /** INFO section fields of this server (as the monitoring user). */
  public info(section = 'replication'): { [k: string]: string } {
    const r = this.cli('monitoring', ['INFO', section]);
    return Object.fromEntries(r.stdout.split(/\r?\n/).filter(l => l.includes(':')).map(l => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
  }

  /** bootstrap.sh, then the server (run.sh) until startup.sh passes. */
  public async startServer(timeoutMs = 60_000): Promise<void> {
    const b = this.runScript('bootstrap.sh');
    if (b.code !== 0) throw new Error(`bootstrap.sh failed: ${b.output}`);
    await this.start(timeoutMs);
  }

  /** sentinel.sh in the background (output to sentinelLog), until the Sentinel answers PING. */
  public async startSentinel(timeoutMs = 60_000): Promise<void> {
    if (this.sentinel && this.sentinel.exitCode === null && this.sentinel.signalCode === null) throw new Error('sentinel already running');
    const fd = fs.openSync(this.sentinelLog, 'a');
    const child = spawnDetached('/bin/sh', [path.join(this.scriptsDir, 'sentinel.sh')], { ...this.processOptions(), env: this.env(), stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    this.sentinel = child;
    const ok = await waitFor(() => this.runScript('sentinel-probe.sh').code === 0 || child.exitCode !== null, timeoutMs, 300);
    if (!ok || child.exitCode !== null) throw new Error(`sentinel did not start:\n${this.sentinelLogText().slice(-3000)}`);
  }

  public sentinelLogText(): string {
    return fs.existsSync(this.sentinelLog) ? fs.readFileSync(this.sentinelLog, 'utf8') : '';
  }

  public sentinelCli(args: string[]): RunResult {
    return this.cli('replication', args, this.sentinelPort);
  }

  /**
   * Signals only sentinel.sh's own process (as the kubelet signals a container's PID 1) and
   * resolves with its exit code, or 'timeout'.
   */
  public async signalSentinelScript(signal: NodeJS.Signals, timeoutMs = 10_000): Promise<number | null | 'timeout'> {
    const child = this.sentinel;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    process.kill(child.pid!, signal);
    return Promise.race([exited, new Promise<'timeout'>(resolve => setTimeout(() => resolve('timeout'), timeoutMs))]);
  }

  public killSentinel(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.sentinel) killGroup(this.sentinel, signal);
  }

  /** SIGKILLs the Sentinel and waits until it has exited. */
  public async stopSentinel(): Promise<void> {
    const child = this.sentinel;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
    killGroup(child);
    await exited;
  }

  /** SIGKILL of the server's process group (run.sh execs redis-server, so that is the server). */
  public async killServer(): Promise<void> {
    this.procs.killServer();
    await this.waitForExit(10_000);
  }

  /** Signals the server process (e.g. SIGSTOP / SIGCONT). */
  public signalServer(signal: NodeJS.Signals): void {
    try {
      if (this.procs.server?.pid) process.kill(this.procs.server.pid, signal);
    } catch {
      // already gone
    }
  }

  public async stop(): Promise<void> {
    if (this.running) {
      this.signalServer('SIGCONT');
      this.procs.killServer();
      await this.waitForExit(10_000);
    }
    this.killSentinel();
  }

  public killNow(): void {
    this.signalServer('SIGCONT');
    this.procs.killServer();
    this.killSentinel();
  }
}

/** The agreed master of a set, as its Sentinels answer (`host:port` and the count). */
export function sentinelAnswers(nodes: RedisNode[], name: string): string[] {
  return nodes.map(n => {
    const r = n.sentinelCli(['SENTINEL', 'get-master-addr-by-name', name]);
    const lines = r.stdout.trim().split(/\r?\n/);
    return r.code === 0 && lines.length === 2 ? `${lines[0]}:${lines[1]}` : '?';
  });
}

export { Duration };
