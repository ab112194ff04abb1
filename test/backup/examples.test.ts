import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { validateAll } from '../validation';

const ROOT = path.join(__dirname, '..', '..');

describe.each(['backup-postgres-s3.ts', 'backup-mariadb-volume.ts'].filter(f => fs.existsSync(path.join(ROOT, 'examples', f))))('examples/%s', (file) => {
  test('synthesizes to valid manifests without secrets', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-db-backup-example-'));
    try {
      const r = spawnSync('npx', ['ts-node', '--transpile-only', '--project', 'test/tsconfig.json', `examples/${file}`], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir },
      });
      expect(r.status).toBe(0);
      const docs = fs.readdirSync(outdir).flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map(d => d.toJSON()));
      expect(docs.filter(d => d.kind === 'CronJob').length).toBeGreaterThanOrEqual(2);
      expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
      expect(JSON.stringify(docs)).not.toMatch(/"(PGPASSWORD|MYSQL_PWD|RCLONE_CONFIG_DEST_SECRET_ACCESS_KEY)","value"/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
