/**
 * Synth-time validation helpers, in one place for every construct. Every error names the
 * construct, the prop and the bad value, and says what would be accepted.
 */
import { Duration } from 'cdk8s';

/**
 * A value as a message shows it: strings quoted (JSON), numbers as JavaScript writes them
 * (`NaN`, `Infinity` and `-Infinity` too, which JSON would print as `null`), `undefined` as such.
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  try {
    const json = JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

export function fail(where: string, prop: string, value: unknown, expected: string): never {
  throw new Error(`${where}: invalid ${prop} ${formatValue(value)}: ${expected}`);
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A name usable for a Service (DNS-1035 label) of at most `maxLen` characters. */
export function checkDnsLabel(where: string, prop: string, value: string, maxLen: number): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value) || value.length > maxLen) {
    fail(where, prop, value, `must be a DNS label of at most ${maxLen} characters: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`);
  }
}

export function checkInteger(where: string, prop: string, value: number, min: number, max?: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
    fail(where, prop, value, `must be a whole number ${range}`);
  }
}

export function checkNumber(where: string, prop: string, value: number, min: number, exclusiveMin = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (exclusiveMin && value === min)) {
    fail(where, prop, value, `must be a number ${exclusiveMin ? '>' : '>='} ${min}`);
  }
}

/**
 * A cdk8s Duration as a whole number of seconds between `min` and `max`. cdk8s itself throws an
 * error naming no prop for `Duration.millis(1500).toSeconds()`; this names the prop and the value.
 */
export function durationSeconds(where: string, prop: string, d: Duration, min: number, max?: number): number {
  if (!(d instanceof Duration)) fail(where, prop, d, 'must be a Duration, e.g. Duration.seconds(30)');
  const seconds = d.toSeconds({ integral: false });
  const range = max === undefined ? `at least ${min} s` : `between ${min} s and ${max} s`;
  if (!Number.isFinite(seconds) || !Number.isInteger(seconds)) {
    fail(where, prop, d.toHumanString(), `must be a whole number of seconds (${range}); ${formatValue(seconds)} s is not`);
  }
  if (seconds < min || (max !== undefined && seconds > max)) fail(where, prop, d.toHumanString(), `must be ${range}`);
  return seconds;
}

/** A cdk8s Duration as a whole number of milliseconds between `min` and `max`. */
export function durationMillis(where: string, prop: string, d: Duration, min: number, max?: number): number {
  if (!(d instanceof Duration)) fail(where, prop, d, 'must be a Duration, e.g. Duration.seconds(5)');
  const ms = d.toMilliseconds({ integral: false });
  const range = max === undefined ? `at least ${min} ms` : `between ${min} ms and ${max} ms`;
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) fail(where, prop, d.toHumanString(), `must be a whole number of milliseconds (${range})`);
  if (ms < min || (max !== undefined && ms > max)) fail(where, prop, d.toHumanString(), `must be ${range}`);
  return ms;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function checkDigest(where: string, prop: string, value: string | undefined): void {
  if (value !== undefined && (typeof value !== 'string' || !DIGEST.test(value))) {
    fail(where, prop, value, "must be an image digest of the form 'sha256:<64 hex digits>'");
  }
}

/** One path component of a repository (lowercase, separators `.`, `_`, `__`, `-`). */
const REPO_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
/** The registry host, optionally with a port: `registry.example.com:5000`, `localhost:5000`. */
const REGISTRY_HOST = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks an image repository (no tag, no digest): `postgres`, `registry.example.com:5000/mirror/postgres`.
 * A `:` is allowed only as the registry's port (before the first `/`): `registry/postgres:15`
 * would get the version's tag appended a second time.
 */
export function checkImageRepository(where: string, prop: string, repository: string): void {
  const expected = 'must be an image repository such as "postgres" or "registry.example.com:5000/mirror/postgres", without a tag or digest (the tag comes from the version)';
  if (typeof repository !== 'string' || repository.length === 0 || repository.length > 255) fail(where, prop, repository, expected);
  const parts = repository.split('/');
  const host = parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost') ? parts.shift()! : undefined;
  if (host !== undefined && !REGISTRY_HOST.test(host)) fail(where, prop, repository, expected);
  for (const p of parts) {
    if (!REPO_COMPONENT.test(p)) {
      const hint = /[:@]/.test(p) ? ` ("${p}" carries a tag or digest: give the tag with the version, e.g. PostgresVersion.of(16, '16.6-bookworm'), and the digest with the digest prop)` : '';
      fail(where, prop, repository, expected + hint);
    }
  }
}

/** Builds `repo:tag[@digest]` after validating each part. */
export function imageRef(where: string, repository: string, tag: string, digest: string | undefined): string {
  checkImageRepository(where, 'image', repository);
  if (typeof tag !== 'string' || !IMAGE_TAG.test(tag)) fail(where, 'tag', tag, 'must be an image tag');
  checkDigest(where, 'digest', digest);
  return digest ? `${repository}:${tag}@${digest}` : `${repository}:${tag}`;
}

