/**
 * Test-side entry to the validator. The validator itself is the cdk8s validation plugin's
 * code (validation/src, package cdk8s-db-validation): the tests and the plugin share it.
 *
 * ```ts
 * import { synthDocs, validateAll } from '../validation';
 * expect(validateAll(synthDocs(chart))).toEqual([]);
 * ```
 */
import { App, Chart, Testing } from 'cdk8s';
import { checkPodSecurity, validateAll as validateAllDocs, ValidateAllOptions } from '../../validation/src';

export { validateManifests, knownCustomResourceKinds, checkSemantics, checkPodSecurity, SCHEMAS_DIR } from '../../validation/src';
export type { SemanticsOptions, ValidateAllOptions } from '../../validation/src';

/** Documents the library wrote (every object it writes carries this label). */
export function libraryDocs(docs: readonly any[]): any[] {
  return docs.filter(d => d?.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'cdk8s-db');
}

/**
 * Schema validation and the cross-object checks on every document, and the Pod Security
 * "restricted" checks on every document the library wrote (test fixtures such as a plain
 * cdk8s-plus Deployment are not required to be restricted; `podSecurity: true` checks them too).
 */
export function validateAll(docs: any[], options: ValidateAllOptions = {}): string[] {
  return [
    ...validateAllDocs(docs, { ...options, podSecurity: false }),
    ...checkPodSecurity(options.podSecurity === true ? docs : libraryDocs(docs)),
  ];
}

/**
 * The manifests of a chart (`Testing.synth`), or of every chart of an app, in
 * the order `cdk8s synth` would write them.
 */
export function synthDocs(scope: Chart | App): any[] {
  if (scope instanceof App) {
    return scope.charts.flatMap(c => Testing.synth(c));
  }
  return Testing.synth(scope);
}

/** Throws one error listing every problem; handy in tests: `assertValid(synthDocs(chart))`. */
export function assertValid(docs: any[], options: ValidateAllOptions = {}): void {
  const errors = validateAll(docs, options);
  if (errors.length > 0) {
    throw new Error(`${errors.length} manifest problem(s):\n  ${errors.join('\n  ')}`);
  }
}
