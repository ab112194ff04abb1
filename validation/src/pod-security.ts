/**
 * Pod Security Standards, "restricted" level, as the Kubernetes 1.28 Pod Security
 * admission controller enforces it (k8s.io/pod-security-admission, policy version
 * v1.28): every pod template in the output (Pods, workloads, Jobs, CronJobs,
 * PodTemplates) is checked against the baseline controls and the restricted ones.
 * A namespace labelled `pod-security.kubernetes.io/enforce: restricted` refuses a
 * pod that fails any of them.
 */
import { docId, joinPath, Manifest, show, splitApiVersion } from './util';

/** Capabilities the baseline level allows a container to add. */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
/** Sysctls the baseline level allows (policy v1.28). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
]);
/** Volume types the restricted level allows. */
const RESTRICTED_VOLUMES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

interface PodRef {
  readonly metadata: any;
  readonly spec: any;
  /** JSON path of the pod template's metadata/spec parent ('' for a Pod). */
  readonly path: string;
}

/** The pod template of a document, if it has one. */
function podOf(doc: Manifest): PodRef | undefined {
  const { group } = splitApiVersion(typeof doc.apiVersion === 'string' ? doc.apiVersion : '');
  const kind = doc.kind;
  if (group === '' && kind === 'Pod') {
    return { metadata: doc.metadata ?? {}, spec: doc.spec ?? {}, path: '' };
  }
  if (group === '' && kind === 'PodTemplate') {
    return { metadata: doc.template?.metadata ?? {}, spec: doc.template?.spec ?? {}, path: 'template' };
  }
  if (group === 'batch' && kind === 'CronJob') {
    const t = doc.spec?.jobTemplate?.spec?.template;
    return t ? { metadata: t.metadata ?? {}, spec: t.spec ?? {}, path: 'spec.jobTemplate.spec.template' } : undefined;
  }
  const workloads = (group === 'apps' && ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kind))
    || (group === 'batch' && kind === 'Job') || (group === '' && kind === 'ReplicationController');
  if (workloads && doc.spec?.template) {
    return { metadata: doc.spec.template.metadata ?? {}, spec: doc.spec.template.spec ?? {}, path: 'spec.template' };
  }
  return undefined;
}

const RULE = 'Pod Security "restricted"';

