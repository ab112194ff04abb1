/**
 * Cross-object checks that a schema cannot express: Services and PDBs that
 * select nothing, ports that do not exist, PDBs that block node drains forever,
 * StatefulSets without their headless Service, dangling volume mounts and
 * ConfigMap/Secret keys, NetworkPolicies that select no pod.
 *
 * Objects are matched within one namespace; a document without
 * `metadata.namespace` is in the namespace '' (whatever kubectl's context says),
 * and only matches other documents without one.
 */
import {
  docId,
  dns1123LabelErrors,
  joinPath,
  Manifest,
  namespaceOf,
  portNameErrors,
  show,
  splitApiVersion,
} from './util';

type Labels = Record<string, string>;

/** Options of {@link checkSemantics}. */
export interface SemanticsOptions {
  /**
   * Label keys that pods get at run time from something other than their
   * controller, for example a role label (`primary`/`replica`) that each
   * database pod patches onto itself. A selector term on such a key may match
   * any pod: selection checks do not fail on it, and PDB pod counts that depend
   * on it are treated as unknown.
   *
   * Labels the built-in controllers set (`statefulset.kubernetes.io/pod-name`,
   * `apps.kubernetes.io/pod-index`, `job-name`, `pod-template-hash`, ...) are
   * modelled and need not be listed.
   *
   * @default - none
   */
  readonly runtimeLabels?: readonly string[];
}

/** One pod (or a group of identical pods) a workload creates. */
interface PodInstance {
  /** Template labels plus the labels the controller sets with a predictable value. */
  readonly labels: Labels;
  /** How many pods this entry stands for; undefined when not known from the manifest. */
  readonly count?: number;
}

/** A pod template of a workload (or a bare Pod) found in the output. */
interface PodTemplate {
  /** `Kind/name` of the owning document. */
  readonly owner: string;
  readonly doc: Manifest;
  readonly kind: string;
  readonly namespace: string;
  /** The labels of the pod template itself. */
  readonly labels: Labels;
  /** The PodSpec. */
  readonly spec: any;
  /** JSON path of the PodSpec inside the document. */
  readonly specPath: string;
  /** Desired pod count for controllers with a scale (Deployment, ReplicaSet, StatefulSet, ReplicationController). */
  readonly replicas?: number;
  /** StatefulSet volumeClaimTemplates names. */
  readonly claimTemplates: readonly string[];
  /** The pods the controller creates (StatefulSets: one entry per ordinal). */
  readonly pods: readonly PodInstance[];
  /** Label keys the controller sets with a value that is unknown at synth time (hashes, uids). */
  readonly controllerKeys: ReadonlySet<string>;
}

interface ContainerRef {
  readonly container: any;
  readonly path: string;
  /** Whether the container serves traffic (regular containers and restartable init "sidecar" containers). */
  readonly serving: boolean;
}

function groupOf(doc: Manifest): string {
  return typeof doc?.apiVersion === 'string' ? splitApiVersion(doc.apiVersion).group : '';
}

function is(doc: Manifest, group: string, kind: string): boolean {
  return !!doc && typeof doc === 'object' && doc.kind === kind && groupOf(doc) === group;
}

function asLabels(v: unknown): Labels {
  return v && typeof v === 'object' && !Array.isArray(v) ? v as Labels : {};
}

/** StatefulSets with more replicas than this are modelled with this many ordinals. */
const MAX_ORDINALS = 1000;

