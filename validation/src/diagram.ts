/**
 * Topology diagram of synthesized Kubernetes YAML (any cdk8s output, not only cdk8s-db's):
 * pods and their roles, the Services and what they select (write, read, headless), the
 * PodDisruptionBudget, NetworkPolicy openings, backup/snapshot CronJobs and Jobs, and the
 * monitoring objects (ServiceMonitor, PrometheusRule). Rendered with Graphviz `dot`.
 *
 *   npx cdk8s-db-diagram dist/shop.k8s.yaml -o shop.svg      (bin of the cdk8s-db-validation package)
 *   npx cdk8s-db-diagram dist/*.yaml -o topology.dot         (DOT source only)
 *   npx projen diagrams                                      (in this repository: regenerates docs/diagrams/)
 *
 * The output is deterministic: the same YAML gives the same DOT, and the same Graphviz the same SVG.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

type Labels = Record<string, string>;
type Doc = any;

/** Labels that the pods set on themselves at run time (cdk8s-db's role label). */
const RUNTIME_LABELS = new Set(['cdk8s-db.io/role']);
const POD_NAME = 'statefulset.kubernetes.io/pod-name';

export interface Example { readonly manifest: string; readonly diagram: string; readonly title: string }

/**
 * The example apps and the diagram each one gets (cdk8s synth output file → docs/diagrams/<name>.svg).
 * An output file not listed here gets a diagram named after it (see {@link examplesIn}).
 */
export const EXAMPLES: readonly Example[] = [
  { manifest: 'shop.k8s.yaml', diagram: 'postgres', title: 'examples/main.ts: PostgreSQL, an app allowed in, monitoring' },
  { manifest: 'mysql-shop.k8s.yaml', diagram: 'mysql', title: 'examples/mysql.ts: MySQL' },
  { manifest: 'mariadb-shop.k8s.yaml', diagram: 'mariadb', title: 'examples/mariadb.ts: MariaDB' },
  { manifest: 'backup-shop.k8s.yaml', diagram: 'backup-postgres', title: 'examples/backup-postgres-s3.ts: PostgreSQL backups to S3, restore check, restore Job, volume snapshots' },
  { manifest: 'backup-catalog.k8s.yaml', diagram: 'backup-mariadb', title: 'examples/backup-mariadb-volume.ts: MariaDB backups to a volume' },
  { manifest: 'redis-shop.k8s.yaml', diagram: 'redis', title: 'examples/redis.ts: Redis with Sentinel failover' },
];

/** The diagrams for the files `cdk8s synth` wrote into `outdir`. */
export function examplesIn(outdir: string): Example[] {
  return fs.readdirSync(outdir).filter(f => f.endsWith('.k8s.yaml')).sort().map(f =>
    EXAMPLES.find(e => e.manifest === f) ?? { manifest: f, diagram: f.replace(/\.k8s\.yaml$/, ''), title: f });
}

interface Workload {
  readonly id: string;
  readonly doc: Doc;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly podSpec: any;
  /** StatefulSet pods (one node each); empty for other kinds (one node for the workload). */
  readonly pods: ReadonlyArray<{ readonly id: string; readonly name: string; readonly labels: Labels }>;
}

function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function nodeId(...parts: string[]): string {
  return q(parts.join('/'));
}

function labelOf(lines: string[]): string {
  return q(lines.join('\n')).replace(/\n/g, '\\n');
}

function selects(selector: Labels | undefined, labels: Labels, runtime = true): boolean {
  if (!selector || Object.keys(selector).length === 0) {
    return false;
  }
  return Object.entries(selector).every(([k, v]) => labels[k] === v || (runtime && RUNTIME_LABELS.has(k)));
}

function matchLabelsOf(selector: any): Labels | undefined {
  if (!selector) {
    return undefined;
  }
  return selector.matchLabels ?? {};
}

function portsOf(ports: any[] | undefined): string {
  return (ports ?? []).map(p => `${p.protocol ?? 'TCP'} ${p.port ?? p.containerPort}${p.endPort ? `-${p.endPort}` : ''}`).join(', ');
}

