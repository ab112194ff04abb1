import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CredentialKeys } from './engines/engine-spec';
import { checkDnsLabel } from './lib/errors';
import { LABEL_VERSION } from './lib/labels';
import { CURL_USER, restrictedContainerSecurity, restrictedPodSecurity } from './lib/pod-security';
import { serviceAccountWithRole } from './lib/rbac';

/** Options for credentials that the cluster generates on first apply. */
export interface GeneratedCredentialsOptions {
  /**
   * Name of the Secret to create.
   * @default "<database name>-credentials"
   */
  readonly secretName?: string;
  /**
   * Length of each generated password.
   * @default 32
   */
  readonly passwordLength?: number;
}

/**
 * Where the database's passwords come from. No password is ever written into the
 * synthesized YAML: either the Secret exists already, or a Job creates it in the
 * cluster the first time the manifests are applied.
 *
 * The Secret holds the keys `superuser-password`, `replication-password`,
 * `app-password`, `monitoring-password`, `backup-password` and `readonly-password`.
 */
export class DatabaseCredentials {
  /**
   * Passwords generated in the cluster on first apply by a Job with a Role that can
   * only create Secrets and read this one. An existing Secret is never overwritten,
   * so re-applying (or a GitOps sync) never rotates a password.
   */
  public static generated(options: GeneratedCredentialsOptions = {}): DatabaseCredentials {
    return new DatabaseCredentials(options.secretName, true, options.passwordLength ?? 32);
  }

  /** Use a Secret you manage (for example with External Secrets or Sealed Secrets). */
  public static fromSecret(secretName: string): DatabaseCredentials {
    return new DatabaseCredentials(secretName, false, 0);
  }

  private constructor(
    /** The Secret's name, when chosen. */
    public readonly secretName: string | undefined,
    /** Whether a Job generates the Secret. */
    public readonly generate: boolean,
    /** Length of generated passwords. */
    public readonly passwordLength: number) {}
}

/** Secret key names, the same for every engine. */
export const PASSWORD_KEYS = {
  superuserPassword: 'superuser-password',
  replicationPassword: 'replication-password',
  appPassword: 'app-password',
  monitoringPassword: 'monitoring-password',
  backupPassword: 'backup-password',
  readonlyPassword: 'readonly-password',
};

/**
 * The password keys of the first credentials Job (`<secret>-generator`). Its pod template must
 * never change (Kubernetes refuses, and a finished Job never runs again), so it keeps this list;
 * keys added later are added to the Secret by a Job of their own (`<secret>-keys-<n>`).
 */
export const FIRST_PASSWORD_KEYS = ['superuser-password', 'replication-password', 'app-password', 'monitoring-password'];

export function credentialKeys(secretName: string): CredentialKeys {
  return {
    secretName,
    ...PASSWORD_KEYS,
    appUser: 'app-user',
    replicationUser: 'replication-user',
    monitoringUser: 'monitoring-user',
    database: 'database',
  };
}

export interface SecretGeneratorProps {
  readonly secretName: string;
  /**
   * Name of the Job (and its ServiceAccount with `serviceAccount`).
   * @default "<secretName>-generator"
   */
  readonly jobName?: string;
  /**
   * Password keys the Job creates or adds.
   * @default every key of PASSWORD_KEYS
   */
  readonly passwordKeys?: string[];
  /**
   * Run as this existing ServiceAccount (made by another SecretGenerator) instead of making one.
   * @default - a ServiceAccount and Role of the Job's name
   */
  readonly serviceAccount?: string;
  readonly passwordLength: number;
  readonly labels: { [key: string]: string };
  /** Non-secret values stored alongside (user names, database name). */
  readonly literals: { [key: string]: string };
  /**
   * ConfigMap holding generate-secret.sh (and what it sources). Its name must not change with the
   * engine or its version: it is part of the Job's pod template, which Kubernetes never lets change.
   */
  readonly scriptsConfigMap: string;
  /** The curl image. */
  readonly image: string;
  /** Pull Secrets of the pod. */
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
}

/**
 * A Job that creates the credentials Secret when it is absent, or adds the keys it lacks
 * (never changing one it has), with a ServiceAccount whose Role can create Secrets (Kubernetes
 * cannot restrict `create` by name) and read and patch only this Secret.
 */
export class SecretGenerator extends Construct {
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: SecretGeneratorProps) {
    super(scope, id);
    if (props.passwordLength < 16 || props.passwordLength > 128 || !Number.isInteger(props.passwordLength)) {
      throw new Error(`DatabaseCredentials.generated: invalid passwordLength ${props.passwordLength}: must be a whole number between 16 and 128`);
    }
    checkDnsLabel('DatabaseCredentials', 'secretName', props.secretName, 253);
    const name = props.jobName ?? `${props.secretName}-generator`;
    const metadata = (): ApiObjectMetadata => ({ name, labels: props.labels });

    if (!props.serviceAccount) {
      serviceAccountWithRole(this, {
        name,
        labels: props.labels,
        rules: [
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
          { apiGroups: [''], resources: ['secrets'], resourceNames: [props.secretName], verbs: ['get', 'patch'] },
        ],
      });
    }

    const literals = Object.entries(props.literals).map(([k, v]) => `${k}=${v}`).join(' ');
    // A Job's pod template is immutable: nothing in it may change with an engine upgrade, so the
    // version label stays on the Job's own metadata (and off the pod and the Secret it creates).
    const podLabels = Object.fromEntries(Object.entries(props.labels).filter(([k]) => k !== LABEL_VERSION));
    const labels = Object.entries(podLabels).map(([k, v]) => `${k}=${v}`).join(' ');
    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: metadata(),
      spec: {
        backoffLimit: 6,
        activeDeadlineSeconds: 600,
        template: {
          metadata: { labels: podLabels },
          spec: {
            serviceAccountName: props.serviceAccount ?? name,
            imagePullSecrets: props.imagePullSecrets,
            // The only container talks to the API server, so this pod (alone) gets a token.
            automountServiceAccountToken: true,
            restartPolicy: 'OnFailure',
            securityContext: restrictedPodSecurity(CURL_USER.uid, CURL_USER.gid),
            volumes: [{ name: 'scripts', configMap: { name: props.scriptsConfigMap, defaultMode: 0o555 } }],
            containers: [{
              name: 'generate',
              image: props.image,
              command: ['/bin/sh', '/scripts/generate-secret.sh'],
              volumeMounts: [{ name: 'scripts', mountPath: '/scripts', readOnly: true }],
              env: [
                { name: 'SECRET_NAME', value: props.secretName },
                { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'SECRET_KEYS', value: (props.passwordKeys ?? Object.values(PASSWORD_KEYS)).join(' ') },
                { name: 'SECRET_LITERALS', value: literals },
                { name: 'LABELS', value: labels },
                { name: 'PASSWORD_LENGTH', value: String(props.passwordLength) },
              ],
              securityContext: restrictedContainerSecurity(CURL_USER),
              resources: {
                requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
                limits: { memory: k8s.Quantity.fromString('64Mi') },
              },
            }],
          },
        },
      },
    });
  }
}
