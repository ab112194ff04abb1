import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { EngineTls } from './engines/engine-spec';
import {
  Certificate,
  CertificateSpecPrivateKeyAlgorithm,
  CertificateSpecPrivateKeyEncoding,
  CertificateSpecPrivateKeyRotationPolicy,
  CertificateSpecUsages,
} from './imports/certificates-cert-manager.io';
import { fail } from './lib/errors';

/** Kind of the cert-manager issuer that signs the database certificate. */
export enum IssuerKind {
  /** A namespaced `Issuer` in the database's namespace. */
  ISSUER = 'Issuer',
  /** A cluster-wide `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Key algorithm of the certificate cert-manager issues. */
export enum TlsKeyAlgorithm {
  /** ECDSA on the P-256 curve: small, fast, supported by every client library. */
  ECDSA_P256 = 'ECDSA_P256',
  /** RSA with a 2048-bit key, for clients that cannot do ECDSA. */
  RSA_2048 = 'RSA_2048',
}

/** Options shared by every certificate source. */
export interface DatabaseTlsOptions {
  /**
   * Refuse clients and replicas that do not use TLS. When false the server offers
   * TLS but still accepts plain-text connections (useful while clients migrate). Redis
   * cannot serve both on one port and requires true.
   * @default false
   */
  readonly require?: boolean;
}

/** A certificate issued and renewed by cert-manager. */
export interface CertManagerTlsOptions extends DatabaseTlsOptions {
  /** Name of the cert-manager `Issuer` or `ClusterIssuer` that signs the certificate. */
  readonly issuerName: string;
  /**
   * Kind of the issuer.
   * @default IssuerKind.ISSUER
   */
  readonly issuerKind?: IssuerKind;
  /**
   * API group of the issuer (an external issuer has its own).
   * @default "cert-manager.io"
   */
  readonly issuerGroup?: string;
  /**
   * Lifetime of each certificate. At least one hour.
   * @default - cert-manager's default (90 days)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews the certificate. At least 5 minutes and
   * shorter than `duration`.
   * @default - cert-manager's default (a third of the duration)
   */
  readonly renewBefore?: Duration;
  /**
   * Name of the Secret cert-manager writes (keys tls.crt, tls.key, ca.crt).
   * @default "<database name>-tls"
   */
  readonly secretName?: string;
  /**
   * Key algorithm. A new key is generated at every renewal.
   * @default TlsKeyAlgorithm.ECDSA_P256
   */
  readonly keyAlgorithm?: TlsKeyAlgorithm;
}

/** Where the TLS Secret is mounted in the database pods (read-only). */
export const TLS_MOUNT_PATH = '/var/run/secrets/cdk8s-db/tls';
/** Key of the CA certificate in the TLS Secret (cert-manager's layout). */
export const TLS_CA_KEY = 'ca.crt';
/**
 * File mode of the mounted Secret. The files are owned by root with the pod's fsGroup:
 * PostgreSQL accepts a root-owned key readable by its group (u=r,g=r), never one that
 * is group-readable and owned by the server user.
 */
export const TLS_FILE_MODE = 0o440;

const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MIN_DURATION_SECONDS = 3600;
const MIN_RENEW_BEFORE_SECONDS = 300;

/**
 * TLS for a `ReplicatedDatabase`: the server certificate (from cert-manager or an existing
 * Secret), whether plain-text connections are refused, and replication over TLS with the
 * peers' names verified against the CA.
 *
 * @example
 * DatabaseTls.certManager({ issuerName: 'internal-ca', require: true })
 */
export class DatabaseTls {
  /**
   * A cert-manager `Certificate` for every name the database answers to: the write, read
   * and headless Services, the engine's extra Services (Redis: Sentinel) and each pod
   * (`<name>-<i>.<name>-headless`), in short and
   * namespace-qualified forms. Set a namespace on the chart so the qualified names are known.
   */
  public static certManager(options: CertManagerTlsOptions): DatabaseTls {
    const where = 'DatabaseTls.certManager';
    if (typeof options.issuerName !== 'string' || !SECRET_NAME.test(options.issuerName) || options.issuerName.length > 253) {
      fail(where, 'issuerName', options.issuerName, 'must be the name of a cert-manager Issuer or ClusterIssuer (a DNS subdomain: lowercase letters, digits, \'-\' and \'.\')');
    }
    const kind = options.issuerKind ?? IssuerKind.ISSUER;
    if (!Object.values(IssuerKind).includes(kind)) fail(where, 'issuerKind', kind, 'must be IssuerKind.ISSUER or IssuerKind.CLUSTER_ISSUER');
    const group = options.issuerGroup ?? 'cert-manager.io';
    if (!SECRET_NAME.test(group) || !group.includes('.')) fail(where, 'issuerGroup', group, 'must be an API group such as "cert-manager.io"');
    if (options.secretName !== undefined) checkSecretName(where, options.secretName);
    const algorithm = options.keyAlgorithm ?? TlsKeyAlgorithm.ECDSA_P256;
    if (!Object.values(TlsKeyAlgorithm).includes(algorithm)) fail(where, 'keyAlgorithm', algorithm, 'must be a TlsKeyAlgorithm');
    const duration = options.duration ? wholeSeconds(where, 'duration', options.duration) : undefined;
    if (duration !== undefined && duration < MIN_DURATION_SECONDS) fail(where, 'duration', options.duration!.toHumanString(), 'must be at least 1 hour (cert-manager\'s minimum)');
    const renewBefore = options.renewBefore ? wholeSeconds(where, 'renewBefore', options.renewBefore) : undefined;
    if (renewBefore !== undefined) {
      if (renewBefore < MIN_RENEW_BEFORE_SECONDS) fail(where, 'renewBefore', options.renewBefore!.toHumanString(), 'must be at least 5 minutes (cert-manager\'s minimum)');
      const lifetime = duration ?? 90 * 24 * 3600;
      if (renewBefore >= lifetime) {
        fail(where, 'renewBefore', options.renewBefore!.toHumanString(), `must be shorter than the certificate duration (${duration === undefined ? '90 days, cert-manager\'s default' : options.duration!.toHumanString()})`);
      }
    }
    return new DatabaseTls(options.require ?? false, options.secretName, {
      issuerName: options.issuerName, kind, group, algorithm, duration, renewBefore,
    });
  }

