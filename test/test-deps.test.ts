/** scripts/test-deps.sh: the package list, and what it does when a package is missing. */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { TOOLS } from './requirements';

const SCRIPT = path.resolve(__dirname, '..', 'scripts', 'test-deps.sh');
const run = (args: string[], env: Record<string, string> = {}, asNobody = false) => {
  const argv = asNobody && process.getuid?.() === 0 ? ['runuser', ['-u', 'nobody', '--', 'sh', SCRIPT, ...args]] as const : ['sh', [SCRIPT, ...args]] as const;
  const r = spawnSync(argv[0], [...argv[1]], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('is clean under shellcheck', () => {
  const r = spawnSync('shellcheck', ['-s', 'sh', SCRIPT], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('lists every package a test tool comes from, and the Redis engine\'s', () => {
  const list = run(['--list']).out.trim().split('\n');
  for (const t of Object.values(TOOLS)) expect(list).toContain(t.pkg);
  expect(list).toEqual(expect.arrayContaining(['redis-server', 'redis-sentinel', 'prometheus-redis-exporter', 'ca-certificates']));
  expect(new Set(list).size).toBe(list.length);
});

test('a missing package: --check fails naming it and the exact command; without root it prints the command and lets the suite run', () => {
  const env = { TEST_DEPS_PACKAGES: 'dash no-such-package-cdk8sdb' };
  const check = run(['--check'], env);
  expect(check.code).toBe(1);
  expect(check.err).toContain('missing: no-such-package-cdk8sdb');
  expect(check.err).toContain('apt-get install -y --no-install-recommends no-such-package-cdk8sdb');
  const user = run([], env, true);
  expect(user.code).toBe(0);
  expect(user.err).toContain('not root, so not installing; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends no-such-package-cdk8sdb');
});

test('nothing to do when everything is installed', () => {
  const r = run([], { TEST_DEPS_PACKAGES: 'dash' });
  expect(r).toEqual({ code: 0, out: 'test-deps: all 1 packages installed\n', err: '' });
});
