import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cron, Duration, Testing } from 'cdk8s';
import { DatabaseEngine, ReplicatedDatabase, SnapshotDeletionPolicy, VolumeSnapshotScheduleOptions } from '../../src';
import { FakeKubeApi, RecordedRequest, Reply, status } from '../cluster/harness';
import { describeWith, TOOLS } from '../requirements';
import { validateAll, validateManifests } from '../validation';

function synth(options: Partial<VolumeSnapshotScheduleOptions> = {}, namespace: string | undefined = 'shop') {
  const chart = Testing.chart();
  if (namespace) (chart as any).namespace = namespace;
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), replicas: 3 });
  const snaps = db.addVolumeSnapshots('Snapshots', { schedule: Cron.daily(), snapshotClassName: 'csi-snap', ...options });
  return { docs: Testing.synth(chart), snaps, db };
}

describe('VolumeSnapshotSchedule (synth)', () => {
  test('validates for several variants; the class is cluster-scoped', () => {
    for (const ns of ['shop', undefined]) {
      for (const v of [{}, { snapshotClassDriver: 'ebs.csi.aws.com', keepLast: 3 }, { snapshotClassDriver: 'pd.csi.storage.gke.io', snapshotClassDeletionPolicy: SnapshotDeletionPolicy.DELETE, timeZone: 'UTC' }]) {
        const { docs } = synth(v, ns);
        expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
        const cls = docs.find(d => d.kind === 'VolumeSnapshotClass');
        if (cls) expect(cls.metadata.namespace).toBeUndefined();
      }
    }
  });

  test('Role: only the named claims and VolumeSnapshots; token only through the projected volume', () => {
    const { docs, snaps } = synth({ snapshotClassDriver: 'ebs.csi.aws.com' });
    expect(snaps.claimNames).toEqual(['data-orders-0', 'data-orders-1', 'data-orders-2']);
    const role = docs.find(d => d.kind === 'Role' && d.metadata.name === 'orders-snapshots');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: snaps.claimNames, verbs: ['get'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['create', 'get', 'list', 'delete'] },
    ]);
    const cj = docs.find(d => d.kind === 'CronJob' && d.metadata.name === 'orders-snapshots');
    expect(cj.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cj.spec.jobTemplate.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].image).toMatch(/^curlimages\/curl:/);
    expect(docs.find(d => d.kind === 'VolumeSnapshotClass')).toMatchObject({ driver: 'ebs.csi.aws.com', deletionPolicy: 'Retain' });
    expect(snaps.maxAge.toSeconds()).toBe(86400 + 1800 + 600);
    // The script and the API client it sources, mounted side by side from one ConfigMap.
    const container = pod.containers[0];
    expect(container.command).toEqual(['/bin/sh', '/scripts/volume-snapshot.sh']);
    expect(container.volumeMounts).toContainEqual({ name: 'scripts', mountPath: '/scripts', readOnly: true });
    const map = docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === pod.volumes.find((v: any) => v.name === 'scripts').configMap.name);
    expect(Object.keys(map.data).sort()).toEqual(['kube-api.sh', 'retry.sh', 'volume-snapshot.sh']);
  });

  test('bad input', () => {
    expect(() => synth({ schedule: Cron.schedule({ hour: '25' }) })).toThrow(/invalid schedule "\* 25 \* \* \*": is not a valid cron schedule: hour: 25/);
    expect(() => synth({ keepLast: 0 })).toThrow(/invalid keepLast 0/);
    expect(() => synth({ snapshotClassName: '' })).toThrow(/invalid snapshotClassName/);
    expect(() => synth({ snapshotClassDriver: 'Not A Driver' })).toThrow(/invalid snapshotClassDriver/);
    expect(() => synth({ readyTimeout: Duration.seconds(1) })).toThrow(/invalid readyTimeout "1 second": must be at least 10 s/);
  });
});

