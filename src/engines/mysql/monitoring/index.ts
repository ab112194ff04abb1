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
import { EngineMonitoring, ExporterContext, ExporterParts, MonitoringSignals } from '../../monitoring-spec';

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
    connectedReplicas: options.flavor === 'mariadb'
      ? (sel: string) => `(mysql_global_status_slaves_connected{${sel}} unless on (namespace, pod) ${s.io(sel)})`
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
      ...(options.flavor === 'mariadb' ? ['mysql_global_status_slaves_connected'] : []),
    ],
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