function podTemplateOf(doc: Manifest, index: number): PodTemplate | undefined {
  if (!doc || typeof doc !== 'object') {
    return undefined;
  }
  const group = groupOf(doc);
  const kind = doc.kind;
  const name = typeof doc.metadata?.name === 'string' ? doc.metadata.name : '';
  let template: any;
  let tplPath = 'spec.template';
  let replicas: number | undefined;
  let controllerKeys: string[] = [];
  let controllerLabels: Labels = {};
  if ((group === 'apps' && ['Deployment', 'ReplicaSet', 'StatefulSet'].includes(kind)) || (group === '' && kind === 'ReplicationController')) {
    template = doc.spec?.template;
    replicas = typeof doc.spec?.replicas === 'number' ? doc.spec.replicas : 1;
    controllerKeys = kind === 'Deployment' ? ['pod-template-hash'] : kind === 'StatefulSet' ? ['controller-revision-hash'] : [];
  } else if (group === 'apps' && kind === 'DaemonSet') {
    template = doc.spec?.template;
    controllerKeys = ['controller-revision-hash', 'pod-template-generation'];
  } else if (group === 'batch' && kind === 'Job') {
    template = doc.spec?.template;
    controllerLabels = { 'batch.kubernetes.io/job-name': name, 'job-name': name };
    controllerKeys = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
    if (doc.spec?.completionMode === 'Indexed') {
      controllerKeys.push('batch.kubernetes.io/job-completion-index');
    }
  } else if (group === 'batch' && kind === 'CronJob') {
    template = doc.spec?.jobTemplate?.spec?.template;
    tplPath = 'spec.jobTemplate.spec.template';
    controllerKeys = ['job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid'];
    if (doc.spec?.jobTemplate?.spec?.completionMode === 'Indexed') {
      controllerKeys.push('batch.kubernetes.io/job-completion-index');
    }
  } else if (group === '' && kind === 'Pod') {
    template = { metadata: doc.metadata, spec: doc.spec };
    tplPath = '';
  } else {
    return undefined;
  }
  if (!template || typeof template !== 'object') {
    return undefined;
  }
  const labels = asLabels(template.metadata?.labels);
  let pods: PodInstance[];
  if (kind === 'StatefulSet') {
    const start = typeof doc.spec?.ordinals?.start === 'number' ? doc.spec.ordinals.start : 0;
    const n = Math.min(replicas ?? 1, MAX_ORDINALS);
    pods = [];
    // a set scaled to zero still gets one (uncounted) pod so that selectors can be checked
    for (let i = 0; i < Math.max(n, 1); i++) {
      pods.push({
        labels: {
          ...labels,
          'statefulset.kubernetes.io/pod-name': `${name}-${start + i}`,
          'apps.kubernetes.io/pod-index': String(start + i),
        },
        count: n === 0 ? 0 : 1,
      });
    }
  } else {
    const count = replicas ?? (kind === 'Pod' ? 1 : undefined);
    pods = [{ labels: { ...labels, ...controllerLabels }, count }];
  }
  const claimTemplates = kind === 'StatefulSet' && Array.isArray(doc.spec?.volumeClaimTemplates)
    ? doc.spec.volumeClaimTemplates.map((t: any) => t?.metadata?.name).filter((n: unknown) => typeof n === 'string')
    : [];
  return {
    owner: docId(doc, index),
    doc,
    kind,
    namespace: namespaceOf(doc),
    labels,
    spec: template.spec && typeof template.spec === 'object' ? template.spec : {},
    specPath: tplPath ? `${tplPath}.spec` : 'spec',
    replicas,
    claimTemplates,
    pods,
    controllerKeys: new Set(controllerKeys),
  };
}

