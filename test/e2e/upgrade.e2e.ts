// Upgrade-safe objects on a real API server: the same apps with every engine (PostgreSQL 15 -> 16,
// MariaDB 10.11 -> 11.4, MySQL 8.0 -> 8.4, Redis 7.0 -> 7.2), applied twice before the upgrade and
// once after, with client-side and with server-side apply. Nothing that changes with the version may
// sit in an immutable field (a Job's pod template, a StatefulSet's selector or claim templates), or
// the apply fails. Pods need not start (the newer images do not exist here): the volumes ask for a
// StorageClass that does not exist, so every database pod stays Pending and the run costs no CPU.
//
// E2E_ONLY=upgrade runs only this file's tests (with the file path: npx projen test:e2e test/e2e/upgrade.e2e.ts).
import * as YAML from 'yaml';
import { apply, createNamespace, deleteNamespace, getJson, kubectl, synth, Timings } from './harness';
import { monitoringCrdFiles } from './scenarios';
import { LONGEST_NAME, upgradeApp } from '../upgrade-apps';

const only = (process.env.E2E_ONLY ?? '').split(',').map(x => x.trim()).filter(x => x);
const run = only.length === 0 || only.some(w => 'upgrade'.includes(w) || w.includes('upgrade'));
const describeUpgrade = run ? describe : describe.skip;
const timings = new Timings('upgrade');
const NO_CLASS = 'e2e-upgrade-no-such-class';

/** `kubectl diff`: 0 when the live objects are what the YAML says, 1 when they differ. */
async function diff(yaml: string, serverSide: boolean): Promise<{ code: number; output: string }> {
  const r = await kubectl(['diff', '-f', '-', ...(serverSide ? ['--server-side', '--field-manager=cdk8s-db-e2e'] : [])], { input: yaml, allowFail: true, timeoutMs: 120_000 });
  // stdout is the diff; stderr has only warnings (the test Deployment is not Pod Security restricted).
  return { code: r.code, output: r.stdout.slice(0, 4000) };
}

async function applyAll(yaml: string, serverSide: boolean) {
  return kubectl(['apply', '-f', '-', ...(serverSide ? ['--server-side', '--field-manager=cdk8s-db-e2e'] : [])], { input: yaml, timeoutMs: 180_000, allowFail: true });
}

describeUpgrade('an engine upgrade applies cleanly over the previous version\'s objects', () => {
  const namespaces: string[] = [];

  beforeAll(async () => {
    for (const f of monitoringCrdFiles()) await kubectl(['apply', '--server-side', '--force-conflicts', '-f', f]);
    await kubectl(['wait', '--for=condition=Established', 'crd/servicemonitors.monitoring.coreos.com', 'crd/prometheusrules.monitoring.coreos.com', '--timeout=60s']);
  }, 120_000);
  afterAll(async () => { for (const ns of namespaces) await deleteNamespace(ns); }, 120_000);

  for (const serverSide of [false, true]) {
    const mode = serverSide ? 'server-side apply' : 'kubectl apply';
    test(`${mode}: V1 twice (no diff), then V2 (no diff): every engine`, async () => {
      const ns = await createNamespace(serverSide ? 'upgrade-ssa' : 'upgrade-apply');
      namespaces.push(ns);
      const v1 = synth(ns, chart => upgradeApp(chart, 0, { storageClassName: NO_CLASS }));
      const v2 = synth(ns, chart => upgradeApp(chart, 1, { storageClassName: NO_CLASS }));
      const objects = YAML.parseAllDocuments(v1).length;

      const first = await timings.time(mode, `apply V1 (${objects} objects)`, () => applyAll(v1, serverSide));
      if (first.code !== 0) throw new Error(`V1 did not apply:\n${first.stderr}`);
      if (first.stderr.trim()) console.log(`apply V1 (${mode}) stderr: ${first.stderr.trim()}`);
      const again = await timings.time(mode, 'apply V1 again', () => applyAll(v1, serverSide));
      expect(again.code).toBe(0);
      expect(await diff(v1, serverSide)).toEqual({ code: 0, output: '' });

      const upgrade = await timings.time(mode, 'apply V2 (upgrade)', () => applyAll(v2, serverSide));
      if (upgrade.code !== 0) throw new Error(`the upgrade did not apply:\n${upgrade.stderr}`);
      expect(upgrade.stdout).toMatch(/statefulset\.apps\/orders (configured|serverside-applied)/);
      expect(await diff(v2, serverSide)).toEqual({ code: 0, output: '' });

      // The API server holds the new versions, and the credentials Jobs are the ones of V1 (not recreated).
      const sts = await getJson(['-n', ns, 'statefulset', 'orders']);
      expect(sts.spec.template.spec.containers[0].image).toBe('postgres:16.6-bookworm');
      expect(sts.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('16');
      const job = await getJson(['-n', ns, 'job', `${LONGEST_NAME}-credentials-generator`]);
      expect(job.metadata.name).toHaveLength(63);
      expect(job.metadata.labels['app.kubernetes.io/version']).toBe('11.4');
      expect(job.spec.template.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
    }, 600_000);
  }

  test('the check can fail: a Job whose pod template changes with the version (a restore Job\'s engine image) is refused as immutable', async () => {
    const ns = await createNamespace('upgrade-restore');
    namespaces.push(ns);
    const restoreJob = (stage: 0 | 1) => {
      const yaml = synth(ns, chart => upgradeApp(chart, stage, { storageClassName: NO_CLASS, restoreJobs: true }));
      const docs = YAML.parseAllDocuments(yaml).map(d => d.toJSON());
      return YAML.stringify(docs.find(d => d.kind === 'Job' && d.metadata.name === 'orders-restore'));
    };
    expect((await apply(restoreJob(0))).code).toBe(0);
    const r = await applyAll(restoreJob(1), false);
    console.log(`restore Job after the upgrade: exit ${r.code}: ...${r.stderr.trim().slice(-120)}`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/field is immutable/);
  }, 300_000);
});
