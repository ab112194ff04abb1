/**
 * Small helpers shared by the schema validator and the semantic checks:
 * document naming, JSON paths and the Kubernetes name/label syntax rules
 * (mirroring k8s.io/apimachinery/pkg/util/validation).
 */

/** A synthesized Kubernetes manifest (one YAML document). */
export type Manifest = any;

/** `Kind/name` for error messages; falls back to the document index when the name is missing. */
export function docId(doc: Manifest, index?: number): string {
  const kind = doc && typeof doc === 'object' && typeof doc.kind === 'string' && doc.kind ? doc.kind : '<no kind>';
  const name = doc?.metadata?.name;
  if (typeof name === 'string' && name) {
    return `${kind}/${name}`;
  }
  return `${kind}/<unnamed${index === undefined ? '' : ` document #${index}`}>`;
}

/** The namespace a document lives in ('' when the manifest does not set one). */
export function namespaceOf(doc: Manifest): string {
  const ns = doc?.metadata?.namespace;
  return typeof ns === 'string' ? ns : '';
}

/** Splits `apiVersion` into group and version (`v1` → group ''). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) {
    return { group: '', version: apiVersion };
  }
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a property or index to a dotted JSON path (`spec.ports[0]`, `metadata.labels["app.kubernetes.io/name"]`). */
export function joinPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') {
    return `${base}[${segment}]`;
  }
  if (IDENT.test(segment)) {
    return base ? `${base}.${segment}` : segment;
  }
  return `${base}[${JSON.stringify(segment)}]`;
}

/** Converts an ajv `instancePath` (JSON pointer) to a dotted path. */
export function pointerToPath(pointer: string): string {
  if (!pointer) {
    return '';
  }
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^(0|[1-9][0-9]*)$/.test(seg) ? joinPath(out, Number(seg)) : joinPath(out, seg);
  }
  return out;
}

/** Short rendering of a value for error messages. */
export function show(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value);
  } catch {
    s = String(value);
  }
  if (s === undefined) {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

// ---------------------------------------------------------------------------
// Name syntax (k8s.io/apimachinery/pkg/util/validation/validation.go)
// ---------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Problems with `value` as a DNS-1123 label (RFC 1123), empty when valid. */
export function dns1123LabelErrors(value: string, maxLength = 63): string[] {
  const errs: string[] = [];
  if (value.length > maxLength) {
    errs.push(`must be no more than ${maxLength} characters (has ${value.length})`);
  }
  if (!DNS1123_LABEL.test(value)) {
    errs.push('must be a DNS-1123 label: lowercase alphanumerics or \'-\', starting and ending with an alphanumeric');
  }
  return errs;
}

/** Problems with `value` as a DNS-1123 subdomain, empty when valid. */
export function dns1123SubdomainErrors(value: string, maxLength = 253): string[] {
  const errs: string[] = [];
  if (value.length > maxLength) {
    errs.push(`must be no more than ${maxLength} characters (has ${value.length})`);
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push('must be a DNS-1123 subdomain: lowercase alphanumerics, \'-\' or \'.\', starting and ending with an alphanumeric');
  }
  return errs;
}

/** Problems with `value` as a DNS-1035 label (RFC 1035: must start with a letter), empty when valid. */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) {
    errs.push(`must be no more than 63 characters (has ${value.length})`);
  }
  if (!DNS1035_LABEL.test(value)) {
    errs.push('must be a DNS-1035 label: lowercase alphanumerics or \'-\', starting with a letter and ending with an alphanumeric');
  }
  return errs;
}

/** Names of RBAC objects only have to be valid path segments (they may contain ':'). */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') {
    return [`may not be '${value}'`];
  }
  if (value.includes('/') || value.includes('%')) {
    return ['may not contain \'/\' or \'%\''];
  }
  return [];
}

/** Problems with a label or annotation key (`[prefix/]name`), empty when valid. */
export function qualifiedNameErrors(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (!prefix) {
      errs.push('prefix part must be non-empty');
    } else {
      errs.push(...dns1123SubdomainErrors(prefix).map(e => `prefix part ${e}`));
    }
  } else if (parts.length > 2) {
    return ['must consist of an optional DNS subdomain prefix and a name, separated by a single \'/\''];
  }
  if (!name) {
    errs.push('name part must be non-empty');
  } else {
    if (name.length > 63) {
      errs.push(`name part must be no more than 63 characters (has ${name.length})`);
    }
    if (!QUALIFIED_NAME_PART.test(name)) {
      errs.push('name part must consist of alphanumerics, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric');
    }
  }
  return errs;
}

/** Problems with a label value, empty when valid. */
export function labelValueErrors(value: unknown): string[] {
  if (typeof value !== 'string') {
    return [`must be a string, got ${show(value)}`];
  }
  const errs: string[] = [];
  if (value.length > 63) {
    errs.push(`must be no more than 63 characters (has ${value.length})`);
  }
  if (!LABEL_VALUE.test(value)) {
    errs.push('must be empty or consist of alphanumerics, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric');
  }
  return errs;
}

/**
 * Problems with a container/service port name as an IANA_SVC_NAME
 * (k8s.io/apimachinery IsValidPortName), empty when valid.
 */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) {
    errs.push(`must be no more than 15 characters (has ${name.length})`);
  }
  if (!/^[-a-z0-9]+$/.test(name)) {
    errs.push('must contain only lowercase alphanumerics (a-z, 0-9) and \'-\'');
  }
  if (!/[a-z]/.test(name)) {
    errs.push('must contain at least one letter (a-z)');
  }
  if (name.includes('--')) {
    errs.push('must not contain consecutive hyphens');
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    errs.push('must not begin or end with a hyphen');
  }
  return errs;
}
