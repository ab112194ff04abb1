import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LABEL_COMPONENT, LABEL_MANAGED_BY } from './labels';

const cache = new Map<string, string>();

/**
 * Reads a shell script shipped next to the module that owns it (copied to lib/ at build
 * time). Cached: a thousand databases read each file once.
 */
export function readScript(dir: string, file: string): string {
  const full = path.join(dir, file);
  let text = cache.get(full);
  if (text === undefined) {
    text = fs.readFileSync(full, 'utf8');
    cache.set(full, text);
  }
  return text;
}

/** Reads every `*.sh` in a folder, sorted by name. */
export function readScripts(dir: string): { [file: string]: string } {
  const key = `${dir}/*`;
  let list = cache.get(key);
  if (list === undefined) {
    list = fs.readdirSync(dir).filter(f => f.endsWith('.sh')).sort().join('\n');
    cache.set(key, list);
  }
  const out: { [file: string]: string } = {};
  for (const f of list.split('\n').filter(Boolean)) out[f] = readScript(dir, f);
  return out;
}

/**
 * One ConfigMap per chart holds a given set of scripts for every database in it: the
 * scripts are the same for all of them, and a thousand databases should not carry a
 * thousand copies. The name carries a hash of the content, so a change of script gives a
 * new ConfigMap and rolls the pods that mount it; identical content gives identical
 * objects in every chart.
 *
 * `namespace`: where the pods that mount it run, when that is not the chart's own namespace
 * (e.g. a backup Job defined in another chart, placed with its database): the ConfigMap is
 * written in this chart with that namespace (one per chart and namespace).
 * @default - the chart's namespace
 */
export function sharedScripts(scope: Construct, kind: string, scripts: { [file: string]: string }, namespace?: string): string {
  const chart = Chart.of(scope);
  const hash = crypto.createHash('sha256');
  for (const file of Object.keys(scripts).sort()) hash.update(file).update('\0').update(scripts[file]).update('\0');
  const name = `cdk8s-db-${kind}-scripts-${hash.digest('hex').slice(0, 10)}`;
  const elsewhere = namespace !== undefined && namespace !== (chart.namespace || undefined);
  const id = elsewhere ? `${name}@${namespace}` : name;
  if (!chart.node.tryFindChild(id)) {
    new k8s.KubeConfigMap(chart, id, {
      metadata: { name, ...(elsewhere ? { namespace } : {}), labels: { [LABEL_MANAGED_BY]: 'cdk8s-db', [LABEL_COMPONENT]: 'scripts' } },
      data: scripts,
    });
  }
  return name;
}

/**
 * A ConfigMap of scripts with a fixed name, one per chart, updated in place: for pod templates
 * that must never change (a Job's), where a content-addressed name would make an upgrade of the
 * library or the engine an immutable-field error. Only for scripts a pod reads once at start.
 */
export function stableScripts(scope: Construct, name: string, scripts: { [file: string]: string }): string {
  const chart = Chart.of(scope);
  if (!chart.node.tryFindChild(name)) {
    new k8s.KubeConfigMap(chart, name, {
      metadata: { name, labels: { [LABEL_MANAGED_BY]: 'cdk8s-db', [LABEL_COMPONENT]: 'scripts' } },
      data: scripts,
    });
  }
  return name;
}
