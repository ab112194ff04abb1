import { Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { validateAll } from './validation';
import { BackupDestination, DatabaseEngine, ReplicatedDatabase } from '../src';
import { allowed, Endpoint } from './validation/network-policy';

function setup() {
  const chart = Testing.chart();
  (chart as any).namespace = 'shop';
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres() });
  return { chart, db };
}

const dbPod = (ordinal: number): Endpoint => ({
  namespace: 'shop',
  labels: {
    'app.kubernetes.io/instance': 'orders',
    'app.kubernetes.io/component': 'database',
    'app.kubernetes.io/name': 'postgres',
    'statefulset.kubernetes.io/pod-name': `orders-${ordinal}`,
    'cdk8s-db.io/role': ordinal === 0 ? 'primary' : 'replica',
  },
});

describe('network isolation (default deny) and grants', () => {
  const { chart, db } = setup();
  const api = new kplus.Deployment(chart, 'api', { containers: [{ image: 'example/api:1.0' }] });
  db.allowFrom(api);
  const reports = new kplus.Deployment(chart, 'reports', { containers: [{ image: 'example/reports:1.0' }] });
  db.allowFrom(reports, { readOnly: true });
  db.allowFrom(kplus.Namespaces.select(chart, 'analytics', { names: ['analytics'] }));
  db.allowFrom(kplus.Pods.select(chart, 'etl', { labels: { app: 'etl' }, namespaces: kplus.Namespaces.select(chart, 'etl-ns', { labels: { team: 'data' } }) }));
  db.allowFrom(kplus.NetworkPolicyIpBlock.ipv4(chart, 'office', '10.1.0.0/16'));
  const docs = Testing.synth(chart);
  const apiLabels = docs.find(d => d.kind === 'Deployment' && d.metadata.name.includes('api')).spec.template.metadata.labels;

  test('all documents are valid', () => {
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  const cases: [string, Endpoint, Endpoint, number, string, boolean][] = [
    ['replica → primary (replication)', dbPod(1), dbPod(0), 5432, 'TCP', true],
    ['primary → replica', dbPod(0), dbPod(2), 5432, 'TCP', true],
    ['granted workload → primary', { namespace: 'shop', labels: apiLabels }, dbPod(0), 5432, 'TCP', true],
    ['granted workload → replica', { namespace: 'shop', labels: apiLabels }, dbPod(1), 5432, 'TCP', true],
    ['granted workload, other port', { namespace: 'shop', labels: apiLabels }, dbPod(0), 22, 'TCP', false],
    ['same namespace, not granted', { namespace: 'shop', labels: { app: 'intruder' } }, dbPod(0), 5432, 'TCP', false],
    ['another namespace, same labels as the granted workload', { namespace: 'other', labels: apiLabels }, dbPod(0), 5432, 'TCP', false],
    ['granted namespace by name', { namespace: 'analytics', labels: { app: 'anything' } }, dbPod(1), 5432, 'TCP', true],
    ['granted pods in namespaces by label', { namespace: 'etl', namespaceLabels: { team: 'data' }, labels: { app: 'etl' } }, dbPod(1), 5432, 'TCP', true],
    ['same pod labels, namespace without the label', { namespace: 'etl2', labels: { app: 'etl' } }, dbPod(1), 5432, 'TCP', false],
    ['granted IP block', { ip: '10.1.2.3' }, dbPod(0), 5432, 'TCP', true],
    ['address outside the granted block', { ip: '10.2.0.1' }, dbPod(0), 5432, 'TCP', false],
    ['database → DNS', dbPod(1), { ip: '10.96.0.10' }, 53, 'UDP', true],
    ['database → Kubernetes API (role labelling)', dbPod(1), { ip: '172.20.0.1' }, 443, 'TCP', true],
    ['database → the internet on another port', dbPod(0), { ip: '93.184.216.34' }, 80, 'TCP', false],
    ['database → a pod outside the set', dbPod(0), { namespace: 'shop', labels: apiLabels }, 8080, 'TCP', false],
  ];
  test.each(cases)('%s', (_label, source, destination, port, protocol, expected) => {
    expect(allowed(docs, source, destination, port, protocol)).toBe(expected);
  });

  test('a granted workload gets its connection environment; a read-only grant only the read endpoint', () => {
    const env = (name: string) => docs.find(d => d.kind === 'Deployment' && d.metadata.name.includes(name)).spec.template.spec.containers[0].env;
    expect(env('api').map((e: any) => e.name)).toEqual(expect.arrayContaining(['DB_HOST', 'DB_READ_HOST', 'DB_PASSWORD']));
    expect(env('api').find((e: any) => e.name === 'DB_HOST').value).toBe('orders-rw.shop.svc');
    expect(env('reports').find((e: any) => e.name === 'DB_HOST').value).toBe('orders-ro.shop.svc');
    expect(env('reports').find((e: any) => e.name === 'DB_READ_HOST')).toBeUndefined();
    // The read-only grant logs in as the read-only user, with its own password; the other as the app user.
    expect(env('reports').find((e: any) => e.name === 'DB_USER').value).toBe('readonly');
    expect(env('reports').find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'orders-credentials', key: 'readonly-password' });
    expect(env('api').find((e: any) => e.name === 'DB_USER').value).toBe('app');
    expect(env('api').find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'orders-credentials', key: 'app-password' });
  });
});

