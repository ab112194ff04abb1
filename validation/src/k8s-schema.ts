/**
 * Offline schema validation of synthesized manifests.
 *
 * - Built-in kinds are checked against the OpenAPI v3 documents a Kubernetes
 *   v1.28.7 API server serves (`schemas/k8s/v1.28/served/v3/*.json`, these carry
 *   enum lists). Group/versions that have no v3 document there fall back to the
 *   served Swagger 2.0 document (`served/swagger.json`).
 * - Custom resources are checked against the CRDs in `schemas/crds/*.yaml`, and
 *   against any CRD file given to {@link registerCrdFiles}.
 *
 * Unknown fields are rejected the way `kubectl apply --validate=strict` does.
 * Schemas are transformed in memory (the vendored files are never edited),
 * loaded once per process (per Jest test file, since Jest isolates modules)
 * and compiled lazily, once per apiVersion/kind.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import {
  docId,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  joinPath,
  labelValueErrors,
  Manifest,
  pathSegmentNameErrors,
  pointerToPath,
  qualifiedNameErrors,
  show,
  splitApiVersion,
} from './util';

/**
 * The vendored schemas (see schemas/README.md): `<package>/schemas` in the published
 * package (copied there when it is packed), the repository's top-level `schemas/`
 * when running from a clone (src/ or lib/ of the `validation/` folder).
 */
function findSchemasDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'schemas'), path.resolve(__dirname, '..', '..', 'schemas')];
  const found = candidates.find(d => fs.existsSync(path.join(d, 'k8s', 'v1.28', 'served', 'swagger.json')));
  if (!found) {
    throw new Error(`cdk8s-db validation: Kubernetes 1.28 schemas not found (looked in ${candidates.join(', ')})`);
  }
  return found;
}

/** Folder of the vendored schemas: `k8s/v1.28/served/` and `crds/`. */
export const SCHEMAS_DIR = findSchemasDir();
const SERVED_DIR = path.join(SCHEMAS_DIR, 'k8s', 'v1.28', 'served');
const V3_DIR = path.join(SERVED_DIR, 'v3');
const CRD_DIR = path.join(SCHEMAS_DIR, 'crds');

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** resource.Quantity string syntax (k8s.io/apimachinery/pkg/api/resource). */
const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

// ---------------------------------------------------------------------------
// ajv instance (one per process)
// ---------------------------------------------------------------------------

/**
 * Regular expressions in CRD schemas use Go (RE2) syntax. The only construct
 * seen in the vendored CRDs that JavaScript lacks is a leading `(?i)` flag.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  let p = pattern;
  let f = flags;
  const m = /^(\^?)\(\?i\)/.exec(p);
  if (m) {
    p = m[1] + p.slice(m[0].length);
    f += 'i';
  }
  return new RegExp(p, f);
}
goRegExp.code = 'goRegExp';

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  if (ajvInstance) {
    return ajvInstance;
  }
  const a = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    logger: false, // unknown formats (e.g. `int-or-string` leftovers, `uri`) are ignored silently
    unicodeRegExp: false,
    code: { regExp: goRegExp },
  });
  a.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  a.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  a.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  a.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/);
  // `x-kubernetes-list-type: map` in CRDs: the API server rejects duplicate map keys.
  a.addKeyword({
    keyword: 'k8sListMapKeys',
    type: 'array',
    schemaType: 'array',
    errors: true,
    validate: function listMapKeys(keys: string[], data: any[]) {
      const seen = new Map<string, number>();
      const errs: Array<Partial<ErrorObject>> = [];
      data.forEach((item, i) => {
        if (!item || typeof item !== 'object') {
          return;
        }
        const key = JSON.stringify(keys.map(k => item[k]));
        const first = seen.get(key);
        if (first !== undefined) {
          errs.push({
            keyword: 'k8sListMapKeys',
            message: `duplicate entry: items [${first}] and [${i}] have the same ${keys.join('+')} (${key}) in a list of type map`,
            params: { keys },
          });
        } else {
          seen.set(key, i);
        }
      });
      (listMapKeys as any).errors = errs;
      return errs.length === 0;
    },
  });
  ajvInstance = a;
  return a;
}

// ---------------------------------------------------------------------------
// Schema transformation
// ---------------------------------------------------------------------------

type Mode = 'builtin' | 'crd';

const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_KEYS = new Set(['items', 'not', 'additionalItems']);
const SCHEMA_ARRAY_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);
/** Documentation-only keywords dropped to keep memory and compiled code small. */
const DROPPED_KEYS = new Set(['description', 'default', 'example', 'externalDocs', 'title']);