function short(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k.replace(/^app\.kubernetes\.io\//, '')}=${v}`).join(', ');
}

function workloadsOf(docs: readonly Doc[]): Workload[] {
  const out: Workload[] = [];
  for (const d of docs) {
    const ns = d.metadata?.namespace ?? '';
    const name = d.metadata?.name ?? '?';
    let template: any;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(d.kind)) {
      template = d.spec?.template;
    } else if (d.kind === 'CronJob') {
      template = d.spec?.jobTemplate?.spec?.template;
    } else if (d.kind === 'Pod') {
      template = { metadata: d.metadata, spec: d.spec };
    }
    if (!template) {
      continue;
    }
    const labels: Labels = { ...(template.metadata?.labels ?? {}) };
    const id = nodeId(ns, d.kind, name);
    const pods = d.kind === 'StatefulSet'
      ? Array.from({ length: d.spec?.replicas ?? 1 }, (_, i) => ({
        id: nodeId(ns, 'Pod', `${name}-${i}`),
        name: `${name}-${i}`,
        labels: { ...labels, [POD_NAME]: `${name}-${i}`, 'apps.kubernetes.io/pod-index': String(i) },
      }))
      : [];
    out.push({ id, doc: d, kind: d.kind, name, namespace: ns, labels, podSpec: template.spec ?? {}, pods });
  }
  return out;
}

