import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkSemantics, knownCustomResourceKinds, synthDocs, validateAll, validateManifests } from '.';

// ---------------------------------------------------------------------------
// Fixtures: a small, valid replicated database output. Each builder returns a
// fresh object, so tests can break one field at a time.
// ---------------------------------------------------------------------------

const NS = 'db';
const POD_LABELS = { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'orders' };

function configMap(): any {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'orders-config', namespace: NS },
    data: { 'postgresql.conf': 'max_connections = 100\n', 'bootstrap.sh': '#!/bin/sh\nexit 0\n' },
  };
}

function headlessService(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'orders-headless', namespace: NS, labels: POD_LABELS },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: POD_LABELS,
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }],
    },
  };
}

function clientService(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'orders', namespace: NS, labels: POD_LABELS },
    spec: {
      type: 'ClusterIP',
      selector: POD_LABELS,
      ports: [
        { name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' },
        { name: 'metrics', port: 9187, targetPort: 9187 },
      ],
    },
  };
}

function statefulSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'orders', namespace: NS, labels: POD_LABELS },
    spec: {
      serviceName: 'orders-headless',
      replicas: 3,
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: POD_LABELS },
      template: {
        metadata: { labels: POD_LABELS, annotations: { 'checksum/config': 'abc123' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: 'postgres',
              image: 'postgres:16.4',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
              env: [
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'CONF', valueFrom: { configMapKeyRef: { name: 'orders-config', key: 'postgresql.conf' } } },
              ],
              resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
              readinessProbe: { exec: { command: ['pg_isready'] }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 'postgres' }, initialDelaySeconds: 30 },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/postgresql/data' },
                { name: 'config', mountPath: '/etc/postgresql', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
            {
              name: 'exporter',
              image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
              ports: [{ name: 'metrics', containerPort: 9187 }],
              resources: { requests: { cpu: 0.1, memory: '64Mi' } },
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'orders-config', items: [{ key: 'postgresql.conf', path: 'postgresql.conf' }] } },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '50Gi' } } },
        },
      ],
    },
  };
}

function pdb(): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'orders', namespace: NS },
    spec: { maxUnavailable: 1, selector: { matchLabels: POD_LABELS }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  };
}

function deployment(): any {
  const labels = { 'app.kubernetes.io/name': 'pgbouncer', 'app.kubernetes.io/instance': 'orders' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders-pooler', namespace: NS },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'pgbouncer', image: 'bitnami/pgbouncer:1.23.1', ports: [{ name: 'pgbouncer', containerPort: 6432 }] }] },
      },
    },
  };
}

function cronJob(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'orders-backup', namespace: NS },
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          template: {
            metadata: { labels: { 'app.kubernetes.io/name': 'orders-backup' } },
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{
                name: 'backup',
                image: 'postgres:16.4',
                command: ['/scripts/backup.sh'],
                env: [{ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'access-key' } } }],
                volumeMounts: [{ name: 'scripts', mountPath: '/scripts' }],
              }],
              volumes: [{ name: 'scripts', configMap: { name: 'orders-config', defaultMode: 0o755, items: [{ key: 'bootstrap.sh', path: 'backup.sh' }] } }],
            },
          },
        },
      },
    },
  };
}

function secret(): any {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's3-credentials', namespace: NS },
    type: 'Opaque',
    stringData: { 'access-key': 'AKIA...' },
    data: { 'secret-key': Buffer.from('s3cr3t').toString('base64') },
  };
}

function networkPolicy(): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'orders-allow-api', namespace: NS },
    spec: {
      podSelector: { matchLabels: POD_LABELS },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    },
  };
}

function serviceMonitor(): any {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'orders', namespace: NS, labels: { release: 'prometheus' } },
    spec: {
      selector: { matchLabels: POD_LABELS },
      endpoints: [{ port: 'metrics', interval: '30s', path: '/metrics', scheme: 'http' }],
    },
  };
}

function prometheusRule(): any {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'orders', namespace: NS },
    spec: {
      groups: [{
        name: 'orders.rules',
        rules: [
          { alert: 'PostgresDown', expr: 'pg_up == 0', for: '5m', labels: { severity: 'critical' }, annotations: { summary: 'down' } },
          { record: 'orders:pg_replication_lag:max', expr: 'max(pg_replication_lag_seconds)' },
        ],
      }],
    },
  };
}

