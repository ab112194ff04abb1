/**
 * Synthesis benchmark: N ReplicatedDatabases vs. a baseline that builds the same number of
 * plain cdk8s objects (same kinds, no library) in the same run. Each measurement runs in a
 * fresh child process so that peak memory is its own.
 *
 *   npx projen bench            (or: npx ts-node --transpile-only bench/synth.bench.ts)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

type Mode = 'library' | 'baseline';
interface Result { mode: Mode; count: number; objects: number; ms: number; peakMb: number }

function child(mode: Mode, count: number): Result {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, 'child', mode, String(count)], {
    encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'test', 'tsconfig.json') },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function runChild(mode: Mode, count: number): void {
  // Loaded before the clock starts: module loading is not synthesis.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App, Chart, Size } = require('cdk8s');
  const { k8s } = require('cdk8s-plus-28');
  const lib = require('../src');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const started = process.hrtime.bigint();
  const app = new App();
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let i = 0; i < count; i++) {
    const name = `db${i}`;
    if (mode === 'library') {
      new lib.ReplicatedDatabase(chart, name, {
        name, engine: lib.DatabaseEngine.postgres(), replicas: 3, storage: { size: Size.gibibytes(20) },
      });
    } else {
      // The same kinds and count of objects a library database produces, built by hand with
      // minimal specs: what "plain cdk8s" costs for that many objects.
      const meta = (suffix: string) => ({ metadata: { name: `${name}-${suffix}` } });
      const pod = { containers: [{ name: 'db', image: 'postgres:16' }] };
      new k8s.KubeStatefulSet(chart, `${name}-sts`, { ...meta('sts'), spec: { serviceName: `${name}-headless`, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod } } });
      for (const s of ['headless', 'rw', 'ro']) new k8s.KubeService(chart, `${name}-${s}`, { ...meta(s), spec: { selector: { app: name }, ports: [{ port: 5432 }] } });
      for (const c of ['config', 'scripts']) new k8s.KubeConfigMap(chart, `${name}-${c}`, { ...meta(c), data: { a: 'b' } });
      new k8s.KubePodDisruptionBudget(chart, `${name}-pdb`, { ...meta('pdb'), spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { app: name } } } });
      for (const r of ['sa', 'gen-sa']) new k8s.KubeServiceAccount(chart, `${name}-${r}`, meta(r));
      for (const r of ['role', 'gen-role']) new k8s.KubeRole(chart, `${name}-${r}`, { ...meta(r), rules: [] });
      for (const r of ['rb', 'gen-rb']) new k8s.KubeRoleBinding(chart, `${name}-${r}`, { ...meta(r), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: r } });
      new k8s.KubeJob(chart, `${name}-job`, { ...meta('job'), spec: { template: { spec: { ...pod, restartPolicy: 'Never' } } } });
    }
  }
  const yaml: string = app.synthYaml();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const objects = (yaml.match(/^kind: /gm) ?? []).length;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ mode, count, objects, ms, peakMb }) + '\n');
}

function main(): void {
  const counts = [1, 100, 1000];
  const rows: string[] = [
    '| databases | objects | library ms/db | baseline ms/db | time ratio | library peak MB | baseline peak MB |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const results: Result[] = [];
  for (const count of counts) {
    const lib = child('library', count);
    const base = child('baseline', count);
    results.push(lib, base);
    rows.push(`| ${count} | ${lib.objects} | ${(lib.ms / count).toFixed(2)} | ${(base.ms / count).toFixed(2)} | ${(lib.ms / base.ms).toFixed(2)} | ${lib.peakMb.toFixed(0)} | ${base.peakMb.toFixed(0)} |`);
  }
  const big = results.find(r => r.mode === 'library' && r.count === 1000)!;
  rows.push('', `1000 databases: ${(big.ms / 1000).toFixed(2)} s total, ${big.peakMb.toFixed(0)} MB peak (target: < 5 s, < 400 MB): ${big.ms < 5000 && big.peakMb < 400 ? 'met' : 'NOT met'}`);
  const report = rows.join('\n');
  console.log(report);
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'synth.md'), report + '\n');
}

if (process.argv[2] === 'child') runChild(process.argv[3] as Mode, Number(process.argv[4]));
else main();
