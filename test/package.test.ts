/**
 * The published npm package (`npm pack`, which jsii-pacmak also bundles into the Python, Java,
 * Go and .NET packages) holds only what a user needs: the compiled library with its shell
 * scripts, the jsii assembly, README, LICENSE and API.md. Needs the compiled lib/ (`npm test`
 * compiles first; alone: `npx projen compile`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

let files: string[];
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js')) || !fs.existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('lib/ is not compiled: run `npx projen compile` first');
  }
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  files = JSON.parse(out.slice(out.indexOf('[')))[0].files.map((f: { path: string }) => f.path).sort();
});

test('only the library, its scripts, the jsii assembly and the docs', () => {
  const allowed = /^(package\.json|README\.md|LICENSE|API\.md|\.jsii|lib\/.+\.(js|d\.ts|sh))$/;
  expect(files.filter(f => !allowed.test(f))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'lib/index.js', 'lib/index.d.ts']));
  // what used to ship by accident
  for (const prefix of ['cdk8s.out/', 'examples/', 'bench/', '.ci/', 'cdk8s.yaml', 'src/', 'test/', 'schemas/', 'validation/', 'scripts/', 'docs/']) {
    expect(files.filter(f => f.startsWith(prefix))).toEqual([]);
  }
});

test('every compiled file comes from a current source file (no stale output), every script ships', () => {
  const fromSrc = (f: string) => f.replace(/^lib\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts');
  const stale = files.filter(f => f.startsWith('lib/') && !fs.existsSync(path.join(ROOT, f.endsWith('.sh') ? f.replace(/^lib\//, 'src/') : fromSrc(f))));
  expect(stale).toEqual([]);
  const scripts = execFileSync('find', ['.', '-name', '*.sh'], { cwd: path.join(ROOT, 'src'), encoding: 'utf8' })
    .split('\n').filter(Boolean).map(f => `lib/${f.replace(/^\.\//, '')}`).sort();
  expect(scripts.length).toBeGreaterThan(10);
  expect(files.filter(f => f.endsWith('.sh'))).toEqual(scripts);
});
