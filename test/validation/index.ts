/**
 * Test-side validator for every synthesized manifest in this project.
 *
 * ```ts
 * import { synthDocs, validateAll } from '../validation';
 * expect(validateAll(synthDocs(chart))).toEqual([]);
 * ```
 */
import { App, Chart, Testing } from 'cdk8s';
import { validateManifests } from './k8s-schema';
import { checkSemantics, type SemanticsOptions } from './semantics';

export { validateManifests, knownCustomResourceKinds, SHARED_DIR } from './k8s-schema';
export { checkSemantics } from './semantics';
export type { SemanticsOptions } from './semantics';

/** Schema validation followed by the cross-object checks. */
export function validateAll(docs: any[], options: SemanticsOptions = {}): string[] {
  return [...validateManifests(docs), ...checkSemantics(docs, options)];
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
export function assertValid(docs: any[], options: SemanticsOptions = {}): void {
  const errors = validateAll(docs, options);
  if (errors.length > 0) {
    throw new Error(`${errors.length} manifest problem(s):\n  ${errors.join('\n  ')}`);
  }
}