function certificate(): any {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'orders-tls', namespace: NS },
    spec: {
      secretName: 'orders-tls',
      dnsNames: ['orders.db.svc', 'orders.db.svc.cluster.local'],
      duration: '2160h',
      renewBefore: '360h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: ['server auth', 'digital signature', 'key encipherment'],
      issuerRef: { name: 'db-ca', kind: 'Issuer', group: 'cert-manager.io' },
    },
  };
}

function volumeSnapshot(): any {
  return {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshot',
    metadata: { name: 'data-orders-0-snap', namespace: NS },
    spec: { volumeSnapshotClassName: 'csi-snapclass', source: { persistentVolumeClaimName: 'data-orders-0' } },
  };
}

function validOutput(): any[] {
  return [
    configMap(), secret(), headlessService(), clientService(), statefulSet(), pdb(),
    deployment(), cronJob(), networkPolicy(), serviceMonitor(), prometheusRule(), certificate(), volumeSnapshot(),
  ];
}

/** Exactly the errors whose text contains every fragment. */
function matching(errors: string[], ...fragments: string[]): string[] {
  return errors.filter(e => fragments.every(f => e.includes(f)));
}

function expectError(errors: string[], ...fragments: string[]): void {
  if (matching(errors, ...fragments).length === 0) {
    throw new Error(`expected an error containing ${JSON.stringify(fragments)}, got:\n  ${errors.join('\n  ') || '(no errors)'}`);
  }
}

// ---------------------------------------------------------------------------

describe('valid manifests pass', () => {
  test('the whole fixture output is valid', () => {
    expect(validateAll(validOutput())).toEqual([]);
  });

  test.each([
    ['ConfigMap', configMap],
    ['Secret', secret],
    ['Service', clientService],
    ['StatefulSet', statefulSet],
    ['Deployment', deployment],
    ['PodDisruptionBudget', pdb],
    ['CronJob', cronJob],
    ['NetworkPolicy', networkPolicy],
    ['ServiceMonitor', serviceMonitor],
    ['PrometheusRule', prometheusRule],
    ['Certificate', certificate],
    ['VolumeSnapshot', volumeSnapshot],
  ])('%s passes the schema check', (_kind, build) => {
    expect(validateManifests([build()])).toEqual([]);
  });

  test('other shared CRD kinds and fallback built-ins (served swagger.json) pass', () => {
    const docs = [
      { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'db-ca', namespace: NS }, spec: { selfSigned: {} } },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'orders', namespace: NS },
        spec: { selector: { matchLabels: POD_LABELS }, podMetricsEndpoints: [{ port: 'metrics', interval: '15s' }] },
      },
      { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'csi-snapclass' }, driver: 'ebs.csi.aws.com', deletionPolicy: 'Delete' },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'orders-s3', namespace: NS },
        spec: {
          secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
          target: { name: 's3-credentials' },
          data: [{ secretKey: 'access-key', remoteRef: { key: 'db/s3', property: 'access-key' } }],
        },
      },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast-ssd' }, provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'WaitForFirstConsumer' },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'orders', namespace: NS }, automountServiceAccountToken: false },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'orders:leader-election', namespace: NS },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update'] }],
      },
    ];
    expect(validateManifests(docs)).toEqual([]);
  });

  test('every served version of every shared CRD compiles', () => {
    const kinds = knownCustomResourceKinds();
    expect(kinds).toEqual(expect.arrayContaining([
      'cert-manager.io/v1 Certificate',
      'monitoring.coreos.com/v1 PrometheusRule',
      'monitoring.coreos.com/v1 ServiceMonitor',
      'snapshot.storage.k8s.io/v1 VolumeSnapshot',
    ]));
    for (const k of kinds) {
      const [apiVersion, kind] = k.split(' ');
      const errors = validateManifests([{ apiVersion, kind, metadata: { name: 'x' }, spec: {} }]);
      // a bare object may miss required fields, but the kind must be known
      expect(matching(errors, 'unknown apiVersion/kind')).toEqual([]);
    }
  });

  test('a cdk8s chart built with cdk8s-plus synthesizes to valid manifests', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'orders', { namespace: NS });
    const cm = new kplus.ConfigMap(chart, 'config', { data: { 'postgresql.conf': 'max_connections = 100' } });
    const sts = new kplus.StatefulSet(chart, 'db', {
      replicas: 3,
      containers: [{
        name: 'postgres',
        image: 'postgres:16.4',
        portNumber: 5432,
        securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
        volumeMounts: [{ path: '/etc/postgresql', volume: kplus.Volume.fromConfigMap(chart, 'config-volume', cm) }],
      }],
    });
    new ApiObject(chart, 'pdb', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      spec: { maxUnavailable: 1, selector: { matchLabels: sts.matchLabels } },
    });
    const docs = synthDocs(chart);
    expect(docs.map(d => d.kind).sort()).toEqual(['ConfigMap', 'PodDisruptionBudget', 'Service', 'StatefulSet']);
    expect(validateAll(docs)).toEqual([]);
    expect(synthDocs(app)).toEqual(docs);
  });

  test('validating thousands of documents is fast', () => {
    const docs: any[] = [];
    for (let i = 0; i < 250; i++) {
      docs.push(...validOutput());
    }
    const start = Date.now();
    expect(validateManifests(docs)).toEqual([]);
    expect(Date.now() - start).toBeLessThan(15000);
  });
});

