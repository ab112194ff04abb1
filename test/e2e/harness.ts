// End-to-end harness: drives a real Kubernetes cluster (whatever KUBECONFIG names) with kubectl.
//
// Reusable by every e2e scenario: synthesize an app in-process, apply it into a namespace that
// enforces Pod Security "restricted", wait for what the cluster does (bounded, with a dump of pod
// status, logs and events on timeout), read EndpointSlices, exec in pods, evict, and record
// timings that are printed as a table at the end and written to JSON for bench reporting.
//
// Environment:
//   KUBECONFIG         the cluster (required)
//   E2E_KEEP=1         keep the namespaces after the run (default: deleted)
//   E2E_NS_PREFIX      prefix of every namespace the suite creates (default "e2e")
//   E2E_RESULTS_DIR    where timing JSON goes (default test-reports/e2e)
//   E2E_HOST_IP        an address of this machine that pods can reach (S3 server for backups);
//                      default: the node's InternalIP when it is an address of this machine
//   E2E_STORAGE_CLASS  StorageClass for the database volumes (default: the cluster's default)
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Chart, Duration, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export const KEEP = process.env.E2E_KEEP === '1';
export const NS_PREFIX = process.env.E2E_NS_PREFIX ?? 'e2e';
export const RESULTS_DIR = path.resolve(process.env.E2E_RESULTS_DIR ?? path.join(__dirname, '..', '..', 'test-reports', 'e2e'));
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// kubectl

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** kubectl was killed at timeoutMs. */
  readonly timedOut?: boolean;
}

export interface RunOptions {
  /** Text written to stdin. */
  readonly input?: string;
  /** Kill kubectl after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Return a failed result instead of throwing. */
  readonly allowFail?: boolean;
}

