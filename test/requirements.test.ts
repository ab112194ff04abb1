/**
 * What a missing tool does to a suite: it fails at once with one line naming the tool and its
 * package; outside CI a real-server suite is skipped with one line instead; in CI it fails.
 * Each case runs a small jest suite in a child jest process.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { missingMessage, missingTools, TOOLS } from './requirements';

const ROOT = path.resolve(__dirname, '..');
const GHOST = { name: 'ghost-tool', pkg: 'ghost-pkg', path: '/nonexistent/ghost-tool' };
let dir: string;

beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'requirements-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runSuite(body: string, env: Record<string, string | undefined>): { status: number | null; out: string; ms: number } {
  const file = path.join(dir, `s${fs.readdirSync(dir).length}.test.ts`);
  fs.writeFileSync(file, `import { describeWith } from ${JSON.stringify(path.join(__dirname, 'requirements'))};\n${body}\n`);
  const config = {
    rootDir: ROOT,
    testMatch: [file],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(ROOT, 'test', 'tsconfig.json') }] },
  };
  const start = Date.now();
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'jest'), ['--config', JSON.stringify(config), '--coverage=false', '--ci'], {
    cwd: ROOT, encoding: 'utf8', env: childEnv, timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, ms: Date.now() - start };
}

const SUITE = (realServer: boolean) => `
describeWith([${JSON.stringify(GHOST)}], { realServer: ${realServer} })('needs ghost', () => {
  test('would hang without the tool', () => new Promise(resolve => setTimeout(resolve, 600_000)));
});`;

test('the message names each missing tool and its package, and the command to install them', () => {
  expect(missingTools([TOOLS.dash, GHOST])).toEqual([GHOST]);
  expect(missingMessage([GHOST, { ...GHOST, name: 'other' }])).toBe(
    'missing ghost-tool (Debian package ghost-pkg), other (Debian package ghost-pkg): run scripts/test-deps.sh as root, or apt-get install -y ghost-pkg');
});

test('a missing tool fails the suite at once with one line, never a timeout', () => {
  const r = runSuite(SUITE(false), { CI: undefined });
  expect(r.status).toBe(1);
  expect(r.out).toContain('missing ghost-tool (Debian package ghost-pkg)');
  expect(r.out).toMatch(/Tests:\s+1 failed, 1 total/);
  expect(r.out).not.toContain('would hang');
});

test('outside CI a real-server suite is skipped, with one line saying why', () => {
  const r = runSuite(SUITE(true), { CI: undefined });
  expect(r.status).toBe(0);
  expect(r.out).toContain('SKIPPED "needs ghost": missing ghost-tool (Debian package ghost-pkg)');
  expect(r.out).toMatch(/Tests:\s+1 skipped, 1 total/);
});

test('in CI the same real-server suite fails instead of skipping', () => {
  const r = runSuite(SUITE(true), { CI: 'true' });
  expect(r.status).toBe(1);
  expect(r.out).toContain('missing ghost-tool (Debian package ghost-pkg)');
  expect(r.out).toMatch(/Tests:\s+1 failed, 1 total/);
});