describe('schema errors', () => {
  test('unknown field is rejected with its path', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const errors = validateManifests([sts]);
    expect(errors).toEqual([
      'StatefulSet/orders: spec.template.spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy"',
    ]);
  });

  test('unknown top-level field is rejected', () => {
    const cm = configMap();
    cm.spec = { foo: 1 };
    expectError(validateManifests([cm]), 'ConfigMap/orders-config', 'spec: unknown field "spec"');
  });

  test('wrong enum value', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    expectError(validateManifests([d]), 'Deployment/orders-pooler', 'spec.template.spec.containers[0].imagePullPolicy',
      'unsupported value "Sometimes"', '"Always", "IfNotPresent", "Never"');
  });

  test('missing required field: container without name', () => {
    const c = cronJob();
    delete c.spec.jobTemplate.spec.template.spec.containers[0].name;
    expectError(validateManifests([c]), 'CronJob/orders-backup', 'spec.jobTemplate.spec.template.spec.containers[0].name: required field is missing');
  });

  test('wrong types', () => {
    const sts = statefulSet();
    sts.spec.replicas = 'three';
    sts.spec.template.spec.containers[0].ports[0].containerPort = '5432';
    const errors = validateManifests([sts]);
    expectError(errors, 'StatefulSet/orders', 'spec.replicas: must be integer, got string "three"');
    expectError(errors, 'spec.template.spec.containers[0].ports[0].containerPort: must be integer');
  });

  test('int-or-string accepts both, and nothing else', () => {
    const ok = pdb();
    ok.spec.maxUnavailable = '50%';
    expect(validateManifests([ok])).toEqual([]);
    const bad = pdb();
    bad.spec.maxUnavailable = true;
    expectError(validateManifests([bad]), 'PodDisruptionBudget/orders', 'spec.maxUnavailable: must be integer or string');
  });

  test('invalid quantity', () => {
    const sts = statefulSet();
    sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '50GB';
    expectError(validateManifests([sts]), 'spec.volumeClaimTemplates[0].spec.resources.requests.storage', 'not a valid quantity');
  });

  test('Secret data must be base64, and null is not an omitted field', () => {
    const sec = secret();
    sec.data['secret-key'] = 'not base64!';
    const cm = configMap();
    cm.immutable = null;
    const errors = validateManifests([sec, cm]);
    expectError(errors, 'Secret/s3-credentials: data["secret-key"]: "not base64!" is not a valid base64 string');
    expectError(errors, 'ConfigMap/orders-config: immutable: must be boolean, got null');
  });

  test('int32 range', () => {
    const sts = statefulSet();
    sts.spec.template.spec.securityContext.runAsUser = 1;
    sts.spec.template.spec.terminationGracePeriodSeconds = 30;
    sts.spec.template.spec.containers[0].ports[0].containerPort = 2 ** 40;
    expectError(validateManifests([sts]), 'containers[0].ports[0].containerPort', 'not a valid int32');
  });

  test('unknown kinds and apiVersions are errors', () => {
    const errors = validateManifests([
      { apiVersion: 'apps/v1', kind: 'Frobnicator', metadata: { name: 'x' } },
      { apiVersion: 'apps/v1beta1', kind: 'StatefulSet', metadata: { name: 'y' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'z' } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'Alertmanager', metadata: { name: 'w' } },
      { kind: 'ConfigMap', metadata: { name: 'v' } },
    ]);
    expectError(errors, 'Frobnicator/x', 'unknown apiVersion/kind "apps/v1" Frobnicator');
    expectError(errors, 'StatefulSet/y', 'unknown apiVersion/kind "apps/v1beta1" StatefulSet');
    expectError(errors, 'Widget/z', 'unknown apiVersion/kind "example.com/v1" Widget');
    expectError(errors, 'Alertmanager/w', 'unknown kind "Alertmanager" in API group "monitoring.coreos.com"');
    expectError(errors, 'ConfigMap/v', 'apiVersion: required field is missing');
  });

  test('names and labels are checked', () => {
    const svc = clientService();
    svc.metadata.name = '1orders';
    const sts = statefulSet();
    sts.metadata.name = 'Orders';
    sts.spec.template.metadata.labels = { ...POD_LABELS, version: '-bad-' };
    const cm = configMap();
    delete cm.metadata.name;
    const dep = deployment();
    dep.metadata.labels = { 'example.com/x': 'a'.repeat(64), 'bad key!': 'v' };
    const errors = validateManifests([svc, sts, cm, dep]);
    expectError(errors, 'Service/1orders: metadata.name', 'DNS-1035 label');
    expectError(errors, 'StatefulSet/Orders: metadata.name', 'DNS-1123 label');
    expectError(errors, 'StatefulSet/Orders: spec.template.metadata.labels.version', 'invalid label value "-bad-"');
    expectError(errors, 'ConfigMap/<unnamed document #2>: metadata.name: required field is missing');
    expectError(errors, 'Deployment/orders-pooler: metadata.labels["example.com/x"]', 'no more than 63 characters');
    expectError(errors, 'Deployment/orders-pooler: metadata.labels["bad key!"]', 'invalid label key');
  });

  test('Service names longer than 63 characters are rejected', () => {
    const svc = clientService();
    svc.metadata.name = `s${'x'.repeat(63)}`;
    expectError(validateManifests([svc]), 'metadata.name', 'no more than 63 characters');
  });

  test('ServiceMonitor with an unknown field', () => {
    const sm = serviceMonitor();
    sm.spec.endpoints[0].portt = 'metrics';
    sm.spec.foo = true;
    const errors = validateManifests([sm]);
    expectError(errors, 'ServiceMonitor/orders: spec.endpoints[0].portt: unknown field "portt"');
    expectError(errors, 'ServiceMonitor/orders: spec.foo: unknown field "foo"');
  });

  test('ServiceMonitor with a bad duration pattern and unknown metadata field', () => {
    const sm = serviceMonitor();
    sm.spec.endpoints[0].interval = '30 seconds';
    sm.metadata.labelz = { a: 'b' };
    const errors = validateManifests([sm]);
    expectError(errors, 'spec.endpoints[0].interval', '"30 seconds" does not match pattern');
    expectError(errors, 'metadata.labelz: unknown field "labelz"');
  });

  test('VolumeSnapshot errors: missing source, unknown field, unserved version', () => {
    const noSource = volumeSnapshot();
    delete noSource.spec.source;
    const unknown = volumeSnapshot();
    unknown.spec.source.pvcName = 'data-orders-0';
    const beta = volumeSnapshot();
    beta.apiVersion = 'snapshot.storage.k8s.io/v1beta1';
    const errors = validateManifests([noSource, unknown, beta]);
    expectError(errors, 'VolumeSnapshot/data-orders-0-snap: spec.source: required field is missing');
    expectError(errors, 'spec.source.pvcName: unknown field "pvcName"');
    expectError(errors, 'version "v1beta1" of CRD volumesnapshots.snapshot.storage.k8s.io is not served');
  });

  test('PrometheusRule rule without expr', () => {
    const rule = prometheusRule();
    delete rule.spec.groups[0].rules[1].expr;
    expect(validateManifests([rule])).toEqual(['PrometheusRule/orders: spec.groups[0].rules[1].expr: required field is missing']);
  });

  test('PrometheusRule with duplicate group names (list-type map)', () => {
    const rule = prometheusRule();
    rule.spec.groups.push({ ...rule.spec.groups[0] });
    expectError(validateManifests([rule]), 'PrometheusRule/orders: spec.groups', 'duplicate entry');
  });

  test('cert-manager Certificate with a bad enum', () => {
    const cert = certificate();
    cert.spec.privateKey.algorithm = 'DSA';
    cert.spec.usages.push('world domination');
    const errors = validateManifests([cert]);
    expectError(errors, 'Certificate/orders-tls: spec.privateKey.algorithm: unsupported value "DSA"', '"RSA", "ECDSA", "Ed25519"');
    expectError(errors, 'spec.usages[3]: unsupported value "world domination"');
  });
});

