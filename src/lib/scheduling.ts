import { k8s } from 'cdk8s-plus-28';

/** How strictly database pods are kept apart. */
export enum Placement {
  /** The scheduler tries to keep pods apart, and still schedules when it cannot. */
  PREFERRED = 'preferred',
  /** Pods are never placed together; a pod stays Pending rather than share. */
  REQUIRED = 'required',
  /** No constraint. */
  NONE = 'none',
}

export const HOSTNAME_TOPOLOGY = 'kubernetes.io/hostname';
export const ZONE_TOPOLOGY = 'topology.kubernetes.io/zone';

/** Pod anti-affinity across `topologyKey` for pods matching `selector`. */
export function antiAffinity(placement: Placement, selector: { [k: string]: string }, topologyKey: string): k8s.Affinity | undefined {
  const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: selector }, topologyKey };
  switch (placement) {
    case Placement.NONE: return undefined;
    case Placement.REQUIRED: return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    default: return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
  }
}

/** Even spread across `topologyKey` (zones by default). */
export function topologySpread(placement: Placement, selector: { [k: string]: string }, topologyKey: string): k8s.TopologySpreadConstraint[] {
  if (placement === Placement.NONE) return [];
  return [{
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: placement === Placement.REQUIRED ? 'DoNotSchedule' : 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
  }];
}
