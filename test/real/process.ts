/**
 * Process plumbing shared by the real-server tests: commands run as another OS user, background
 * processes in their own process group, free ports, temp dirs owned by a user, and a last-resort
 * cleanup when the test process exits or is interrupted.
 */
import { ChildProcess, spawn, spawnSync, StdioOptions } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

/** Environment of a child process. */
export interface Env { [key: string]: string }

/** An OS user to run as. */
export interface OsUser {
  readonly uid: number;
  readonly gid: number;
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

/** uid/gid of an OS user, or undefined when there is no such user. */
export function lookupUser(name: string): OsUser | undefined {
  const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export interface ProcessOptions {
  /** Run as this user (needs root); as ourselves when undefined. */
  readonly user?: OsUser;
  readonly cwd?: string;
  readonly env?: Env;
}

export interface RunOptions extends ProcessOptions {
  /** SIGKILLed after this long. @default 120_000 */
  readonly timeoutMs?: number;
  readonly input?: string;
}

function identity(user: OsUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

/**
 * Runs a command to completion (SIGKILL on timeout, 64 MiB of output at most). Throws when the
 * command could not be run at all; a timeout shows as `signal`.
 */
export function runSync(cmd: string, args: string[], options: RunOptions = {}): RunResult {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    ...identity(options.user),
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    killSignal: 'SIGKILL',
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error && !r.signal) throw r.error;
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  return { code: r.status, signal: r.signal, stdout, stderr, output: stdout + stderr, ms: Date.now() - t0 };
}

/** Starts a command in the background in its own process group (stop it with `killGroup`). */
export function spawnDetached(cmd: string, args: string[], options: ProcessOptions & { stdio: StdioOptions }): ChildProcess {
  return spawn(cmd, args, { ...identity(options.user), cwd: options.cwd, env: options.env, detached: true, stdio: options.stdio });
}

/** A command running in the background with its output captured. */
export interface BackgroundRun {
  readonly child: ChildProcess;
  /** Resolves when the command has exited (its output is then complete). */
  readonly done: Promise<RunResult>;
  /** stdout + stderr so far. */
  readonly output: () => string;
}

/**
 * Starts a command in its own process group with stdout and stderr captured. `done` resolves
 * once the output is complete, or 2 s after the command exited when a leftover grandchild still
 * holds the pipes (it must not hang the test).
 */
export function spawnCaptured(cmd: string, args: string[], options: ProcessOptions = {}): BackgroundRun {
  const t0 = Date.now();
  const child = spawnDetached(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', d => { stdout += d; });
  child.stderr!.on('data', d => { stderr += d; });
  const done = new Promise<RunResult>(resolve => {
    child.on('exit', (code, signal) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        child.stdout!.destroy();
        child.stderr!.destroy();
        resolve({ code, signal, stdout, stderr, output: stdout + stderr, ms: Date.now() - t0 });
      };
      const timer = setTimeout(finish, 2000);
      child.on('close', finish);
    });
  });
  return { child, done, output: () => stdout + stderr };
}

/** Signals a background child's whole process group (the command and everything it started). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** `killGroup`, but only while the group's leader is still running. */
export function killGroupIfRunning(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.exitCode === null) killGroup(child, signal);
}

const exitHandlers = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Runs `handler` (synchronously) when this process exits, is interrupted (SIGINT, SIGTERM,
 * SIGHUP) or loses its parent (a jest worker whose parent went away). Background processes run in
 * their own process groups, so they are not stopped with us otherwise.
 */