describe('semantic errors', () => {
  function withReplaced(index: number, doc: any): any[] {
    const docs = validOutput();
    docs[index] = doc;
    return docs;
  }
  const SVC = 3;
  const STS = 4;
  const PDB = 5;

  test('bad container port name (IANA_SVC_NAME, 15 chars)', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[1].ports[0].name = 'postgresql-metrics-port';
    const errors = checkSemantics([sts]);
    expectError(errors, 'StatefulSet/orders: spec.template.spec.containers[1].ports[0].name: invalid port name "postgresql-metrics-port"',
      'no more than 15 characters (has 23)');
  });

  test('other port name rules and duplicates', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[1].ports.push({ name: 'postgres', containerPort: 9000 }, { name: '9000', containerPort: 9001 },
      { name: 'a--b', containerPort: 9002 }, { name: 'Metrics', containerPort: 9003 });
    const errors = checkSemantics([sts]);
    expectError(errors, 'containers[1].ports[1].name: duplicate port name "postgres"');
    expectError(errors, 'containers[1].ports[2].name', 'at least one letter');
    expectError(errors, 'containers[1].ports[3].name', 'consecutive hyphens');
    expectError(errors, 'containers[1].ports[4].name', 'lowercase alphanumerics');
  });

  test('Service selecting nothing', () => {
    const svc = clientService();
    svc.spec.selector = { 'app.kubernetes.io/name': 'postgress' };
    const errors = checkSemantics(withReplaced(SVC, svc));
    expect(matching(errors, 'Service/orders: spec.selector {app.kubernetes.io/name=postgress} selects no pod template in namespace "db"')).toHaveLength(1);
  });

  test('Service in another namespace selects nothing', () => {
    const svc = clientService();
    svc.metadata.namespace = 'other';
    expectError(checkSemantics(withReplaced(SVC, svc)), 'Service/orders', 'selects no pod template in namespace "other"');
  });

  test('Service targetPort name and number must exist in the selected pods', () => {
    const svc = clientService();
    svc.spec.ports[0].targetPort = 'postgresql';
    svc.spec.ports[1].targetPort = 9188;
    svc.spec.ports.push({ name: 'udp', port: 5432, protocol: 'UDP' });
    const errors = checkSemantics(withReplaced(SVC, svc));
    expectError(errors, 'Service/orders: spec.ports[0].targetPort "postgresql" does not name a container port of selected StatefulSet/orders');
    expectError(errors, 'Service/orders: spec.ports[1].targetPort 9188 is not a TCP containerPort of selected StatefulSet/orders');
    expectError(errors, 'Service/orders: spec.ports[2].targetPort 5432 (defaulted from port) is not a UDP containerPort');
  });

  test('PDB with minAvailable equal to replicas', () => {
    const p = pdb();
    delete p.spec.maxUnavailable;
    p.spec.minAvailable = 3;
    const errors = checkSemantics(withReplaced(PDB, p));
    expect(errors).toEqual([
      'PodDisruptionBudget/orders: spec.minAvailable 3 requires 3 healthy pods but the selector matches 3 pods (StatefulSet/orders with 3 replicas): '
      + 'no pod could ever be evicted, node drains would block forever',
    ]);
  });

  test('PDB with minAvailable 100% or above replicas, maxUnavailable 0', () => {
    const pct = pdb();
    delete pct.spec.maxUnavailable;
    pct.spec.minAvailable = '100%';
    expectError(checkSemantics(withReplaced(PDB, pct)), 'spec.minAvailable "100%" requires 3 healthy pods but the selector matches 3 pods');
    const above = pdb();
    delete above.spec.maxUnavailable;
    above.spec.minAvailable = 5;
    expectError(checkSemantics(withReplaced(PDB, above)), 'spec.minAvailable 5 requires 5 healthy pods');
    const zero = pdb();
    zero.spec.maxUnavailable = 0;
    expectError(checkSemantics(withReplaced(PDB, zero)), 'PodDisruptionBudget/orders: spec.maxUnavailable is 0');
    const zeroPct = pdb();
    zeroPct.spec.maxUnavailable = '0%';
    expectError(checkSemantics(withReplaced(PDB, zeroPct)), 'spec.maxUnavailable is "0%"');
  });

  test('PDB that is fine: minAvailable below replicas, percentages', () => {
    for (const spec of [{ minAvailable: 2 }, { minAvailable: '51%' }, { maxUnavailable: '34%' }]) {
      const p = pdb();
      p.spec = { ...spec, selector: p.spec.selector };
      expect(checkSemantics(withReplaced(PDB, p))).toEqual([]);
    }
  });

  test('PDB selector matching nothing, and pods covered twice', () => {
    const p = pdb();
    p.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['mysql'] }] };
    expectError(checkSemantics(withReplaced(PDB, p)), 'PodDisruptionBudget/orders: spec.selector {app.kubernetes.io/name In (mysql)} matches no pod template');
    const second = pdb();
    second.metadata.name = 'orders-2';
    expectError(checkSemantics([...validOutput(), second]),
      'StatefulSet/orders: pods orders-0, orders-1, orders-2 are selected by more than one PodDisruptionBudget (PodDisruptionBudget/orders, PodDisruptionBudget/orders-2)');
  });

  test('labels set by controllers are modelled: pod-name selects a single StatefulSet pod', () => {
    const primary = clientService();
    primary.metadata.name = 'orders-primary';
    primary.spec.selector = { ...POD_LABELS, 'statefulset.kubernetes.io/pod-name': 'orders-0' };
    expect(checkSemantics([...validOutput(), primary])).toEqual([]);
    primary.spec.selector['statefulset.kubernetes.io/pod-name'] = 'orders-3';
    expectError(checkSemantics([...validOutput(), primary]), 'Service/orders-primary: spec.selector', 'selects no pod template');
  });

  test('a PDB on one StatefulSet pod with maxUnavailable 1 of 3 blocks drains', () => {
    const p = pdb();
    p.spec.selector.matchLabels = { ...POD_LABELS, 'statefulset.kubernetes.io/pod-name': 'orders-0' };
    expect(checkSemantics(withReplaced(PDB, p))).toEqual([
      'PodDisruptionBudget/orders: spec.maxUnavailable 1 requires 2 healthy pods but the selector matches 1 pod (StatefulSet/orders with 3 replicas): '
      + 'no pod could ever be evicted, node drains would block forever',
    ]);
  });

  test('labels pods set on themselves at run time need runtimeLabels', () => {
    const read = clientService();
    read.metadata.name = 'orders-read';
    read.spec.selector = { ...POD_LABELS, 'cdk8s-db.io/role': 'replica' };
    const docs = [...validOutput(), read];
    expectError(checkSemantics(docs), 'Service/orders-read: spec.selector', 'selects no pod template',
      "no pod carries the label key(s) cdk8s-db.io/role: a typo, or, if pods get them at run time, pass { runtimeLabels: ['cdk8s-db.io/role'] }");
    expect(checkSemantics(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    // a typo in a value of a known key is still caught
    read.spec.selector['app.kubernetes.io/name'] = 'postgress';
    expectError(checkSemantics(docs, { runtimeLabels: ['cdk8s-db.io/role'] }), 'Service/orders-read', 'selects no pod template');
  });

  test('PDB pod counts that depend on run-time labels are not judged', () => {
    const p = pdb();
    delete p.spec.maxUnavailable;
    p.spec.minAvailable = 1;
    p.spec.selector.matchLabels = { ...POD_LABELS, 'cdk8s-db.io/role': 'primary' };
    expect(checkSemantics(withReplaced(PDB, p), { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('Job pods are selectable by job-name', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'orders-restore-check', namespace: NS },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'check', image: 'postgres:16.4', ports: [{ name: 'pg', containerPort: 5432 }] }] } } },
    };
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'restore-check', namespace: NS }, spec: { selector: { 'job-name': 'orders-restore-check' }, ports: [{ port: 5432, targetPort: 'pg' }] } };
    expect(validateAll([job, svc])).toEqual([]);
  });

  test('StatefulSet whose serviceName is not headless', () => {
    const docs = validOutput();
    docs[STS].spec.serviceName = 'orders';
    const errors = checkSemantics(docs);
    expectError(errors, 'StatefulSet/orders: spec.serviceName "orders" is not a headless Service', 'must be "None"');
  });

  test('StatefulSet whose serviceName does not exist, or whose Service selects other pods', () => {
    const docs = validOutput();
    docs[STS].spec.serviceName = 'orders-hl';
    expectError(checkSemantics(docs), 'spec.serviceName "orders-hl" names no Service in the output');
    const hl = headlessService();
    hl.spec.selector = { ...POD_LABELS, role: 'primary' };
    const errors = checkSemantics(withReplaced(2, hl));
    expectError(errors, 'StatefulSet/orders: the selector', 'of its governing Service/orders-headless does not select all of its pods');
  });

  test('StatefulSet selector must match its template labels', () => {
    const docs = validOutput();
    docs[STS].spec.selector = { matchLabels: { app: 'orders' } };
    expectError(checkSemantics(docs), 'StatefulSet/orders: spec.selector {app=orders} does not match the template labels');
  });

  test('volumeMounts must refer to declared volumes or claim templates', () => {
    const docs = validOutput();
    docs[STS].spec.template.spec.containers[0].volumeMounts.push({ name: 'wal', mountPath: '/wal' });
    docs[STS].spec.template.spec.containers[1].volumeMounts = [{ name: 'data', mountPath: '/data' }];
    const errors = checkSemantics(docs);
    expect(errors).toEqual([
      'StatefulSet/orders: spec.template.spec.containers[0].volumeMounts[3].name "wal" refers to no volume or volumeClaimTemplate (declared: data, config, tmp)',
    ]);
  });

  test('configMap items and env keys must exist in ConfigMaps/Secrets of the output', () => {
    const docs = validOutput();
    docs[STS].spec.template.spec.volumes[0].configMap.items[0].key = 'pg.conf';
    docs[STS].spec.template.spec.containers[0].env[2].valueFrom.configMapKeyRef.key = 'nope';
    const cj = docs[7];
    cj.spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key = 'accessKey';
    const errors = checkSemantics(docs);
    expectError(errors, 'StatefulSet/orders: spec.template.spec.volumes[0].configMap.items[0].key "pg.conf" does not exist in ConfigMap/orders-config');
    expectError(errors, 'StatefulSet/orders: spec.template.spec.containers[0].env[2].valueFrom.configMapKeyRef.key "nope"');
    expectError(errors, 'CronJob/orders-backup', 'secretKeyRef.key "accessKey" does not exist in Secret/s3-credentials');
  });

  test('ConfigMaps that are not part of the output are not checked', () => {
    const docs = validOutput().filter(d => d.kind !== 'ConfigMap');
    expect(checkSemantics(docs)).toEqual([]);
  });

  test('NetworkPolicy podSelector must match some pod template', () => {
    const docs = validOutput();
    docs[8].spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'mysql' } };
    expectError(checkSemantics(docs), 'NetworkPolicy/orders-allow-api: spec.podSelector {app.kubernetes.io/name=mysql} matches no pod template');
  });

  test('duplicate objects', () => {
    expectError(checkSemantics([...validOutput(), configMap()]), 'ConfigMap/orders-config: duplicate object');
  });

  test('validateAll combines both', () => {
    const docs = validOutput();
    docs[STS].spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    docs[STS].spec.serviceName = 'orders';
    const errors = validateAll(docs);
    expectError(errors, 'unsupported value "Sometimes"');
    expectError(errors, 'is not a headless Service');
  });

  test('synthDocs works on an App with several charts', () => {
    const app = new App({ outdir: '/tmp/cdk8s-db-validation-test' });
    new ApiObject(new Chart(app, 'a'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } } as any);
    new ApiObject(new Chart(app, 'b'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: 'v' } } as any);
    const docs = synthDocs(app);
    expect(docs.map(d => d.metadata.name)).toEqual(['a', 'b']);
    expect(validateAll(docs)).toEqual([]);
  });
});