function containersOf(spec: any): string {
  const names = (spec.containers ?? []).map((c: any) => c.name);
  const init = (spec.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always').map((c: any) => c.name);
  return [...names, ...init].join(' + ');
}

/** The DOT source of the topology of `docs`. */
export function toDot(docs: readonly Doc[], title: string): string {
  const workloads = workloadsOf(docs);
  const lines: string[] = [];
  const edges: string[] = [];
  const externals = new Map<string, string>();
  const services = docs.filter(d => d.kind === 'Service');

  // Which pods each Service selects, to name pod roles. A pod that a Service pins by name is the
  // write endpoint (the primary); a selector on a label the pods set at run time (the role) picks
  // the others.
  const podRoles = new Map<string, string[]>();
  const pinned = new Set<string>();
  for (const s of services) {
    const name = s.spec?.selector?.[POD_NAME];
    if (name) {
      pinned.add(nodeId(s.metadata?.namespace ?? '', 'Pod', name));
    }
  }
  const selectsPod = (sel: Labels, p: { id: string; labels: Labels }): boolean =>
    selects(sel, p.labels) && !(pinned.has(p.id) && sel[POD_NAME] === undefined && Object.keys(sel).some(k => RUNTIME_LABELS.has(k)));
  for (const s of services) {
    const sel: Labels = s.spec?.selector ?? {};
    for (const w of workloads) {
      for (const p of w.pods) {
        if ((s.metadata?.namespace ?? '') === w.namespace && selectsPod(sel, p)) {
          const byName = sel[POD_NAME] !== undefined;
          const runtime = Object.keys(sel).filter(k => RUNTIME_LABELS.has(k)).map(k => `${k.split('/').pop()}=${sel[k]}`);
          if (byName) {
            podRoles.set(p.id, [...(podRoles.get(p.id) ?? []), `primary: writes through ${s.metadata.name}`]);
          } else if (runtime.length > 0) {
            podRoles.set(p.id, [...(podRoles.get(p.id) ?? []), `reads through ${s.metadata.name}`, `while ${runtime.join(', ')} (set by the pod)`]);
          }
        }
      }
    }
  }

  /** Edge target(s) for a set of pods: the StatefulSet's cluster (through its first pod) or the workload. */
  const targetOf = (w: Workload): { node: string; attrs: string[] } => w.pods.length > 0
    ? { node: w.pods[0].id, attrs: [`lhead=${q(`cluster_${w.id}`)}`] }
    : { node: w.id, attrs: [] };
  const selectedWorkloads = (ns: string, sel: Labels | undefined): Workload[] =>
    workloads.filter(w => w.namespace === ns && (sel && Object.keys(sel).length === 0 ? true : selects(sel, w.labels)));

  lines.push('digraph topology {');
  lines.push(`  graph [label=${q(title)}, labelloc=t, fontsize=16, fontname="Helvetica", rankdir=LR, compound=true, nodesep=0.3, ranksep=0.9, newrank=true];`);
  lines.push('  node [fontname="Helvetica", fontsize=11, style="rounded,filled", fillcolor="#ffffff"];');
  lines.push('  edge [fontname="Helvetica", fontsize=9, color="#555555"];');

  const namespaces = [...new Set(docs.map(d => d.metadata?.namespace ?? ''))].sort();
  for (const ns of namespaces) {
    lines.push(`  subgraph ${q(`cluster_ns_${ns}`)} {`);
    lines.push(`    label=${q(ns ? `namespace ${ns}` : '(no namespace)')}; style="dashed"; color="#999999"; fontsize=12;`);
    for (const w of workloads.filter(x => x.namespace === ns)) {
      if (w.pods.length > 0) {
        const claims = (w.doc.spec?.volumeClaimTemplates ?? []).map((c: any) =>
          `${c.metadata?.name}: ${c.spec?.resources?.requests?.storage ?? '?'}${c.spec?.storageClassName ? ` ${c.spec.storageClassName}` : ''}`);
        lines.push(`    subgraph ${q(`cluster_${w.id}`)} {`);
        lines.push(`      label=${labelOf([`StatefulSet ${w.name} (${w.pods.length} pods, ${w.doc.spec?.podManagementPolicy ?? 'OrderedReady'})`, `containers: ${containersOf(w.podSpec)}`, `image: ${w.podSpec.containers?.[0]?.image ?? '?'}`, ...(claims.length ? [`volume per pod: ${claims.join(', ')}`] : [])])};`);
        lines.push('      style="rounded,filled"; fillcolor="#eef4ff"; color="#3366cc";');
        for (const p of w.pods) {
          const roles = podRoles.get(p.id) ?? [];
          const fill = roles.some(r => r.startsWith('primary')) ? '#ffe0b3' : '#d6e9ff';
          lines.push(`      ${p.id} [label=${labelOf([`pod ${p.name}`, ...roles])}, shape=box, fillcolor=${q(fill)}];`);
        }
        lines.push('    }');
      } else {
        const kindStyle: Record<string, string> = { CronJob: '#e6f7e6', Job: '#f0f0f0', Deployment: '#fff8dc' };
        const extra = w.kind === 'CronJob' ? [`schedule: ${w.doc.spec?.schedule}`] : w.kind === 'Deployment' ? [`${w.doc.spec?.replicas ?? 1} pods`] : [];
        const component = w.labels['app.kubernetes.io/component'];
        const claims = (w.podSpec.volumes ?? []).filter((v: any) => v.persistentVolumeClaim).map((v: any) => `volume: PVC ${v.persistentVolumeClaim.claimName}`);
        lines.push(`    ${w.id} [label=${labelOf([`${w.kind} ${w.name}`, ...(component ? [`(${component})`] : []), ...extra, `containers: ${containersOf(w.podSpec)}`, ...claims])}, shape=box, fillcolor=${q(kindStyle[w.kind] ?? '#ffffff')}];`);
      }
    }
    for (const s of services.filter(x => (x.metadata?.namespace ?? '') === ns)) {
      const id = nodeId(ns, 'Service', s.metadata.name);
      const headless = s.spec?.clusterIP === 'None';
      const ports = (s.spec?.ports ?? []).map((p: any) => `${p.name ? `${p.name} ` : ''}${p.port}`).join(', ');
      lines.push(`    ${id} [label=${labelOf([`Service ${s.metadata.name}`, `${headless ? 'headless' : 'ClusterIP'} :${ports}`, ...(s.spec?.publishNotReadyAddresses ? ['publishes not-ready pods'] : [])])}, shape=ellipse, fillcolor="#fff2cc"];`);
      const sel: Labels = s.spec?.selector ?? {};
      for (const w of workloads.filter(x => x.namespace === ns)) {
        const pods = w.pods.length > 0 ? w.pods.filter(p => selectsPod(sel, p)) : (selects(sel, w.labels) ? [{ id: w.id }] : []);
        const all = w.pods.length > 0 && pods.length === w.pods.length && !Object.keys(sel).some(k => RUNTIME_LABELS.has(k));
        if (all) {
          edges.push(`  ${id} -> ${w.pods[0].id} [${[`lhead=${q(`cluster_${w.id}`)}`, `label=${q('all pods')}`, ...(headless ? ['style=dashed'] : [])].join(', ')}];`);
        } else {
          for (const p of pods) {
            edges.push(`  ${id} -> ${p.id}${headless ? ' [style=dashed]' : ''};`);
          }
        }
      }
    }
    for (const pdb of docs.filter(d => d.kind === 'PodDisruptionBudget' && (d.metadata?.namespace ?? '') === ns)) {
      const id = nodeId(ns, 'PDB', pdb.metadata.name);
      const budget = pdb.spec?.maxUnavailable !== undefined ? `maxUnavailable ${pdb.spec.maxUnavailable}` : `minAvailable ${pdb.spec?.minAvailable}`;
      lines.push(`    ${id} [label=${labelOf([`PodDisruptionBudget ${pdb.metadata.name}`, budget, ...(pdb.spec?.unhealthyPodEvictionPolicy ? [`unhealthy pods: ${pdb.spec.unhealthyPodEvictionPolicy}`] : [])])}, shape=octagon, fillcolor="#f9d6d5"];`);
      for (const w of selectedWorkloads(ns, matchLabelsOf(pdb.spec?.selector))) {
        const t = targetOf(w);
        edges.push(`  ${id} -> ${t.node} [${[...t.attrs, 'style=dotted', 'arrowhead=tee', `label=${q('limits evictions')}`].join(', ')}];`);
      }
    }
    for (const np of docs.filter(d => d.kind === 'NetworkPolicy' && (d.metadata?.namespace ?? '') === ns)) {
      const targets = selectedWorkloads(ns, matchLabelsOf(np.spec?.podSelector));
      const types: string[] = np.spec?.policyTypes ?? ['Ingress', ...(np.spec?.egress ? ['Egress'] : [])];
      const notes: string[] = [];
      (np.spec?.ingress ?? []).forEach((rule: any) => {
        const ports = portsOf(rule.ports) || 'all ports';
        const peers: any[] = rule.from ?? [];
        if (peers.length === 0) {
          notes.push(`ingress from anywhere: ${ports}`);
        }
        for (const peer of peers) {
          const podSel = matchLabelsOf(peer.podSelector);
          if (peer.ipBlock) {
            notes.push(`ingress from ${peer.ipBlock.cidr}: ${ports}`);
            continue;
          }
          const peerNs = peer.namespaceSelector ? peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] : ns;
          const local = peerNs === ns ? selectedWorkloads(ns, podSel ?? {}) : [];
          if (local.length > 0 && local.every(w => targets.includes(w))) {
            notes.push(`ingress from its own pods: ${ports}`);
            continue;
          }
          let sources: Array<{ node: string; attrs: string[] }> = local.map(w => {
            const t = targetOf(w);
            return { node: t.node, attrs: t.attrs.map(a => a.replace('lhead', 'ltail')) };
          });
          if (sources.length === 0) {
            const ext = nodeId('external', peerNs ?? '*', short(podSel ?? {}));
            externals.set(ext, `${peerNs ? `namespace ${peerNs}` : 'any namespace'}\npods ${podSel && Object.keys(podSel).length ? short(podSel) : '(all)'}`);
            sources = [{ node: ext, attrs: [] }];
          }
          for (const src of sources) {
            for (const w of targets) {
              const t = targetOf(w);
              edges.push(`  ${src.node} -> ${t.node} [${[...src.attrs, ...t.attrs, `label=${q(`allow ${ports}\n(${np.metadata.name})`).replace(/\n/g, '\\n')}`, 'color="#2e7d32"', 'fontcolor="#2e7d32"', 'penwidth=1.5'].join(', ')}];`);
            }
          }
        }
      });
      (np.spec?.egress ?? []).forEach((rule: any) => {
        const ports = portsOf(rule.ports) || 'all ports';
        const to = (rule.to ?? []).map((p: any) => (p.ipBlock ? p.ipBlock.cidr : p.podSelector ? (selectedWorkloads(ns, matchLabelsOf(p.podSelector)).every(w => targets.includes(w)) ? 'its own pods' : short(matchLabelsOf(p.podSelector) ?? {})) : 'selected namespaces'));
        notes.push(`egress to ${to.length ? to.join(' | ') : 'anywhere'}: ${ports}`);
      });
      if (notes.length > 0 || types.length > 0) {
        const id = nodeId(ns, 'NetworkPolicy', np.metadata.name);
        const deny = types.map(t => `${t.toLowerCase()}: deny unless allowed`);
        if (notes.length > 0) {
          lines.push(`    ${id} [label=${labelOf([`NetworkPolicy ${np.metadata.name}`, ...deny, ...notes])}, shape=note, fillcolor="#e8f5e9"];`);
          for (const w of targets) {
            const t = targetOf(w);
            edges.push(`  ${id} -> ${t.node} [${[...t.attrs, 'style=dotted', 'arrowhead=none'].join(', ')}];`);
          }
        }
      }
    }
    for (const sm of docs.filter(d => d.kind === 'ServiceMonitor' && (d.metadata?.namespace ?? '') === ns)) {
      const id = nodeId(ns, 'ServiceMonitor', sm.metadata.name);
      const ep = (sm.spec?.endpoints ?? []).map((e: any) => `${e.port ?? e.targetPort} ${e.path ?? '/metrics'} every ${e.interval ?? '?'}`);
      lines.push(`    ${id} [label=${labelOf([`ServiceMonitor ${sm.metadata.name}`, ...ep])}, shape=component, fillcolor="#ede7f6"];`);
      for (const s of services.filter(x => (x.metadata?.namespace ?? '') === ns && selects(matchLabelsOf(sm.spec?.selector), x.metadata?.labels ?? {}, false))) {
        edges.push(`  ${id} -> ${nodeId(ns, 'Service', s.metadata.name)} [label=${q('scrapes')}, color="#5e35b1", fontcolor="#5e35b1"];`);
      }
    }
    for (const pr of docs.filter(d => d.kind === 'PrometheusRule' && (d.metadata?.namespace ?? '') === ns)) {
      const rules = (pr.spec?.groups ?? []).flatMap((g: any) => g.rules ?? []);
      const alerts = rules.filter((r: any) => r.alert).length;
      lines.push(`    ${nodeId(ns, 'PrometheusRule', pr.metadata.name)} [label=${labelOf([`PrometheusRule ${pr.metadata.name}`, `${alerts} alerts, ${rules.length - alerts} recording rules`])}, shape=component, fillcolor="#ede7f6"];`);
    }
    lines.push('  }');
  }
  for (const [id, label] of [...externals.entries()].sort()) {
    lines.push(`  ${id} [label=${q(label).replace(/\n/g, '\\n')}, shape=box, style="rounded,dashed"];`);
  }
  lines.push(...edges);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Parses YAML files (multi-document) into manifests. */
export function readManifests(files: readonly string[]): Doc[] {
  return files.flatMap(f => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJS()).filter(d => d && typeof d === 'object'));
}

