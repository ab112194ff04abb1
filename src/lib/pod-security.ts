import { k8s } from 'cdk8s-plus-28';

/**
 * Pod and container security contexts that pass the Pod Security Standard "restricted":
 * non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp,
 * read-only root filesystem (writable paths are emptyDir or data volumes).
 */
export function restrictedPodSecurity(uid: number, gid: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: gid,
    fsGroup: gid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurity(user?: { uid: number; gid: number }): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    ...(user ? { runAsUser: user.uid, runAsGroup: user.gid } : {}),
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The official curlimages/curl image: used to talk to the Kubernetes API from pods. */
export const CURL_IMAGE = 'curlimages/curl:8.11.1';
/** curl_user:curl_group in that image. */
export const CURL_USER = { uid: 100, gid: 101 };
