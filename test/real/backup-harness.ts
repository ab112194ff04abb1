/**
 * Runs the backup scripts the way the synthesized pods do: the command and environment are
 * taken from a container of the synthesized CronJob/Job, Secret references are replaced by
 * test values, and the in-pod paths are mapped to temp dirs. rclone steps run under busybox sh
 * with only busybox applets and rclone on PATH (like the alpine-based rclone image); engine
 * steps run under /bin/sh with the PostgreSQL binaries on PATH (like the postgres image).
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { makePostgresDir, makeTempDir, PG_BIN, PG_USER } from './postgres-harness';
import { BackgroundRun, onProcessExit, RunResult, runSync, spawnCaptured } from './process';

export const BACKUP_SCRIPT_DIRS = [
  path.resolve(__dirname, '../../src/backup/scripts'),
  path.resolve(__dirname, '../../src/engines/postgres/backup/scripts'),
  path.resolve(__dirname, '../../src/engines/mysql/backup/scripts'),
  path.resolve(__dirname, '../../src/engines/redis/backup/scripts'),
];
/** Single files the backup ConfigMap adds (retry.sh, shared with the in-cluster scripts). */
export const BACKUP_SCRIPT_FILES = [path.resolve(__dirname, '../../src/cluster/scripts/retry.sh')];

const BUSYBOX_APPLETS = ['sh', 'cat', 'cut', 'wc', 'tr', 'du', 'sort', 'head', 'tail', 'mkdir', 'rm', 'mv', 'dirname',
  'basename', 'grep', 'sha256sum', 'date', 'sleep', 'ls', 'cp', 'chmod', 'mktemp'];

/** In-pod path → local path. */
export interface PathMap { [podPath: string]: string }

/** Secret name → key → value. */
export interface SecretValues { [secret: string]: { [key: string]: string } }

export class BackupRig {
  public readonly root: string;
  public readonly scriptsDir: string;
  public readonly busyboxBin: string;
  public readonly results: RunResult[] = [];

  constructor(public readonly secrets: SecretValues) {
    this.root = makeTempDir('bkp-');
    this.scriptsDir = makePostgresDir(path.join(this.root, 'scripts'), 0o755);
    for (const dir of BACKUP_SCRIPT_DIRS) {
      for (const f of fs.readdirSync(dir).filter(n => n.endsWith('.sh'))) {
        fs.copyFileSync(path.join(dir, f), path.join(this.scriptsDir, f));
        fs.chmodSync(path.join(this.scriptsDir, f), 0o555);
      }
    }
    for (const file of BACKUP_SCRIPT_FILES) {
      fs.copyFileSync(file, path.join(this.scriptsDir, path.basename(file)));
      fs.chmodSync(path.join(this.scriptsDir, path.basename(file)), 0o555);
    }
    this.busyboxBin = makePostgresDir(path.join(this.root, 'bb'), 0o755);
    for (const a of BUSYBOX_APPLETS) fs.symlinkSync('/bin/busybox', path.join(this.busyboxBin, a));
    fs.symlinkSync('/usr/bin/rclone', path.join(this.busyboxBin, 'rclone'));
  }

  /** A fresh set of pod directories (scratch, tmp, verify, termination log) owned by postgres. */
  public podDirs(name: string): { paths: PathMap; scratch: string; termination: string } {
    const base = makePostgresDir(path.join(this.root, name), 0o755);
    const scratch = makePostgresDir(path.join(base, 'scratch'));
    const termination = path.join(base, 'termination-log');
    fs.writeFileSync(termination, '');
    fs.chownSync(termination, PG_USER.uid, PG_USER.gid);
    const paths: PathMap = {
      '/var/lib/cdk8s-db/backup': scratch,
      '/var/lib/cdk8s-db/verify': makePostgresDir(path.join(base, 'verify')),
      '/opt/cdk8s-db/backup': this.scriptsDir,
      '/var/run/postgresql': makePostgresDir(path.join(base, 'run')),
      '/run/mysqld': makePostgresDir(path.join(base, 'run-mysqld')),
      '/dev/termination-log': termination,
      '/tmp': makePostgresDir(path.join(base, 'tmp')),
    };
    return { paths, scratch, termination };
  }

  /** The container's environment with Secret values filled in and paths mapped. */
  public envOf(container: any, paths: PathMap, overrides: { [k: string]: string } = {}): { [k: string]: string } {
    const env: { [k: string]: string } = {};
    for (const e of container.env ?? []) {
      let v: string;
      if (e.valueFrom?.secretKeyRef) {
        const { name, key } = e.valueFrom.secretKeyRef;
        const val = this.secrets[name]?.[key];
        if (val === undefined) throw new Error(`test has no value for Secret ${name} key ${key}`);
        v = val;
      } else {
        v = mapPaths(String(e.value ?? ''), paths);
      }
      env[e.name] = v;
    }
    return { ...env, ...overrides };
  }