function containersOf(t: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = t.spec[field];
    if (!Array.isArray(list)) {
      continue;
    }
    list.forEach((c: any, i: number) => {
      if (c && typeof c === 'object') {
        out.push({
          container: c,
          path: joinPath(joinPath(t.specPath, field), i),
          serving: field === 'containers' || (field === 'initContainers' && c.restartPolicy === 'Always'),
        });
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Selectors
// ---------------------------------------------------------------------------

/** Whether a selector selects a pod: 'maybe' when it depends on a label whose value is only known at run time. */
type Match = 'yes' | 'maybe' | 'no';

class Selection {
  private readonly runtime: ReadonlySet<string>;

  constructor(runtimeLabels: readonly string[]) {
    this.runtime = new Set(runtimeLabels);
  }

  /** Evaluates a metav1.LabelSelector; an empty selector selects everything, an absent one nothing. */
  public pod(selector: any, pod: PodInstance, t: PodTemplate): Match {
    if (!selector || typeof selector !== 'object') {
      return 'no';
    }
    const results: Match[] = [];
    for (const [k, v] of Object.entries(asLabels(selector.matchLabels))) {
      results.push(this.term(k, pod, t, (has, value) => has && value === v, 'known'));
    }
    for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
      const values: unknown[] = Array.isArray(e?.values) ? e.values : [];
      switch (e?.operator) {
        case 'In':
          results.push(this.term(e.key, pod, t, (has, value) => has && values.includes(value), 'known'));
          break;
        case 'NotIn':
          results.push(this.term(e.key, pod, t, (has, value) => !has || !values.includes(value), 'maybe'));
          break;
        case 'Exists':
          results.push(this.term(e.key, pod, t, has => has, 'yes'));
          break;
        case 'DoesNotExist':
          results.push(this.term(e.key, pod, t, has => !has, 'no'));
          break;
        default:
          results.push('no');
      }
    }
    if (results.includes('no')) {
      return 'no';
    }
    return results.includes('maybe') ? 'maybe' : 'yes';
  }

  /** Selection of a whole workload. */
  public template(selector: any, t: PodTemplate): { readonly any: boolean; readonly all: boolean; readonly count?: number } {
    const results = t.pods.map(p => this.pod(selector, p, t));
    const any = results.some(r => r !== 'no');
    const all = results.every(r => r !== 'no');
    let count: number | undefined = 0;
    results.forEach((r, i) => {
      if (count === undefined || r === 'no') {
        return;
      }
      const c = t.pods[i].count;
      count = r === 'maybe' || c === undefined ? undefined : count + c;
    });
    return { any, all, count };
  }

  /** Label keys in a selector that no pod template in the namespace can carry (a hint for typos or runtime labels). */
  public unknownKeys(selector: any, templates: readonly PodTemplate[]): string[] {
    const keys = new Set<string>();
    for (const t of templates) {
      t.pods.forEach(p => Object.keys(p.labels).forEach(k => keys.add(k)));
      t.controllerKeys.forEach(k => keys.add(k));
    }
    const used = [
      ...Object.keys(asLabels(selector?.matchLabels)),
      ...(Array.isArray(selector?.matchExpressions) ? selector.matchExpressions.map((e: any) => e?.key) : []),
    ];
    return used.filter(k => typeof k === 'string' && !keys.has(k) && !this.runtime.has(k));
  }

  /**
   * One selector term. `test` sees the known label; runtime labels may have any
   * value (or none); controller keys exist with an unknown value, for which
   * `whenUnknownValue` is the answer.
   */
  private term(key: string, pod: PodInstance, t: PodTemplate, test: (has: boolean, value?: string) => boolean, whenUnknownValue: 'known' | Match): Match {
    if (this.runtime.has(key)) {
      return 'maybe';
    }
    if (Object.prototype.hasOwnProperty.call(pod.labels, key)) {
      return test(true, pod.labels[key]) ? 'yes' : 'no';
    }
    if (t.controllerKeys.has(key)) {
      return whenUnknownValue === 'known' ? 'maybe' : whenUnknownValue;
    }
    return test(false) ? 'yes' : 'no';
  }
}

/** Whether a metav1.LabelSelector selects a plain label set (no controller or runtime labels). */
function labelSelectorSelects(selector: any, labels: Labels): boolean {
  const t = { pods: [{ labels }], controllerKeys: new Set<string>() } as unknown as PodTemplate;
  return new Selection([]).pod(selector, t.pods[0], t) === 'yes';
}

function mapSelects(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function isEmptySelector(selector: any): boolean {
  return !!selector && typeof selector === 'object'
    && Object.keys(asLabels(selector.matchLabels)).length === 0
    && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
}

function showMap(m: Labels): string {
  return `{${Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

function showSelector(selector: any): string {
  if (!selector || typeof selector !== 'object') {
    return String(selector);
  }
  const parts = Object.entries(asLabels(selector.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    parts.push(`${e?.key} ${e?.operator}${Array.isArray(e?.values) ? ` (${e.values.join(', ')})` : ''}`);
  }
  return `{${parts.join(', ')}}`;
}

/** Explains a selector that selects nothing: the candidates, and keys no pod carries. */
function whyNothing(selector: any, templates: readonly PodTemplate[], namespace: string, sel: Selection): string {
  const inNs = templates.filter(t => t.namespace === namespace);
  let s = inNs.length === 0
    ? 'there is no pod template in this namespace'
    : `pod templates in this namespace: ${inNs.map(t => `${t.owner} ${showMap(t.labels)}`).join('; ')}`;
  const unknown = sel.unknownKeys(selector, inNs);
  if (unknown.length > 0) {
    s += `; no pod carries the label key(s) ${unknown.join(', ')}: a typo, or, if pods get them at run time, pass { runtimeLabels: [${unknown.map(k => `'${k}'`).join(', ')}] }`;
  }
  return s;
}

// ---------------------------------------------------------------------------
// Individual checks
// ---------------------------------------------------------------------------

function protocolOf(p: any): string {
  return typeof p?.protocol === 'string' ? p.protocol : 'TCP';
}

function checkServices(docs: readonly Manifest[], templates: readonly PodTemplate[], sel: Selection, out: string[]): void {
  docs.forEach((svc, index) => {
    if (!is(svc, '', 'Service')) {
      return;
    }
    const id = docId(svc, index);
    const ns = namespaceOf(svc);
    const ports: any[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];

    // port names: DNS-1123 labels, unique, required when there is more than one port
    const seenNames = new Map<string, number>();
    const seenPorts = new Map<string, number>();
    ports.forEach((p, i) => {
      const where = `spec.ports[${i}]`;
      if (typeof p?.name === 'string' && p.name) {
        for (const e of dns1123LabelErrors(p.name)) {
          out.push(`${id}: ${where}.name: invalid port name ${show(p.name)}: ${e}`);
        }
        if (seenNames.has(p.name)) {
          out.push(`${id}: ${where}.name: duplicate port name "${p.name}" (also spec.ports[${seenNames.get(p.name)}])`);
        } else {
          seenNames.set(p.name, i);
        }
      } else if (ports.length > 1) {
        out.push(`${id}: ${where}.name: required when a Service has more than one port`);
      }
      const key = `${p?.port}/${protocolOf(p)}`;
      if (seenPorts.has(key)) {
        out.push(`${id}: ${where}: duplicate port ${key} (also spec.ports[${seenPorts.get(key)}])`);
      } else {
        seenPorts.set(key, i);
      }
    });

    if (svc.spec?.type === 'ExternalName') {
      return;
    }
    const selector = asLabels(svc.spec?.selector);
    if (Object.keys(selector).length === 0) {
      return; // endpoints are managed by hand
    }
    const asSelector = { matchLabels: selector };
    const selected = templates.filter(t => t.namespace === ns && sel.template(asSelector, t).any);
    if (selected.length === 0) {
      out.push(`${id}: spec.selector ${showMap(selector)} selects no pod template in namespace "${ns}" (${whyNothing(asSelector, templates, ns, sel)})`);
      return;
    }
    ports.forEach((p, i) => {
      if (!p || typeof p !== 'object') {
        return;
      }
      const explicit = p.targetPort !== undefined && p.targetPort !== null;
      const target = explicit ? p.targetPort : p.port;
      const where = `spec.ports[${i}].targetPort`;
      const proto = protocolOf(p);
      if (typeof target === 'string') {
        for (const e of portNameErrors(target)) {
          out.push(`${id}: ${where}: ${show(target)} is not a valid port name: ${e}`);
        }
        for (const t of selected) {
          const names = containersOf(t).filter(c => c.serving)
            .flatMap(c => (Array.isArray(c.container.ports) ? c.container.ports : []))
            .filter((cp: any) => typeof cp?.name === 'string');
          const found = names.find((cp: any) => cp.name === target);
          if (!found) {
            out.push(`${id}: ${where} "${target}" does not name a container port of selected ${t.owner} `
              + `(named ports: ${names.map((cp: any) => cp.name).join(', ') || 'none'})`);
          } else if (protocolOf(found) !== proto) {
            out.push(`${id}: ${where} "${target}" is ${proto} but the container port of ${t.owner} is ${protocolOf(found)}`);
          }
        }
      } else if (typeof target === 'number') {
        for (const t of selected) {
          const numbers = containersOf(t).filter(c => c.serving)
            .flatMap(c => (Array.isArray(c.container.ports) ? c.container.ports : []));
          if (!numbers.some((cp: any) => cp?.containerPort === target && protocolOf(cp) === proto)) {
            out.push(`${id}: ${where} ${target}${explicit ? '' : ' (defaulted from port)'} is not a ${proto} containerPort of selected ${t.owner} `
              + `(container ports: ${numbers.map((cp: any) => `${cp?.containerPort}/${protocolOf(cp)}`).join(', ') || 'none'})`);
          }
        }
      }
    });
  });
}

/** Scaled value of an int-or-percent, rounded up like the disruption controller. */
function scaled(value: unknown, total: number): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string') {
    const m = /^([0-9]+)%$/.exec(value);
    if (m) {
      return Math.ceil((Number(m[1]) * total) / 100);
    }
  }
  return undefined;
}

function checkPodDisruptionBudgets(docs: readonly Manifest[], templates: readonly PodTemplate[], sel: Selection, out: string[]): void {
  /** pod (owner + index) → the PDBs that surely select it */
  const coveredBy = new Map<string, { t: PodTemplate; pod: number; pdbs: string[] }>();
  docs.forEach((pdb, index) => {
    if (!is(pdb, 'policy', 'PodDisruptionBudget')) {
      return;
    }
    const id = docId(pdb, index);
    const ns = namespaceOf(pdb);
    const spec = pdb.spec ?? {};
    const { minAvailable, maxUnavailable } = spec;
    const hasMin = minAvailable !== undefined && minAvailable !== null;
    const hasMax = maxUnavailable !== undefined && maxUnavailable !== null;
    if (hasMin && hasMax) {
      out.push(`${id}: spec: minAvailable and maxUnavailable are mutually exclusive`);
    }
    for (const [field, v] of [['minAvailable', minAvailable], ['maxUnavailable', maxUnavailable]] as const) {
      if (typeof v === 'string' && !/^[0-9]+%$/.test(v)) {
        out.push(`${id}: spec.${field}: ${show(v)} must be an integer or a percentage like "50%"`);
      }
    }
    if (!spec.selector) {
      out.push(`${id}: spec.selector is missing: a policy/v1 PodDisruptionBudget without a selector selects no pods`);
      return;
    }
    const matched = templates
      .filter(t => t.namespace === ns)
      .map(t => ({ t, r: sel.template(spec.selector, t) }))
      .filter(x => x.r.any);
    if (matched.length === 0) {
      out.push(`${id}: spec.selector ${showSelector(spec.selector)} matches no pod template in namespace "${ns}" (${whyNothing(spec.selector, templates, ns, sel)})`);
      return;
    }
    for (const { t } of matched) {
      t.pods.forEach((p, i) => {
        if (sel.pod(spec.selector, p, t) === 'yes') {
          const key = `${t.owner}#${i}`;
          const entry = coveredBy.get(key) ?? { t, pod: i, pdbs: [] };
          entry.pdbs.push(id);
          coveredBy.set(key, entry);
        }
      });
    }
    const owners = matched.map(x => x.t.owner).join(', ');
    if (maxUnavailable === 0 || maxUnavailable === '0%') {
      out.push(`${id}: spec.maxUnavailable is ${show(maxUnavailable)}: no pod of ${owners} could ever be evicted, node drains would block forever`);
      return;
    }

    // The disruption controller needs desiredHealthy < healthy pods to allow an eviction.
    // Integer minAvailable counts the selected pods; percentages and maxUnavailable
    // scale with the replica count of the controllers owning the selected pods.
    const podsKnown = matched.every(x => x.r.count !== undefined);
    const selectedPods = matched.reduce((n, x) => n + (x.r.count ?? 0), 0);
    const scaleKnown = matched.every(x => x.t.replicas !== undefined);
    const scale = matched.reduce((n, x) => n + (x.t.replicas ?? 0), 0);
    let desired: number | undefined;
    let field = '';
    let value: unknown;
    if (hasMin) {
      field = 'minAvailable';
      value = minAvailable;
      desired = typeof minAvailable === 'number' ? minAvailable : scaleKnown ? scaled(minAvailable, scale) : undefined;
    } else if (hasMax && scaleKnown) {
      field = 'maxUnavailable';
      value = maxUnavailable;
      const max = scaled(maxUnavailable, scale);
      desired = max === undefined ? undefined : Math.max(scale - max, 0);
    }
    if (desired === undefined || !podsKnown || selectedPods === 0 || desired < selectedPods) {
      return;
    }
    const replicas = matched.map(x => `${x.t.owner}${x.t.replicas === undefined ? '' : ` with ${x.t.replicas} replica${x.t.replicas === 1 ? '' : 's'}`}`).join(', ');
    out.push(`${id}: spec.${field} ${show(value)} requires ${desired} healthy pod${desired === 1 ? '' : 's'} but the selector matches `
      + `${selectedPods} pod${selectedPods === 1 ? '' : 's'} (${replicas}): no pod could ever be evicted, node drains would block forever`);
  });

  const perOwner = new Map<PodTemplate, { pods: string[]; pdbs: Set<string> }>();
  for (const { t, pod, pdbs } of coveredBy.values()) {
    if (pdbs.length > 1) {
      const entry = perOwner.get(t) ?? { pods: [], pdbs: new Set<string>() };
      entry.pods.push(t.pods[pod].labels['statefulset.kubernetes.io/pod-name'] ?? '');
      pdbs.forEach(x => entry.pdbs.add(x));
      perOwner.set(t, entry);
    }
  }
  for (const [t, { pods, pdbs }] of perOwner) {
    const which = pods.filter(x => x).length > 0 ? `pods ${pods.join(', ')} are` : 'its pods are';
    out.push(`${t.owner}: ${which} selected by more than one PodDisruptionBudget (${[...pdbs].join(', ')}): the eviction API refuses to evict them`);
  }
}

