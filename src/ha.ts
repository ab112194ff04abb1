/**
 * Builders for engines that fail over by themselves (`EngineParts.highAvailability`): the
 * engine's sidecars, the role labeller (prober + patcher) and the engine's extra Services.
 * Engine-agnostic: they wire what the engine returns and never ask which engine it is.
 */
import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EngineEnv, EngineHighAvailability, EngineParts } from './engines/engine-spec';
import { LABEL_ROLE } from './lib/labels';
import { CURL_IMAGE, CURL_USER, restrictedContainerSecurity } from './lib/pod-security';
import { bytesQuantity } from './lib/quantity';

/** Where the prober writes the role and the patcher reads it (a small emptyDir). */
const ROLE_DIR = '/run/cdk8s-db/role';
const ROLE_VOLUME = 'role';
const TOKEN_DIR = '/var/run/secrets/cdk8s-db/api';

export interface HaContainersInput {
  readonly ha: EngineHighAvailability;
  readonly parts: EngineParts;
  /** The database container's environment and mounts (the engine's sidecars get the same). */
  readonly env: k8s.EnvVar[];
  readonly mounts: k8s.VolumeMount[];
  readonly scriptsDir: string;
  readonly user: { uid: number; gid: number };
  /** The pod's volumes: the role emptyDir is added. */
  readonly volumes: k8s.Volume[];
  /** Name of the projected API-token volume (mounted only in the patcher). */
  readonly tokenVolume: string;
}

function resources(cpuMillis: number, memoryBytes: number): k8s.ResourceRequirements {
  const memory = k8s.Quantity.fromString(bytesQuantity(memoryBytes));
  return { requests: { cpu: k8s.Quantity.fromString(`${cpuMillis}m`), memory }, limits: { memory } };
}

const exec = (command: string[]) => ({ exec: { command } });

/** The engine's sidecars, then the role prober (engine image) and the role patcher (curl image). */
export function haContainers(input: HaContainersInput): k8s.Container[] {
  const { ha, parts } = input;
  input.volumes.push({ name: ROLE_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } });
  const security = restrictedContainerSecurity(input.user);
  const sidecars: k8s.Container[] = ha.sidecars.map(s => ({
    name: s.name,
    image: parts.image,
    command: s.command,
    ports: s.ports.map(p => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
    env: [...input.env, ...s.env.map(literalEnv)],
    volumeMounts: input.mounts,
    securityContext: security,
    resources: resources(s.cpuMillis, s.memoryBytes),
    readinessProbe: s.readinessCommand ? { ...exec(s.readinessCommand), periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 2 } : undefined,
    livenessProbe: s.livenessCommand ? { ...exec(s.livenessCommand), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 } : undefined,
    lifecycle: s.preStopCommand ? { preStop: exec(s.preStopCommand) } : undefined,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  }));
  const interval = String(ha.roleIntervalSeconds);
  const roleFile = `${ROLE_DIR}/role`;
  const prober: k8s.Container = {
    name: 'role-probe',
    image: parts.image,
    command: ['/bin/sh', `${input.scriptsDir}/role-probe.sh`, ...ha.roleCommand],
    env: [
      ...input.env,
      { name: 'ROLE_FILE', value: roleFile },
      { name: 'ROLE_INTERVAL', value: interval },
      ...(ha.roleTimeoutSeconds ? [{ name: 'ROLE_TIMEOUT', value: String(ha.roleTimeoutSeconds) }] : []),
    ],
    volumeMounts: [...input.mounts, { name: ROLE_VOLUME, mountPath: ROLE_DIR }],
    securityContext: security,
    resources: resources(10, 32 * 2 ** 20),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  const patcher: k8s.Container = {
    name: 'role-label',
    image: CURL_IMAGE,
    command: ['/bin/sh', `${input.scriptsDir}/role-labeller.sh`],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'ROLE_LABEL', value: LABEL_ROLE },
      { name: 'ROLE_FILE', value: roleFile },
      { name: 'ROLE_INTERVAL', value: interval },
      { name: 'STALE_SECONDS', value: String(staleSeconds(ha)) },
      { name: 'SA_DIR', value: TOKEN_DIR },
    ],
    // Only this container sees the API token and no password: the database containers never do.
    volumeMounts: [
      { name: 'scripts', mountPath: input.scriptsDir, readOnly: true },
      { name: ROLE_VOLUME, mountPath: ROLE_DIR, readOnly: true },
      { name: input.tokenVolume, mountPath: TOKEN_DIR, readOnly: true },
    ],
    securityContext: restrictedContainerSecurity(CURL_USER),
    resources: resources(10, 16 * 2 ** 20),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  return [...sidecars, prober, patcher];
}

/**
 * After how long the labeller drops a role the prober stopped writing: a probe that hangs writes
 * `none` after its timeout, so one timeout plus two rounds; by default at least 30 s.
 */
export function staleSeconds(ha: EngineHighAvailability): number {
  if (ha.roleTimeoutSeconds) return ha.roleTimeoutSeconds + 2 * ha.roleIntervalSeconds;
  return Math.max(30, ha.roleIntervalSeconds * 10);
}

function literalEnv(e: EngineEnv): k8s.EnvVar {
  if (e.fieldPath) return { name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldPath } } };
  if (e.secretKey) throw new Error(`internal: sidecar env ${e.name} must use the database's env for secrets`);
  return { name: e.name, value: e.value ?? '' };
}

export interface HaServicesInput {
  readonly ha: EngineHighAvailability;
  readonly selector: { [key: string]: string };
  readonly meta: (name: string) => ApiObjectMetadata;
  readonly name: string;
  readonly dnsSuffix: string;
}

/** The engine's extra Services; returns their endpoints (for the connection info) and ports. */
export function haServices(scope: Construct, input: HaServicesInput): { endpoints: { [k: string]: string }; ports: number[] } {
  const endpoints: { [k: string]: string } = {};
  const ports: number[] = [];
  for (const svc of input.ha.services) {
    const serviceName = `${input.name}-${svc.suffix}`;
    new k8s.KubeService(scope, `Service-${svc.suffix}`, {
      metadata: input.meta(serviceName),
      spec: {
        selector: input.selector,
        publishNotReadyAddresses: svc.publishNotReadyAddresses || undefined,
        ports: [{ name: svc.port.name, port: svc.port.port, targetPort: k8s.IntOrString.fromString(svc.port.name) }],
      },
    });
    const key = svc.suffix.toUpperCase().replace(/-/g, '_');
    endpoints[`${key}_HOST`] = `${serviceName}${input.dnsSuffix}`;
    endpoints[`${key}_PORT`] = String(svc.port.port);
    for (const [k, v] of Object.entries(svc.connectionEnv ?? {})) endpoints[`${key}_${k}`] = v;
    ports.push(svc.port.port);
  }
  return { endpoints, ports };
}
