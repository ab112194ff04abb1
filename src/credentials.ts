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
 * `app-password` and `monitoring-password`.
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
};

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
 * A Job that creates the credentials Secret when it is absent, with a ServiceAccount
 * whose Role can create Secrets (Kubernetes cannot restrict `create` by name) and read
 * only this Secret.
 */
export class SecretGenerator extends Construct {
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: SecretGeneratorProps) {
    super(scope, id);
    if (props.passwordLength < 16 || props.passwordLength > 128 || !Number.isInteger(props.passwordLength)) {
      throw new Error(`DatabaseCredentials.generated: invalid passwordLength ${props.passwordLength}: must be a whole number between 16 and 128`);
    }
    checkDnsLabel('DatabaseCredentials', 'secretName', props.secretName, 253);
    const name = `${props.secretName}-generator`;
    const metadata = (): ApiObjectMetadata => ({ name, labels: props.labels });

    serviceAccountWithRole(this, {
      name,
      labels: props.labels,
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [props.secretName], verbs: ['get'] },
      ],
    });

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
            serviceAccountName: name,
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
                { name: 'SECRET_KEYS', value: Object.values(PASSWORD_KEYS).join(' ') },
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