/** Runs kubectl with the given arguments; throws (with stderr) on a non-zero exit unless allowFail. */
export function kubectl(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: the e2e suite needs a cluster');
  return new Promise((resolve, reject) => {
    const child = execFile('kubectl', args, {
      maxBuffer: 64 * 1024 * 1024,
      timeout: opts.timeoutMs ?? 60_000,
      encoding: 'utf8',
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
      const res: RunResult = { code, stdout: stdout ?? '', stderr: stderr ?? '', timedOut: !!(err as any)?.killed };
      if (code !== 0 && !opts.allowFail) {
        reject(new Error(`kubectl ${args.join(' ')} -> exit ${code}${(err as any)?.killed ? ' (timed out)' : ''}\n${res.stderr}${res.stdout}`));
      } else {
        resolve(res);
      }
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** kubectl get ... -o json, parsed. */
export async function getJson(args: string[]): Promise<any> {
  const r = await kubectl(['get', ...args, '-o', 'json']);
  return JSON.parse(r.stdout);
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** A progress line on stderr at once (jest holds console output until a test file ends). */
export function progress(message: string): void {
  process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// waiting

export interface WaitOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Poll interval (default 1 s). */
  readonly intervalMs?: number;
  /** Namespace whose pods, events and logs are dumped into the failure message. */
  readonly namespace?: string;
}

/** Thrown by a waitFor check to stop waiting at once (e.g. a Job failed). */
export class FatalError extends Error {}

/**
 * Polls `check` until it returns something other than undefined/false, and returns that.
 * On timeout throws an error naming what was waited for, the last value/error seen, and a dump
 * of the namespace (pods, events, logs of pods that are not ready).
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, opts: WaitOptions): Promise<T> {
  const start = Date.now();
  let last = '';
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      last = `last check returned ${JSON.stringify(v)}`;
    } catch (e) {
      if (e instanceof FatalError) throw e;
      last = `last check threw: ${(e as Error).message.slice(0, 2000)}`;
    }
    if (Date.now() - start > opts.timeoutMs) {
      const dump = opts.namespace ? await dumpNamespace(opts.namespace) : '';
      throw new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for: ${what}\n${last}\n${dump}`);
    }
    await sleep(opts.intervalMs ?? 1000);
  }
}

/** Pods (wide), recent events, and the last log lines of every container of every pod not Ready. */
export async function dumpNamespace(ns: string, opts: { allLogs?: boolean } = {}): Promise<string> {
  const out: string[] = [`===== dump of namespace ${ns}`];
  const add = async (title: string, args: string[]) => {
    const r = await kubectl(args, { allowFail: true, timeoutMs: 20_000 });
    out.push(`----- ${title}`, (r.stdout + r.stderr).trim());
  };
  await add('pods', ['-n', ns, 'get', 'pods,pvc,jobs', '-o', 'wide']);
  await add('events', ['-n', ns, 'get', 'events', '--sort-by=.lastTimestamp',
    '-o', 'custom-columns=TIME:.lastTimestamp,TYPE:.type,OBJECT:.involvedObject.name,REASON:.reason,MESSAGE:.message']);
  const pods = await kubectl(['-n', ns, 'get', 'pods', '-o', 'json'], { allowFail: true, timeoutMs: 20_000 });
  if (pods.code === 0) {
    for (const p of JSON.parse(pods.stdout).items as any[]) {
      if (!opts.allLogs && isReady(p) && p.status?.phase !== 'Failed') continue;
      const containers = [...(p.spec.initContainers ?? []), ...p.spec.containers].map((c: any) => c.name);
      for (const c of containers) {
        const r = await kubectl(['-n', ns, 'logs', p.metadata.name, '-c', c, '--tail=25'], { allowFail: true, timeoutMs: 20_000 });
        const text = (r.stdout + r.stderr).trim();
        if (text) out.push(`----- logs ${p.metadata.name}/${c}`, text);
      }
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// pods

export function isReady(pod: any): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function readySince(pod: any): number | undefined {
  const c = (pod.status?.conditions ?? []).find((x: any) => x.type === 'Ready' && x.status === 'True');
  return c ? Date.parse(c.lastTransitionTime) : undefined;
}

export async function getPod(ns: string, name: string): Promise<any | undefined> {
  const r = await kubectl(['-n', ns, 'get', 'pod', name, '-o', 'json'], { allowFail: true });
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

export async function listPods(ns: string, selector?: string): Promise<any[]> {
  return (await getJson(['-n', ns, 'pods', ...(selector ? ['-l', selector] : [])])).items;
}

/** Waits until every named pod is Ready; returns the pods. */
export async function waitPodsReady(ns: string, names: string[], timeoutMs: number): Promise<any[]> {
  return waitFor(`pods ${names.join(', ')} Ready in ${ns}`, async () => {
    const pods = await Promise.all(names.map(n => getPod(ns, n)));
    return pods.every(p => p && isReady(p) && !p.metadata.deletionTimestamp) ? pods : undefined;
  }, { timeoutMs, namespace: ns, intervalMs: 1000 });
}

export async function waitPodNotReady(ns: string, name: string, timeoutMs: number): Promise<void> {
  await waitFor(`pod ${name} not Ready in ${ns}`, async () => {
    const p = await getPod(ns, name);
    return p && !isReady(p);
  }, { timeoutMs, namespace: ns, intervalMs: 500 });
}

export interface ExecOptions extends RunOptions {
  readonly container?: string;
}

/** Runs a command in a pod (no shell unless you give one). */
export function exec(ns: string, pod: string, command: string[], opts: ExecOptions = {}): Promise<RunResult> {
  const args = ['-n', ns, 'exec', ...(opts.input !== undefined ? ['-i'] : []), pod];
  if (opts.container) args.push('-c', opts.container);
  return kubectl([...args, '--', ...command], opts);
}

/** `sh -c script` in a pod; returns stdout, throws on failure. */
export async function sh(ns: string, pod: string, script: string, opts: ExecOptions = {}): Promise<string> {
  return (await exec(ns, pod, ['sh', '-c', script], opts)).stdout;
}

/** Pod eviction through the Eviction API (what `kubectl drain` uses). */
export async function evict(ns: string, pod: string): Promise<{ allowed: boolean; message: string }> {
  const body = JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: ns } });
  const r = await kubectl(['create', '--raw', `/api/v1/namespaces/${ns}/pods/${pod}/eviction`, '-f', '-'], { input: body, allowFail: true });
  return { allowed: r.code === 0, message: (r.stderr + r.stdout).trim() };
}

// ---------------------------------------------------------------------------------------------
// EndpointSlices

export interface Endpoint {
  readonly pod: string;
  readonly ip: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

/** Every endpoint in the EndpointSlices of a Service. */
export async function endpoints(ns: string, service: string): Promise<Endpoint[]> {
  const slices = await getJson(['-n', ns, 'endpointslices', '-l', `kubernetes.io/service-name=${service}`]);
  const out: Endpoint[] = [];
  for (const s of slices.items) {
    for (const e of s.endpoints ?? []) {
      for (const ip of e.addresses ?? []) {
        out.push({
          pod: e.targetRef?.name ?? '',
          ip,
          ready: e.conditions?.ready !== false,
          serving: e.conditions?.serving !== false,
          terminating: e.conditions?.terminating === true,
        });
      }
    }
  }
  return out.sort((a, b) => a.pod.localeCompare(b.pod));
}

/** Names of the pods a Service routes to (ready endpoints), sorted. */
export async function readyEndpoints(ns: string, service: string): Promise<string[]> {
  return (await endpoints(ns, service)).filter(e => e.ready).map(e => e.pod).sort();
}

// ---------------------------------------------------------------------------------------------
// namespaces and apps

/** Creates (after deleting any leftover) a namespace that enforces Pod Security "restricted". */
export async function createNamespace(suffix: string, labels: { [k: string]: string } = {}): Promise<string> {
  const ns = `${NS_PREFIX}-${suffix}`;
  await kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=180s'], { timeoutMs: 200_000 });
  const doc = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'cdk8s-db.io/e2e': 'true',
        ...labels,
      },
    },
  };
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify(doc) });
  return ns;
}

/** Deletes a namespace unless E2E_KEEP=1 (does not wait: the next run deletes leftovers first). */
export async function deleteNamespace(ns: string): Promise<void> {
  if (KEEP) {
    console.log(`E2E_KEEP=1: namespace ${ns} kept`);
    return;
  }
  await kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false'], { allowFail: true });
}

/** Synthesizes a chart built by `build` in namespace `ns`, as multi-document YAML. */
export function synth(ns: string, build: (chart: Chart) => void): string {
  const app = Testing.app();
  const chart = new Chart(app, 'e2e', { namespace: ns });
  build(chart);
  return Yaml.stringify(...Testing.synth(chart));
}

/** kubectl apply of YAML text; returns kubectl's output (and any Pod Security warnings on stderr). */
export async function apply(yaml: string, extra: string[] = []): Promise<RunResult> {
  return kubectl(['apply', '-f', '-', ...extra], { input: yaml, timeoutMs: 120_000 });
}

/** The current value of a Secret's keys, decoded. */
export async function secretData(ns: string, name: string): Promise<{ [k: string]: string } | undefined> {
  const r = await kubectl(['-n', ns, 'get', 'secret', name, '-o', 'json'], { allowFail: true });
  if (r.code !== 0) return undefined;
  const data = JSON.parse(r.stdout).data ?? {};
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]));
}

