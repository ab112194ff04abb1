/**
 * cdk8s-db-validation: offline validation of Kubernetes manifests.
 *
 * - {@link validateManifests}: the Kubernetes 1.28 OpenAPI schemas (unknown fields rejected),
 *   custom resources against their CRDs, name/label/annotation syntax;
 * - {@link checkSemantics}: cross-object checks (Services/PDBs/NetworkPolicies that select
 *   nothing, missing ports, PDBs that block drains, dangling volume/ConfigMap/Secret references);
 * - {@link checkPodSecurity}: the Pod Security Standards "restricted" level;
 * - {@link Cdk8sDbValidation}: all three as a cdk8s validation plugin (`validations:` in cdk8s.yaml).
 *
 * The test suite of cdk8s-db validates everything the library writes with this same code.
 */
import { validateManifests } from './k8s-schema';
import { checkPodSecurity } from './pod-security';
import { checkSemantics, type SemanticsOptions } from './semantics';

export { validateManifests, knownCustomResourceKinds, registerCrdFiles, SCHEMAS_DIR } from './k8s-schema';
export { checkSemantics } from './semantics';
export type { SemanticsOptions } from './semantics';
export { checkPodSecurity } from './pod-security';
export { Cdk8sDbValidation } from './plugin';
export type { Cdk8sDbValidationProperties, ValidationContextLike } from './plugin';

/** Options of {@link validateAll}. */
export interface ValidateAllOptions extends SemanticsOptions {
  /**
   * Check pod templates against the Pod Security Standards "restricted" level.
   * @default true
   */
  readonly podSecurity?: boolean;
}

/** Schema validation, the cross-object checks and (unless turned off) Pod Security "restricted". */
export function validateAll(docs: any[], options: ValidateAllOptions = {}): string[] {
  return [
    ...validateManifests(docs),
    ...checkSemantics(docs, options),
    ...(options.podSecurity === false ? [] : checkPodSecurity(docs)),
  ];
}