describe('isolation options', () => {
  test('without replicas to label, the database gets no API egress', () => {
    const chart = Testing.chart();
    new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), replicas: 1 });
    const docs = Testing.synth(chart);
    const pod = { ...dbPod(0), namespace: 'default' };
    expect(allowed(docs, pod, { ip: '10.96.0.10' }, 53, 'UDP')).toBe(true);
    expect(allowed(docs, pod, { ip: '172.20.0.1' }, 443)).toBe(false);
  });

  test('API egress narrowed to the control plane CIDR', () => {
    const chart = Testing.chart();
    new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), network: { apiServerCidrs: ['172.20.0.0/24'] } });
    const docs = Testing.synth(chart);
    const pod = { ...dbPod(1), namespace: 'default' };
    expect(allowed(docs, pod, { ip: '172.20.0.1' }, 443)).toBe(true);
    expect(allowed(docs, pod, { ip: '8.8.8.8' }, 443)).toBe(false);
  });

  test('isolation can be turned off', () => {
    const chart = Testing.chart();
    new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), network: { isolate: false } });
    expect(Testing.synth(chart).filter(d => d.kind === 'NetworkPolicy')).toHaveLength(0);
  });
});

describe('bad grants fail at synth time', () => {
  test.each([
    ['an empty pod selection', (c: any) => kplus.Pods.select(c, 'all', {}), /selects every pod in the namespace/],
    ['every pod in every namespace', (c: any) => kplus.Pods.all(c, 'everything'), /every pod/],
    ['an invalid CIDR', (c: any) => kplus.NetworkPolicyIpBlock.ipv4(c, 'bad', '10.0.0.300/8'), /peer\.cidr "10\.0\.0\.300\/8"/],
    ['a prefix too long', (c: any) => kplus.NetworkPolicyIpBlock.ipv4(c, 'bad', '10.0.0.0/33'), /peer\.cidr "10\.0\.0\.0\/33"/],
    ['the whole internet', (c: any) => kplus.NetworkPolicyIpBlock.anyIpv4(c, 'any'), /opens the database to every address/],
  ])('%s', (_label, makePeer, message) => {
    const { chart, db } = setup();
    expect(() => db.allowFrom(makePeer(chart))).toThrow(message);
  });

  test('an invalid API server CIDR', () => {
    const chart = Testing.chart();
    expect(() => new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres(), network: { apiServerCidrs: ['nope'] } }))
      .toThrow(/network\.apiServerCidrs "nope"/);
  });
});

describe('with monitoring and backups: Prometheus and backup Jobs get exactly their openings', () => {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const db = new ReplicatedDatabase(chart, 'orders', { name: 'orders', engine: DatabaseEngine.postgres() });
  db.addBackupSchedule('backup', { schedule: Cron.daily(), destination: BackupDestination.volume({ claimName: 'backups' }), verifyRestore: true });
  const monitoring = db.addMonitoring('monitoring');
  const docs = Testing.synth(chart);
  const podLabels = (name: string) => docs.find(d => d.kind === 'CronJob' && d.metadata.name === name).spec.jobTemplate.spec.template.metadata.labels;
  const prometheus: Endpoint = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
  const metricsPort = monitoring.metricsPort;

  test('all documents are valid', () => {
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  const cases: [string, Endpoint, Endpoint, number, boolean][] = [
    ['Prometheus → metrics port of a replica', prometheus, dbPod(1), metricsPort, true],
    ['Prometheus → metrics port of the primary', prometheus, dbPod(0), metricsPort, true],
    ['Prometheus → database port', prometheus, dbPod(0), 5432, false],
    ['Prometheus-labelled pod in another namespace → metrics port', { ...prometheus, namespace: 'shop' }, dbPod(0), metricsPort, false],
    ['backup Job → database port', { namespace: 'shop', labels: podLabels('orders-backup') }, dbPod(1), 5432, true],
    ['backup Job → metrics port', { namespace: 'shop', labels: podLabels('orders-backup') }, dbPod(1), metricsPort, false],
    ['restore-verification pod (throwaway server) → database port', { namespace: 'shop', labels: podLabels('orders-backup-verify') }, dbPod(1), 5432, false],
    ['same namespace, not granted → metrics port', { namespace: 'shop', labels: { app: 'intruder' } }, dbPod(0), metricsPort, false],
  ];
  test.each(cases)('%s', (_label, source, destination, port, expected) => {
    expect(allowed(docs, source, destination, port)).toBe(expected);
  });
});
