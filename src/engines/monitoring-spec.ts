/**
 * What an engine contributes to `DbMonitoring`: the exporter sidecar and the PromQL
 * signals the engine-agnostic alert rules and dashboard are built from.
 *
 * Internal: users reach it through `DbMonitoring` / `ReplicatedDatabase.addMonitoring`.
 */
import { CredentialKeys, EngineEnv, EngineTls } from './engine-spec';

/** What the construct tells the engine about the exporter it is about to run. */
export interface ExporterContext {
  /** Port the database listens on (the exporter connects through 127.0.0.1). */
  readonly databasePort: number;
  /** Port the exporter must listen on. */
  readonly metricsPort: number;
  /** Where the exporter's config files (`files`) are mounted, read-only. */
  readonly configDir: string;
  readonly credentials: CredentialKeys;
  /** Engine's monitoring user name (the password is under `credentials.monitoringPassword`). */
  readonly monitoringUser: string;
  /** The database's TLS files as mounted in its pods; undefined without TLS. */
  readonly tls?: EngineTls;
}

/** The exporter sidecar, as plain data. */
export interface ExporterParts {
  readonly image: string;
  readonly args: string[];
  readonly env: EngineEnv[];
  /** File name → content, mounted read-only at `context.configDir`. */
  readonly files: { [file: string]: string };
  /** Unprivileged user and group the image runs as. */
  readonly uid: number;
  readonly gid: number;
  /** HTTP path of the metrics. */
  readonly metricsPath: string;
  /**
   * Volumes of the database pod (the engine's writable dirs) to mount read-only, e.g. the
   * socket dir with a client option file the engine writes for its probes.
   */
  readonly podVolumeMounts?: { readonly name: string; readonly mountPath: string }[];
}

/**
 * PromQL building blocks. Each function receives a label matcher list (without braces),
 * e.g. `namespace="shop",pod=~"orders-[0-9]+"`, that scopes a series to one database, and
 * returns an instant-vector expression with one series per database pod.
 */
export interface MonitoringSignals {
  /** On the primary: number of replicas streaming from it; undefined when the exporter cannot tell. */
  readonly connectedReplicas?: (sel: string) => string;
  /**
   * On the primary: a series per invalidated replication slot (its standby's WAL is gone);
   * undefined for engines without slots.
   */
  readonly replicationSlotLost?: (sel: string) => string;
  /** 1 when the exporter can reach the database, 0 when not. */
  databaseUp(sel: string): string;
  /** 1 on replicas, 0 on the primary. */
  isReplica(sel: string): string;
  /**
   * Per replica: a series (any value) while replication is broken: not streaming,
   * replay paused, or lag unknown. Empty when healthy.
   */
  replicationBroken(sel: string): string;
  /** Per replica: 1 while streaming, 0 otherwise (dashboard). */
  replicationStreaming(sel: string): string;
  /** Replay lag in bytes, computed like the readiness probe (0 on the primary). */
  lagBytes(sel: string): string;
  /** Replay lag in seconds, computed like the readiness probe (0 on the primary). */
  lagSeconds(sel: string): string;
  /** Client connections in use. */
  connectionsUsed(sel: string): string;
  /** Client connections available to non-superusers. */
  connectionsMax(sel: string): string;
}

/** An alert only one engine can raise (e.g. Redis evictions), added to the engine-agnostic ones. */
export interface EngineAlert {
  /** Alert name (also what `disabledAlerts` accepts). */
  readonly alert: string;
  readonly severity: string;
  /** Prometheus `for` duration, e.g. `5m`. */
  readonly for: string;
  readonly summary: string;
  readonly description: string;
  readonly runbook: string;
  /** The expression, from the same label matcher list as the signals. */
  expr(sel: string): string;
}

/** A dashboard panel only one engine has. */
export interface EnginePanel {
  readonly title: string;
  /** Grafana unit, e.g. `bytes`. */
  readonly unit: string;
  readonly targets: { readonly legend: string; expr(sel: string): string }[];
  readonly description: string;
}

/** Internal interface: an engine's monitoring parts. */
export interface EngineMonitoring {
  /** Default exporter image (pinned tag). */
  readonly defaultImage: string;
  /** Container port the exporter listens on by default. */
  readonly defaultPort: number;
  readonly signals: MonitoringSignals;
  /**
   * Every exporter metric name the signals use: a real-server test checks each appears
   * in a real exporter's output.
   */
  readonly metricNames: string[];
  /** Alerts of this engine only, after the engine-agnostic ones. */
  readonly extraAlerts?: EngineAlert[];
  /** Dashboard panels of this engine only. */
  readonly extraPanels?: EnginePanel[];
  exporter(context: ExporterContext, image: string): ExporterParts;
}