function isTypeOnly(s: any): boolean {
  return s && typeof s === 'object' && Object.keys(s).length === 1 && typeof s.type === 'string';
}

/**
 * Rewrites one OpenAPI schema node into plain JSON schema that ajv understands,
 * with Kubernetes semantics:
 * - `x-kubernetes-int-or-string` / `format: int-or-string` → integer or string;
 * - `oneOf`/`anyOf` made only of `{type}` alternatives → a type list (clearer errors);
 * - `nullable: true` → `null` is allowed;
 * - objects with `properties` and no `additionalProperties` reject unknown fields
 *   (CRDs: every `type: object` node does, because the API server prunes/rejects
 *   fields a structural schema does not declare), unless
 *   `x-kubernetes-preserve-unknown-fields: true`;
 * - `x-kubernetes-embedded-resource` allows apiVersion/kind/metadata;
 * - CRDs: `x-kubernetes-list-type: set|map` uniqueness.
 * `x-kubernetes-validations` (CEL rules) are NOT evaluated: there is no CEL
 * interpreter here, so those rules are ignored.
 * `default` is dropped: defaults are applied by the server, they never make a manifest invalid.
 */
function transform(node: any, mode: Mode): any {
  if (Array.isArray(node)) {
    return node.map(n => transform(n, mode));
  }
  if (!node || typeof node !== 'object') {
    return node;
  }
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED_KEYS.has(k) || k.startsWith('x-')) {
      continue;
    }
    if (SCHEMA_MAP_KEYS.has(k) && v && typeof v === 'object') {
      const m: any = {};
      for (const [pk, pv] of Object.entries(v as object)) {
        m[pk] = transform(pv, mode);
      }
      out[k] = m;
    } else if (SCHEMA_KEYS.has(k) || (k === 'additionalProperties' && typeof v === 'object')) {
      out[k] = transform(v, mode);
    } else if (SCHEMA_ARRAY_KEYS.has(k) && Array.isArray(v)) {
      out[k] = v.map(s => transform(s, mode));
    } else if (k === 'enum' && Array.isArray(v)) {
      // the served swagger.json repeats some enum values (e.g. externalTrafficPolicy)
      out[k] = [...new Set(v)];
    } else {
      out[k] = v;
    }
  }

  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;

  if (node['x-kubernetes-int-or-string'] === true || node.format === 'int-or-string') {
    delete out.format;
    for (const k of ['oneOf', 'anyOf']) {
      if (Array.isArray(out[k]) && out[k].every(isTypeOnly)) {
        delete out[k];
      }
    }
    out.type = ['integer', 'string'];
  }

  for (const k of ['oneOf', 'anyOf']) {
    if (out.type === undefined && Array.isArray(out[k]) && out[k].length > 0 && out[k].every(isTypeOnly)) {
      const types: string[] = out[k].map((s: any) => s.type);
      const overlapping = types.includes('integer') && types.includes('number');
      if (!overlapping) {
        out.type = types;
        delete out[k];
      }
    }
  }

  if (out.nullable !== undefined) {
    const nullable = out.nullable === true;
    delete out.nullable;
    if (nullable) {
      if (out.type !== undefined) {
        const types: string[] = Array.isArray(out.type) ? out.type : [out.type];
        out.type = types.includes('null') ? types : [...types, 'null'];
        if (Array.isArray(out.enum) && !out.enum.includes(null)) {
          out.enum = [...out.enum, null];
        }
      } else {
        return { anyOf: [{ type: 'null' }, out] };
      }
    }
  }

  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...(out.properties ?? {}),
    };
  }

  if (out.additionalProperties === undefined && !preserve) {
    if (mode === 'builtin' ? out.properties !== undefined : (out.type === 'object' || out.properties !== undefined)) {
      out.additionalProperties = false;
    }
  }

  if (mode === 'crd') {
    const listType = node['x-kubernetes-list-type'];
    if (listType === 'set') {
      out.uniqueItems = true;
    } else if (listType === 'map' && Array.isArray(node['x-kubernetes-list-map-keys'])) {
      out.k8sListMapKeys = node['x-kubernetes-list-map-keys'];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Built-in kinds
// ---------------------------------------------------------------------------

interface LoadedDocument {
  /** ajv schema id of the whole document. */
  readonly id: string;
  /** JSON pointer prefix of named schemas (`#/components/schemas/` or `#/definitions/`). */
  readonly prefix: string;
  /** `group/version/kind` → schema name. */
  readonly kinds: Map<string, string>;
}

const loadedDocuments = new Map<string, LoadedDocument | null>();
const validators = new Map<string, ValidateFunction>();

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** The served v3 document for a group/version, e.g. `apis__apps__v1_openapi.json`. */
function v3FileName(group: string, version: string): string {
  return group ? `apis__${group}__${version}_openapi.json` : `api__${version}_openapi.json`;
}

function indexKinds(schemas: Record<string, any>, preferGroup?: string, preferVersion?: string): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    for (const gvk of schema?.['x-kubernetes-group-version-kind'] ?? []) {
      const key = gvkKey(gvk.group ?? '', gvk.version, gvk.kind);
      const own = preferGroup === undefined || (gvk.group === preferGroup && gvk.version === preferVersion);
      if (!kinds.has(key) || own) {
        kinds.set(key, name);
      }
    }
  }
  return kinds;
}