/** Waits for a Job to complete; throws with its pods' logs if it fails. */
export async function waitJob(ns: string, job: string, timeoutMs: number): Promise<any> {
  return waitFor(`job ${job} to succeed in ${ns}`, async () => {
    const j = await getJson(['-n', ns, 'job', job]);
    const conds = j.status?.conditions ?? [];
    if (conds.some((c: any) => c.type === 'Failed' && c.status === 'True')) {
      throw new FatalError(`job ${job} failed: ${JSON.stringify(conds)}\n${await jobLogs(ns, job)}\n${await dumpNamespace(ns)}`);
    }
    return conds.some((c: any) => c.type === 'Complete' && c.status === 'True') ? j : undefined;
  }, { timeoutMs, namespace: ns, intervalMs: 2000 });
}

/** Waits until a StatefulSet has rolled out its current spec: every pod updated and Ready. */
export async function waitStatefulSetSettled(ns: string, name: string, timeoutMs: number): Promise<any> {
  return waitFor(`StatefulSet ${name} rolled out`, async () => {
    const s = await getJson(['-n', ns, 'statefulset', name]);
    const st = s.status ?? {};
    return st.observedGeneration === s.metadata.generation && st.updateRevision === st.currentRevision
      && st.readyReplicas === s.spec.replicas && st.updatedReplicas === s.spec.replicas ? s : undefined;
  }, { timeoutMs, namespace: ns, intervalMs: 1000 });
}

