/**
 * Names of the objects the library generates: defaults from construct ids, the length limits
 * Kubernetes puts on each kind (checked against the names actually generated), and duplicate
 * objects across the whole App, checked when the App (or any chart of it) is synthesized.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail } from './errors';
import { LABEL_MANAGED_BY } from './labels';

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The longest `metadata.name` Kubernetes accepts, or that still works, for each kind the library
 * writes (everything else: a DNS subdomain, 253).
 */
export const NAME_LIMITS: { [kind: string]: { max: number; why: string } } = {
  // The controller labels each pod with controller-revision-hash=<name>-<hash of up to 10 characters>.
  StatefulSet: { max: 52, why: 'its pods\' controller-revision-hash label (<name>-<10 characters>) must fit in 63' },
  // The controller names each Job <cronjob>-<11 characters>, and a Job's name is a label value.
  CronJob: { max: 52, why: 'its Jobs are named <name>-<11 characters>, at most 63' },
  Job: { max: 63, why: 'its pods carry it in the job-name label (at most 63 characters)' },
  Service: { max: 63, why: 'a Service name is a DNS label' },
  // cert-manager labels the Secret and requests with cert-manager.io/certificate-name=<name>.
  Certificate: { max: 63, why: 'cert-manager puts it in a label (at most 63 characters)' },
};
const SUBDOMAIN = { max: 253, why: 'a Kubernetes name is a DNS subdomain' };

/** Kinds without a namespace, among those the library writes or users commonly add. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'VolumeSnapshotClass', 'StorageClass',
  'CustomResourceDefinition', 'PersistentVolume', 'ClusterIssuer', 'PriorityClass',
]);

/** Who chose a generated name: the construct, and the prop whose value the name is built from. */
export interface NameSource {
  /** `Kind path`, as in every error message. */
  readonly where: string;
  /** The prop (or `id`, when the name defaults to the construct id). */
  readonly prop: string;
  /** The value the generated names are built from. */
  readonly value: string;
  /** How the value came about when the user did not pass it, e.g. `default "<database name>-backup"`. */
  readonly note?: string;
}

const SOURCES = Symbol.for('cdk8s-db.nameSources');
const VALIDATED = new WeakSet<IConstruct>();

/**
 * The default name of a construct: its id, which must then be a DNS label. Never derived from
 * the construct path, so that moving a construct in the tree never renames what it creates.
 */
export function nameFromId(where: string, construct: Construct, prop = 'name'): string {
  const id = construct.node.id;
  if (!DNS_LABEL.test(id)) {
    fail(where, 'id', id, `is the default ${prop}, so it must be a DNS label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit): use such an id, or pass ${prop}`);
  }
  return id;
}

/**
 * Records that the objects below `owner` (down to the next owner) take their names from
 * `source`, and makes sure the App checks every generated name at synth.
 */
export function registerNames(owner: Construct, ...sources: NameSource[]): void {
  const list: NameSource[] = (owner as any)[SOURCES] ?? [];
  list.push(...sources);
  Object.defineProperty(owner, SOURCES, { value: list, configurable: true });
  watchApp(owner);
}

/**
 * Checks the names of the objects generated so far below `owner` against the limits of their
 * kinds; throws naming the prop and value they come from and the longest value that would fit.
 */
export function checkGeneratedNames(owner: Construct): void {
  const errors = nameErrors(ownedObjects(owner), owner);
  if (errors.length) throw new Error(errors[0]);
}

/** Adds the App-wide check of names and duplicates (once per App). */
export function watchApp(scope: IConstruct): void {
  const root = scope.node.root;
  if (VALIDATED.has(root)) return;
  VALIDATED.add(root);
  root.node.addValidation({ validate: () => validateApp(root) });
}

function sourcesOf(c: IConstruct): NameSource[] | undefined {
  return (c as any)[SOURCES];
}

/** The nearest construct (itself or an ancestor) that registered name sources. */
function ownerOf(c: IConstruct): IConstruct | undefined {
  for (let x: IConstruct | undefined = c; x; x = x.node.scope) {
    if (sourcesOf(x)) return x;
  }
  return undefined;
}