  /** Command line of the container, paths mapped; rclone containers run under busybox sh. */
  private commandOf(container: any, paths: PathMap): { cmd: string; args: string[]; env: { [k: string]: string } } {
    const command: string[] = container.command.map((c: string) => mapPaths(c, paths));
    const isRclone = String(container.image).startsWith('rclone/rclone:');
    if (isRclone) {
      return { cmd: path.join(this.busyboxBin, 'sh'), args: command.slice(1), env: { PATH: this.busyboxBin } };
    }
    return { cmd: command[0], args: command.slice(1), env: { PATH: `${PG_BIN}:/usr/sbin:/usr/bin:/sbin:/bin`, LANG: 'C.UTF-8' } };
  }

  /** Runs a synthesized container's command as the postgres OS user. */
  public run(container: any, paths: PathMap, overrides: { [k: string]: string } = {}, timeoutMs = 120_000): RunResult {
    const { cmd, args, env } = this.commandOf(container, paths);
    const res = runSync(cmd, args, { user: PG_USER, cwd: this.root, env: { ...env, ...this.envOf(container, paths, overrides) }, timeoutMs });
    this.results.push(res);
    return res;
  }

  /** Starts a container's command in the background (own process group). */
  public spawn(container: any, paths: PathMap, overrides: { [k: string]: string } = {}): BackgroundRun {
    const { cmd, args, env } = this.commandOf(container, paths);
    return spawnCaptured(cmd, args, { user: PG_USER, cwd: this.root, env: { ...env, ...this.envOf(container, paths, overrides) } });
  }

  /** Writes an executable wrapper into a new bin dir placed first on PATH (returns the PATH). */
  public wrapper(name: string, tool: string, body: string, basePath: string): string {
    const dir = makePostgresDir(path.join(this.root, `wrap-${name}`), 0o755);
    const file = path.join(dir, tool);
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return `${dir}:${basePath}`;
  }

  public cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The pod spec of a synthesized CronJob or Job, by name. */
export function podSpecOf(docs: any[], name: string): any {
  const d = docs.find(x => x.metadata?.name === name);
  return d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.spec : d.spec.template.spec;
}

/** The containers of a synthesized backup CronJob, its verification CronJob and a restore Job. */
export function backupContainers(docs: any[], names: { backup: string; verify: string; restore: string }): { [container: string]: any } {
  const b = podSpecOf(docs, names.backup);
  const v = podSpecOf(docs, names.verify);
  const r = podSpecOf(docs, names.restore);
  return {
    dump: b.initContainers[0],
    upload: b.containers[0],
    download: v.initContainers[0],
    verify: v.containers[0],
    restoreDownload: r.initContainers[0],
    restore: r.containers[0],
  };
}

function mapPaths(value: string, paths: PathMap): string {
  // One pass, longest first: a mapped path (itself under /tmp) is never mapped again.
  const keys = Object.keys(paths).sort((a, b) => b.length - a.length);
  const re = new RegExp(keys.map(k => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
  return value.replace(re, k => paths[k]);
}

/** sha256 of a file, hex. */
export function sha256File(file: string): string {
  return spawnSync('sha256sum', [file], { encoding: 'utf8' }).stdout.slice(0, 64);
}

const s3Children = new Set<ChildProcess>();
onProcessExit(() => { for (const c of s3Children) c.kill('SIGKILL'); });

/**
 * An S3-compatible server (s3rver) on 127.0.0.1:`port` in its own process: the scripts run
 * with spawnSync, which blocks this process's event loop, so the server cannot live here.
 * Objects are stored as files under `<dir>/<bucket>/<key>._S3rver_object`.
 */
export async function startS3(port: number, dir: string, bucket: string): Promise<{ stop: () => Promise<void> }> {
  const code = `const S3rver = require(${JSON.stringify(require.resolve('s3rver'))});
new S3rver({ port: ${port}, address: '127.0.0.1', silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: ${JSON.stringify(bucket)} }] })
  .run().then(() => console.log('ready'), e => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  s3Children.add(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${out}`)), 15_000);
    child.stdout!.on('data', d => { out += d; if (out.includes('ready')) { clearTimeout(timer); resolve(); } });
    child.stderr!.on('data', d => { out += d; });
    child.on('exit', c => { clearTimeout(timer); reject(new Error(`s3rver exited ${c}: ${out}`)); });
  });
  return {
    stop: () => new Promise<void>(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => { s3Children.delete(child); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}
