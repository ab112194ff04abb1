/**
 * Synth-time validation helpers. Every error names the construct, the prop and the
 * bad value, and says what would be accepted.
 */

export function fail(where: string, prop: string, value: unknown, expected: string): never {
  throw new Error(`${where}: invalid ${prop} ${JSON.stringify(value)}: ${expected}`);
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A name usable for a Service (DNS-1035 label) of at most `maxLen` characters. */
export function checkDnsLabel(where: string, prop: string, value: string, maxLen: number): void {
  if (!DNS_LABEL.test(value) || value.length > maxLen) {
    fail(where, prop, value, `must be a DNS label of at most ${maxLen} characters: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`);
  }
}

export function checkInteger(where: string, prop: string, value: number, min: number, max?: number): void {
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
    fail(where, prop, value, `must be a whole number ${range}`);
  }
}

export function checkNumber(where: string, prop: string, value: number, min: number, exclusiveMin = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (exclusiveMin && value === min)) {
    fail(where, prop, value, `must be a number ${exclusiveMin ? '>' : '>='} ${min}`);
  }
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function checkDigest(where: string, prop: string, value: string | undefined): void {
  if (value !== undefined && !DIGEST.test(value)) {
    fail(where, prop, value, "must be an image digest of the form 'sha256:<64 hex digits>'");
  }
}

const IMAGE_REPO = /^[a-z0-9]+([._\-/:][a-z0-9]+)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Builds `repo:tag[@digest]` after validating each part. */
export function imageRef(where: string, repository: string, tag: string, digest: string | undefined): string {
  if (!IMAGE_REPO.test(repository)) fail(where, 'image', repository, 'must be an image repository such as "postgres" or "registry.example.com/mirror/postgres" (no tag)');
  if (!IMAGE_TAG.test(tag)) fail(where, 'tag', tag, 'must be an image tag');
  checkDigest(where, 'digest', digest);
  return digest ? `${repository}:${tag}@${digest}` : `${repository}:${tag}`;
}