function checkPodSpecs(templates: readonly PodTemplate[], out: string[]): void {
  for (const t of templates) {
    const containers = containersOf(t);
    const containerNames = new Map<string, string>();
    const portNames = new Map<string, string>();
    for (const { container, path } of containers) {
      if (typeof container.name === 'string') {
        for (const e of dns1123LabelErrors(container.name)) {
          out.push(`${t.owner}: ${path}.name: invalid container name ${show(container.name)}: ${e}`);
        }
        const prev = containerNames.get(container.name);
        if (prev) {
          out.push(`${t.owner}: ${path}.name: duplicate container name "${container.name}" (also ${prev})`);
        } else {
          containerNames.set(container.name, path);
        }
      }
      const ports: any[] = Array.isArray(container.ports) ? container.ports : [];
      ports.forEach((p, i) => {
        if (typeof p?.name !== 'string') {
          return;
        }
        const where = `${path}.ports[${i}].name`;
        for (const e of portNameErrors(p.name)) {
          out.push(`${t.owner}: ${where}: invalid port name ${show(p.name)} (IANA_SVC_NAME): ${e}`);
        }
        const prev = portNames.get(p.name);
        if (prev) {
          out.push(`${t.owner}: ${where}: duplicate port name "${p.name}" in the pod (also ${prev})`);
        } else {
          portNames.set(p.name, where);
        }
      });
    }
  }
}

