import * as fs from 'fs';
import * as path from 'path';
import { FakeKubeApi, Handler, RecordedRequest, refusedUrl, Reply, Sandbox, sequence, SHELLS, status } from './harness';
import { describeWith, TOOLS } from '../requirements';

const SCRIPT = 'generate-secret.sh';
const NS = 'db';
const NAME = 'orders-credentials';
const SECRET_PATH = `/api/v1/namespaces/${NS}/secrets/${NAME}`;
const SECRETS_PATH = `/api/v1/namespaces/${NS}/secrets`;
const PASSWORD_KEYS = ['password', 'replication-password'];
const LITERALS = { 'username': 'orders', 'replication-user': 'replicator', 'odd.value_1': 'a"b\\c=d' };
const LABELS = { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/managed-by': 'cdk8s-db' };
const ALL_KEYS = [...PASSWORD_KEYS, ...Object.keys(LITERALS)];

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * A Secret as the API server returns it, including decoys a naive parser would be fooled by:
 * the kubectl last-applied-configuration annotation (JSON in a string) and managedFields list
 * every key, and a label and a nested object are called "data".
 */
function existingSecret(dataKeys: string[], resourceVersion = '4711'): Reply {
  const data: Record<string, string> = {};
  for (const k of dataKeys) data[k] = b64(`value-of-${k}`);
  const everything = Object.fromEntries(ALL_KEYS.map((k) => [k, b64('x')]));
  return {
    status: 200,
    body: {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: {
        name: NAME,
        namespace: NS,
        resourceVersion,
        labels: { data: 'yes' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: everything, metadata: { name: NAME, resourceVersion: '1' } }) + '\n',
        },
        managedFields: [{
          manager: 'kubectl',
          operation: 'Update',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': Object.fromEntries([['.', {}], ...ALL_KEYS.map((k) => [`f:${k}`, {}])]) },
        }],
      },
      data,
      type: 'Opaque',
      other: { data: everything },
    },
  };
}

/** A stateful fake secret store: 404 until a POST creates the Secret, then 200 / 409. */
function secretStore(): Handler {
  let stored: Reply | undefined;
  return (req) => {
    if (req.method === 'GET' && req.path === SECRET_PATH) {
      return stored ?? status(404, 'NotFound', `secrets "${NAME}" not found`);
    }
    if (req.method === 'POST' && req.path === SECRETS_PATH) {
      if (stored) return status(409, 'AlreadyExists', `secrets "${NAME}" already exists`);
      const obj = JSON.parse(req.body);
      stored = existingSecret(Object.keys(obj.stringData));
      return { ...stored, status: 201 };
    }
    return status(405, 'MethodNotAllowed', `unexpected ${req.method} ${req.path}`);
  };
}

function postedSecret(req: RecordedRequest): any {
  expect(req.method).toBe('POST');
  expect(req.path).toBe(SECRETS_PATH);
  expect(req.headers['content-type']).toBe('application/json');
  return JSON.parse(req.body);
}

function passwordsOf(req: RecordedRequest): string[] {
  const obj = JSON.parse(req.body);
  return PASSWORD_KEYS.map((k) => obj.stringData[k]).filter((v) => v !== undefined);
}

function patchOf(req: RecordedRequest): any {
  expect(req.method).toBe('PATCH');
  expect(req.path).toBe(SECRET_PATH);
  expect(req.headers['content-type']).toBe('application/merge-patch+json');
  return JSON.parse(req.body);
}