/** Renders DOT with Graphviz (`dot -T<format>`). */
export function render(dot: string, format: 'svg' | 'png'): Buffer {
  const r = spawnSync('dot', [`-T${format}`], { input: dot, maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    throw new Error(`dot -T${format} failed (Graphviz: apt-get install graphviz): ${r.error?.message ?? r.stderr.toString()}`);
  }
  return r.stdout;
}

/** Command line: `diagram <manifest.yaml>... [-o out.svg|out.png|out.dot] [--title TEXT]`. */
export function main(argv: string[]): void {
  if (argv[0] === '--examples') {
    // In a clone of the repository only (validation/src or validation/lib → the repository root).
    const root = path.resolve(__dirname, '..', '..');
    const outdir = argv[1] ?? path.join(root, 'cdk8s.out');
    const dest = path.join(root, 'docs', 'diagrams');
    fs.mkdirSync(dest, { recursive: true });
    for (const e of examplesIn(outdir)) {
      const dot = toDot(readManifests([path.join(outdir, e.manifest)]), e.title);
      fs.writeFileSync(path.join(dest, `${e.diagram}.dot`), dot);
      fs.writeFileSync(path.join(dest, `${e.diagram}.svg`), render(dot, 'svg'));
      process.stdout.write(`docs/diagrams/${e.diagram}.svg (${e.manifest})\n`);
    }
    return;
  }
  const files: string[] = [];
  let out: string | undefined;
  let title: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-o') {
      out = argv[++i];
    } else if (argv[i] === '--title') {
      title = argv[++i];
    } else {
      files.push(argv[i]);
    }
  }
  if (files.length === 0) {
    process.stderr.write('usage: cdk8s-db-diagram <manifest.yaml>... [-o out.svg|out.png|out.dot] [--title TEXT]\n');
    process.exit(2);
  }
  const dot = toDot(readManifests(files), title ?? files.map(f => path.basename(f)).join(', '));
  if (!out || out.endsWith('.dot')) {
    if (out) {
      fs.writeFileSync(out, dot);
    } else {
      process.stdout.write(dot);
    }
    return;
  }
  fs.writeFileSync(out, render(dot, out.endsWith('.png') ? 'png' : 'svg'));
}
