import { Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { fail } from './lib/errors';

/** Network isolation of the database's pods. */
export interface DatabaseNetworkProps {
  /**
   * Default-deny NetworkPolicy for the database's pods: ingress only from the set's own
   * pods and from peers granted with `allowFrom`; egress only to the set's own pods and
   * DNS (and the Kubernetes API where pods label themselves). With `false`, no policy selects
   * the pods: `allowFrom` (and backups, restores) write none either, since any policy selecting
   * the pods would isolate them again and cut off replication.
   * @default true
   */
  readonly isolate?: boolean;
  /**
   * Where the Kubernetes API server is, for the pods that label themselves with their
   * role (only when the database has replicas and reads are not sent to the primary).
   * NetworkPolicies see the API server's real addresses, which are cluster-specific:
   * set your control plane's CIDRs to narrow this opening.
   * @default ["0.0.0.0/0", "::/0"] on TCP 443 and 6443
   */
  readonly apiServerCidrs?: string[];
}

/** Options for `ReplicatedDatabase.allowFrom`. */
export interface AllowFromOptions {
  /**
   * The peer reads only: the connection environment gets the read endpoint as
   * `DB_HOST` and, for PostgreSQL and the MySQL family, the read-only user (`DB_USER`
   * `readonly`, `DB_PASSWORD` from the Secret's `readonly-password`), which can only SELECT in
   * the application database. Both endpoints use the same port, so the network opening is the
   * same. (Redis: the application user, as the engine has no read-only user here.)
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * When the peer is a cdk8s-plus workload, give its containers the connection
   * environment (see `addConnectionEnv`), so that access and configuration cannot drift.
   * @default true
   */
  readonly connectionEnv?: boolean;
}

const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const CIDR6 = /^[0-9a-fA-F:]+\/(\d{1,3})$/;

/** Throws unless `cidr` is an IPv4 or IPv6 CIDR. */
export function checkCidr(where: string, prop: string, cidr: string): void {
  const m4 = CIDR4.exec(cidr);
  if (m4) {
    const ok = m4.slice(1, 5).every(o => Number(o) <= 255) && Number(m4[5]) <= 32;
    if (ok) return;
  } else if (CIDR6.test(cidr) && Number(CIDR6.exec(cidr)![1]) <= 128 && (cidr.match(/::/g) ?? []).length <= 1) {
    return;
  }
  fail(where, prop, cidr, 'must be a CIDR such as "10.0.0.0/16" or "fd00::/8"');
}

export interface IsolationProps {
  readonly selector: { [key: string]: string };
  readonly labels: { [key: string]: string };
  readonly name: string;
  readonly apiServerCidrs?: string[];
}

/** The default-deny policy with the openings the set itself needs. */
export function isolationPolicy(scope: Construct, props: IsolationProps): k8s.KubeNetworkPolicy {
  const self: k8s.NetworkPolicyPeer = { podSelector: { matchLabels: props.selector } };
  const egress: k8s.NetworkPolicyEgressRule[] = [
    { to: [self] },
    // DNS on any address: kube-dns, or a node-local cache on a link-local address.
    { ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }] },
  ];
  if (props.apiServerCidrs) {
    egress.push({
      to: props.apiServerCidrs.map(cidr => ({ ipBlock: { cidr } })),
      ports: [443, 6443].map(port => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
    });
  }
  return new k8s.KubeNetworkPolicy(scope, 'Isolation', {
    metadata: { name: `${props.name}-isolation`, labels: props.labels },
    spec: {
      podSelector: { matchLabels: props.selector },
      policyTypes: ['Ingress', 'Egress'],
      // Replication and peer traffic between the set's own pods.
      ingress: [{ from: [self] }],
      egress,
    },
  });
}

/**
 * Converts a cdk8s-plus peer to NetworkPolicy peers, refusing grants that would open
 * the database to everyone.
 */
export function toPolicyPeers(where: string, peer: kplus.INetworkPolicyPeer): k8s.NetworkPolicyPeer[] {
  const config = peer.toNetworkPolicyPeerConfig();
  if (config.ipBlock) {
    const block = config.ipBlock;
    checkCidr(where, 'peer.cidr', block.cidr);
    for (const e of block.except ?? []) checkCidr(where, 'peer.except', e);
    if (/^(0\.0\.0\.0\/0|::\/0)$/.test(block.cidr)) {
      fail(where, 'peer.cidr', block.cidr, 'opens the database to every address: grant the clients\' CIDRs instead');
    }
    return [{ ipBlock: { cidr: block.cidr, except: block.except } }];
  }
  const selector = config.podSelector!;
  const pods: k8s.LabelSelector = (selector.labelSelector as any)._toKube();
  const podsEmpty = selector.labelSelector.isEmpty();
  const ns = selector.namespaces;
  if (!ns) {
    if (podsEmpty) fail(where, 'peer', peer.node.path, 'selects every pod in the namespace: select the client pods by label');
    return [{ podSelector: pods }];
  }
  const peers: k8s.NetworkPolicyPeer[] = [];
  const names = ns.names ?? [];
  if (ns.labelSelector && !(ns.labelSelector.isEmpty() && names.length > 0)) {
    if (ns.labelSelector.isEmpty() && podsEmpty) fail(where, 'peer', peer.node.path, 'selects every pod in every namespace: name the namespaces or label the pods');
    peers.push({ podSelector: pods, namespaceSelector: (ns.labelSelector as any)._toKube() });
  }
  for (const name of names) {
    peers.push({ podSelector: pods, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  }
  if (peers.length === 0) fail(where, 'peer', peer.node.path, 'selects no namespace');
  return peers;
}

/** An ingress opening to the database port from a peer. */
export function grantPolicy(scope: Construct, id: string, props: {
  readonly where: string;
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly selector: { [key: string]: string };
  readonly port: number;
  /** Further ports of the same peers (e.g. an engine's Sentinel port). */
  readonly extraPorts?: number[];
  readonly peer: kplus.INetworkPolicyPeer;
}): k8s.KubeNetworkPolicy {
  const from = toPolicyPeers(props.where, props.peer);
  const suffix = Names.toLabelValue(props.peer, { maxLen: 20, includeHash: true }).toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: `${props.name}-allow-${suffix}`, labels: props.labels },
    spec: {
      podSelector: { matchLabels: props.selector },
      policyTypes: ['Ingress'],
      ingress: [{ from, ports: [props.port, ...(props.extraPorts ?? [])].map(p => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p) })) }],
    },
  });
}
