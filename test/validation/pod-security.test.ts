import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkPodSecurity, libraryDocs, synthDocs } from '.';
import { DatabaseEngine, PostgresVersion, ReplicatedDatabase } from '../../src';

/** A pod that the restricted level admits. */
function restrictedPod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'ok' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'main',
        image: 'busybox:1.36',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'tmp', emptyDir: {} }],
    },
  };
}

describe('Pod Security "restricted"', () => {
  test('the library writes restricted pods only (every pod template it writes is checked)', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'db' });
    const db = new ReplicatedDatabase(chart, 'orders', {
      name: 'orders',
      engine: DatabaseEngine.postgres({ version: PostgresVersion.V16 }),
      replicas: 3,
      storage: { size: Size.gibibytes(1) },
    });
    db.addMonitoring('monitoring');
    const docs = libraryDocs(synthDocs(app));
    expect(docs.filter(d => d.kind === 'StatefulSet')).toHaveLength(1);
    expect(checkPodSecurity(docs)).toEqual([]);
  });

  test('a plain cdk8s-plus Deployment fails; with the README\'s securityContext it passes', () => {
    const plain = Testing.chart();
    new kplus.Deployment(plain, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    const errors = checkPodSecurity(Testing.synth(plain));
    expect(errors.join('\n')).toMatch(/needs a seccomp profile/);
    expect(errors.join('\n')).toMatch(/must drop ALL capabilities/);
    const fixed = Testing.chart();
    new kplus.Deployment(fixed, 'web', {
      containers: [{
        image: 'nginx:1.27',
        portNumber: 8080,
        securityContext: { seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT }, capabilities: { drop: [kplus.Capability.ALL] } },
      }],
    });
    expect(checkPodSecurity(Testing.synth(fixed))).toEqual([]);
  });

  test('a restricted pod, and a workload with the same pod template, pass', () => {
    const pod = restrictedPod();
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: pod.spec } },
    };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: pod.spec } } } },
    };
    expect(checkPodSecurity([pod, deployment, cronJob])).toEqual([]);
  });

  const cases: Array<[string, (p: any) => void, RegExp]> = [
    ['privilege escalation not set', p => { delete p.spec.containers[0].securityContext.allowPrivilegeEscalation; }, /containers\[0\]\.securityContext\.allowPrivilegeEscalation: container "main" must set allowPrivilegeEscalation: false/],
    ['runAsNonRoot missing', p => { delete p.spec.securityContext.runAsNonRoot; }, /runAsNonRoot: container "main" must run as non-root/],
    ['runAsNonRoot false on the container', p => { p.spec.containers[0].securityContext.runAsNonRoot = false; }, /must run as non-root/],
    ['runAsUser 0', p => { p.spec.securityContext.runAsUser = 0; }, /securityContext\.runAsUser: must not be 0/],
    ['no seccomp profile', p => { delete p.spec.securityContext.seccompProfile; }, /needs a seccomp profile/],
    ['seccomp Unconfined on the container', p => { p.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; }, /must be RuntimeDefault or Localhost, got "Unconfined"/],
    ['capabilities not dropped', p => { p.spec.containers[0].securityContext.capabilities = {}; }, /must drop ALL capabilities/],
    ['a capability added', p => { p.spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN']; }, /may add only NET_BIND_SERVICE, got "NET_ADMIN" \(not even allowed at the baseline level\)/],
    ['privileged', p => { p.spec.containers[0].securityContext.privileged = true; }, /must not be privileged/],
    ['hostNetwork', p => { p.spec.hostNetwork = true; }, /spec\.hostNetwork: must not be true/],
    ['hostPath volume', p => { p.spec.volumes.push({ name: 'h', hostPath: { path: '/' } }); }, /volume "h" of type hostPath is not allowed/],
    ['hostPort', p => { p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]; }, /must not use a host port, got 80/],
    ['unsafe sysctl', p => { p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, /sysctl "kernel.msgmax" is not allowed/],
    ['procMount Unmasked', p => { p.spec.containers[0].securityContext.procMount = 'Unmasked'; }, /Default \/proc mount/],
    ['SELinux type', p => { p.spec.securityContext.seLinuxOptions = { type: 'spc_t' }; }, /SELinux type "spc_t" is not allowed/],
    ['AppArmor unconfined', p => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/main': 'unconfined' }; }, /AppArmor profile must be runtime\/default or localhost/],
    ['an init container too', p => { p.spec.initContainers = [{ name: 'init', image: 'busybox:1.36' }]; }, /initContainers\[0\]\.securityContext\.allowPrivilegeEscalation: container "init"/],
  ];
  test.each(cases)('%s is reported', (_name, mutate, expected) => {
    const pod = restrictedPod();
    mutate(pod);
    const errors = checkPodSecurity([pod]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every(e => e.startsWith('Pod/ok: ') && e.endsWith('(Pod Security "restricted")'))).toBe(true);
    expect(errors.join('\n')).toMatch(expected);
  });
});