/** Loads (once) and registers the served v3 document for a group/version; null when there is none. */
function loadV3(group: string, version: string): LoadedDocument | null {
  const file = v3FileName(group, version);
  if (loadedDocuments.has(file)) {
    return loadedDocuments.get(file)!;
  }
  const full = path.join(V3_DIR, file);
  if (!fs.existsSync(full)) {
    loadedDocuments.set(file, null);
    return null;
  }
  const raw = JSON.parse(fs.readFileSync(full, 'utf8'));
  const schemas: Record<string, any> = raw.components?.schemas ?? {};
  const transformed: Record<string, any> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    transformed[name] = name === QUANTITY
      ? { type: ['string', 'number'], pattern: QUANTITY_PATTERN }
      : transform(schema, 'builtin');
  }
  const id = `https://k8s-v1-28.local/served/v3/${file}`;
  ajv().addSchema({ $id: id, components: { schemas: transformed } });
  const doc: LoadedDocument = { id, prefix: '#/components/schemas/', kinds: indexKinds(schemas, group, version) };
  loadedDocuments.set(file, doc);
  return doc;
}

/** Loads (once) the served Swagger 2.0 document, used for group/versions without a v3 copy. */
function loadSwagger(): LoadedDocument | null {
  const file = 'swagger.json';
  if (loadedDocuments.has(file)) {
    return loadedDocuments.get(file)!;
  }
  const full = path.join(SERVED_DIR, file);
  if (!fs.existsSync(full)) {
    loadedDocuments.set(file, null);
    return null;
  }
  const raw = JSON.parse(fs.readFileSync(full, 'utf8'));
  const defs: Record<string, any> = raw.definitions ?? {};
  const transformed: Record<string, any> = {};
  for (const [name, schema] of Object.entries(defs)) {
    transformed[name] = name === QUANTITY
      ? { type: ['string', 'number'], pattern: QUANTITY_PATTERN }
      : transform(schema, 'builtin');
  }
  const id = 'https://k8s-v1-28.local/served/swagger.json';
  ajv().addSchema({ $id: id, definitions: transformed });
  const doc: LoadedDocument = { id, prefix: '#/definitions/', kinds: indexKinds(defs) };
  loadedDocuments.set(file, doc);
  return doc;
}

