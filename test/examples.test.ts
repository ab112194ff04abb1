import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { validateAll } from './validation';

const ROOT = path.resolve(__dirname, '..');

// The README's synth command, exactly: `npx cdk8s synth` (here into a temporary folder).
test('`npx cdk8s synth` writes every example app as valid manifests', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-db-examples-'));
  try {
    const r = spawnSync('npx', ['cdk8s', 'synth', '--output', outdir], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, timeout: 170_000,
    });
    expect(r.stderr + r.stdout).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const files = fs.readdirSync(outdir).sort();
    expect(files).toEqual(expect.arrayContaining(['mariadb-shop.k8s.yaml', 'mysql-shop.k8s.yaml', 'redis-shop.k8s.yaml', 'shop.k8s.yaml', 'backup-shop.k8s.yaml']));
    for (const file of files) {
      const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf8')).map(d => d.toJSON());
      expect({ file, errors: validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] }) }).toEqual({ file, errors: [] });
      expect(docs.filter(d => d.kind === 'StatefulSet').length).toBeGreaterThan(0);
      expect(docs.filter(d => d.kind === 'Secret')).toEqual([]);
      // Pod Security "restricted", as the README example promises (checked against a real API
      // server with sts-pod-check.sh -l restricted): every container of every workload.
      for (const d of docs) {
        const pod = d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.spec : ['Deployment', 'StatefulSet', 'Job'].includes(d.kind) ? d.spec.template.spec : undefined;
        if (!pod) continue;
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          const where = `${file} ${d.kind} ${d.metadata.name} container ${c.name}`;
          expect([where, c.securityContext?.capabilities?.drop]).toEqual([where, ['ALL']]);
          expect([where, c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type]).toEqual([where, 'RuntimeDefault']);
          expect([where, c.securityContext?.allowPrivilegeEscalation]).toEqual([where, false]);
          expect([where, c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot]).toEqual([where, true]);
        }
      }
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