/** ApiObjects below `owner` whose nearest owner is `owner`. */
function ownedObjects(owner: IConstruct): ApiObject[] {
  return owner.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && ownerOf(c) === owner);
}

function limitOf(kind: string) {
  return NAME_LIMITS[kind] ?? SUBDOMAIN;
}

function nameErrors(objects: ApiObject[], owner: IConstruct): string[] {
  const sources = sourcesOf(owner) ?? [];
  const errors: string[] = [];
  for (const obj of objects) {
    const name = obj.name;
    const limit = limitOf(obj.kind);
    if (name.length <= limit.max) continue;
    // The most specific source: the longest value the name is built from.
    const source = sources.filter(s => name.includes(s.value)).sort((a, b) => b.value.length - a.value.length)[0];
    if (!source) {
      errors.push(`${obj.kind} "${name}" (${obj.node.path}) has ${name.length} characters, more than ${limit.max}: ${limit.why}`);
      continue;
    }
    // The longest value for which every object built from it fits its kind's limit.
    const fits = Math.min(...objects.filter(o => o.name.includes(source.value))
      .map(o => limitOf(o.kind).max - (o.name.length - source.value.length)));
    errors.push(`${source.where}: invalid ${source.prop} ${JSON.stringify(source.value)}${source.note ? ` (${source.note})` : ''}: `
      + `the ${obj.kind} "${name}" built from it has ${name.length} characters, more than ${limit.max} (${limit.why}); `
      + `with these options the ${source.prop} may have at most ${Math.max(0, fits)} characters`);
  }
  return errors;
}

/** The key under which the API server stores an object: API group, kind, namespace, name. */
function objectKey(obj: ApiObject): { key: string; namespace?: string } {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const namespace = CLUSTER_SCOPED.has(obj.kind) ? undefined : (obj.metadata.namespace ?? Chart.of(obj).namespace);
  return { key: `${group}|${obj.kind}|${namespace ?? ''}|${obj.name}`, namespace };
}

/** The construct that generated an object, as in error messages (`Kind path`), else its path. */
function describe(obj: ApiObject): string {
  const owner = ownerOf(obj);
  const source = owner ? sourcesOf(owner)?.[0] : undefined;
  return source ? source.where : obj.node.path;
}

/** Every error of the App: names too long for their kind, and duplicate objects. */
export function validateApp(root: IConstruct): string[] {
  const all = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  const errors: string[] = [];
  const byOwner = new Map<IConstruct, ApiObject[]>();
  for (const obj of all) {
    const owner = ownerOf(obj);
    if (!owner) continue;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), obj]);
  }
  for (const [owner, objects] of byOwner) errors.push(...nameErrors(objects, owner));

  // Duplicates, reported once per pair of constructs with every object they both generate.
  const seen = new Map<string, ApiObject>();
  const pairs = new Map<string, { first: string; second: string; objects: string[] }>();
  for (const obj of all) {
    const { key, namespace } = objectKey(obj);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, obj);
      continue;
    }
    // Only objects the library generates are its business; identical copies (the shared scripts
    // ConfigMap of two charts in one namespace) replace nothing.
    if (!ours(obj) && !ours(first)) continue;
    if (JSON.stringify(first.toJson()) === JSON.stringify(obj.toJson())) continue;
    const a = describe(first);
    const b = describe(obj);
    const scope = CLUSTER_SCOPED.has(obj.kind) ? 'cluster-scoped'
      : namespace === undefined ? 'without a namespace (so both go to the one they are applied to)' : `in namespace "${namespace}"`;
    const pair = pairs.get(`${a}\0${b}`) ?? { first: a, second: b, objects: [] };
    pair.objects.push(`${obj.kind} "${obj.name}" ${scope}`);
    pairs.set(`${a}\0${b}`, pair);
  }
  for (const p of pairs.values()) {
    errors.push(`duplicate objects: ${p.first} and ${p.second} both generate ${p.objects.join(', ')}; `
      + 'one would silently replace the other: give one of them another name (or namespace)');
  }
  return errors;
}

/** Generated by the library: below one of its constructs, or labelled managed-by cdk8s-db. */
function ours(obj: ApiObject): boolean {
  return ownerOf(obj) !== undefined || obj.metadata.getLabel(LABEL_MANAGED_BY) === 'cdk8s-db';
}
