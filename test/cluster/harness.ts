// Test harness for the in-cluster shell scripts (src/cluster/scripts/*.sh): a fake Kubernetes
// API server on 127.0.0.1 that records every request and answers with scripted replies, and a
// runner that executes a script for real under dash or busybox sh.
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';

export const SCRIPTS_DIR = path.join(__dirname, '..', '..', 'src', 'cluster', 'scripts');

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  /** Serialized as JSON unless it is a string. */
  readonly body?: unknown;
}

export type Handler = (req: RecordedRequest, index: number) => Reply;

/** A Kubernetes `Status` object, as the API server returns for errors. */
export function status(code: number, reason: string, message: string): Reply {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
  };
}

/** Answers replies in order for each request; the last one repeats. */
export function sequence(...replies: Reply[]): Handler {
  return (_req, index) => replies[Math.min(index, replies.length - 1)];
}

export class FakeKubeApi {
  /** Everything received, in order. */
  public readonly requests: RecordedRequest[] = [];
  public handler: Handler;
  private readonly server: http.Server;

  constructor() {
    this.handler = () => status(500, 'InternalError', 'no handler configured');
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(recorded);
        let reply: Reply;
        try {
          reply = this.handler(recorded, this.requests.length - 1);
        } catch (e) {
          reply = status(500, 'InternalError', `fake API handler threw: ${e}`);
        }
        const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(body);
      });
    });
  }

  public get url(): string {
    const addr = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${addr.port}`;
  }

  /** Listens on 127.0.0.1, on `port` when given (e.g. one a script is already trying). */
  public async start(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
  }

  public reset(handler: Handler): void {
    this.requests.length = 0;
    this.handler = handler;
  }

  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A 127.0.0.1 URL on which nothing listens (connections are refused). */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface Shell {
  readonly name: string;
  readonly argv: string[];
}

/** The two shells every script must run under: dash, and busybox ash as in curlimages/curl. */
export const SHELLS: Shell[] = [
  { name: 'dash', argv: ['dash'] },
  { name: 'busybox sh', argv: ['busybox', 'sh'] },
];

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A scratch area for one test file: a service-account directory with a token (and no ca.crt),
 * and for busybox a bin directory whose coreutils are busybox applets (as in the Alpine image).
 */
export class Sandbox {
  public readonly root: string;
  public readonly saDir: string;
  public readonly token = 'test-token-0123456789';
  public readonly busyboxBin: string;
  public readonly wrapperBin: string;
  public readonly curlArgsLog: string;

  constructor() {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-db-cluster-'));
    this.saDir = path.join(this.root, 'sa');
    fs.mkdirSync(this.saDir);
    fs.writeFileSync(path.join(this.saDir, 'token'), this.token);

    this.busyboxBin = path.join(this.root, 'busybox-bin');
    fs.mkdirSync(this.busyboxBin);
    const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
    for (const applet of ['cat', 'tr', 'head', 'tail', 'sed', 'sleep', 'od', 'base64', 'grep', 'dirname', 'date', 'mktemp']) {
      fs.symlinkSync(busybox, path.join(this.busyboxBin, applet));
    }

    // A curl wrapper that logs its arguments (one per line), to check what reaches argv.
    this.wrapperBin = path.join(this.root, 'wrapper-bin');
    fs.mkdirSync(this.wrapperBin);
    this.curlArgsLog = path.join(this.root, 'curl-args.log');
    const curl = execFileSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(this.wrapperBin, 'curl'),
      `#!/bin/sh\nprintf '%s\\n' "$@" >> '${this.curlArgsLog}'\nexec '${curl}' "$@"\n`, { mode: 0o755 });
  }

  public cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  /** Runs a script under a shell with a clean environment plus `env`. */
  public async run(shell: Shell, script: string, env: Record<string, string>, opts: { wrapCurl?: boolean } = {}): Promise<RunResult> {
    return this.runArgs(shell, script, [], env, opts);
  }

  /** `run`, with arguments for the script. */
  public async runArgs(shell: Shell, script: string, scriptArgs: string[], env: Record<string, string>,
    opts: { wrapCurl?: boolean } = {}): Promise<RunResult> {
    const pathDirs = [
      ...(opts.wrapCurl ? [this.wrapperBin] : []),
      ...(shell.argv[0] === 'busybox' ? [this.busyboxBin] : []),
      '/usr/local/bin', '/usr/bin', '/bin',
    ];
    const [cmd, ...args] = shell.argv;
    const child = spawn(cmd, [...args, path.join(SCRIPTS_DIR, script), ...scriptArgs], {
      env: { PATH: pathDirs.join(':'), SA_DIR: this.saDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timer);
    return { code, stdout, stderr };
  }
}