describeWith([TOOLS.busybox, TOOLS.curl])('volume-snapshot.sh against a fake Kubernetes API', () => {
  const api = new FakeKubeApi();
  let root: string;
  let script: string;
  let env: { [k: string]: string };
  beforeAll(async () => {
    await api.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'snap-'));
    fs.writeFileSync(path.join(root, 'token'), 'tok');
    const bb = path.join(root, 'bb');
    fs.mkdirSync(bb);
    for (const a of ['cat', 'tr', 'head', 'tail', 'sed', 'sleep', 'grep', 'sort', 'date', 'dirname']) fs.symlinkSync('/bin/busybox', path.join(bb, a));
    fs.symlinkSync('/usr/bin/curl', path.join(bb, 'curl'));
    const { docs } = synth({ keepLast: 2 });
    const pod = docs.find(d => d.kind === 'CronJob').spec.jobTemplate.spec.template.spec;
    const c = pod.containers[0];
    // The scripts as the pod sees them: the ConfigMap's files at the container's mount path.
    const mount = c.volumeMounts.find((m: any) => m.name === 'scripts');
    const map = docs.find(d => d.kind === 'ConfigMap' && d.metadata.name === pod.volumes.find((v: any) => v.name === 'scripts').configMap.name);
    const dir = path.join(root, mount.mountPath);
    fs.mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(map.data)) fs.writeFileSync(path.join(dir, f), text as string);
    expect(c.command[1].startsWith(`${mount.mountPath}/`)).toBe(true);
    script = path.join(root, c.command[1]);
    env = { PATH: bb, SA_DIR: root, KUBE_API_URL: api.url, NAMESPACE: 'shop', POLL_INTERVAL: '1', READY_TIMEOUT: '2', SNAPSHOT_TIME: '20250102-030405' };
    for (const e of c.env) if (e.value !== undefined && !['SA_DIR', 'READY_TIMEOUT'].includes(e.name)) env[e.name] = e.value;
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const run = (): Promise<{ code: number | null; out: string }> => new Promise(resolve => {
    const child = spawn('/bin/busybox', ['sh', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', code => { clearTimeout(timer); resolve({ code, out }); });
  });
  /** A fake cluster: Bound claims, snapshots that become ready on the second GET. */
  const cluster = (existing: string[], opts: { failCreate?: boolean; neverReady?: boolean } = {}) => {
    const snaps = new Set(existing);
    const gets = new Map<string, number>();
    return (req: RecordedRequest): Reply => {
      const m = /^\/apis\/snapshot\.storage\.k8s\.io\/v1\/namespaces\/shop\/volumesnapshots(?:\/([^?]+))?(\?.*)?$/.exec(req.path);
      if (req.method === 'GET' && /persistentvolumeclaims\/data-orders-\d$/.test(req.path)) return { status: 200, body: { status: { phase: 'Bound' } } };
      if (!m) return status(404, 'NotFound', `no route ${req.path}`);
      if (req.method === 'POST') {
        if (opts.failCreate) return status(403, 'Forbidden', 'volumesnapshots is forbidden');
        const body = JSON.parse(req.body);
        snaps.add(body.metadata.name);
        return { status: 201, body };
      }
      if (req.method === 'GET' && m[1]) {
        const n = (gets.get(m[1]) ?? 0) + 1;
        gets.set(m[1], n);
        return { status: 200, body: { metadata: { name: m[1] }, status: { readyToUse: !opts.neverReady && n >= 2 } } };
      }
      if (req.method === 'GET') {
        const claim = decodeURIComponent(m[2]).split('=').pop();
        return { status: 200, body: { items: [...snaps].filter(s => s.startsWith(`${claim}-`)).map(name => ({ metadata: { name } })) } };
      }
      if (req.method === 'DELETE') {
        snaps.delete(m[1]);
        return { status: 200, body: {} };
      }
      return status(405, 'MethodNotAllowed', req.method);
    };
  };

  test('creates a CRD-valid VolumeSnapshot per claim, waits for ready, keeps the newest 2', async () => {
    const old = ['data-orders-0-20250101-030405', 'data-orders-0-20241231-030405', 'data-orders-1-20250101-030405'];
    api.reset(cluster(old));
    const r = await run();
    expect([r.code, r.out]).toEqual([0, expect.stringContaining('VolumeSnapshot data-orders-2-20250102-030405 is ready')]);
    const posts = api.requests.filter(q => q.method === 'POST');
    expect(posts.map(p => JSON.parse(p.body).metadata.name)).toEqual(['data-orders-0-20250102-030405', 'data-orders-1-20250102-030405', 'data-orders-2-20250102-030405']);
    for (const p of posts) {
      const doc = JSON.parse(p.body);
      expect(validateManifests([doc])).toEqual([]);
      expect(doc.spec).toEqual({ volumeSnapshotClassName: 'csi-snap', source: { persistentVolumeClaimName: doc.metadata.labels['cdk8s-db.io/snapshot-of'] } });
      expect(doc.metadata.labels['app.kubernetes.io/component']).toBe('volume-snapshots');
    }
    const deletes = api.requests.filter(q => q.method === 'DELETE').map(q => q.path.split('/').pop());
    expect(deletes).toEqual(['data-orders-0-20241231-030405']);
    expect(api.requests.every(q => q.headers.authorization === 'Bearer tok')).toBe(true);
  });

  test('a snapshot that never becomes ready fails the run and deletes nothing', async () => {
    api.reset(cluster(['data-orders-0-20200101-000000', 'data-orders-0-20200102-000000', 'data-orders-0-20200103-000000'], { neverReady: true }));
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not ready after 2s; older snapshots are kept/);
    expect(api.requests.filter(q => q.method === 'DELETE')).toEqual([]);
  });

  test('an API refusal fails visibly with its message', async () => {
    api.reset(cluster([], { failCreate: true }));
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/creating VolumeSnapshot data-orders-0-20250102-030405 failed: HTTP 403: volumesnapshots is forbidden/);
  });
});