function checkWorkloadSelectors(templates: readonly PodTemplate[], out: string[]): void {
  for (const t of templates) {
    const d = t.doc;
    if (groupOf(d) === 'apps' && ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(t.kind)) {
      const sel = d.spec?.selector;
      if (!sel || isEmptySelector(sel)) {
        out.push(`${t.owner}: spec.selector must not be empty`);
      } else if (!labelSelectorSelects(sel, t.labels)) {
        out.push(`${t.owner}: spec.selector ${showSelector(sel)} does not match the template labels ${showMap(t.labels)}`);
      }
    } else if (t.kind === 'ReplicationController') {
      const sel = asLabels(d.spec?.selector);
      if (Object.keys(sel).length > 0 && !mapSelects(sel, t.labels)) {
        out.push(`${t.owner}: spec.selector ${showMap(sel)} does not match the template labels ${showMap(t.labels)}`);
      }
    } else if (t.kind === 'Job' && d.spec?.manualSelector === true && d.spec?.selector && !labelSelectorSelects(d.spec.selector, t.labels)) {
      out.push(`${t.owner}: spec.selector ${showSelector(d.spec.selector)} does not match the template labels ${showMap(t.labels)}`);
    }
  }
}

function checkStatefulSets(docs: readonly Manifest[], templates: readonly PodTemplate[], sel: Selection, out: string[]): void {
  for (const t of templates) {
    if (t.kind !== 'StatefulSet') {
      continue;
    }
    const serviceName = t.doc.spec?.serviceName;
    if (typeof serviceName !== 'string' || !serviceName) {
      out.push(`${t.owner}: spec.serviceName is empty: a StatefulSet needs a governing headless Service for stable pod DNS names`);
      continue;
    }
    const svc = docs.find(d => is(d, '', 'Service') && d.metadata?.name === serviceName && namespaceOf(d) === t.namespace);
    if (!svc) {
      out.push(`${t.owner}: spec.serviceName "${serviceName}" names no Service in the output (namespace "${t.namespace}")`);
      continue;
    }
    if (svc.spec?.clusterIP !== 'None') {
      out.push(`${t.owner}: spec.serviceName "${serviceName}" is not a headless Service (clusterIP is ${show(svc.spec?.clusterIP)}, must be "None")`);
    }
    const svcSelector = asLabels(svc.spec?.selector);
    if (Object.keys(svcSelector).length === 0 || !sel.template({ matchLabels: svcSelector }, t).all) {
      out.push(`${t.owner}: the selector ${showMap(svcSelector)} of its governing Service/${serviceName} does not select all of its pods `
        + `(template labels ${showMap(t.labels)})`);
    }
  }
}

