/**
 * The cdk8s validation plugin (cdk8s-cli `validations:` in cdk8s.yaml). cdk8s-cli loads the
 * package named in `package:` (a local path starting with `./` or an absolute path is
 * required directly; an npm package name is installed into the plugins directory first),
 * constructs the exported class named in `class:` with `properties:`, and calls `validate`
 * with the synthesized manifest files. A failed report makes `cdk8s synth` exit with code 2.
 *
 * The interfaces below are the parts of cdk8s-cli's `ValidationContext` this plugin uses
 * (declared here so that the plugin does not depend on the CLI at run time).
 */
import * as path from 'path';
import { registerCrdFiles, validateManifests } from './k8s-schema';
import { checkPodSecurity } from './pod-security';
import { checkSemantics } from './semantics';
import { docId, Manifest } from './util';

interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

interface Violation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly ViolatingResource[];
}

/** What cdk8s-cli hands to `validate` (a subset of its ValidationContext). */
export interface ValidationContextLike {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: Violation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
  parseManifest(manifestPath: string): any[];
}

/** `properties:` of the plugin in cdk8s.yaml. */
export interface Cdk8sDbValidationProperties {
  /**
   * CRD files (paths relative to the directory `cdk8s synth` runs in) for the custom resources
   * of your app, next to the ones the plugin ships (Prometheus operator, cert-manager, CSI
   * snapshots, external-secrets). A custom resource without a known CRD is reported.
   * @default []
   */
  readonly crds?: readonly string[];
  /**
   * Label keys that pods get at run time (not from their controller), so that a selector on
   * them may match. cdk8s-db's pods label themselves with their role.
   * @default ['cdk8s-db.io/role']
   */
  readonly runtimeLabels?: readonly string[];
  /**
   * Check every pod template against the Pod Security Standards "restricted" level.
   * @default true
   */
  readonly podSecurity?: boolean;
  /**
   * Run the cross-object checks (selectors, ports, PDBs, volumes, NetworkPolicies).
   * @default true
   */
  readonly semantics?: boolean;
}

const RULES = {
  schema: {
    ruleName: 'kubernetes-1.28-schema',
    recommendation: 'Every document must be valid for a Kubernetes 1.28 API server (kubectl apply --validate=strict): known fields only, the right types and enum values, valid names and labels; custom resources must match their CRD.',
    fix: 'Correct or remove the field named in each location.',
  },
  semantics: {
    ruleName: 'cross-object-consistency',
    recommendation: 'Services, PodDisruptionBudgets and NetworkPolicies must select pods that exist, ports and volume references must resolve, and a PDB must leave node drains possible.',
    fix: 'Make the selectors, port names and references in each location match the objects they point at.',
  },
  podSecurity: {
    ruleName: 'pod-security-restricted',
    recommendation: 'Pods must pass the Pod Security Standards "restricted" level (Kubernetes 1.28), which a namespace labelled pod-security.kubernetes.io/enforce=restricted enforces.',
    fix: 'Run as non-root with allowPrivilegeEscalation: false, capabilities drop [ALL], seccompProfile RuntimeDefault, and only the allowed volume types.',
  },
} as const;

interface Located {
  readonly doc: Manifest;
  readonly manifestPath: string;
  readonly id: string;
}

/**
 * cdk8s validation plugin: validates every synthesized document (schema, cross-object checks,
 * Pod Security "restricted") and fails `cdk8s synth` with a report naming each document,
 * the JSON path and the problem.
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-db-validation
 *     version: 0.0.0
 *     class: Cdk8sDbValidation
 * ```
 */
export class Cdk8sDbValidation {
  private readonly props: Cdk8sDbValidationProperties;

  constructor(props: Cdk8sDbValidationProperties = {}) {
    this.props = props;
    if (props.crds !== undefined && !(Array.isArray(props.crds) && props.crds.every(c => typeof c === 'string'))) {
      throw new Error(`Cdk8sDbValidation: properties.crds must be a list of CRD file paths, got ${JSON.stringify(props.crds)}`);
    }
    if (props.crds && props.crds.length > 0) {
      registerCrdFiles(props.crds.map(f => path.resolve(process.cwd(), f)));
    }
  }

  public async validate(context: ValidationContextLike): Promise<void> {
    const located: Located[] = [];
    for (const manifestPath of context.manifests) {
      for (const doc of context.parseManifest(manifestPath)) {
        if (doc === null || doc === undefined) {
          continue; // empty YAML document
        }
        located.push({ doc, manifestPath, id: docId(doc, located.length) });
      }
    }
    const docs = located.map(l => l.doc);
    const counts: Record<string, number> = {};
    const report = (rule: keyof typeof RULES, errors: readonly string[]): void => {
      counts[rule] = errors.length;
      if (errors.length === 0) {
        return;
      }
      const byResource = new Map<Located | undefined, string[]>();
      for (const e of errors) {
        const owner = ownerOf(e, located);
        const list = byResource.get(owner) ?? [];
        list.push(e);
        byResource.set(owner, list);
      }
      context.report.addViolation({
        ...RULES[rule],
        violatingResources: [...byResource.entries()].map(([owner, locations]) => ({
          resourceName: owner ? (owner.doc?.metadata?.name ?? owner.id) : '(several documents)',
          manifestPath: owner ? owner.manifestPath : context.manifests.join(', '),
          locations,
        })),
      });
    };

    // Each document on its own against its schema (ids stay per-document: index within the app).
    report('schema', located.flatMap(l => validateManifests([l.doc]).map(e => `${l.id}: ${e.slice(docId(l.doc, 0).length + 2)}`)));
    if (this.props.semantics !== false) {
      report('semantics', checkSemantics(docs, { runtimeLabels: this.props.runtimeLabels ?? ['cdk8s-db.io/role'] }));
    }
    if (this.props.podSecurity !== false) {
      report('podSecurity', checkPodSecurity(docs));
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    context.logger.log(`cdk8s-db validation: ${docs.length} documents in ${context.manifests.length} manifest(s), ${total} problem(s)`);
    context.report.submit(total === 0 ? 'success' : 'failure', {
      documents: String(docs.length),
      ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [RULES[k as keyof typeof RULES].ruleName, String(v)])),
    });
  }
}

/** The document an error message (`Kind/name: ...`) is about: the longest matching id. */
function ownerOf(error: string, located: readonly Located[]): Located | undefined {
  let best: Located | undefined;
  for (const l of located) {
    if (error.startsWith(`${l.id}: `) && (!best || l.id.length > best.id.length)) {
      best = l;
    }
  }
  return best;
}
