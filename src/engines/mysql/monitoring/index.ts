/**
 * mysqld_exporter sidecar and PromQL signals for the MySQL family (MySQL and MariaDB).
 *
 * The exporter reads the client option file the engine's bootstrap writes for its probes
 * (the monitoring user, its password and the server's socket, mode 0600): it shares the
 * engine's run dir read-only and runs as the engine's user, so it connects through the
 * socket and no password passes through its environment or arguments. `--config.my-cnf`
 * with a `[client]` section (user, password, socket) is read the same way by Debian's
 * 0.14 and by the pinned upstream image.
 *
 * Self-contained on purpose (no imports from the engine's files): the engine passes in its
 * paths, user and flavour.
 */
import { EngineAlert, EngineMonitoring, ExporterContext, ExporterParts, MonitoringSignals } from '../../monitoring-spec';

/** prometheus-community mysqld_exporter, pinned. */
export const MYSQLD_EXPORTER_IMAGE = 'prom/mysqld-exporter:v0.17.2';

export interface MysqlMonitoringOptions {
  /** `mysql` or `mariadb`. */
  readonly flavor: string;
  /** Name of the engine's writable volume holding the socket and the option file. */
  readonly runVolume: string;
  /** Where that volume is mounted in the database container. */
  readonly runDir: string;
  /** The client option file (`[client]` user, password, socket) of the monitoring user. */
  readonly defaultsFile: string;
  /** The engine's user: the option file is 0600 and the socket is in its private dir. */
  readonly uid: number;
  readonly gid: number;
}

/** Replica-status column names: MariaDB and MySQL 8.0 say Slave/Master, MySQL 8.4 Replica/Source. */
function statusSignals(flavor: string) {
  const st = (col: string) => `mysql_slave_status_${col}`;
  const either = (a: string, b: string) => (sel: string) =>
    flavor === 'mysql' ? `(${st(a)}{${sel}} or ${st(b)}{${sel}})` : `${st(a)}{${sel}}`;
  return {
    io: either('slave_io_running', 'replica_io_running'),
    sql: either('slave_sql_running', 'replica_sql_running'),
    seconds: either('seconds_behind_master', 'seconds_behind_source'),
    read: either('read_master_log_pos', 'read_source_log_pos'),
    exec: either('exec_master_log_pos', 'exec_source_log_pos'),
    /** The names a MariaDB (and MySQL 8.0) replica exports; MySQL 8.4 says replica/source instead. */
    names: ['slave_io_running', 'slave_sql_running', 'seconds_behind_master', 'read_master_log_pos', 'exec_master_log_pos'].map(st),
  };
}

/** The exporter metrics the Galera alerts use (checked against a real Galera node's exporter). */
export const GALERA_METRIC_NAMES = [
  'mysql_global_status_wsrep_ready',
  'mysql_global_status_wsrep_cluster_size', 'mysql_global_status_wsrep_local_state',
];

/**
 * Galera nodes (FailoverMode.AUTOMATIC): a cluster of at least one member. A MariaDB without
 * Galera reports the wsrep status too, with wsrep_cluster_size 0 (the exporter has no wsrep_on).
 */
const galeraNode = (sel: string) => `(mysql_global_status_wsrep_cluster_size{${sel}} > 0)`;

/**
 * Alerts of Galera nodes (MariaDB with FailoverMode.AUTOMATIC); they select only pods in a Galera
 * cluster (wsrep_cluster_size > 0), so a fixed-primary database never has them fire. mysqld_exporter
 * reports wsrep_ready ON as 1 (it leaves the text wsrep_cluster_status out), wsrep_local_state 4 = Synced.
 */
