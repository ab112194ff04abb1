import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { checkInteger, durationSeconds, fail } from '../lib/errors';

/** Where the S3 access keys are: a Secret you manage, never literals in the YAML. */
export interface S3Credentials {
  /** Name of the Secret (in the database's namespace). */
  readonly secretName: string;
  /**
   * Key of the access key id in the Secret.
   * @default "access-key-id"
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key of the secret access key in the Secret.
   * @default "secret-access-key"
   */
  readonly secretAccessKeyKey?: string;
}

/** An S3 or S3-compatible bucket (AWS, MinIO, Ceph RGW, Cloudflare R2, ...). */
export interface S3DestinationOptions {
  /** Bucket name. The bucket must exist: backups never create buckets. */
  readonly bucket: string;
  /**
   * Folder inside the bucket; backups are written to `<prefix>/<YYYYMMDDTHHMMSSZ>/`.
   * @default - the database's name
   */
  readonly prefix?: string;
  /**
   * Endpoint URL of an S3-compatible service, e.g. `https://minio.storage.svc:9000`.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Region of the bucket.
   * @default "us-east-1"
   */
  readonly region?: string;
  /** The Secret holding the access key id and secret access key. */
  readonly credentials: S3Credentials;
  /**
   * Path-style URLs (`https://endpoint/bucket/key`), needed by most self-hosted services.
   * @default - true with a custom endpoint, false for AWS
   */
  readonly forcePathStyle?: boolean;
}

/** A Google Cloud Storage bucket. */
export interface GcsDestinationOptions {
  /** Bucket name. The bucket must exist. */
  readonly bucket: string;
  /**
   * Folder inside the bucket.
   * @default - the database's name
   */
  readonly prefix?: string;
  /** Name of the Secret holding a service-account JSON key. */
  readonly credentialsSecret: string;
  /**
   * Key of the JSON key file in the Secret.
   * @default "service-account.json"
   */
  readonly credentialsKey?: string;
}

/** A PersistentVolumeClaim (for example an NFS share). */
export interface VolumeDestinationOptions {
  /** Name of an existing PersistentVolumeClaim in the database's namespace. */
  readonly claimName: string;
  /**
   * Folder inside the volume.
   * @default - the database's name
   */
  readonly path?: string;
}