/** Problems of one pod template against the baseline and restricted controls. */
function podErrors(pod: PodRef): string[] {
  const out: string[] = [];
  const spec = pod.spec;
  const specPath = joinPath(pod.path, 'spec');
  const psc = spec.securityContext ?? {};
  const pscPath = joinPath(specPath, 'securityContext');
  const add = (where: string, msg: string): void => {
    out.push(`${where}: ${msg} (${RULE})`);
  };

  // Host namespaces, HostProcess, sysctls, SELinux and seccomp at pod level.
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[k] === true) {
      add(joinPath(specPath, k), 'must not be true');
    }
  }
  if (psc.windowsOptions?.hostProcess === true) {
    add(joinPath(pscPath, 'windowsOptions.hostProcess'), 'must not be true');
  }
  (Array.isArray(psc.sysctls) ? psc.sysctls : []).forEach((s: any, i: number) => {
    if (!SAFE_SYSCTLS.has(s?.name)) {
      add(joinPath(joinPath(pscPath, 'sysctls'), i), `sysctl ${show(s?.name)} is not allowed (allowed: ${[...SAFE_SYSCTLS].join(', ')})`);
    }
  });
  seLinuxErrors(psc.seLinuxOptions, joinPath(pscPath, 'seLinuxOptions'), add);
  if (psc.runAsUser === 0) {
    add(joinPath(pscPath, 'runAsUser'), 'must not be 0 (root)');
  }
  const podSeccomp = psc.seccompProfile?.type;
  if (podSeccomp !== undefined && podSeccomp !== 'RuntimeDefault' && podSeccomp !== 'Localhost') {
    add(joinPath(pscPath, 'seccompProfile.type'), `must be RuntimeDefault or Localhost, got ${show(podSeccomp)}`);
  }

  // AppArmor annotations on the pod template.
  for (const [k, v] of Object.entries(pod.metadata?.annotations ?? {})) {
    if (k.startsWith(APPARMOR_PREFIX) && v !== 'runtime/default' && !(typeof v === 'string' && v.startsWith('localhost/'))) {
      add(joinPath(joinPath(joinPath(pod.path, 'metadata'), 'annotations'), k), `AppArmor profile must be runtime/default or localhost/*, got ${show(v)}`);
    }
  }

  // Volumes: no hostPath, and only the restricted volume types.
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: any, i: number) => {
    const where = joinPath(joinPath(specPath, 'volumes'), i);
    const types = Object.keys(v ?? {}).filter(k => k !== 'name');
    for (const t of types) {
      if (!RESTRICTED_VOLUMES.has(t)) {
        add(where, `volume ${show(v?.name)} of type ${t} is not allowed (allowed: ${[...RESTRICTED_VOLUMES].join(', ')})`);
      }
    }
  });

  // Containers of every kind.
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    (Array.isArray(spec[list]) ? spec[list] : []).forEach((c: any, i: number) => {
      const cPath = joinPath(joinPath(specPath, list), i);
      const name = show(c?.name);
      const sc = c?.securityContext ?? {};
      const scPath = joinPath(cPath, 'securityContext');
      if (sc.privileged === true) {
        add(joinPath(scPath, 'privileged'), `container ${name} must not be privileged`);
      }
      if (sc.windowsOptions?.hostProcess === true) {
        add(joinPath(scPath, 'windowsOptions.hostProcess'), `container ${name} must not be a HostProcess container`);
      }
      if (sc.procMount !== undefined && sc.procMount !== 'Default') {
        add(joinPath(scPath, 'procMount'), `container ${name} must use the Default /proc mount, got ${show(sc.procMount)}`);
      }
      seLinuxErrors(sc.seLinuxOptions, joinPath(scPath, 'seLinuxOptions'), add);
      (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, j: number) => {
        if (p?.hostPort !== undefined && p.hostPort !== 0) {
          add(joinPath(joinPath(joinPath(cPath, 'ports'), j), 'hostPort'), `container ${name} must not use a host port, got ${show(p.hostPort)}`);
        }
      });
      if (sc.allowPrivilegeEscalation !== false) {
        add(joinPath(scPath, 'allowPrivilegeEscalation'), `container ${name} must set allowPrivilegeEscalation: false`);
      }
      if (sc.runAsNonRoot === false || (sc.runAsNonRoot !== true && psc.runAsNonRoot !== true)) {
        add(joinPath(scPath, 'runAsNonRoot'), `container ${name} must run as non-root: set runAsNonRoot: true on the pod or the container`);
      }
      if (sc.runAsUser === 0) {
        add(joinPath(scPath, 'runAsUser'), `container ${name} must not run as user 0 (root)`);
      }
      const seccomp = sc.seccompProfile?.type;
      if (seccomp !== undefined && seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
        add(joinPath(scPath, 'seccompProfile.type'), `container ${name}: must be RuntimeDefault or Localhost, got ${show(seccomp)}`);
      } else if (seccomp === undefined && podSeccomp === undefined) {
        add(joinPath(scPath, 'seccompProfile'), `container ${name} needs a seccomp profile: set seccompProfile.type RuntimeDefault on the pod or the container`);
      }
      const caps = sc.capabilities ?? {};
      const drop: unknown[] = Array.isArray(caps.drop) ? caps.drop : [];
      if (!drop.includes('ALL')) {
        add(joinPath(scPath, 'capabilities.drop'), `container ${name} must drop ALL capabilities`);
      }
      (Array.isArray(caps.add) ? caps.add : []).forEach((cap: unknown, j: number) => {
        if (cap !== 'NET_BIND_SERVICE') {
          const baseline = typeof cap === 'string' && BASELINE_CAPABILITIES.has(cap) ? '' : ' (not even allowed at the baseline level)';
          add(joinPath(joinPath(scPath, 'capabilities.add'), j), `container ${name} may add only NET_BIND_SERVICE, got ${show(cap)}${baseline}`);
        }
      });
    });
  }
  return out;
}

function seLinuxErrors(opts: any, where: string, add: (where: string, msg: string) => void): void {
  if (!opts || typeof opts !== 'object') {
    return;
  }
  if (opts.type !== undefined && !SELINUX_TYPES.has(opts.type)) {
    add(joinPath(where, 'type'), `SELinux type ${show(opts.type)} is not allowed (allowed: container_t, container_init_t, container_kvm_t)`);
  }
  for (const k of ['user', 'role']) {
    if (opts[k] !== undefined && opts[k] !== '') {
      add(joinPath(where, k), `SELinux ${k} must not be set, got ${show(opts[k])}`);
    }
  }
}

/**
 * Checks every pod template in the documents against the Pod Security Standards
 * "restricted" level (Kubernetes 1.28).
 *
 * @returns human-readable errors (`Kind/name: json.path: problem`); empty when every pod would be admitted
 */
export function checkPodSecurity(docs: readonly Manifest[]): string[] {
  const out: string[] = [];
  docs.forEach((doc, i) => {
    if (!doc || typeof doc !== 'object') {
      return;
    }
    const pod = podOf(doc);
    if (!pod) {
      return;
    }
    const id = docId(doc, i);
    for (const e of podErrors(pod)) {
      out.push(`${id}: ${e}`);
    }
  });
  return out;
}
