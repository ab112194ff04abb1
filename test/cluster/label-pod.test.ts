import { FakeKubeApi, refusedUrl, Sandbox, sequence, SHELLS, status } from './harness';
import { describeWith, TOOLS } from '../requirements';

const SCRIPT = 'label-pod.sh';
const NS = 'db';
const ROLE_LABEL = 'db.cdk8s.io/role';
const podPath = (pod: string) => `/api/v1/namespaces/${NS}/pods/${pod}`;

describeWith([TOOLS.dash, TOOLS.busybox, TOOLS.curl]).each(SHELLS)('label-pod.sh under $name', (shell) => {
  const api = new FakeKubeApi();
  const sandbox = new Sandbox();

  beforeAll(async () => api.start());
  afterAll(async () => {
    await api.close();
    sandbox.cleanup();
  });

  const run = async (extra: Record<string, string>) => sandbox.run(shell, SCRIPT, {
    KUBE_API_URL: api.url,
    NAMESPACE: NS,
    ROLE_LABEL,
    MAX_ATTEMPTS: '2',
    RETRY_DELAY: '0',
    ...extra,
  });

  const ok = sequence({ status: 200, body: { kind: 'Pod', apiVersion: 'v1' } });

  test.each([
    ['orders-0', {}, 'primary'],
    ['orders-2', {}, 'replica'],
    ['orders-10', {}, 'replica'],
    ['my-db-orders-1', {}, 'replica'],
    ['orders-2', { PRIMARY_ORDINAL: '2' }, 'primary'],
    ['orders-0', { PRIMARY_ORDINAL: '2' }, 'replica'],
    ['orders-1', { PRIMARY_ORDINAL: '01' }, 'primary'],
  ])('%s with %j is labelled %s', async (pod, extra, role) => {
    api.reset(ok);
    const out = await run({ POD_NAME: pod, ...extra });

    expect(out.code).toBe(0);
    expect(api.requests).toHaveLength(1);
    const req = api.requests[0];
    expect(req.method).toBe('PATCH');
    expect(req.path).toBe(podPath(pod));
    expect(req.headers['content-type']).toBe('application/merge-patch+json');
    expect(req.headers.authorization).toBe(`Bearer ${sandbox.token}`);
    expect(JSON.parse(req.body)).toEqual({ metadata: { labels: { [ROLE_LABEL]: role } } });
    expect(out.stdout).toContain(`${ROLE_LABEL}=${role}`);
  });

  test.each(['orders', 'orders-', 'orders-x', 'orders-1a', '-', 'Orders-0'])(
    'POD_NAME %j fails clearly without any request', async (pod) => {
      api.reset(ok);
      const out = await run({ POD_NAME: pod });
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`POD_NAME '${pod}'`);
      expect(api.requests).toHaveLength(0);
    });

  test.each([
    ['POD_NAME', { POD_NAME: '' }, 'POD_NAME is required'],
    ['ROLE_LABEL', { POD_NAME: 'orders-0', ROLE_LABEL: '' }, 'ROLE_LABEL is required'],
    ['ROLE_LABEL', { POD_NAME: 'orders-0', ROLE_LABEL: 'a"b' }, "ROLE_LABEL 'a\"b' is not a valid label key"],
    ['PRIMARY_ORDINAL', { POD_NAME: 'orders-0', PRIMARY_ORDINAL: '-1' }, 'PRIMARY_ORDINAL must be a non-negative integer'],
  ])('invalid %s fails without any request', async (_what, extra, message) => {
    api.reset(ok);
    const out = await run(extra);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(message);
    expect(api.requests).toHaveLength(0);
  });

  test('500 then 200 is retried and succeeds', async () => {
    api.reset(sequence(status(500, 'InternalError', 'transient'), { status: 200, body: {} }));
    const out = await run({ POD_NAME: 'orders-1' });
    expect(out.code).toBe(0);
    expect(api.requests.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect(out.stderr).toContain('attempt 1/2: PATCH');
  });

  test.each([
    [403, 'Forbidden', 'pods "orders-1" is forbidden: User "system:serviceaccount:db:orders" cannot patch resource "pods"'],
    [404, 'NotFound', 'pods "orders-1" not found'],
  ])('HTTP %d fails at once with the status and message', async (code, reason, message) => {
    api.reset(sequence(status(code, reason, message)));
    const out = await run({ POD_NAME: 'orders-1', MAX_ATTEMPTS: '5' });
    expect(out.code).toBe(1);
    expect(api.requests).toHaveLength(1);
    expect(out.stderr).toContain(`HTTP ${code}: ${message}`);
  });

  test('persistent 503 gives up after MAX_ATTEMPTS', async () => {
    api.reset(sequence(status(503, 'ServiceUnavailable', 'down')));
    const out = await run({ POD_NAME: 'orders-1', MAX_ATTEMPTS: '3' });
    expect(out.code).toBe(1);
    expect(api.requests).toHaveLength(3);
    expect(out.stderr).toContain('failed after 3 attempt(s): HTTP 503: down');
  });

  test('connection refused: bounded retries, then exit 1', async () => {
    const out = await run({ POD_NAME: 'orders-1', KUBE_API_URL: await refusedUrl() });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('attempt 1/2');
    expect(out.stderr).toContain('failed after 2 attempt(s): no response from');
  });
});
