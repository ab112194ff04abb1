import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * A ServiceAccount (no automounted token) with a namespaced Role and its RoleBinding, all
 * named `name`: what every in-cluster helper of the library (credentials generator, role
 * labeller, snapshot job) needs to talk to the API with least privilege.
 */
export function serviceAccountWithRole(scope: Construct, props: {
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly rules: k8s.PolicyRule[];
  /** Namespace of the three objects (default: the chart's). */
  readonly namespace?: string;
}): string {
  const metadata = { name: props.name, labels: props.labels, ...(props.namespace !== undefined ? { namespace: props.namespace } : {}) };
  new k8s.KubeServiceAccount(scope, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
  new k8s.KubeRole(scope, 'Role', { metadata, rules: props.rules });
  new k8s.KubeRoleBinding(scope, 'RoleBinding', {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
    subjects: [{ kind: 'ServiceAccount', name: props.name }],
  });
  return props.name;
}

/**
 * A projected service-account token (one hour) and the cluster CA, for the one container
 * that mounts it: pods keep `automountServiceAccountToken: false`.
 */
export function apiTokenVolume(name: string): k8s.Volume {
  return {
    name,
    projected: {
      defaultMode: 0o444,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      ],
    },
  };
}
