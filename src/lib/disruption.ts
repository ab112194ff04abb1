import { k8s } from 'cdk8s-plus-28';

/**
 * PodDisruptionBudget spec for a set of `replicas` pods that can never block a node
 * drain forever: at most one healthy pod is evicted at a time, and pods that are not
 * ready (crash-looping, lagging) may always be evicted. A single pod gets no budget:
 * any budget on one pod either blocks drains or protects nothing.
 */
export function disruptionBudgetSpec(replicas: number, selector: { [k: string]: string }): k8s.PodDisruptionBudgetSpec | undefined {
  if (replicas < 2) return undefined;
  return {
    maxUnavailable: k8s.IntOrString.fromNumber(1),
    selector: { matchLabels: selector },
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  };
}