export function onProcessExit(handler: () => void): void {
  exitHandlers.add(handler);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const runAll = () => {
    for (const h of exitHandlers) {
      try { h(); } catch { /* keep cleaning */ }
    }
  };
  process.once('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      runAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  process.once('disconnect', runAll);
}

/** A set of background children whose process groups are SIGKILLed when this process exits. */
export function trackedChildren(): Set<ChildProcess> {
  const children = new Set<ChildProcess>();
  onProcessExit(() => { for (const c of children) killGroupIfRunning(c); });
  return children;
}

/**
 * The processes one test node starts: script runs (recorded in `results`), background commands
 * in their own process groups, and one long-running server.
 */
export class ProcessHost {
  /** Every recorded result, for assertions across the whole run (e.g. no password printed). */
  public readonly results: RunResult[] = [];
  private readonly background = new Set<ChildProcess>();
  private serverChild?: ChildProcess;
  private serverExit?: Promise<number | null>;

  /** The server started by `startServer`, until it has exited. */
  public get server(): ChildProcess | undefined {
    return this.serverChild;
  }

  /** Adds a result to `results`. */
  public record(r: RunResult): RunResult {
    this.results.push(r);
    return r;
  }

  /** `spawnCaptured`; the child is killed by `killBackground` until it exits, and its result is recorded. */
  public spawn(cmd: string, args: string[], options: ProcessOptions): BackgroundRun {
    const run = spawnCaptured(cmd, args, options);
    this.background.add(run.child);
    const done = run.done.then(r => {
      this.background.delete(run.child);
      return this.record(r);
    });
    return { ...run, done };
  }

  /** Tracks a child started elsewhere until it closes (returned promise). */
  public track(child: ChildProcess): Promise<void> {
    this.background.add(child);
    return new Promise<void>(resolve => child.on('close', () => {
      this.background.delete(child); resolve();
    }));
  }

  /**
   * Starts the server in the background (stdout and stderr appended to `logFile`) and polls
   * `ready` until it returns true; throws when the server exits first or `timeoutMs` passes.
   */
  public async startServer(name: string, cmd: string, args: string[], options: ProcessOptions & { logFile: string },
    ready: () => boolean, timeoutMs: number, log: () => string): Promise<void> {
    if (this.serverChild) throw new Error(`${name}: already started`);
    const fd = fs.openSync(options.logFile, 'a');
    const child = spawnDetached(cmd, args, { ...options, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    child.unref();
    this.serverChild = child;
    this.serverExit = new Promise(resolve => child.on('exit', code => resolve(code)));
    const started = await waitFor(() => ready() || child.exitCode !== null, timeoutMs, 200);
    if (!started || child.exitCode !== null) {
      throw new Error(`${name}: server did not start (exit ${child.exitCode}):\n${log().slice(-3000)}`);
    }
  }

  /** Waits for the server to exit; returns its exit code (null when none was started). */
  public async waitForServerExit(timeoutMs: number): Promise<number | null | 'timeout'> {
    if (!this.serverExit) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(resolve => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const code = await Promise.race([this.serverExit, timeout]);
    clearTimeout(timer);
    if (code !== 'timeout') {
      this.serverChild = undefined;
      this.serverExit = undefined;
    }
    return code;
  }

  /** SIGKILLs the process groups of every background child still running. */
  public killBackground(): void {
    for (const child of this.background) killGroup(child);
  }

  /** SIGKILLs the server's process group, if one was started. */
  public killServer(): void {
    if (this.serverChild) killGroup(this.serverChild);
  }
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

/** GET `url` (a local server's endpoint, e.g. an exporter's /metrics); rejects after 10 s without an answer. */
export function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 10_000 }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', d => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

/** Creates `dir` (and its parents) with `mode`, owned by `owner` when given. */
export function makeOwnedDir(dir: string, owner: OsUser | undefined, mode = 0o700): string {
  fs.mkdirSync(dir, { recursive: true });
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  fs.chmodSync(dir, mode);
  return dir;
}

/**
 * A new temp dir `<parent>/<prefix>XXXXXX` with `mode`, owned by `owner` when given. The default
 * parent keeps paths short: socket paths are limited to ~100 bytes.
 */
export function makeOwnedTempDir(prefix: string, owner: OsUser | undefined, mode = 0o755, parent = '/tmp'): string {
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
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

const liveNodes = new Set<ScriptedNode>();
onProcessExit(() => {
  for (const node of liveNodes) {
    try { node.killNow(); } catch { /* keep cleaning */ }
  }
});

/**
 * One pod's worth of a database on this machine: the engine's scripts run with `/bin/sh` as the
 * database OS user, a server started by `run.sh`, and a temp dir `root` removed by `cleanup()`.
 * Everything started is stopped in `cleanup()` and, as a safety net, when the process exits.
 */
export abstract class ScriptedNode {
  public abstract readonly options: { readonly podName: string };
  public abstract readonly root: string;
  public abstract readonly scriptsDir: string;
  public abstract readonly serverLog: string;
  protected readonly procs = new ProcessHost();
  /** Every script result, for assertions across the whole run (e.g. no password printed). */
  public readonly results: RunResult[] = this.procs.results;

  constructor() {
    liveNodes.add(this);
  }

  /** The environment of every script and command, plus `extra`. */
  public abstract env(extra?: Env): Env;

  /** Stops the server. */
  public abstract stop(): Promise<void>;

  /** Synchronous last-resort stop, for the process-exit hook. */
  public abstract killNow(): void;

  /** User and working dir of every script and command. */
  protected abstract processOptions(): ProcessOptions;

  /** Runs a command as the database OS user with this node's environment. */
  public runAs(cmd: string, args: string[], extraEnv: Env = {}, timeoutMs = 120_000, input?: string): RunResult {
    return runSync(cmd, args, { ...this.processOptions(), env: this.env(extraEnv), timeoutMs, input });
  }

  /** Runs one of the engine's scripts (`sh <script>`); the result is recorded in `results`. */
  public runScript(script: string, extraEnv: Env = {}, timeoutMs = 120_000): RunResult {
    return this.procs.record(this.runAs('/bin/sh', [path.join(this.scriptsDir, script)], extraEnv, timeoutMs));
  }

  /** Starts a script in the background in its own process group (kill it with `killGroup`). */
  public spawnScript(script: string, extraEnv: Env = {}): BackgroundRun {
    return this.procs.spawn('/bin/sh', [path.join(this.scriptsDir, script)], { ...this.processOptions(), env: this.env(extraEnv) });
  }

  /** SIGKILLs a background child's whole process group (the script and everything it started). */
  public killGroup(child: ChildProcess): void {
    killGroup(child);
  }

  /** Starts the server with run.sh in the background (output to serverLog) and waits for startup.sh. */
  public async start(timeoutMs = 60_000): Promise<void> {
    await this.procs.startServer(this.options.podName, '/bin/sh', [path.join(this.scriptsDir, 'run.sh')],
      { ...this.processOptions(), env: this.env(), logFile: this.serverLog }, () => this.runScript('startup.sh').code === 0, timeoutMs, () => this.log());
  }

  /** True from `start()` until the server has exited. */
  public get running(): boolean {
    return this.procs.server !== undefined;
  }

  /** Waits for the process started by `start()` to exit (after prestop.sh or stop()); returns its exit code. */
  public async waitForExit(timeoutMs = 60_000): Promise<number | null | 'timeout'> {
    return this.procs.waitForServerExit(timeoutMs);
  }

  /** The server's log so far (run.sh's and the server's stderr). */
  public log(): string {
    return fs.existsSync(this.serverLog) ? fs.readFileSync(this.serverLog, 'utf8') : '';
  }

  /** Stops everything and removes the node's temp dir. */
  public async cleanup(): Promise<void> {
    this.procs.killBackground();
    await this.stop();
    this.killNow();
    liveNodes.delete(this);
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * A TCP forwarder 127.0.0.1:`fromPort` -> 127.0.0.1:`toPort`, opened only when `open()` is
 * called: until then connections to `fromPort` are refused, like a pod whose NetworkPolicy is
 * not programmed yet. Lets a test start a script "before the server is reachable".
 */
export class LateForwarder {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  constructor(public readonly fromPort: number, public readonly toPort: number) {}

  public async open(): Promise<void> {
    this.server = net.createServer(client => {
      const upstream = net.connect(this.toPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.fromPort, '127.0.0.1', () => resolve());
    });
  }

  public async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>(resolve => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
