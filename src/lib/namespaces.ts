/**
 * Where objects live when a database and what is tied to it (workloads granted access,
 * backups, snapshots, restore Jobs, monitoring) sit in charts of different namespaces.
 *
 * The rule, in one place:
 * - Objects that read the database's Secret, mount its volumes or must be admitted by its
 *   NetworkPolicy as "pods of the namespace" (backup, verification, restore and snapshot Jobs,
 *   their ServiceAccounts, Roles and script ConfigMaps) are placed in the database's namespace
 *   (a restore Job: in its target's), whatever chart they are defined in.
 * - A chart without a namespace means "wherever `kubectl apply` puts it". A database in such a
 *   chart and something tied to it in a chart with a namespace cannot be known to meet: refused.
 * - A Pod reads Secrets of its own namespace only: the connection environment (the password's
 *   secretKeyRef, the CA volume) is refused for a workload in another namespace; a network-only
 *   grant (`connectionEnv: false`) works, with a namespaceSelector on the policy.
 */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The namespace of the chart a construct is in (undefined: the namespace it is applied to). */
export function chartNamespace(scope: IConstruct): string | undefined {
  return Chart.of(scope).namespace || undefined;
}

/** How a namespace reads in a message. */
export function showNamespace(ns: string | undefined): string {
  return ns === undefined ? '(none: the namespace kubectl applies it to)' : `"${ns}"`;
}

/**
 * The namespace for objects of `what` (defined at `scope`) that must live with `owner` (the
 * database whose Secret, volumes and policy they use). Returns the owner's namespace, to be set
 * explicitly on every such object; throws when the owner's chart has no namespace but the
 * scope's chart has one (the objects would go to that namespace, the database anywhere).
 */
export function placedWith(where: string, scope: IConstruct, owner: IConstruct & { readonly name: string }, what: string): string | undefined {
  const home = chartNamespace(owner);
  const here = chartNamespace(scope);
  if (home === undefined && here !== undefined) {
    throw new Error(`${where}: ${what} must run in the namespace of database "${owner.name}" (${owner.node.path}), `
      + `whose chart has no namespace (it goes wherever it is applied), while ${scope.node.path} is in a chart of namespace "${here}": `
      + 'give the database\'s chart a namespace (new Chart(app, id, { namespace })), or define both in charts without one');
  }
  return home;
}

/** What `checkWorkloadNamespace` needs of a database. */
export interface NamespacedDatabase extends IConstruct {
  readonly name: string;
  readonly secretName: string;
  readonly connection: { readonly writeHost: string; readonly tlsSecretName?: string };
}

/** What `checkWorkloadNamespace` needs of a workload (a cdk8s-plus AbstractPod). */
export interface NamespacedWorkload extends IConstruct {
  readonly metadata: { readonly namespace?: string };
}

/**
 * Refuses a grant (`allowFrom`) or connection environment (`addConnectionEnv`, `env` true) for a
 * workload that cannot reach or read what it would be given: a workload and database whose
 * namespaces cannot be known to match, or the connection environment (Secret references) across
 * namespaces. A network-only grant across two named namespaces is fine: the policy admits the
 * workload's namespace by its `kubernetes.io/metadata.name` label.
 */
export function checkWorkloadNamespace(where: string, db: NamespacedDatabase, workload: NamespacedWorkload, env: boolean): void {
  const dbNs = chartNamespace(db);
  const wNs = workload.metadata.namespace || undefined;
  if (dbNs === wNs) return;
  const subject = `workload ${workload.node.path}`;
  if (dbNs === undefined) {
    throw new Error(`${where}: ${subject} is in namespace "${wNs}", but the chart of database "${db.name}" (${db.node.path}) has no namespace: `
      + `the database goes wherever it is applied, and its host names (e.g. "${db.connection.writeHost}") resolve only in its own namespace; `
      + 'give the database\'s chart a namespace (new Chart(app, id, { namespace }))');
  }
  if (wNs === undefined) {
    throw new Error(`${where}: ${subject} is in a chart without a namespace (it goes wherever it is applied), database "${db.name}" in "${dbNs}": `
      + `the grant would admit it only if it were applied to "${dbNs}"; give the workload's chart a namespace`);
  }
  if (env) {
    const secrets = [`"${db.secretName}"`, ...(db.connection.tlsSecretName ? [`"${db.connection.tlsSecretName}" (CA)`] : [])].join(' and ');
    throw new Error(`${where}: ${subject} is in namespace "${wNs}", database "${db.name}" in "${dbNs}": a Pod can read only Secrets of its own namespace, `
      + `so the connection environment (from Secret ${secrets} in "${dbNs}") would never reach it; `
      + 'grant the network only with allowFrom(workload, { connectionEnv: false }) (the policy admits that workload in its namespace) '
      + `and give the workload the password in "${wNs}" yourself (e.g. a copy of the Secret you keep in sync); connection.writeHost names the endpoint`);
  }
}