function compileNamed(doc: LoadedDocument, name: string): ValidateFunction {
  const ref = `${doc.id}${doc.prefix}${name}`;
  let v = validators.get(ref);
  if (!v) {
    v = ajv().compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

/** The validator of a built-in kind, or undefined when the API server would not know it. */
function builtinValidator(group: string, version: string, kind: string): ValidateFunction | undefined {
  const key = gvkKey(group, version, kind);
  const v3 = loadV3(group, version);
  const name3 = v3?.kinds.get(key);
  if (v3 && name3) {
    return compileNamed(v3, name3);
  }
  const swagger = loadSwagger();
  const name2 = swagger?.kinds.get(key);
  if (swagger && name2) {
    return compileNamed(swagger, name2);
  }
  return undefined;
}

function objectMetaValidator(): ValidateFunction {
  const core = loadV3('', 'v1');
  if (!core) {
    throw new Error(`cannot find ${path.join(V3_DIR, v3FileName('', 'v1'))}`);
  }
  return compileNamed(core, OBJECT_META);
}

// ---------------------------------------------------------------------------
// Custom resources
// ---------------------------------------------------------------------------

interface CrdInfo {
  readonly file: string;
  readonly crd: any;
}

/** group → CRDs of that group (files are named `<group>_<plural>.yaml`, so only matching files are parsed). */
const crdsByGroup = new Map<string, CrdInfo[]>();
let crdFileNames: string[] | undefined;
/** CRDs from files given to {@link registerCrdFiles} (the user's own custom resources). */
const extraCrds: CrdInfo[] = [];

function parseCrdFile(file: string): CrdInfo[] {
  const out: CrdInfo[] = [];
  for (const d of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const crd = d.toJS();
    if (crd?.kind === 'CustomResourceDefinition' && typeof crd.spec?.group === 'string') {
      out.push({ file, crd });
    }
  }
  return out;
}

/**
 * Adds CustomResourceDefinitions (YAML files, one or more CRDs each) that custom
 * resources are validated against, next to the vendored ones.
 */
export function registerCrdFiles(files: readonly string[]): void {
  for (const file of files) {
    const crds = parseCrdFile(file);
    if (crds.length === 0) {
      throw new Error(`${file}: no apiextensions.k8s.io CustomResourceDefinition in this file`);
    }
    extraCrds.push(...crds);
  }
  crdsByGroup.clear();
}

function crdsOfGroup(group: string): CrdInfo[] {
  const cached = crdsByGroup.get(group);
  if (cached) {
    return cached;
  }
  if (!crdFileNames) {
    crdFileNames = fs.existsSync(CRD_DIR) ? fs.readdirSync(CRD_DIR).filter(f => /\.ya?ml$/.test(f)).sort() : [];
  }
  const found: CrdInfo[] = extraCrds.filter(c => c.crd.spec.group === group);
  for (const file of crdFileNames.filter(f => f.startsWith(`${group}_`))) {
    found.push(...parseCrdFile(path.join(CRD_DIR, file)).filter(c => c.crd.spec.group === group));
  }
  crdsByGroup.set(group, found);
  return found;
}

const crdValidators = new Map<string, ValidateFunction>();

type CrdLookup =
  | { readonly validate: ValidateFunction }
  | { readonly error: string }
  | undefined;

function crdValidator(group: string, version: string, kind: string): CrdLookup {
  const crds = crdsOfGroup(group);
  if (crds.length === 0) {
    return undefined;
  }
  const match = crds.find(c => c.crd.spec?.names?.kind === kind);
  if (!match) {
    const known = crds.map(c => c.crd.spec?.names?.kind).join(', ');
    return { error: `unknown kind "${kind}" in API group "${group}" (the known CRDs define: ${known})` };
  }
  const versions: any[] = match.crd.spec.versions ?? [];
  const ver = versions.find(v => v.name === version);
  if (!ver) {
    return { error: `CRD ${match.crd.metadata?.name} (${match.file}) has no version "${version}" (versions: ${versions.map(v => v.name).join(', ')})` };
  }
  if (ver.served === false) {
    return { error: `version "${version}" of CRD ${match.crd.metadata?.name} is not served (served: false); use ${versions.filter(v => v.served !== false).map(v => `${group}/${v.name}`).join(' or ')}` };
  }
  const key = gvkKey(group, version, kind);
  let validate = crdValidators.get(key);
  if (!validate) {
    const raw = ver.schema?.openAPIV3Schema ?? match.crd.spec.validation?.openAPIV3Schema;
    if (!raw) {
      return { error: `CRD ${match.crd.metadata?.name} version ${version} has no openAPIV3Schema` };
    }
    const schema = transform(raw, 'crd');
    schema.type = 'object';
    // apiVersion/kind/metadata are always allowed at the top level of a custom resource;
    // metadata is checked separately against ObjectMeta.
    schema.properties = {
      ...(schema.properties ?? {}),
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
    };
    validate = ajv().compile(schema);
    crdValidators.set(key, validate);
  }
  return { validate };
}

// ---------------------------------------------------------------------------
// Error formatting
// ---------------------------------------------------------------------------

function formatAjvError(e: ErrorObject, prefix: string): string {
  let p = pointerToPath(e.instancePath);
  if (prefix) {
    p = p ? `${prefix}.${p}` : prefix;
  }
  const at = (x: string) => x || '(root)';
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = joinPath(p, e.params.additionalProperty);
      return `${field}: unknown field "${e.params.additionalProperty}"`;
    }
    case 'required':
      return `${joinPath(p, e.params.missingProperty)}: required field is missing`;
    case 'enum':
      return `${at(p)}: unsupported value ${show(e.data)}: must be one of ${(e.params.allowedValues as unknown[]).map(x => show(x)).join(', ')}`;
    case 'type':
      return `${at(p)}: must be ${[].concat(e.params.type).join(' or ')}, got `
        + (e.data === null ? 'null (manifests should omit unset fields)' : `${Array.isArray(e.data) ? 'array' : typeof e.data} ${show(e.data)}`);
    case 'pattern':
      if (e.params.pattern === QUANTITY_PATTERN) {
        return `${at(p)}: ${show(e.data)} is not a valid quantity (examples: 500m, 2, 1.5Gi, 512Mi, 1G)`;
      }
      return `${at(p)}: ${show(e.data)} does not match pattern ${e.params.pattern}`;
    case 'format':
      return `${at(p)}: ${show(e.data)} is not a valid ${e.params.format === 'byte' ? 'base64 string (format: byte)' : e.params.format}`;
    default:
      return `${at(p)}: ${e.message ?? e.keyword}`;
  }
}

