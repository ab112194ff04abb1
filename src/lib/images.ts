/**
 * Where the images the library renders come from: one registry mirror for all the default
 * images, a reference of your own per image, and the pull Secrets every pod gets.
 */
import { k8s } from 'cdk8s-plus-28';
import { fail } from './errors';
import { CURL_IMAGE } from './pod-security';

/** The official rclone image: uploads to S3-compatible storage, GCS and local paths. */
export const DEFAULT_RCLONE_IMAGE = 'rclone/rclone:1.68.2';

/**
 * Images for mirrors and air-gapped clusters. Every image the library renders (database engine,
 * curl for the Kubernetes API calls, rclone for backups, exporters) comes from `registry` when it
 * is set, unless you give that image's reference yourself.
 */
export interface DatabaseImages {
  /**
   * Registry (host, optional port and path) that replaces the registry of every default image:
   * the image's path is kept, e.g. with `registry.example.com/mirror`, `postgres:16.6-bookworm`
   * becomes `registry.example.com/mirror/postgres:16.6-bookworm` and
   * `quay.io/prometheuscommunity/postgres-exporter:v0.17.1` becomes
   * `registry.example.com/mirror/prometheuscommunity/postgres-exporter:v0.17.1`. Images you name
   * yourself (the engine's `image`, `curlImage`, `rcloneImage`, DbMonitoring's `exporterImage`)
   * are used as given. Digests are kept.
   * @default - each image from its own registry (Docker Hub, quay.io)
   */
  readonly registry?: string;
  /**
   * The curl image (credentials Job, role labeller, volume snapshots): `repository:tag`,
   * optionally `@sha256:<digest>`. It must provide `/bin/sh` and curl, and user 100:101.
   * @default "curlimages/curl:8.11.1" (from `registry` when set)
   */
  readonly curlImage?: string;
  /**
   * The rclone image (backup upload, download, restore): `repository:tag`, optionally
   * `@sha256:<digest>`. It must provide `/bin/sh` and rclone.
   * @default "rclone/rclone:1.68.2" (from `registry` when set)
   */
  readonly rcloneImage?: string;
  /**
   * Secrets (type `kubernetes.io/dockerconfigjson`, in the database's namespace) for pulling the
   * images: set on every pod the library renders (database pods with their sidecars, the
   * credentials Job, backup, verification, restore and snapshot Jobs).
   * @default - none
   */
  readonly imagePullSecrets?: string[];
}

const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const REFERENCE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A full image reference with a tag or a digest (not `latest`, which kubelets always pull). */
export function checkImageReference(where: string, prop: string, ref: string): void {
  const last = typeof ref === 'string' ? ref.split('@')[0].split('/').pop() ?? '' : '';
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
  if (typeof ref !== 'string' || !REFERENCE.test(ref) || (!tag && !ref.includes('@sha256:'))) {
    fail(where, prop, ref, 'must be an image reference with a tag, optionally a digest: "registry.example.com/mirror/curl:8.11.1" or "...:8.11.1@sha256:<64 hex digits>"');
  }
  if (tag === 'latest') fail(where, prop, ref, 'must name a fixed tag, not "latest" (a kubelet always pulls latest, which fails without a registry)');
}

/** The reference with its registry host (if any) replaced by `registry`. */
export function mirrored(ref: string, registry: string): string {
  const first = ref.split('/')[0];
  const hasHost = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return `${registry}/${hasHost ? ref.slice(first.length + 1) : ref}`;
}

/** The images of one database, its backups and monitoring, resolved once. */
export class ImageResolver {
  /** The curl image. */
  public readonly curl: string;
  /** The rclone image. */
  public readonly rclone: string;
  /** `imagePullSecrets` of every pod; undefined when there are none. */
  public readonly pullSecrets?: k8s.LocalObjectReference[];
  private readonly registry?: string;

  constructor(where: string, images: DatabaseImages = {}) {
    const registry = images.registry;
    if (registry !== undefined && (typeof registry !== 'string' || !REGISTRY.test(registry))) {
      fail(where, 'images.registry', registry, 'must be a registry host with an optional port and path, without a trailing "/" or a tag, e.g. "registry.example.com/mirror"');
    }
    this.registry = registry;
    if (images.curlImage !== undefined) checkImageReference(where, 'images.curlImage', images.curlImage);
    if (images.rcloneImage !== undefined) checkImageReference(where, 'images.rcloneImage', images.rcloneImage);
    this.curl = images.curlImage ?? this.mirror(CURL_IMAGE);
    this.rclone = images.rcloneImage ?? this.mirror(DEFAULT_RCLONE_IMAGE);
    const secrets = images.imagePullSecrets ?? [];
    secrets.forEach((s, i) => {
      if (typeof s !== 'string' || s.length > 253 || !SECRET_NAME.test(s)) fail(where, `images.imagePullSecrets[${i}]`, s, 'must be a Secret name (DNS subdomain)');
    });
    if (new Set(secrets).size !== secrets.length) fail(where, 'images.imagePullSecrets', secrets, 'must not repeat a name');
    this.pullSecrets = secrets.length ? secrets.map(name => ({ name })) : undefined;
  }

  /** A default image, from the mirror registry when one is set. */
  public mirror(defaultRef: string): string {
    return this.registry ? mirrored(defaultRef, this.registry) : defaultRef;
  }
}
