/**
 * The validation plugin through the real `cdk8s synth` (cdk8s-cli's plugin loader): the
 * companion package is packed with `npm pack` and unpacked into an app's node_modules, as a
 * user would install it, and listed under `validations:` in the app's cdk8s.yaml.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
let tmp: string;
let packed: { files: Array<{ path: string }> };

const APP = `
import { ApiObject, App, Chart, Size } from 'cdk8s';
import { DatabaseEngine, PostgresVersion, ReplicatedDatabase } from ${JSON.stringify(path.join(ROOT, 'src'))};

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
new ReplicatedDatabase(chart, 'orders', {
  name: 'orders', engine: DatabaseEngine.postgres({ version: PostgresVersion.V16 }), replicas: 2,
  storage: { size: Size.gibibytes(1) },
});
new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } });
if (process.env.BAD === '1') {
  // a field ConfigMap does not have, a Service that selects no pod, a privileged pod
  new ApiObject(chart, 'typo', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typo' }, datta: { a: 'b' } } as any);
  new ApiObject(chart, 'lonely', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lonely' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } });
  new ApiObject(chart, 'root', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'root' },
    spec: { containers: [{ name: 'sh', image: 'busybox:1.36', securityContext: { privileged: true } }] },
  });
}
app.synth();
`;

function cdk8sYaml(extra = ''): string {
  return [
    'language: typescript',
    `app: ${path.join(BIN, 'ts-node')} --transpile-only --project ${path.join(ROOT, 'test', 'tsconfig.json')} app.ts`,
    'output: dist',
    'validations:',
    '  - package: ./node_modules/cdk8s-db-validation',
    '    version: 0.0.0',
    '    class: Cdk8sDbValidation',
    extra,
  ].join('\n');
}

function synth(env: Record<string, string> = {}): { status: number | null; out: string } {
  fs.rmSync(path.join(tmp, 'dist'), { recursive: true, force: true });
  const r = spawnSync(path.join(BIN, 'cdk8s'), ['synth'], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0', ...env },
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

beforeAll(() => {
  // Inside the repository, so that the app and the plugin resolve cdk8s, ajv and yaml from its node_modules.
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  tmp = fs.mkdtempSync(path.join(ROOT, '.tmp', 'plugin-'));
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: path.join(ROOT, 'validation'), encoding: 'utf8' });
  packed = JSON.parse(json.slice(json.indexOf('[')))[0];
  const dest = path.join(tmp, 'node_modules', 'cdk8s-db-validation');
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(tmp, (packed as any).filename), '-C', dest, '--strip-components=1']);
  fs.writeFileSync(path.join(tmp, 'app.ts'), APP);
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the packed plugin holds its compiled code, the vendored schemas and nothing else', () => {
  const files = packed.files.map(f => f.path).sort();
  expect(files).toEqual(expect.arrayContaining([
    'package.json', 'README.md', 'lib/index.js', 'lib/index.d.ts', 'lib/plugin.js', 'lib/pod-security.js', 'lib/diagram-cli.js',
    'schemas/k8s/v1.28/served/swagger.json', 'schemas/k8s/v1.28/served/v3/apis__apps__v1_openapi.json',
    'schemas/crds/monitoring.coreos.com_servicemonitors.yaml', 'schemas/README.md',
  ]));
  const unexpected = files.filter(f => !/^(package\.json|README\.md|lib\/[\w-]+\.(js|d\.ts)|schemas\/.+)$/.test(f));
  expect(unexpected).toEqual([]);
});

test('cdk8s synth passes a valid app (the library\'s output and the user\'s own objects)', () => {
  fs.writeFileSync(path.join(tmp, 'cdk8s.yaml'), cdk8sYaml());
  const r = synth();
  expect(r.out).toContain('Validations ended succesfully');
  expect(r.out).toMatch(/cdk8s-db validation: \d+ documents in 1 manifest\(s\), 0 problem\(s\)/);
  expect(r.status).toBe(0);
  expect(fs.readdirSync(path.join(tmp, 'dist'))).toContain('shop.k8s.yaml');
});

test('cdk8s synth fails with a readable report on an invalid document', () => {
  fs.writeFileSync(path.join(tmp, 'cdk8s.yaml'), cdk8sYaml());
  const r = synth({ BAD: '1' });
  expect(r.status).toBe(2);
  expect(r.out).toContain('Validation failed');
  if (process.env.SHOW_REPORT) {
    process.stdout.write(r.out);
  }
  // one violation per rule, naming the document, the JSON path and the problem
  expect(r.out).toMatch(/kubernetes-1\.28-schema \(\d+ occurrences\)/);
  expect(r.out).toMatch(/Resource Name: typo[\s\S]*> ConfigMap\/typo: datta: unknown field "datta"/);
  expect(r.out).toMatch(/cross-object-consistency \(\d+ occurrences\)[\s\S]*Resource Name: lonely/);
  expect(r.out).toMatch(/pod-security-restricted \(\d+ occurrences\)[\s\S]*Resource Name: root/);
  expect(r.out).toMatch(/spec\.containers\[0\]\.securityContext\.privileged: container "sh" must not be privileged/);
  expect(r.out).toMatch(/Manifest Path: .*shop\.k8s\.yaml/);
  // the library's own documents are not in the report
  expect(r.out).not.toMatch(/Resource Name: orders/);
});

test('the package\'s cdk8s-db-diagram command draws the synthesized app', () => {
  fs.writeFileSync(path.join(tmp, 'cdk8s.yaml'), cdk8sYaml());
  expect(synth().status).toBe(0);
  const bin = path.join(tmp, 'node_modules', 'cdk8s-db-validation', 'lib', 'diagram-cli.js');
  expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  const r = spawnSync('node', [bin, 'dist/shop.k8s.yaml', '-o', 'topology.svg'], { cwd: tmp, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const svg = fs.readFileSync(path.join(tmp, 'topology.svg'), 'utf8');
  expect(svg).toMatch(/^<\?xml/);
  expect(svg).toContain('primary: writes through orders&#45;rw');
  const bad = spawnSync('node', [bin, 'missing.yaml'], { cwd: tmp, encoding: 'utf8' });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/^cdk8s-db-diagram: ENOENT/);
});

test('properties: pod security can be turned off, and the user\'s CRDs are read', () => {
  const crd = path.join(tmp, 'widgets.yaml');
  fs.writeFileSync(crd, [
    'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata: { name: widgets.example.com }',
    'spec:', '  group: example.com', '  names: { kind: Widget, plural: widgets }', '  scope: Namespaced', '  versions:',
    '    - name: v1', '      served: true', '      storage: true',
    '      schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object, properties: { size: { type: integer } } } } } }',
  ].join('\n'));
  fs.writeFileSync(path.join(tmp, 'cdk8s.yaml'), cdk8sYaml('    properties:\n      podSecurity: false\n      crds: [widgets.yaml]'));
  const r = synth({ BAD: '1' });
  expect(r.status).toBe(2);
  expect(r.out).not.toContain('pod-security-restricted (');
  expect(r.out).toContain('kubernetes-1.28-schema (');
});