interface KeyedObject {
  readonly id: string;
  readonly keys: ReadonlySet<string>;
}

function keyIndex(docs: readonly Manifest[], kind: 'ConfigMap' | 'Secret'): Map<string, KeyedObject> {
  const idx = new Map<string, KeyedObject>();
  docs.forEach((d, i) => {
    if (!is(d, '', kind) || typeof d.metadata?.name !== 'string') {
      return;
    }
    const fields = kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
    const keys = new Set<string>();
    for (const f of fields) {
      Object.keys(asLabels(d[f])).forEach(k => keys.add(k));
    }
    idx.set(`${namespaceOf(d)}/${d.metadata.name}`, { id: docId(d, i), keys });
  });
  return idx;
}

function checkVolumes(docs: readonly Manifest[], templates: readonly PodTemplate[], out: string[]): void {
  const configMaps = keyIndex(docs, 'ConfigMap');
  const secrets = keyIndex(docs, 'Secret');

  const checkItems = (owner: string, where: string, ref: KeyedObject | undefined, items: unknown, optional: unknown) => {
    if (!ref || optional === true || !Array.isArray(items)) {
      return;
    }
    items.forEach((item: any, i: number) => {
      if (typeof item?.key === 'string' && !ref.keys.has(item.key)) {
        out.push(`${owner}: ${where}.items[${i}].key "${item.key}" does not exist in ${ref.id} (keys: ${[...ref.keys].join(', ') || 'none'})`);
      }
    });
  };

  for (const t of templates) {
    const volumes: any[] = Array.isArray(t.spec.volumes) ? t.spec.volumes : [];
    const declared = new Set<string>(t.claimTemplates);
    const volumeNames = new Set<string>();
    volumes.forEach((v, i) => {
      const where = `${t.specPath}.volumes[${i}]`;
      if (typeof v?.name === 'string') {
        if (volumeNames.has(v.name)) {
          out.push(`${t.owner}: ${where}.name: duplicate volume name "${v.name}"`);
        }
        volumeNames.add(v.name);
        declared.add(v.name);
      }
      if (v?.configMap?.name) {
        checkItems(t.owner, `${where}.configMap`, configMaps.get(`${t.namespace}/${v.configMap.name}`), v.configMap.items, v.configMap.optional);
      }
      if (v?.secret?.secretName) {
        checkItems(t.owner, `${where}.secret`, secrets.get(`${t.namespace}/${v.secret.secretName}`), v.secret.items, v.secret.optional);
      }
      const sources: any[] = Array.isArray(v?.projected?.sources) ? v.projected.sources : [];
      sources.forEach((s, j) => {
        const sw = `${where}.projected.sources[${j}]`;
        if (s?.configMap?.name) {
          checkItems(t.owner, `${sw}.configMap`, configMaps.get(`${t.namespace}/${s.configMap.name}`), s.configMap.items, s.configMap.optional);
        }
        if (s?.secret?.name) {
          checkItems(t.owner, `${sw}.secret`, secrets.get(`${t.namespace}/${s.secret.name}`), s.secret.items, s.secret.optional);
        }
      });
    });

    for (const { container, path } of containersOf(t)) {
      const mountPaths = new Map<string, number>();
      for (const field of ['volumeMounts', 'volumeDevices']) {
        const mounts: any[] = Array.isArray(container[field]) ? container[field] : [];
        mounts.forEach((m, i) => {
          const where = `${path}.${field}[${i}]`;
          if (typeof m?.name === 'string' && !declared.has(m.name)) {
            out.push(`${t.owner}: ${where}.name "${m.name}" refers to no volume${t.kind === 'StatefulSet' ? ' or volumeClaimTemplate' : ''} `
              + `(declared: ${[...declared].join(', ') || 'none'})`);
          }
          const mp = field === 'volumeMounts' ? m?.mountPath : m?.devicePath;
          if (typeof mp === 'string') {
            if (mountPaths.has(mp)) {
              out.push(`${t.owner}: ${where}: path "${mp}" is used twice in the container (also index ${mountPaths.get(mp)})`);
            } else {
              mountPaths.set(mp, i);
            }
          }
        });
      }
      // env from ConfigMap/Secret keys that are part of the output
      const env: any[] = Array.isArray(container.env) ? container.env : [];
      env.forEach((e, i) => {
        const cm = e?.valueFrom?.configMapKeyRef;
        const sec = e?.valueFrom?.secretKeyRef;
        const ref = cm ? configMaps.get(`${t.namespace}/${cm.name}`) : sec ? secrets.get(`${t.namespace}/${sec.name}`) : undefined;
        const sel = cm ?? sec;
        if (ref && sel && sel.optional !== true && typeof sel.key === 'string' && !ref.keys.has(sel.key)) {
          out.push(`${t.owner}: ${path}.env[${i}].valueFrom.${cm ? 'configMapKeyRef' : 'secretKeyRef'}.key "${sel.key}" does not exist in ${ref.id} `
            + `(keys: ${[...ref.keys].join(', ') || 'none'})`);
        }
      });
    }
  }
}

