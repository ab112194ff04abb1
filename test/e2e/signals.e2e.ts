// Misconfigurations a user makes on day one, and the signal the cluster gives for each: what
// `kubectl describe` / `kubectl get events` show. The README documents these messages.
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { postgres } from './drivers';
import { apply, createNamespace, deleteNamespace, getJson, getPod, kubectl, synth, Timings, waitFor } from './harness';
import { DatabaseCredentials, ReplicatedDatabase } from '../../src';

const timings = new Timings('signals');
let ns = '';

beforeAll(async () => { ns = await createNamespace('signals'); }, 300_000);
afterAll(async () => { if (ns) await deleteNamespace(ns); }, 120_000);

async function events(kind: string, name: string): Promise<string[]> {
  const e = await getJson(['-n', ns, 'events', '--field-selector', `involvedObject.kind=${kind},involvedObject.name=${name}`]);
  return e.items.map((x: any) => `${x.reason}: ${x.message}`);
}

test('a StorageClass that does not exist: the claim stays Pending with a ProvisioningFailed event naming the class, the pod unscheduled', async () => {
  const yaml = synth(ns, chart => new ReplicatedDatabase(chart, 'nosc', {
    name: 'nosc',
    engine: postgres.engine(),
    replicas: 1,
    storage: { size: Size.gibibytes(1), storageClassName: 'e2e-no-such-class' },
    resources: { memory: Size.mebibytes(128), cpu: kplus.Cpu.millis(10) },
  }));
  const start = Date.now();
  await apply(yaml);
  const msg = await waitFor('a ProvisioningFailed event on data-nosc-0', async () =>
    (await events('PersistentVolumeClaim', 'data-nosc-0')).find(m => /storageclass.*"e2e-no-such-class" not found/.test(m)),
  { timeoutMs: 120_000, namespace: ns });
  timings.record('signals', 'missing StorageClass -> PVC event', (Date.now() - start) / 1000);
  console.log(`missing StorageClass, PVC event: ${msg}`);
  const pvc = await getJson(['-n', ns, 'pvc', 'data-nosc-0']);
  expect(pvc.status.phase).toBe('Pending');
  const pod = await getPod(ns, 'nosc-0');
  expect(pod.status.phase).toBe('Pending');
  const scheduled = (pod.status.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
  console.log(`missing StorageClass, pod condition: ${JSON.stringify(scheduled)}`);
  expect(scheduled?.status).toBe('False');
  expect(scheduled?.message).toMatch(/PersistentVolumeClaim/);
});

test('a user Secret lacking a key: the pod waits with CreateContainerConfigError naming the missing key', async () => {
  // Every key but monitoring-password.
  await kubectl(['-n', ns, 'create', 'secret', 'generic', 'e2e-user-secret',
    '--from-literal=superuser-password=s3cret-superuser-e2e', '--from-literal=replication-password=s3cret-replication-e2e',
    '--from-literal=app-password=s3cret-app-e2e', '--from-literal=backup-password=s3cret-backup-e2e',
    '--from-literal=readonly-password=s3cret-readonly-e2e']);
  const yaml = synth(ns, chart => new ReplicatedDatabase(chart, 'nokey', {
    name: 'nokey',
    engine: postgres.engine(),
    replicas: 1,
    credentials: DatabaseCredentials.fromSecret('e2e-user-secret'),
    storage: { size: Size.gibibytes(1) },
    resources: { memory: Size.mebibytes(128), cpu: kplus.Cpu.millis(10) },
  }));
  const start = Date.now();
  await apply(yaml);
  const waiting = await waitFor('a container of nokey-0 waiting on the missing key', async () => {
    const pod = await getPod(ns, 'nokey-0');
    const statuses = [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])];
    return statuses.map((s: any) => s.state?.waiting).find((w: any) => w?.reason === 'CreateContainerConfigError');
  }, { timeoutMs: 180_000, namespace: ns });
  timings.record('signals', 'Secret lacking a key -> pod status', (Date.now() - start) / 1000);
  console.log(`Secret lacking a key, container waiting: ${JSON.stringify(waiting)}`);
  expect(waiting.message).toMatch(/couldn't find key monitoring-password in Secret .*e2e-user-secret/);
  const podEvents = await events('Pod', 'nokey-0');
  expect(podEvents.some(m => /couldn't find key monitoring-password/.test(m))).toBe(true);
});