function schemaErrors(validate: ValidateFunction, data: unknown, prefix = ''): string[] {
  if (validate(data)) {
    return [];
  }
  const out: string[] = [];
  for (const e of validate.errors ?? []) {
    // the oneOf/anyOf summary adds nothing when its branches already reported at or below the same path
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf')
      && (validate.errors ?? []).some(o => o !== e && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)))) {
      continue;
    }
    out.push(formatAjvError(e, prefix));
  }
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------
// Names, labels, annotations
// ---------------------------------------------------------------------------

function nameErrors(group: string, kind: string, name: string): string[] {
  if (group === '' && kind === 'Service') {
    return dns1035LabelErrors(name);
  }
  if (group === '' && kind === 'Namespace') {
    return dns1123LabelErrors(name);
  }
  if (group === 'apps' && kind === 'StatefulSet') {
    // Pods are named <set>-<ordinal> and used as host names (DNS label); the
    // controller-revision-hash label value is <set>-<hash> and must stay <= 63
    // characters, so names longer than 52 characters break pod creation.
    const errs = dns1123LabelErrors(name, 63);
    if (errs.length === 0 && name.length > 52) {
      errs.push(`must be no more than 52 characters (has ${name.length}): the controller-revision-hash label <name>-<hash> would exceed 63 characters`);
    }
    return errs;
  }
  if (group === 'batch' && kind === 'CronJob') {
    // ValidateCronJob: jobs are named <cronjob>-<11 char suffix> and must fit in 63 characters.
    return dns1123SubdomainErrors(name, 52);
  }
  if (group === 'batch' && kind === 'Job') {
    // the job-name pod label carries the name and must be a valid label value
    return dns1123SubdomainErrors(name, 63);
  }
  if (group === 'rbac.authorization.k8s.io') {
    return pathSegmentNameErrors(name);
  }
  return dns1123SubdomainErrors(name);
}

function checkLabelMap(labels: unknown, where: string, out: string[]): void {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) {
    return; // wrong types are reported by the schema
  }
  for (const [k, v] of Object.entries(labels)) {
    const p = joinPath(where, k);
    for (const e of qualifiedNameErrors(k)) {
      out.push(`${p}: invalid label key "${k}": ${e}`);
    }
    for (const e of labelValueErrors(v)) {
      out.push(`${p}: invalid label value ${show(v)}: ${e}`);
    }
  }
}

function checkAnnotations(annotations: unknown, where: string, out: string[]): void {
  if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) {
    return;
  }
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    size += k.length + (typeof v === 'string' ? v.length : 0);
    for (const e of qualifiedNameErrors(k)) {
      out.push(`${joinPath(where, k)}: invalid annotation key "${k}": ${e}`);
    }
  }
  if (size > 256 * 1024) {
    out.push(`${where}: total size of annotations is ${size} bytes, must be at most 262144`);
  }
}

/**
 * Checks every `metadata.labels`/`metadata.annotations` (top level, pod
 * templates, job templates, claim templates, embedded objects in CRs) and every
 * `matchLabels` selector in the document.
 */
