/** Label keys shared by every object the library writes. */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
/** Set by each database pod on itself at start: `primary` or `replica`. */
export const LABEL_ROLE = 'cdk8s-db.io/role';
/** Label the StatefulSet controller puts on each of its pods. */
export const LABEL_POD_NAME = 'statefulset.kubernetes.io/pod-name';

/** Selector labels: stable for the life of the database (a StatefulSet selector is immutable). */
export function selectorLabels(instance: string, component: string): { [key: string]: string } {
  return { [LABEL_INSTANCE]: instance, [LABEL_COMPONENT]: component };
}

export function commonLabels(instance: string, component: string, engine: string, version: string): { [key: string]: string } {
  return {
    ...selectorLabels(instance, component),
    [LABEL_NAME]: engine,
    [LABEL_VERSION]: version,
    [LABEL_PART_OF]: instance,
    [LABEL_MANAGED_BY]: 'cdk8s-db',
  };
}

/**
 * Label keys users may not set (in `labels` props): the library sets them on its objects, and its
 * selectors, Services, alerts and dashboards depend on them. A key ending in `/` is a prefix.
 */
export const RESERVED_LABEL_KEYS: readonly string[] = [
  LABEL_NAME, LABEL_INSTANCE, LABEL_COMPONENT, LABEL_VERSION, LABEL_MANAGED_BY, LABEL_PART_OF,
  'cdk8s-db.io/', LABEL_POD_NAME, 'controller-revision-hash', 'apps.kubernetes.io/pod-index',
];
