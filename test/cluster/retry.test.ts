/**
 * retry.sh through kube-api.sh: a script that starts before the API server is reachable (a new
 * pod's NetworkPolicy not programmed yet) waits with a bounded exponential backoff, says what it
 * waits for, succeeds once the server answers, and gives up in bounded time.
 */
import { FakeKubeApi, refusedUrl, Sandbox, sequence, SHELLS, status } from './harness';

describe.each(SHELLS)('retry.sh under $name', (shell) => {
  const sandbox = new Sandbox();
  afterAll(() => sandbox.cleanup());
  const env = (url: string, extra: Record<string, string> = {}) => ({
    KUBE_API_URL: url, NAMESPACE: 'db', ROLE_LABEL: 'db.cdk8s.io/role', POD_NAME: 'orders-1', ...extra,
  });

  test('label-pod.sh started while the API port is closed succeeds once it opens', async () => {
    const url = await refusedUrl();
    const api = new FakeKubeApi();
    api.reset(sequence({ status: 200, body: { kind: 'Pod', apiVersion: 'v1' } }));
    const running = sandbox.run(shell, 'label-pod.sh', env(url));
    await new Promise(r => setTimeout(r, 2500));
    await api.start(Number(new URL(url).port));
    try {
      const out = await running;
      expect(out.stderr).toMatch(/label-pod: waiting for the API server \(attempt 1\/30: PATCH \/api\/v1\/namespaces\/db\/pods\/orders-1 failed: no response from http:\/\/127\.0\.0\.1:\d+, curl exit code 7\); retrying in 1s/);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('labelled pod db/orders-1');
      expect(api.requests).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  test('waits double up to RETRY_MAX_DELAY and stop at RETRY_TIMEOUT', async () => {
    const started = Date.now();
    const out = await sandbox.run(shell, 'label-pod.sh', env(await refusedUrl(), { RETRY_TIMEOUT: '6', RETRY_DELAY: '1', RETRY_MAX_DELAY: '2' }));
    expect(out.code).toBe(1);
    const waits = [...out.stderr.matchAll(/retrying in (\d+)s/g)].map(m => Number(m[1]));
    expect(waits).toEqual([1, 2, 2]);
    expect(out.stderr).toContain('failed after 4 attempt(s): no response from');
    // bounded: gives up after RETRY_TIMEOUT, not after MAX_ATTEMPTS (30)
    expect(Date.now() - started).toBeLessThan(12_000);
  });

  test('a refused token (401) is not retried', async () => {
    const api = new FakeKubeApi();
    await api.start();
    api.reset(sequence(status(401, 'Unauthorized', 'Unauthorized')));
    try {
      const out = await sandbox.run(shell, 'label-pod.sh', env(api.url));
      expect(out.code).toBe(1);
      expect(api.requests).toHaveLength(1);
      expect(out.stderr).not.toContain('waiting for');
      expect(out.stderr).toContain('HTTP 401');
    } finally {
      await api.close();
    }
  });

  test('bad RETRY_TIMEOUT is refused', async () => {
    const out = await sandbox.run(shell, 'label-pod.sh', env('http://127.0.0.1:1', { RETRY_TIMEOUT: 'soon' }));
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("RETRY_TIMEOUT must be a whole number of seconds, got 'soon'");
  });
});
