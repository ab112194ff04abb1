// Mirrors and air gaps on the cluster: the stand-in images are given a mirror registry's names in
// the node's containerd (nothing can be pulled there, as in an air gap), and a PostgreSQL database
// with monitoring and `images: { registry, imagePullSecrets }` must start from those names alone:
// the database pod (engine image, exporter sidecar) and the credentials Job (curl image).
//
// Needs ctr and CONTAINERD_ADDRESS (kcluster's env.sh sets both); skipped otherwise.
// E2E_ONLY=images runs only this file's test (with the file path: npx projen test:e2e test/e2e/images.e2e.ts).
import { execFileSync } from 'child_process';
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { postgres } from './drivers';
import { apply, createNamespace, deleteNamespace, getJson, kubectl, synth, Timings, waitJob, waitPodsReady } from './harness';
import { monitoringCrdFiles } from './scenarios';
import { ReplicatedDatabase } from '../../src';

const only = (process.env.E2E_ONLY ?? '').split(',').map(x => x.trim()).filter(x => x);
const selected = only.length === 0 || only.some(w => ['images', 'airgap', 'mirror'].includes(w));
const MIRROR = 'mirror.e2e-airgap.local/db';
const IMAGES = [
  ['docker.io/library/postgres:15.10-bookworm', `${MIRROR}/postgres:15.10-bookworm`],
  ['docker.io/curlimages/curl:8.11.1', `${MIRROR}/curlimages/curl:8.11.1`],
  ['quay.io/prometheuscommunity/postgres-exporter:v0.17.1', `${MIRROR}/prometheuscommunity/postgres-exporter:v0.17.1`],
];

function ctr(args: string[]): string {
  return execFileSync('ctr', ['-n', 'k8s.io', ...args], { encoding: 'utf8', timeout: 60_000 });
}

function ctrAvailable(): boolean {
  if (!process.env.CONTAINERD_ADDRESS) return false;
  try {
    ctr(['version']);
    return true;
  } catch {
    return false;
  }
}

const run = selected && ctrAvailable();
if (selected && !run) console.log('images.e2e: skipped: needs ctr and CONTAINERD_ADDRESS (eval "$(shared/kcluster/env.sh)")');
const timings = new Timings('images');

(run ? describe : describe.skip)('a mirror registry for every image, with pull Secrets: an air-gapped start', () => {
  let ns = '';
  beforeAll(async () => {
    for (const [from, to] of IMAGES) ctr(['images', 'tag', '--force', from, to]);
    for (const f of monitoringCrdFiles()) await kubectl(['apply', '--server-side', '--force-conflicts', '-f', f]);
    ns = await createNamespace('images');
  }, 300_000);
  afterAll(async () => {
    if (ns) await deleteNamespace(ns);
    // Only the extra names go; the images keep their own.
    for (const [, to] of IMAGES) ctr(['images', 'rm', to]);
  }, 120_000);

  test('the database pod, its exporter and the credentials Job run from the mirror names', async () => {
    const pullSecret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'mirror-pull', namespace: ns },
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'mirror.e2e-airgap.local': { auth: Buffer.from('e2e:e2e').toString('base64') } } })).toString('base64') },
    };
    await apply(JSON.stringify(pullSecret));
    const yaml = synth(ns, chart => {
      const db = new ReplicatedDatabase(chart, 'mirrored', {
        engine: postgres.engine(),
        replicas: 1,
        storage: { size: Size.gibibytes(1) },
        resources: { memory: Size.mebibytes(256), cpu: kplus.Cpu.millis(50) },
        images: { registry: MIRROR, imagePullSecrets: ['mirror-pull'] },
      });
      db.addMonitoring('monitoring');
    });
    const start = Date.now();
    await apply(yaml);
    await waitJob(ns, 'mirrored-credentials-generator', 180_000);
    const [pod] = await waitPodsReady(ns, ['mirrored-0'], 300_000);
    timings.record('air gap', 'apply -> database pod ready (mirror names only)', (Date.now() - start) / 1000);
    // What the kubelet was asked for (status.image may name any tag of the same image ID).
    const specImages = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c: any) => `${c.name}=${c.image}`);
    console.log(`air gap: the pod's images: ${specImages.join(', ')}`);
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) expect(c.image.startsWith(`${MIRROR}/`)).toBe(true);
    const events = await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.name=mirrored-0']);
    const present = events.items.map((e: any) => e.message as string).filter((m: string) => /already present on machine/.test(m));
    console.log(`air gap: kubelet events: ${present.join(' | ')}`);
    expect(present.some((m: string) => m.includes(`${MIRROR}/postgres:15.10-bookworm`))).toBe(true);
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
    const jobPods = await getJson(['-n', ns, 'pods', '-l', 'job-name=mirrored-credentials-generator']);
    expect(jobPods.items[0].spec.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
    expect(jobPods.items[0].spec.containers[0].image).toBe(`${MIRROR}/curlimages/curl:8.11.1`);
  }, 600_000);
});