describeWith([TOOLS.dash, TOOLS.busybox, TOOLS.curl]).each(SHELLS)('generate-secret.sh under $name', (shell) => {
  const api = new FakeKubeApi();
  const sandbox = new Sandbox();

  beforeAll(async () => api.start());
  afterAll(async () => {
    await api.close();
    sandbox.cleanup();
  });

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      KUBE_API_URL: api.url,
      SECRET_NAME: NAME,
      NAMESPACE: NS,
      SECRET_KEYS: PASSWORD_KEYS.join(' '),
      SECRET_LITERALS: Object.entries(LITERALS).map(([k, v]) => `${k}=${v}`).join(' '),
      LABELS: Object.entries(LABELS).map(([k, v]) => `${k}=${v}`).join(' '),
      MAX_ATTEMPTS: '2',
      RETRY_DELAY: '0',
      ...extra,
    };
  }

  const run = async (extra: Record<string, string> = {}, opts: { wrapCurl?: boolean } = {}) =>
    sandbox.run(shell, SCRIPT, env(extra), opts);

  /** No generated password (from any POST so far) may appear in the script's output. */
  function expectNoPasswordLeak(out: { stdout: string; stderr: string }) {
    for (const req of api.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH')) {
      for (const pw of passwordsOf(req)) {
        expect(out.stdout).not.toContain(pw);
        expect(out.stderr).not.toContain(pw);
      }
    }
  }

  const methods = () => api.requests.map((r) => `${r.method} ${r.path}`);

  test('creates the Secret when absent: Opaque, labels, random passwords, literals', async () => {
    api.reset(secretStore());
    const out = await run();

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `POST ${SECRETS_PATH}`]);
    for (const req of api.requests) {
      expect(req.headers.authorization).toBe(`Bearer ${sandbox.token}`);
    }
    const secret = postedSecret(api.requests[1]);
    expect(secret.apiVersion).toBe('v1');
    expect(secret.kind).toBe('Secret');
    expect(secret.type).toBe('Opaque');
    expect(secret.metadata).toEqual({ name: NAME, namespace: NS, labels: LABELS });
    expect(secret.data).toBeUndefined();
    expect(Object.keys(secret.stringData).sort()).toEqual([...ALL_KEYS].sort());
    for (const k of PASSWORD_KEYS) {
      expect(secret.stringData[k]).toMatch(/^[A-Za-z0-9]{32}$/);
    }
    expect(secret.stringData.password).not.toBe(secret.stringData['replication-password']);
    for (const [k, v] of Object.entries(LITERALS)) {
      expect(secret.stringData[k]).toBe(v);
    }
    expect(out.stdout).toContain(`created Secret ${NS}/${NAME}`);
    expectNoPasswordLeak(out);
  });

  test('honours PASSWORD_LENGTH and never reuses a password across runs', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      api.reset(secretStore());
      const out = await run({ PASSWORD_LENGTH: '20', SECRET_LITERALS: '', LABELS: '' });
      expect(out.code).toBe(0);
      const secret = postedSecret(api.requests[1]);
      expect(secret.metadata.labels).toEqual({});
      expect(Object.keys(secret.stringData).sort()).toEqual([...PASSWORD_KEYS].sort());
      for (const pw of passwordsOf(api.requests[1])) {
        expect(pw).toMatch(/^[A-Za-z0-9]{20}$/);
        seen.push(pw);
      }
      expectNoPasswordLeak(out);
    }
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('an existing Secret with every key is left untouched', async () => {
    api.reset(sequence(existingSecret(ALL_KEYS)));
    const out = await run();

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`]);
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${sandbox.token}`);
    expect(out.stdout).toContain('already exists');
    expect(out.stdout + out.stderr).not.toContain(b64('value-of-password'));
  });

  test('an existing Secret that lacks keys gets only those keys, guarded by its resourceVersion', async () => {
    // The decoys (annotation, managedFields, nested "data") all list every key.
    api.reset(sequence(existingSecret(['password', 'username']), { status: 200, body: { kind: 'Secret' } }));
    const out = await run({ MAX_ATTEMPTS: '3' });

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `PATCH ${SECRET_PATH}`]);
    const patch = patchOf(api.requests[1]);
    // The metadata's resourceVersion, not the annotation's copy: a concurrent change answers 409.
    expect(patch.metadata).toEqual({ resourceVersion: '4711' });
    expect(Object.keys(patch).sort()).toEqual(['metadata', 'stringData']);
    // Only the missing keys: the existing password and username are never sent, so never changed.
    expect(Object.keys(patch.stringData).sort()).toEqual(['odd.value_1', 'replication-password', 'replication-user']);
    expect(patch.stringData['replication-password']).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(patch.stringData['replication-user']).toBe('replicator');
    expect(patch.stringData['odd.value_1']).toBe('a"b\\c=d');
    expect(out.stdout).toContain('lacked key(s) replication-password replication-user odd.value_1: added them');
    expectNoPasswordLeak(out);
  });

  test('an existing Secret whose resourceVersion cannot be read fails and is never written', async () => {
    api.reset(sequence({ status: 200, body: { kind: 'Secret', apiVersion: 'v1', metadata: { name: NAME }, type: 'Opaque' } }));
    const out = await run({ SECRET_LITERALS: '' });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('lacks key(s) password replication-password and its resourceVersion cannot be read');
    expect(methods()).toEqual([`GET ${SECRET_PATH}`]);
  });

  test('a Secret changed while keys are added (409) is read again; a key added meanwhile is kept', async () => {
    api.reset(sequence(
      existingSecret(['username', 'replication-user', 'odd.value_1']),
      status(409, 'Conflict', 'the object has been modified'),
      existingSecret(['username', 'replication-user', 'odd.value_1', 'password'], '4712'),
      { status: 200, body: { kind: 'Secret' } },
    ));
    const out = await run();

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `PATCH ${SECRET_PATH}`, `GET ${SECRET_PATH}`, `PATCH ${SECRET_PATH}`]);
    expect(Object.keys(patchOf(api.requests[1]).stringData).sort()).toEqual(['password', 'replication-password']);
    const second = patchOf(api.requests[3]);
    expect(second.metadata.resourceVersion).toBe('4712');
    expect(Object.keys(second.stringData)).toEqual(['replication-password']);
    expect(out.stdout).toContain('changed while key(s) password replication-password were added; reading it again');
    expectNoPasswordLeak(out);
  });

  test('a Secret that keeps changing: gives up after PATCH_ATTEMPTS; HTTP 403 on PATCH names the permission', async () => {
    api.reset(sequence(
      existingSecret(['username']), status(409, 'Conflict', 'modified'),
      existingSecret(['username']), status(409, 'Conflict', 'modified'),
    ));
    const busy = await run({ PATCH_ATTEMPTS: '2' });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/kept changing while key\(s\) .* were added \(2 attempts\)/);
    expect(methods().filter((m) => m.startsWith('PATCH'))).toHaveLength(2);

    api.reset(sequence(existingSecret(['username']), status(403, 'Forbidden', 'cannot patch resource "secrets"')));
    const forbidden = await run();
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain(`needs patch on secret ${NAME} in namespace ${NS}`);
    expectNoPasswordLeak(forbidden);
  });

  test('409 on create (created concurrently) re-checks the Secret and succeeds', async () => {
    api.reset(sequence(
      status(404, 'NotFound', `secrets "${NAME}" not found`),
      status(409, 'AlreadyExists', `secrets "${NAME}" already exists`),
      existingSecret(ALL_KEYS),
    ));
    const out = await run();

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `POST ${SECRETS_PATH}`, `GET ${SECRET_PATH}`]);
    expect(out.stdout).toContain('created concurrently');
    expect(out.stdout).toContain('already exists');
    expectNoPasswordLeak(out);
  });

  test('409 on create and the concurrent Secret lacks a key: only that key is added', async () => {
    api.reset(sequence(
      status(404, 'NotFound', 'not found'),
      status(409, 'AlreadyExists', 'already exists'),
      existingSecret(ALL_KEYS.filter((k) => k !== 'password')),
      { status: 200, body: { kind: 'Secret' } },
    ));
    const out = await run();

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `POST ${SECRETS_PATH}`, `GET ${SECRET_PATH}`, `PATCH ${SECRET_PATH}`]);
    expect(Object.keys(patchOf(api.requests[3]).stringData)).toEqual(['password']);
    expectNoPasswordLeak(out);
  });

  test.each([
    [401, 'Unauthorized', 'Unauthorized'],
    [403, 'Forbidden', `secrets "${NAME}" is forbidden: User "system:serviceaccount:db:orders" cannot get resource "secrets"`],
  ])('HTTP %d on GET fails at once with the status and message', async (code, reason, message) => {
    api.reset(sequence(status(code, reason, message)));
    const out = await run({ MAX_ATTEMPTS: '5' });

    expect(out.code).toBe(1);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`]);
    expect(out.stderr).toContain(`HTTP ${code}: ${message}`);
  });

  test('HTTP 403 on POST fails with the status and message, without leaking the password', async () => {
    api.reset(sequence(
      status(404, 'NotFound', 'not found'),
      status(403, 'Forbidden', 'secrets is forbidden: cannot create resource "secrets"'),
    ));
    const out = await run();

    expect(out.code).toBe(1);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `POST ${SECRETS_PATH}`]);
    expect(out.stderr).toContain('HTTP 403: secrets is forbidden: cannot create resource "secrets"');
    expectNoPasswordLeak(out);
  });

  test('a non-Status error body is quoted briefly', async () => {
    api.reset(sequence({ status: 400, body: '<html>bad request from a proxy</html>' }));
    const out = await run();
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('HTTP 400: <html>bad request from a proxy</html>');
  });

  test('500 on POST is retried, then 201 succeeds', async () => {
    api.reset(sequence(
      status(404, 'NotFound', 'not found'),
      status(500, 'InternalError', 'etcdserver: request timed out'),
      { status: 201, body: { kind: 'Secret' } },
    ));
    const out = await run({ MAX_ATTEMPTS: '3' });

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `POST ${SECRETS_PATH}`, `POST ${SECRETS_PATH}`]);
    expect(out.stderr).toContain('attempt 1/3: POST');
    expect(out.stderr).toContain('HTTP 500: etcdserver: request timed out');
    // The retry sends the same Secret.
    expect(api.requests[2].body).toBe(api.requests[1].body);
    expectNoPasswordLeak(out);
  });

  test('503 and 429 on GET are retried', async () => {
    api.reset(sequence(
      status(503, 'ServiceUnavailable', 'apiserver is shutting down'),
      status(429, 'TooManyRequests', 'too many requests'),
      existingSecret(ALL_KEYS),
    ));
    const out = await run({ MAX_ATTEMPTS: '3' });

    expect(out.code).toBe(0);
    expect(methods()).toEqual([`GET ${SECRET_PATH}`, `GET ${SECRET_PATH}`, `GET ${SECRET_PATH}`]);
  });

  test('persistent 5xx gives up after MAX_ATTEMPTS', async () => {
    api.reset(sequence(status(503, 'ServiceUnavailable', 'still starting')));
    const out = await run({ MAX_ATTEMPTS: '3' });

    expect(out.code).toBe(1);
    expect(api.requests).toHaveLength(3);
    expect(out.stderr).toContain('failed after 3 attempt(s): HTTP 503: still starting');
  });

  test('connection refused: bounded retries, then exit 1', async () => {
    const started = Date.now();
    const out = await run({ KUBE_API_URL: await refusedUrl() });

    expect(out.code).toBe(1);
    expect(out.stderr).toContain('attempt 1/2');
    expect(out.stderr).toContain('failed after 2 attempt(s): no response from http://127.0.0.1:');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('RETRY_DELAY is waited between attempts', async () => {
    api.reset(sequence(status(500, 'InternalError', 'boom'), existingSecret(ALL_KEYS)));
    const started = Date.now();
    const out = await run({ RETRY_DELAY: '1' });
    expect(out.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  test('curl gets --cacert only when ca.crt exists; passwords never reach argv', async () => {
    fs.writeFileSync(sandbox.curlArgsLog, '');
    api.reset(secretStore());
    const out = await run({}, { wrapCurl: true });
    expect(out.code).toBe(0);
    const args = fs.readFileSync(sandbox.curlArgsLog, 'utf8');
    expect(args).not.toContain('--cacert');
    expect(args).toContain('--data-binary\n@-\n');
    for (const pw of passwordsOf(api.requests[1])) {
      expect(args).not.toContain(pw);
    }

    const saWithCa = path.join(sandbox.root, 'sa-with-ca');
    fs.mkdirSync(saWithCa, { recursive: true });
    fs.writeFileSync(path.join(saWithCa, 'token'), sandbox.token);
    fs.writeFileSync(path.join(saWithCa, 'ca.crt'), 'not used for http URLs\n');
    fs.writeFileSync(sandbox.curlArgsLog, '');
    api.reset(sequence(existingSecret(ALL_KEYS)));
    const out2 = await run({ SA_DIR: saWithCa }, { wrapCurl: true });
    expect(out2.code).toBe(0);
    expect(fs.readFileSync(sandbox.curlArgsLog, 'utf8')).toContain(`--cacert\n${path.join(saWithCa, 'ca.crt')}\n`);
  });

  test.each([
    ['SECRET_NAME missing', { SECRET_NAME: '' }, 'SECRET_NAME is required'],
    ['NAMESPACE missing', { NAMESPACE: '' }, 'NAMESPACE is required'],
    ['invalid key', { SECRET_KEYS: 'pass/word' }, "invalid Secret key 'pass/word'"],
    ['duplicate key', { SECRET_KEYS: 'password username' }, "Secret key 'username' is listed more than once"],
    ['no keys', { SECRET_KEYS: '', SECRET_LITERALS: '' }, 'nothing to store'],
    ['literal without =', { SECRET_LITERALS: 'username' }, "'username' is not key=value"],
    ['bad PASSWORD_LENGTH', { PASSWORD_LENGTH: '3x' }, 'PASSWORD_LENGTH must be a positive integer'],
    ['zero PASSWORD_LENGTH', { PASSWORD_LENGTH: '0' }, 'PASSWORD_LENGTH must be between 1 and 4096'],
    ['bad label', { LABELS: 'app=a"b' }, 'invalid label value'],
    ['bad MAX_ATTEMPTS', { MAX_ATTEMPTS: 'many' }, 'MAX_ATTEMPTS must be a positive integer'],
    ['missing token', { SA_DIR: '/nonexistent' }, 'token /nonexistent/token is not readable'],
  ])('invalid configuration (%s) fails before any request', async (_what, extra, message) => {
    api.reset(secretStore());
    const out = await run(extra as Record<string, string>);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(message);
    expect(api.requests).toHaveLength(0);
  });
});