function galeraAlerts(): EngineAlert[] {
  return [
    {
      alert: 'GaleraNotPrimary',
      severity: 'critical',
      for: '1m',
      summary: 'Galera node {{ $labels.pod }} is not in a Primary component (wsrep not ready)',
      description: 'wsrep_ready has been OFF for 1 minute: the node has no quorum (it cannot reach a majority of the cluster), so it refuses every query and is out of both Services.',
      runbook: 'kubectl exec <pod> -c mariadb -- sh /opt/cdk8s-db/scripts/galera-recover.sh status on every pod. A network partition heals by itself; '
        + 'if no pod is Primary, see the README section "MariaDB (Galera)", what needs a human.',
      expr: sel => `(mysql_global_status_wsrep_ready{${sel}} == 0) and on (namespace, pod) ${galeraNode(sel)}`,
    },
    {
      alert: 'GaleraClusterShrunk',
      severity: 'warning',
      for: '5m',
      summary: 'Galera cluster of {{ $labels.pod }} has {{ $value }} members, fewer than in the last day',
      description: 'wsrep_cluster_size seen by the node has been below its maximum of the last 24 hours for 5 minutes: a member is down or cut off; one more loss may cost the quorum.',
      runbook: 'kubectl get pods; kubectl logs <missing pod> -c mariadb: a joining node shows the state transfer (IST/SST); a refusing one says why.',
      expr: sel => `(mysql_global_status_wsrep_cluster_size{${sel}} < on (namespace, pod) group_left max_over_time(mysql_global_status_wsrep_cluster_size{${sel}}[1d])) and on (namespace, pod) ${galeraNode(sel)}`,
    },
    {
      alert: 'GaleraNodeNotSynced',
      severity: 'warning',
      for: '15m',
      summary: 'Galera node {{ $labels.pod }} has not been Synced for 15 minutes',
      description: 'wsrep_local_state has not been 4 (Synced) for 15 minutes: the node is joining (a long state transfer), donating, or desynced; it serves no reads meanwhile.',
      runbook: 'kubectl logs <pod> -c mariadb: the state transfer\'s progress (rsync SST copies the whole data directory from a donor).',
      expr: sel => `(mysql_global_status_wsrep_local_state{${sel}} != 4) and on (namespace, pod) ${galeraNode(sel)}`,
    },
  ];
}

export function mysqlFamilyMonitoring(options: MysqlMonitoringOptions): EngineMonitoring {
  const s = statusSignals(options.flavor);
  const signals: MonitoringSignals = {
    databaseUp: sel => `mysql_up{${sel}}`,
    // Replicas have replica-status series; the primary has none.
    isReplica: sel => `((count by (namespace, pod) (${s.io(sel)}) > bool 0) or on (namespace, pod) (0 * mysql_up{${sel}}))`,
    // IO or SQL thread stopped, or lag unknown (Seconds_Behind_* NULL: the exporter leaves it out).
    replicationBroken: sel => `max by (namespace, pod) ((${s.io(sel)} == 0) or (${s.sql(sel)} == 0)`
      + ` or (${s.io(sel)} unless on (namespace, pod) ${s.seconds(sel)}))`,
    replicationStreaming: sel => s.io(sel),
    // Only MariaDB counts connected replicas (Slaves_connected); MySQL has no such status variable.
    // Galera nodes have no replication connections: left out (their alerts are the Galera ones).
    connectedReplicas: options.flavor === 'mariadb'
      ? (sel: string) => `(mysql_global_status_slaves_connected{${sel}} unless on (namespace, pod) ${s.io(sel)} unless on (namespace, pod) ${galeraNode(sel)})`
      : undefined,
    // Relay position behind the read position of the same binlog: exact while both are in
    // the same binlog file, which is the case whenever the lag is small.
    lagBytes: sel => `clamp_min(${s.read(sel)} - ${s.exec(sel)}, 0)`,
    lagSeconds: sel => s.seconds(sel),
    connectionsUsed: sel => `mysql_global_status_threads_connected{${sel}}`,
    connectionsMax: sel => `mysql_global_variables_max_connections{${sel}}`,
  };
  return {
    defaultImage: MYSQLD_EXPORTER_IMAGE,
    defaultPort: 9104,
    signals,
    metricNames: [
      'mysql_up', 'mysql_global_status_threads_connected', 'mysql_global_variables_max_connections', ...s.names,
      // wsrep_cluster_size: a MariaDB without Galera reports it too (0); it tells Galera nodes apart.
      ...(options.flavor === 'mariadb' ? ['mysql_global_status_slaves_connected', 'mysql_global_status_wsrep_cluster_size'] : []),
    ],
    ...(options.flavor === 'mariadb' ? { extraAlerts: galeraAlerts() } : {}),
    exporter(ctx: ExporterContext, image: string): ExporterParts {
      return {
        image,
        args: [`--web.listen-address=:${ctx.metricsPort}`, `--config.my-cnf=${options.defaultsFile}`],
        env: [],
        files: {},
        uid: options.uid,
        gid: options.gid,
        metricsPath: '/metrics',
        podVolumeMounts: [{ name: options.runVolume, mountPath: options.runDir }],
      };
    },
  };
}