/** The logs of every container (init containers too) of every pod of a Job. */
export async function jobLogs(ns: string, job: string, tail = 40): Promise<string> {
  const out: string[] = [];
  for (const p of await listPods(ns, `job-name=${job}`)) {
    for (const c of [...(p.spec.initContainers ?? []), ...p.spec.containers]) {
      const r = await kubectl(['-n', ns, 'logs', p.metadata.name, '-c', c.name, `--tail=${tail}`], { allowFail: true });
      out.push(`----- logs ${p.metadata.name}/${c.name}`, (r.stdout + r.stderr).trim());
    }
  }
  return out.join('\n');
}

/** Labels of a pod. */
export async function podLabels(ns: string, pod: string): Promise<{ [k: string]: string }> {
  return (await getPod(ns, pod))?.metadata?.labels ?? {};
}

// ---------------------------------------------------------------------------------------------
// host side: an address pods can reach, free ports

/** True when this machine can bind `address` (an address of one of its interfaces, up or not). */
export function isLocalAddress(address: string): Promise<boolean> {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(0, address, () => srv.close(() => resolve(true)));
  });
}

/** A free TCP port on `host`. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** An address of this machine that pods can reach (E2E_HOST_IP, else the node's InternalIP if local). */
export async function hostIpReachableFromPods(): Promise<string> {
  if (process.env.E2E_HOST_IP) return process.env.E2E_HOST_IP;
  const nodes = await getJson(['nodes']);
  for (const n of nodes.items) {
    for (const a of n.status?.addresses ?? []) {
      if (a.type === 'InternalIP' && await isLocalAddress(a.address)) return a.address;
    }
  }
  throw new Error('no node InternalIP is an address of this machine: set E2E_HOST_IP to an address of this machine that pods can reach (for the S3 test server)');
}

// ---------------------------------------------------------------------------------------------
// timings

export interface Timing {
  readonly scenario: string;
  readonly metric: string;
  readonly seconds: number;
  readonly note?: string;
}

/**
 * Records measured times. Each jest worker writes its own file in RESULTS_DIR; the global
 * teardown (summary.ts) merges them, prints a table and writes e2e-timings.json.
 */
export class Timings {
  private readonly entries: Timing[] = [];
  private readonly file: string;

  constructor(public readonly suite: string) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    this.file = path.join(RESULTS_DIR, `timings-${suite}.json`);
    fs.rmSync(this.file, { force: true });
  }

  /** Records a duration in seconds; also logs it at once. */
  public record(scenario: string, metric: string, seconds: number, note?: string): number {
    const t: Timing = { scenario, metric, seconds: Math.round(seconds * 10) / 10, ...(note ? { note } : {}) };
    this.entries.push(t);
    fs.writeFileSync(this.file, JSON.stringify({ suite: this.suite, entries: this.entries }, null, 2));
    progress(`[timing] ${this.suite} | ${scenario} | ${metric}: ${t.seconds} s${note ? ` (${note})` : ''}`);
    return t.seconds;
  }

  /** Runs `fn` and records how long it took. */
  public async time<T>(scenario: string, metric: string, fn: () => Promise<T>, note?: string): Promise<T> {
    const start = Date.now();
    const v = await fn();
    this.record(scenario, metric, (Date.now() - start) / 1000, note);
    return v;
  }
}