  /**
   * An existing `kubernetes.io/tls` Secret with the keys `tls.crt`, `tls.key` and `ca.crt`
   * (cert-manager's layout), for certificates managed without cert-manager. Its names must
   * cover the ones clients and replicas use (see `ReplicatedDatabase.tlsDnsNames`).
   */
  public static fromSecret(secretName: string, options: DatabaseTlsOptions = {}): DatabaseTls {
    checkSecretName('DatabaseTls.fromSecret', secretName);
    return new DatabaseTls(options.require ?? false, secretName, undefined);
  }

  /** Whether plain-text connections are refused. */
  public readonly require: boolean;

  private constructor(
    require: boolean,
    private readonly secretName: string | undefined,
    private readonly issuer: CertManagerIssuer | undefined) {
    if (typeof require !== 'boolean') fail('DatabaseTls', 'require', require, 'must be true or false');
    this.require = require;
  }

  /**
   * The certificate, key and CA as mounted in the database pods.
   * @internal
   */
  public _files(): EngineTls {
    return {
      certFile: `${TLS_MOUNT_PATH}/tls.crt`,
      keyFile: `${TLS_MOUNT_PATH}/tls.key`,
      caFile: `${TLS_MOUNT_PATH}/${TLS_CA_KEY}`,
      require: this.require,
    };
  }

  /**
   * Creates what the certificate source needs (a cert-manager Certificate) in `scope`.
   * @internal
   */
  public _bind(scope: Construct, database: TlsDatabase): BoundTls {
    const secretName = this.secretName ?? `${database.name}-tls`;
    let certificate: Certificate | undefined;
    if (this.issuer) {
      const i = this.issuer;
      certificate = new Certificate(scope, 'Certificate', {
        metadata: { name: database.name, labels: database.labels },
        spec: {
          secretName,
          secretTemplate: { labels: database.labels },
          dnsNames: database.dnsNames,
          duration: i.duration === undefined ? undefined : goDuration(i.duration),
          renewBefore: i.renewBefore === undefined ? undefined : goDuration(i.renewBefore),
          issuerRef: { name: i.issuerName, kind: i.kind, group: i.group },
          privateKey: {
            ...(i.algorithm === TlsKeyAlgorithm.RSA_2048
              ? { algorithm: CertificateSpecPrivateKeyAlgorithm.RSA, size: 2048 }
              : { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 }),
            encoding: CertificateSpecPrivateKeyEncoding.PKCS8,
            // A new key at every renewal.
            rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
          },
          // Server auth for clients; client auth so the same key can authenticate a replica.
          usages: [
            CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT,
            CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH,
          ],
        },
      });
    }
    const files = this._files();
    return {
      secretName,
      files,
      certificate,
      volume: { name: 'tls', secret: { secretName, defaultMode: TLS_FILE_MODE } },
      mount: { name: 'tls', mountPath: TLS_MOUNT_PATH, readOnly: true },
      // What changes the pods' behaviour beyond the rendered config files.
      hashInput: JSON.stringify({ secretName, require: this.require }),
    };
  }
}

/** @internal */
export interface TlsDatabase {
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly dnsNames: string[];
}

/** @internal */
export interface BoundTls {
  readonly secretName: string;
  readonly files: EngineTls;
  readonly certificate?: Certificate;
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
  readonly hashInput: string;
}

interface CertManagerIssuer {
  readonly issuerName: string;
  readonly kind: IssuerKind;
  readonly group: string;
  readonly algorithm: TlsKeyAlgorithm;
  readonly duration?: number;
  readonly renewBefore?: number;
}

/**
 * Every name a client or a peer uses for the database: the write, read and other client
 * Services (`services`), the headless Service and each pod through the headless Service; with a namespace also `.<ns>`,
 * `.<ns>.svc` and `.<ns>.svc.cluster.local` forms.
 * @internal
 */
export function tlsDnsNames(name: string, replicas: number, services: string[], headless: string, namespace: string | undefined): string[] {
  const short = [...services, headless, ...Array.from({ length: replicas }, (_, i) => `${name}-${i}.${headless}`)];
  if (!namespace) return short;
  return short.flatMap(n => [n, `${n}.${namespace}`, `${n}.${namespace}.svc`, `${n}.${namespace}.svc.cluster.local`]);
}

function checkSecretName(where: string, name: string): void {
  if (typeof name !== 'string' || !SECRET_NAME.test(name) || name.length > 253) {
    fail(where, 'secretName', name, 'must be a Secret name (a DNS subdomain of at most 253 characters: lowercase letters, digits, \'-\' and \'.\')');
  }
  if (name.split('.').some(label => label.length > 63)) fail(where, 'secretName', name, 'each dot-separated part must be at most 63 characters');
}

function wholeSeconds(where: string, prop: string, d: Duration): number {
  const s = d.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s <= 0) fail(where, prop, d.toHumanString(), 'must be a positive whole number of seconds');
  return s;
}

/** A Go duration string as cert-manager expects (`2160h`, `90m`, `45s`). */
function goDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