/** @internal What the rclone containers need for one destination. */
export interface RenderedDestination {
  /** rclone path, e.g. `dest:bucket/prefix`. */
  readonly remote: string;
  readonly env: k8s.EnvVar[];
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const VOLUME_MOUNT = '/var/lib/cdk8s-db/destination';
const GCS_KEY_DIR = '/var/run/secrets/cdk8s-db/gcs';

function required(where: string, prop: string, v: unknown): void {
  if (v === undefined || v === null || v === '') fail(where, prop, v ?? null, 'is required');
}
function checkPrefix(where: string, prop: string, prefix: string | undefined): void {
  if (prefix === undefined) return;
  if (!/^[A-Za-z0-9._/-]+$/.test(prefix) || prefix.split('/').some(p => p === '..' || p === '.') || prefix.startsWith('/') || prefix.includes('//')) {
    fail(where, prop, prefix, "must be a relative path of letters, digits, '.', '_', '-' and '/', without '..'");
  }
}
function checkSecretName(where: string, prop: string, name: string): void {
  required(where, prop, name);
  if (!SECRET_NAME.test(name) || name.length > 253) fail(where, prop, name, 'must be a Secret name (lowercase DNS subdomain)');
}
function checkSecretKey(where: string, prop: string, key: string): void {
  if (!SECRET_KEY.test(key) || key.length > 253) fail(where, prop, key, "must be a Secret key (letters, digits, '-', '_', '.')");
}
const join = (...parts: string[]) => parts.filter(p => p !== '').map(p => p.replace(/^\/+|\/+$/g, '')).join('/');

/**
 * Where backups are stored: an S3-compatible bucket, a Google Cloud Storage bucket or a
 * PersistentVolumeClaim. One tool, rclone (official `rclone/rclone` image), writes to all of
 * them; credentials always come from Secrets.
 */
export class BackupDestination {
  /** An S3 or S3-compatible bucket. */
  public static s3(options: S3DestinationOptions): BackupDestination {
    const where = 'BackupDestination.s3';
    required(where, 'bucket', options?.bucket);
    if (!BUCKET.test(options.bucket) || options.bucket.includes('..')) fail(where, 'bucket', options.bucket, 'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens');
    checkPrefix(where, 'prefix', options.prefix);
    required(where, 'credentials', options.credentials);
    checkSecretName(where, 'credentials.secretName', options.credentials.secretName);
    const idKey = options.credentials.accessKeyIdKey ?? 'access-key-id';
    const secretKey = options.credentials.secretAccessKeyKey ?? 'secret-access-key';
    checkSecretKey(where, 'credentials.accessKeyIdKey', idKey);
    checkSecretKey(where, 'credentials.secretAccessKeyKey', secretKey);
    if (options.endpoint !== undefined && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s]*)?$/.test(options.endpoint)) {
      fail(where, 'endpoint', options.endpoint, 'must be an http:// or https:// URL, e.g. https://minio.storage.svc:9000');
    }
    const region = options.region ?? 'us-east-1';
    if (!/^[a-z0-9-]{2,32}$/.test(region)) fail(where, 'region', region, 'must be a region name such as eu-west-1');
    const pathStyle = options.forcePathStyle ?? options.endpoint !== undefined;
    const secret = options.credentials.secretName;
    return new BackupDestination('s3', `s3://${options.bucket}`, prefix => ({
      remote: `dest:${join(options.bucket, options.prefix ?? prefix)}`,
      env: [
        { name: 'RCLONE_CONFIG_DEST_TYPE', value: 's3' },
        { name: 'RCLONE_CONFIG_DEST_PROVIDER', value: options.endpoint ? 'Other' : 'AWS' },
        { name: 'RCLONE_CONFIG_DEST_ENV_AUTH', value: 'false' },
        { name: 'RCLONE_CONFIG_DEST_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: secret, key: idKey } } },
        { name: 'RCLONE_CONFIG_DEST_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: secret, key: secretKey } } },
        { name: 'RCLONE_CONFIG_DEST_REGION', value: region },
        ...(options.endpoint ? [{ name: 'RCLONE_CONFIG_DEST_ENDPOINT', value: options.endpoint }] : []),
        { name: 'RCLONE_CONFIG_DEST_FORCE_PATH_STYLE', value: String(pathStyle) },
        // Only object permissions are needed (no CreateBucket / ListAllMyBuckets).
        { name: 'RCLONE_CONFIG_DEST_NO_CHECK_BUCKET', value: 'true' },
      ],
      volumes: [],
      mounts: [],
    }));
  }

  /** A Google Cloud Storage bucket, with a service-account key from a Secret. */
  public static gcs(options: GcsDestinationOptions): BackupDestination {
    const where = 'BackupDestination.gcs';
    required(where, 'bucket', options?.bucket);
    if (!BUCKET.test(options.bucket)) fail(where, 'bucket', options.bucket, 'must be a bucket name: 3-63 lowercase letters, digits, dots, hyphens');
    checkPrefix(where, 'prefix', options.prefix);
    checkSecretName(where, 'credentialsSecret', options.credentialsSecret);
    const key = options.credentialsKey ?? 'service-account.json';
    checkSecretKey(where, 'credentialsKey', key);
    return new BackupDestination('gcs', `gs://${options.bucket}`, prefix => ({
      remote: `dest:${join(options.bucket, options.prefix ?? prefix)}`,
      env: [
        { name: 'RCLONE_CONFIG_DEST_TYPE', value: 'google cloud storage' },
        { name: 'RCLONE_CONFIG_DEST_SERVICE_ACCOUNT_FILE', value: `${GCS_KEY_DIR}/${key}` },
        { name: 'RCLONE_CONFIG_DEST_BUCKET_POLICY_ONLY', value: 'true' },
        { name: 'RCLONE_CONFIG_DEST_ENV_AUTH', value: 'false' },
      ],
      volumes: [{ name: 'destination-credentials', secret: { secretName: options.credentialsSecret, items: [{ key, path: key }], defaultMode: 0o440 } }],
      mounts: [{ name: 'destination-credentials', mountPath: GCS_KEY_DIR, readOnly: true }],
    }));
  }

  /** A PersistentVolumeClaim, mounted into the backup pods. */
  public static volume(options: VolumeDestinationOptions): BackupDestination {
    const where = 'BackupDestination.volume';
    required(where, 'claimName', options?.claimName);
    if (!SECRET_NAME.test(options.claimName) || options.claimName.length > 253) fail(where, 'claimName', options.claimName, 'must be a PersistentVolumeClaim name');
    checkPrefix(where, 'path', options.path?.replace(/^\/+/, ''));
    return new BackupDestination('volume', `pvc/${options.claimName}`, prefix => ({
      remote: `dest:${VOLUME_MOUNT}/${join(options.path ?? prefix)}`.replace(/\/+$/, ''),
      env: [{ name: 'RCLONE_CONFIG_DEST_TYPE', value: 'local' }],
      volumes: [{ name: 'destination', persistentVolumeClaim: { claimName: options.claimName } }],
      mounts: [{ name: 'destination', mountPath: VOLUME_MOUNT }],
    }));
  }

  /** `s3`, `gcs` or `volume`. */
  public readonly kind: string;
  /** Human-readable location, e.g. `s3://backups`. */
  public readonly location: string;

  /** @internal */
  public readonly _render: (defaultPrefix: string) => RenderedDestination;

  private constructor(kind: string, location: string, render: (defaultPrefix: string) => RenderedDestination) {
    this.kind = kind;
    this.location = location;
    this._render = render;
  }
}

/** Options for a retention rule with both a count and an age. */
export interface BackupRetentionOptions {
  /**
   * Keep at least the newest N complete backups.
   * @default - no count rule
   */
  readonly keepLast?: number;
  /**
   * Keep complete backups younger than this.
   * @default - no age rule
   */
  readonly keepFor?: Duration;
}

/**
 * Which old backups are deleted. Deletion only ever happens after a new backup has been
 * uploaded and verified at the destination; the newest backup is never deleted. With both
 * rules, a backup is deleted only when it is outside both (older than `keepFor` and not
 * among the newest `keepLast`).
 */
export class BackupRetention {
  /** Keep the newest `count` complete backups. */
  public static keepLast(count: number): BackupRetention {
    return BackupRetention.of({ keepLast: count });
  }

  /** Keep complete backups younger than `age`. */
  public static keepFor(age: Duration): BackupRetention {
    return BackupRetention.of({ keepFor: age });
  }

  /** A count rule, an age rule, or both. */
  public static of(options: BackupRetentionOptions): BackupRetention {
    const where = 'BackupRetention';
    if (options.keepLast === undefined && options.keepFor === undefined) {
      fail(where, 'options', options, 'needs keepLast, keepFor or both');
    }
    if (options.keepLast !== undefined) checkInteger(where, 'keepLast', options.keepLast, 1, 10_000);
    let seconds = 0;
    if (options.keepFor !== undefined) {
      seconds = durationSeconds(where, 'keepFor', options.keepFor, 3600);
    }
    return new BackupRetention(options.keepLast ?? 0, seconds);
  }

  /** Keep at least this many backups (0: no count rule). */
  public readonly keepLastCount: number;
  /** Keep backups younger than this many seconds (0: no age rule). */
  public readonly keepForSeconds: number;

  private constructor(keepLastCount: number, keepForSeconds: number) {
    this.keepLastCount = keepLastCount;
    this.keepForSeconds = keepForSeconds;
  }
}
