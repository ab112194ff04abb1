/**
 * The two halves of the role labeller of engines that fail over by themselves:
 *   role-probe.sh (engine image) runs the engine's role command and writes `<role> <time>`;
 *   role-labeller.sh (curl image) patches the pod's own label from that file, against a fake API.
 * The engines' role commands themselves run against real servers (test/real/redis.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { FakeKubeApi, Sandbox, sequence, SHELLS, status } from './harness';

const NS = 'db';
const ROLE_LABEL = 'cdk8s-db.io/role';
const POD = 'cache-1';

describe.each(SHELLS)('role-labeller.sh and role-probe.sh under $name', (shell) => {
  const api = new FakeKubeApi();
  const sandbox = new Sandbox();
  const roleFile = () => path.join(sandbox.root, 'role');
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => api.start());
  afterAll(async () => {
    await api.close();
    sandbox.cleanup();
  });

  const label = () => sandbox.run(shell, 'role-labeller.sh', {
    KUBE_API_URL: api.url, NAMESPACE: NS, POD_NAME: POD, ROLE_LABEL, ROLE_FILE: roleFile(), ROLE_ONCE: '1',
  });
  const ok = sequence({ status: 200, body: { kind: 'Pod', apiVersion: 'v1' } });
  const patched = () => {
    expect(api.requests).toHaveLength(1);
    const req = api.requests[0];
    expect(req.method).toBe('PATCH');
    expect(req.path).toBe(`/api/v1/namespaces/${NS}/pods/${POD}`);
    expect(req.headers['content-type']).toBe('application/merge-patch+json');
    expect(req.headers.authorization).toBe(`Bearer ${sandbox.token}`);
    return JSON.parse(req.body).metadata.labels[ROLE_LABEL];
  };

  test.each([
    ['primary', 'primary'],
    ['replica', 'replica'],
  ])('a fresh answer %s sets the label to %s', async (role, want) => {
    fs.writeFileSync(roleFile(), `${role} ${now()}\n`);
    api.reset(ok);
    const out = await label();
    expect([out.code, out.stderr]).toEqual([0, '']);
    expect(patched()).toBe(want);
    expect(out.stdout).toContain(`${ROLE_LABEL}=${want}`);
  });

  test.each([
    ['none', () => `none ${now()}\n`],
    ['a stale answer (the prober stopped)', () => `primary ${now() - 120}\n`],
    ['garbage', () => 'primary soon\n'],
    ['an unknown role', () => `leader ${now()}\n`],
  ])('%s removes the label', async (_what, content) => {
    fs.writeFileSync(roleFile(), content());
    api.reset(ok);
    const out = await label();
    expect(out.code).toBe(0);
    expect(patched()).toBeNull();
    expect(out.stdout).toContain(`removed ${ROLE_LABEL}`);
  });

  test('a missing file removes the label', async () => {
    fs.rmSync(roleFile(), { force: true });
    api.reset(ok);
    expect((await label()).code).toBe(0);
    expect(patched()).toBeNull();
  });

  test('an API error is reported and does not stop the loop (one attempt per round)', async () => {
    fs.writeFileSync(roleFile(), `primary ${now()}\n`);
    api.reset(sequence(status(403, 'Forbidden', 'pods "cache-1" is forbidden')));
    const out = await label();
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/PATCH .* failed: HTTP 403: pods "cache-1" is forbidden; retrying next round/);
    expect(api.requests).toHaveLength(1);
  });

  test.each([
    ['primary', 'echo primary', 'primary'],
    ['replica with logs on stderr', 'echo replica; echo detail >&2', 'replica'],
    ['a failing command', 'echo primary; exit 1', 'none'],
    ['an unknown answer', 'echo leader', 'none'],
    ['a hung command (killed after ROLE_TIMEOUT)', 'sleep 5; echo primary', 'none'],
  ])('role-probe.sh: %s -> %s', async (_what, command, want) => {
    fs.rmSync(roleFile(), { force: true });
    // The role command is the script's arguments, as in the pod.
    const r = await sandbox.runArgs(shell, 'role-probe.sh', ['sh', '-c', command], { ROLE_FILE: roleFile(), ROLE_ONCE: '1', ROLE_TIMEOUT: '1' });
    expect(r.code).toBe(0);
    const line = fs.readFileSync(roleFile(), 'utf8');
    expect(line).toMatch(new RegExp(`^${want} \\d+\\n$`));
    expect(Math.abs(Number(line.split(' ')[1]) - now())).toBeLessThan(10);
    expect(r.stderr).toContain(`role: (start) -> ${want}`);
  });
});
