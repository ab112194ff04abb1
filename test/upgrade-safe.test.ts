import { Chart, Testing } from 'cdk8s';
import { UPGRADES, upgradeApp, UpgradeAppOptions } from './upgrade-apps';
import { validateAll } from './validation';

function synth(stage: 0 | 1, options: UpgradeAppOptions = { restoreJobs: true }): Map<string, any> {
  const chart = new Chart(Testing.app(), 'upgrade', { namespace: 'upgrade' });
  upgradeApp(chart, stage, options);
  const docs = Testing.synth(chart);
  expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  return new Map(docs.map(d => [`${d.kind}/${d.metadata.name}`, d]));
}

/** What Kubernetes refuses to change in an existing object of each kind (1.28). */
function immutablePart(doc: any): any {
  switch (doc.kind) {
    case 'Job': return doc.spec;
    case 'StatefulSet': {
      // Only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and
      // minReadySeconds may change.
      const { replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds, ...rest } = doc.spec;
      return rest;
    }
    case 'Service': return { clusterIP: doc.spec.clusterIP, clusterIPs: doc.spec.clusterIPs, type: doc.spec.type };
    case 'PersistentVolumeClaim': return doc.spec;
    case 'ConfigMap':
    case 'Secret': return doc.immutable ? doc.data : undefined;
    default: return undefined;
  }
}

const images = (doc: any) => JSON.stringify(doc).replace(/"image":"[^"]+"/g, '"image":"<image>"');

describe(`an engine upgrade (${Object.entries(UPGRADES).map(([e, [a, b]]) => `${e} ${versionOf(a)} -> ${versionOf(b)}`).join(', ')}) changes no immutable field`, () => {
  const before = synth(0);
  const after = synth(1);

  test('the same objects before and after', () => {
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  });

  test('StatefulSet selectors and volume claim templates, the credentials Jobs: unchanged; the version label only where it may change', () => {
    const changed: string[] = [];
    for (const [key, doc] of before) {
      if (key.endsWith('-restore')) continue;
      if (JSON.stringify(immutablePart(doc)) !== JSON.stringify(immutablePart(after.get(key)))) changed.push(key);
    }
    expect(changed).toEqual([]);
    // The check can fail: the StatefulSet's pod template (mutable) does change, with the version label.
    const sts = (m: Map<string, any>) => m.get('StatefulSet/orders').spec.template.metadata.labels['app.kubernetes.io/version'];
    expect([sts(before), sts(after)]).toEqual(['15', '16']);
    const jobs = [...before.keys()].filter(k => k.startsWith('Job/') && k.endsWith('-credentials-generator'));
    expect(jobs).toHaveLength(4);
    for (const k of jobs) {
      expect(before.get(k).metadata.labels['app.kubernetes.io/version']).toBeDefined();
      expect(before.get(k).spec.template.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
      expect(JSON.stringify(before.get(k).spec.template)).not.toMatch(/app\.kubernetes\.io\/version/);
    }
  });

  test('restore Jobs: only the engine image changes (no version label), so delete a finished one before upgrading', () => {
    const restores = [...before.keys()].filter(k => k.startsWith('Job/') && k.endsWith('-restore'));
    expect(restores).toHaveLength(4);
    for (const k of restores) {
      expect(JSON.stringify(before.get(k).spec.template)).not.toMatch(/app\.kubernetes\.io\/version/);
      expect(images(before.get(k).spec)).toBe(images(after.get(k).spec));
    }
    expect(JSON.stringify(before.get('Job/orders-restore').spec)).not.toBe(JSON.stringify(after.get('Job/orders-restore').spec));
  });
});

function versionOf(v: any): string {
  return String(v.major ?? v.series);
}