/** Reads every worker's timing file and renders a table. */
export function timingSummary(): { table: string; entries: (Timing & { suite: string })[] } {
  const entries: (Timing & { suite: string })[] = [];
  if (fs.existsSync(RESULTS_DIR)) {
    for (const f of fs.readdirSync(RESULTS_DIR).filter(x => /^timings-.*\.json$/.test(x)).sort()) {
      const j = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8'));
      for (const e of j.entries) entries.push({ suite: j.suite, ...e });
    }
  }
  const rows = entries.map(e => [e.suite, e.scenario, e.metric, e.seconds.toFixed(1), e.note ?? '']);
  const head = ['suite', 'scenario', 'measured', 'seconds', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ').trimEnd();
  const table = [line(head), widths.map(w => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
  return { table, entries };
}

// ---------------------------------------------------------------------------------------------
// workload helpers

/** A restricted-PSS security context for client pods the tests run (any uid works). */
export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  runAsUser: 999,
  runAsGroup: 999,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export interface ClientContainerOptions {
  readonly name?: string;
  readonly image: string;
  /** Default RESTRICTED_CONTAINER's uid and gid. */
  readonly user?: number;
  readonly group?: number;
  /** Memory request and limit in MiB (default 32 and 128). */
  readonly memoryMiB?: { request: number; limit: number };
  readonly env?: { [name: string]: kplus.EnvValue };
  /** A writable /tmp (an emptyDir), for clients that write there under a read-only root. */
  readonly tmp?: kplus.Volume;
}

/** A client container that sleeps (the tests exec into it), restricted Pod Security. */
export function clientContainer(o: ClientContainerOptions): kplus.ContainerProps {
  const memory = o.memoryMiB ?? { request: 32, limit: 128 };
  return {
    name: o.name ?? 'client',
    image: o.image,
    command: ['sleep', '86400'],
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: { cpu: { request: kplus.Cpu.millis(10) }, memory: { request: Size.mebibytes(memory.request), limit: Size.mebibytes(memory.limit) } },
    securityContext: {
      ensureNonRoot: true,
      user: o.user ?? RESTRICTED_CONTAINER.runAsUser,
      group: o.group ?? RESTRICTED_CONTAINER.runAsGroup,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    envVariables: o.env,
    volumeMounts: o.tmp ? [{ path: '/tmp', volume: o.tmp }] : undefined,
  };
}

/** A client pod (no API token, 1 s grace, restricted Pod Security) of the given containers. */
export function clientPod(
  scope: Construct, id: string, o: { name?: string; labels: { [k: string]: string }; containers: kplus.ContainerProps[] },
): kplus.Pod {
  const pod = new kplus.Pod(scope, id, {
    // Without a name, cdk8s generates one (an explicit undefined would leave it out).
    metadata: o.name === undefined ? { labels: o.labels } : { name: o.name, labels: o.labels },
    automountServiceAccountToken: false,
    terminationGracePeriod: Duration.seconds(1),
    securityContext: { ensureNonRoot: true, user: RESTRICTED_CONTAINER.runAsUser, group: RESTRICTED_CONTAINER.runAsGroup },
    containers: o.containers,
  });
  for (const [k, v] of Object.entries(o.labels)) pod.metadata.addLabel(k, v);
  return pod;
}

/**
 * A bare client pod (not synthesized by the library): `sleep` forever in `image`, with labels,
 * restricted security context and an emptyDir /tmp. Used for pods that must NOT be granted.
 */
export function clientPodYaml(ns: string, name: string, image: string, labels: { [k: string]: string },
  env: { name: string; value: string }[] = []): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: {
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 1,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'client',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['sleep', '86400'],
        env,
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
        securityContext: RESTRICTED_CONTAINER,
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  });
}

/** Seconds since `start` (a Date.now() value). */
export const since = (start: number) => (Date.now() - start) / 1000;
