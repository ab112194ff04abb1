import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { validateAll } from '../../validation';

const ROOT = path.resolve(__dirname, '../../..');

describe.each([
  ['examples/mysql.ts', 'mysql-shop.k8s.yaml', 'mysql:8.4.3'],
  ['examples/mariadb.ts', 'mariadb-shop.k8s.yaml', 'mariadb:11.4.4'],
])('%s', (example, output, image) => {
  test('runs standalone and writes valid manifests', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-example-'));
    try {
      const r = spawnSync('npx', ['ts-node', '--project', 'test/tsconfig.json', example], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir }, timeout: 120_000,
      });
      expect(r.status).toBe(0);
      expect(fs.readdirSync(outdir)).toEqual([output]);
      const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, output), 'utf8')).map(d => d.toJSON());
      expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
      const sts = docs.find(d => d.kind === 'StatefulSet');
      expect(sts.spec.replicas).toBe(3);
      expect(sts.spec.template.spec.containers[0].image).toBe(image);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
