/**
 * A small NetworkPolicy evaluator (networking.k8s.io/v1 semantics) for policy tests: given
 * the synthesized documents, is traffic from a source to a destination on a port allowed?
 *
 * - A pod is isolated for ingress (egress) when some policy in its namespace selects it
 *   and lists Ingress (Egress) in policyTypes; then only the union of the rules applies.
 * - A connection needs both: egress allowed at the source and ingress at the destination.
 */

export interface Endpoint {
  /** Pod labels; omit for an address outside the cluster. */
  readonly labels?: { [key: string]: string };
  readonly namespace?: string;
  /** Labels of the pod's namespace (kubernetes.io/metadata.name is added). */
  readonly namespaceLabels?: { [key: string]: string };
  readonly ip?: string;
}

interface LabelSelector { matchLabels?: { [k: string]: string }; matchExpressions?: { key: string; operator: string; values?: string[] }[] }

function matches(sel: LabelSelector | undefined, labels: { [k: string]: string }): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In': if (!has || !e.values!.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && e.values!.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`unknown operator ${e.operator}`);
    }
  }
  return true;
}

function ipToBigInt(ip: string): [bigint, number] {
  if (ip.includes(':')) {
    const [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return [groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g || '0', 16)), 0n), 128];
  }
  return [ip.split('.').reduce((acc, o) => acc * 256n + BigInt(Number(o)), 0n), 32];
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const [a, width] = ipToBigInt(ip);
  const [b, width2] = ipToBigInt(net);
  if (width !== width2) return false;
  const unit = 2n ** BigInt(width - Number(bits));
  return a / unit === b / unit;
}

function peerMatches(peer: any, policyNs: string, ep: Endpoint): boolean {
  if (peer.ipBlock) {
    if (!ep.ip) return false;
    return inCidr(ep.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(ep.ip!, e));
  }
  if (!ep.labels) return false; // pod selectors never match addresses outside the cluster
  const ns = ep.namespace ?? 'default';
  const nsLabels = { ...ep.namespaceLabels, 'kubernetes.io/metadata.name': ns };
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, nsLabels)) return false;
  } else if (ns !== policyNs) {
    return false;
  }
  return matches(peer.podSelector, ep.labels);
}

function portMatches(ports: any[] | undefined, port: number, protocol: string, namedPorts: { [name: string]: number }): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(p => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    const number = typeof p.port === 'string' ? namedPorts[p.port] : p.port;
    if (p.endPort !== undefined) return port >= number && port <= p.endPort;
    return number === port;
  });
}

function direction(docs: any[], pod: Endpoint, other: Endpoint, port: number, protocol: string, type: 'Ingress' | 'Egress', namedPorts: { [name: string]: number }): boolean {
  if (!pod.labels) return true; // not a pod: policies do not apply to it
  const ns = pod.namespace ?? 'default';
  const policies = docs.filter(d => d.kind === 'NetworkPolicy' && (d.metadata.namespace ?? 'default') === ns
    && matches(d.spec.podSelector, pod.labels!)
    && (d.spec.policyTypes ?? (type === 'Ingress' ? ['Ingress'] : [])).includes(type));
  if (policies.length === 0) return true;
  return policies.some(p => {
    const rules = type === 'Ingress' ? p.spec.ingress ?? [] : p.spec.egress ?? [];
    return rules.some((r: any) => {
      const peers = type === 'Ingress' ? r.from : r.to;
      const peerOk = !peers || peers.length === 0 || peers.some((x: any) => peerMatches(x, ns, other));
      return peerOk && portMatches(r.ports, port, protocol, namedPorts);
    });
  });
}

/** Whether `source` may open a connection to `destination` on `port`. */
export function allowed(docs: any[], source: Endpoint, destination: Endpoint, port: number, protocol = 'TCP', namedPorts: { [name: string]: number } = {}): boolean {
  return direction(docs, source, destination, port, protocol, 'Egress', namedPorts)
    && direction(docs, destination, source, port, protocol, 'Ingress', namedPorts);
}