function checkNetworkPolicies(docs: readonly Manifest[], templates: readonly PodTemplate[], sel: Selection, out: string[]): void {
  docs.forEach((np, index) => {
    if (!is(np, 'networking.k8s.io', 'NetworkPolicy')) {
      return;
    }
    const podSelector = np.spec?.podSelector;
    if (!podSelector || isEmptySelector(podSelector)) {
      return; // an empty podSelector deliberately selects every pod in the namespace
    }
    const ns = namespaceOf(np);
    if (!templates.some(t => t.namespace === ns && sel.template(podSelector, t).any)) {
      out.push(`${docId(np, index)}: spec.podSelector ${showSelector(podSelector)} matches no pod template in namespace "${ns}" `
        + `(${whyNothing(podSelector, templates, ns, sel)})`);
    }
  });
}

function checkDuplicates(docs: readonly Manifest[], out: string[]): void {
  const seen = new Map<string, number>();
  docs.forEach((d, i) => {
    if (!d || typeof d !== 'object' || typeof d.kind !== 'string' || typeof d.metadata?.name !== 'string') {
      return;
    }
    const key = `${groupOf(d)}/${d.kind}/${namespaceOf(d)}/${d.metadata.name}`;
    if (seen.has(key)) {
      out.push(`${docId(d, i)}: duplicate object: documents #${seen.get(key)} and #${i} have the same kind, namespace and name`);
    } else {
      seen.set(key, i);
    }
  });
}

/**
 * Cross-object consistency checks over one synthesized output.
 *
 * @returns human-readable errors (`Kind/name: json.path: problem`); empty when consistent
 */
export function checkSemantics(docs: any[], options: SemanticsOptions = {}): string[] {
  const sel = new Selection(options.runtimeLabels ?? []);
  const out: string[] = [];
  const templates: PodTemplate[] = [];
  docs.forEach((d, i) => {
    const t = podTemplateOf(d, i);
    if (t) {
      templates.push(t);
    }
  });
  checkDuplicates(docs, out);
  checkPodSpecs(templates, out);
  checkWorkloadSelectors(templates, out);
  checkServices(docs, templates, sel, out);
  checkPodDisruptionBudgets(docs, templates, sel, out);
  checkStatefulSets(docs, templates, sel, out);
  checkVolumes(docs, templates, out);
  checkNetworkPolicies(docs, templates, sel, out);
  return out;
}