function walkLabels(node: unknown, where: string, out: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => walkLabels(n, joinPath(where, i), out));
    return;
  }
  if (!node || typeof node !== 'object') {
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    const p = joinPath(where, k);
    if (k === 'metadata' && v && typeof v === 'object' && !Array.isArray(v)) {
      checkLabelMap((v as any).labels, joinPath(p, 'labels'), out);
      checkAnnotations((v as any).annotations, joinPath(p, 'annotations'), out);
    } else if (k === 'matchLabels') {
      checkLabelMap(v, p, out);
    } else if (typeof v === 'object') {
      walkLabels(v, p, out);
    }
  }
}

function metadataErrors(doc: Manifest, group: string, kind: string): string[] {
  const out: string[] = [];
  const md = doc.metadata;
  if (!md || typeof md !== 'object') {
    return ['metadata: required field is missing'];
  }
  if (md.name === undefined || md.name === null || md.name === '') {
    out.push('metadata.name: required field is missing (kubectl apply needs a name)');
  } else if (typeof md.name === 'string') {
    for (const e of nameErrors(group, kind, md.name)) {
      out.push(`metadata.name: invalid name ${show(md.name)}: ${e}`);
    }
  }
  if (typeof md.namespace === 'string') {
    for (const e of dns1123LabelErrors(md.namespace)) {
      out.push(`metadata.namespace: invalid namespace ${show(md.namespace)}: ${e}`);
    }
  }
  walkLabels(doc, '', out);
  // Service and ReplicationController selectors are plain label maps
  if (group === '' && (kind === 'Service' || kind === 'ReplicationController')) {
    checkLabelMap(doc.spec?.selector, 'spec.selector', out);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/** Validates one document; the messages are not yet prefixed with the document id. */
function validateOne(doc: Manifest): string[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return [`(root): a manifest must be an object, got ${show(doc)}`];
  }
  const errs: string[] = [];
  if (typeof doc.apiVersion !== 'string' || !doc.apiVersion) {
    errs.push('apiVersion: required field is missing');
  }
  if (typeof doc.kind !== 'string' || !doc.kind) {
    errs.push('kind: required field is missing');
  }
  if (errs.length > 0) {
    return errs;
  }
  const { group, version } = splitApiVersion(doc.apiVersion);
  errs.push(...metadataErrors(doc, group, doc.kind));

  const builtin = builtinValidator(group, version, doc.kind);
  if (builtin) {
    errs.push(...schemaErrors(builtin, doc));
    return errs;
  }
  const crd = crdValidator(group, version, doc.kind);
  if (crd && 'validate' in crd) {
    errs.push(...schemaErrors(crd.validate, doc));
    if (doc.metadata && typeof doc.metadata === 'object') {
      errs.push(...schemaErrors(objectMetaValidator(), doc.metadata, 'metadata'));
    }
    return errs;
  }
  if (crd && 'error' in crd) {
    errs.push(`(root): ${crd.error}`);
    return errs;
  }
  errs.push(`(root): unknown apiVersion/kind "${doc.apiVersion}" ${doc.kind}: not a built-in Kubernetes 1.28 kind and no known CRD defines it (add its CRD file to the validator's crds)`);
  return errs;
}

/**
 * Validates synthesized manifests against the Kubernetes 1.28 OpenAPI schemas
 * and the known CRDs, plus name, label and annotation syntax.
 *
 * @returns human-readable errors (`Kind/name: json.path: problem`); empty when all documents are valid
 */
export function validateManifests(docs: any[]): string[] {
  const out: string[] = [];
  docs.forEach((doc, i) => {
    const id = docId(doc, i);
    for (const e of validateOne(doc)) {
      out.push(`${id}: ${e}`);
    }
  });
  return out;
}

/** Lists the apiVersion/kind pairs the known CRDs define (served versions only). */
export function knownCustomResourceKinds(): string[] {
  const files = fs.existsSync(CRD_DIR) ? fs.readdirSync(CRD_DIR).filter(f => /\.ya?ml$/.test(f)) : [];
  const groups = [...new Set([...files.map(f => f.split('_')[0]), ...extraCrds.map(c => c.crd.spec.group as string)])];
  const out: string[] = [];
  for (const g of groups) {
    for (const { crd } of crdsOfGroup(g)) {
      for (const v of crd.spec.versions ?? []) {
        if (v.served !== false) {
          out.push(`${g}/${v.name} ${crd.spec.names.kind}`);
        }
      }
    }
  }
  return out.sort();
}