/**
 * The tag of an engine version must name that version: it starts with `series` followed by `.`,
 * `-` or nothing (`16`, `16.6`, `16.6-bookworm` for PostgreSQL 16). Floating tags (`latest`,
 * `bookworm`, `alpine`) and other versions' tags are refused: the configuration is rendered for
 * `series`, and a digestless floating tag is a silent major upgrade.
 */
export function checkVersionTag(where: string, product: string, series: string, tag: string): void {
  if (typeof tag !== 'string' || !IMAGE_TAG.test(tag)) fail(where, 'tag', tag, 'must be an image tag');
  const escaped = series.replace(/\./g, '\\.');
  if (!new RegExp(`^${escaped}([.-]|$)`).test(tag)) {
    const why = /^\d/.test(tag) ? 'it names another version' : 'it is a floating tag, not a version';
    fail(where, 'tag', tag, `must be a tag of the ${product} ${series} series, e.g. "${series}.1" (${why}, and the configuration is rendered for ${product} ${series})`);
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Why `key` is not a Kubernetes label (or annotation) key, or undefined when it is one. */
function labelKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'must not be empty';
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'the prefix before "/" must be a DNS subdomain (lowercase letters, digits, \'-\' and \'.\', at most 253 characters)';
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'the name must be at most 63 characters: letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** A Kubernetes label key (`[prefix/]name`). */
export function checkLabelKey(where: string, prop: string, key: string): void {
  const problem = labelKeyProblem(key);
  if (problem) fail(where, prop, key, `must be a Kubernetes label key: ${problem}`);
}

/**
 * Kubernetes label keys and values. Keys in `reserved` (exact) or under a reserved prefix
 * (ending in `/`) are refused: the library sets them itself, and its selectors depend on them.
 */
export function checkLabels(where: string, prop: string, labels: { [key: string]: string } | undefined, reserved: readonly string[] = []): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) fail(where, prop, labels, 'must be an object of label keys to values');
  for (const [k, v] of Object.entries(labels)) {
    checkLabelKey(where, `${prop} key`, k);
    const owned = reserved.find(r => (r.endsWith('/') ? k.startsWith(r) : k === r));
    if (owned) fail(where, `${prop} key`, k, `is set by cdk8s-db (${reserved.join(', ')} are the library's own labels: selectors and dashboards depend on them)`);
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      fail(where, `${prop}.${k}`, v, 'must be a Kubernetes label value: at most 63 characters, letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit (or empty)');
    }
  }
}

/** A Kubernetes Secret name: a DNS subdomain of at most 253 characters. */
export function checkSecretName(where: string, prop: string, name: string): void {
  if (typeof name !== 'string' || name.length === 0) fail(where, prop, name ?? null, 'must be the name of a Secret: it must not be empty');
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name) || name.split('.').some(l => l.length > 63)) {
    fail(where, prop, name, 'must be a Secret name: a DNS subdomain of at most 253 characters (lowercase letters, digits, \'-\' and \'.\')');
  }
}

let ZONES: Set<string> | undefined;
let ZONES_LOWER: Map<string, string> | undefined;

/**
 * An IANA time zone as Kubernetes (Go's time.LoadLocation, case-sensitive) accepts it: a name
 * from Node's own list (`Intl.supportedValuesOf('timeZone')`), `UTC` / `Etc/UTC`, or another
 * name Node's time zone data knows (an alias such as `US/Eastern`, a newer name such as
 * `Europe/Kyiv`, `Etc/GMT+5`) spelled as the database spells it (each part capitalised). Unknown
 * names and other spellings (`europe/berlin`) are refused, with the canonical name when there is one.
 */
export function checkTimeZone(where: string, prop: string, zone: string | undefined): void {
  if (zone === undefined) return;
  const expected = 'must be an IANA time zone name such as "Europe/Berlin", "America/New_York" or "UTC", spelled as the time zone database spells it (Kubernetes looks it up case-sensitively)';
  if (typeof zone !== 'string' || zone.length === 0) fail(where, prop, zone, expected);
  if (!ZONES || !ZONES_LOWER) {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    ZONES = new Set([...(intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : []), 'UTC', 'Etc/UTC']);
    ZONES_LOWER = new Map([...ZONES].map(z => [z.toLowerCase(), z]));
  }
  if (ZONES.has(zone)) return;
  let canonical: string | undefined;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    canonical = undefined;
  }
  const sameButCase = ZONES_LOWER.get(zone.toLowerCase());
  const capitalised = zone.split('/').every(part => /^[A-Z]/.test(part));
  if (canonical !== undefined && sameButCase === undefined && capitalised) return;
  const suggestion = sameButCase ?? (canonical && canonical !== zone ? canonical : undefined);
  fail(where, prop, zone, `${expected}${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
}

/** The candidate closest to `word` by edit distance (case-insensitive), when within `maxDistance`. */
export function closestName(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length];
}
