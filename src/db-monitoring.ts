import { ApiObject, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { credentialKeys } from './credentials';
import { EngineEnv } from './engines/engine-spec';
import { PodMonitor } from './imports/podmonitors-monitoring.coreos.com';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from './imports/prometheusrules-monitoring.coreos.com';
import { ServiceMonitor } from './imports/servicemonitors-monitoring.coreos.com';
import { checkDnsLabel, checkInteger, checkLabels, checkNumber, durationSeconds, fail } from './lib/errors';
import { commonLabels, LABEL_NAME, RESERVED_LABEL_KEYS, selectorLabels } from './lib/labels';
import { restrictedContainerSecurity } from './lib/pod-security';
import { bytesQuantity, cpuMillis, sizeBytes } from './lib/quantity';
import { buildDashboard } from './monitoring/dashboard';
import { ALERT_NAMES, buildRuleGroups, DEFAULT_THRESHOLDS, ResolvedThresholds, RuleGroup } from './monitoring/rules';
import type { ReplicatedDatabase } from './replicated-database';

/** How Prometheus (the prometheus-operator) finds the exporters. */
export enum ScrapeMethod {
  /** A ServiceMonitor selecting the metrics Service (which selects the database pods). */
  SERVICE_MONITOR = 'ServiceMonitor',
  /** A PodMonitor selecting the database pods directly. */
  POD_MONITOR = 'PodMonitor',
}

/** Thresholds of the default alerts. */
export interface AlertThresholds {
  /**
   * Replay lag, in bytes, above which `DatabaseReplicationLagBytes` fires (after 5 minutes).
   * @default 16777216 (16 MiB, the readiness probe's default)
   */
  readonly replicationLagBytes?: number;
  /**
   * Replay lag above which `DatabaseReplicationLagSeconds` fires (after 5 minutes).
   * @default Duration.seconds(30) (the readiness probe's default)
   */
  readonly replicationLag?: Duration;
  /**
   * Share of the connection limit (0 < ratio <= 1) above which `DatabaseConnectionsNearMax` fires.
   * @default 0.8
   */
  readonly connectionsRatio?: number;
  /**
   * Free share of a data volume (0 < ratio < 1) below which `DatabaseVolumeNearlyFull` fires.
   * @default 0.1
   */
  readonly volumeFreeRatio?: number;
  /**
   * `DatabaseVolumeFillingUp` fires when the 6-hour trend predicts a full volume within this time.
   * @default Duration.hours(24)
   */
  readonly volumeFullPrediction?: Duration;
  /**
   * Restarts of one container within an hour above which `DatabaseContainerRestarting` fires.
   * @default 3
   */
  readonly restartsPerHour?: number;
  /**
   * Age of the last successful backup above which `DatabaseBackupTooOld` fires.
   * @default Duration.hours(26)
   */
  readonly backupMaxAge?: Duration;
}

/** Who may reach the metrics port when `DbMonitoring` creates a NetworkPolicy. */
export interface PrometheusPeerOptions {
  /**
   * Namespace Prometheus runs in (matched by its `kubernetes.io/metadata.name` label).
   * @default "monitoring"
   */
  readonly namespace?: string;
  /**
   * Labels of the Prometheus pods.
   * @default { "app.kubernetes.io/name": "prometheus" }
   */
  readonly podLabels?: { [key: string]: string };
}

/**
 * Who may reach the metrics port: a NetworkPolicy that opens only that port of the
 * database pods, or none.
 *
 * A NetworkPolicy that selects the database pods for ingress isolates them: from then on
 * only traffic some policy allows reaches them. That is why `DbMonitoring` adds one by
 * default only when the database is isolated already (its own default-deny policy).
 */
export class MetricsAccess {
  /** No NetworkPolicy for the metrics port. */
  public static none(): MetricsAccess {
    return new MetricsAccess('', {}, false);
  }

  /** Prometheus pods (by label) in one namespace. */
  public static fromPrometheus(options: PrometheusPeerOptions = {}): MetricsAccess {
    const namespace = options.namespace ?? 'monitoring';
    checkDnsLabel('MetricsAccess.fromPrometheus', 'namespace', namespace, 63);
    const podLabels = options.podLabels ?? { [LABEL_NAME]: 'prometheus' };
    if (Object.keys(podLabels).length === 0) fail('MetricsAccess.fromPrometheus', 'podLabels', podLabels, 'must not be empty (an empty selector admits every pod)');
    checkLabels('MetricsAccess.fromPrometheus', 'podLabels', podLabels);
    return new MetricsAccess(namespace, { ...podLabels }, true);
  }

  private constructor(
    /** Namespace of the peers. */
    public readonly namespace: string,
    /** Labels of the peer pods. */
    public readonly podLabels: { [key: string]: string },
    /** Whether a NetworkPolicy is created. */
    public readonly enabled: boolean) {}
}

/** Resources of the exporter sidecar. */
export interface ExporterResources {
  /**
   * CPU request (no limit).
   * @default Cpu.millis(10)
   */
  readonly cpu?: kplus.Cpu;
  /**
   * Memory request and limit.
   * @default Size.mebibytes(64)
   */
  readonly memory?: Size;
}

/** Options of `ReplicatedDatabase.addMonitoring`. */
export interface DbMonitoringOptions {
  /**
   * Namespace of the database, used to scope every alert and dashboard query.
   * @default - the namespace of the database's Chart (required if that has none)
   */
  readonly namespace?: string;
  /**
   * ServiceMonitor or PodMonitor.
   * @default ScrapeMethod.SERVICE_MONITOR
   */
  readonly scrapeMethod?: ScrapeMethod;
  /**
   * Scrape interval.
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
  /**
   * Labels on the ServiceMonitor/PodMonitor and the PrometheusRule that make a Prometheus
   * select them (its serviceMonitorSelector / podMonitorSelector / ruleSelector). The
   * kube-prometheus-stack Helm chart selects `release: <release name>`.
   * @default { release: "kube-prometheus-stack" }
   */
  readonly prometheusSelectorLabels?: { [key: string]: string };
  /**
   * Exporter image (repository:tag[@digest]).
   * @default - the engine's pinned prometheus-community exporter
   */
  readonly exporterImage?: string;
  /**
   * Resources of the exporter sidecar.
   * @default - 10m CPU request, 64Mi memory
   */
  readonly exporterResources?: ExporterResources;
  /**
   * Container port of the exporter (named `metrics`).
   * @default - the exporter's usual port (9187 for postgres_exporter, 9104 for mysqld_exporter)
   */
  readonly metricsPort?: number;
  /**
   * Create the PrometheusRule with the default alerts.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Names of default alerts to leave out, e.g. `["DatabaseVolumeFillingUp"]`. See
   * `DbMonitoring.ALERT_NAMES`; an unknown name is an error.
   * @default - none
   */
  readonly disabledAlerts?: string[];
  /**
   * Alert thresholds.
   * @default - see AlertThresholds
   */
  readonly thresholds?: AlertThresholds;
  /**
   * Extra labels on every alert (e.g. `team`), for Alertmanager routing.
   * @default - none
   */
  readonly alertLabels?: { [key: string]: string };
  /**
   * Base URL of your runbooks: each alert gets `runbook_url: <base>#<alert name in lower case>`.
   * Every alert carries a short `runbook` annotation regardless.
   * @default - no runbook_url
   */
  readonly runbookBaseUrl?: string;
  /**
   * Names of the CronJobs (in the database's namespace) that back this database up:
   * `DatabaseBackupTooOld` fires when none of their runs succeeded for `thresholds.backupMaxAge`.
   * BackupSchedules of the database created before this DbMonitoring are included
   * automatically (with their restore-verification CronJobs).
   * @default - the database's BackupSchedules; no backup alert without any
   */
  readonly backupCronJobs?: string[];
  /**
   * Create the Grafana dashboard ConfigMap.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Labels of the dashboard ConfigMap that the Grafana sidecar looks for.
   * @default { grafana_dashboard: "1" }
   */
  readonly dashboardLabels?: { [key: string]: string };
  /**
   * Namespace of the dashboard ConfigMap (where the Grafana sidecar looks).
   * @default - the database's namespace
   */
  readonly dashboardNamespace?: string;
  /**
   * A NetworkPolicy that admits these peers to the metrics port only.
   * @default - `MetricsAccess.fromPrometheus()` (pods labelled app.kubernetes.io/name=prometheus in
   * namespace "monitoring") when the database has a NetworkPolicy of its own (isolated), else
   * none: a policy selecting the pods would isolate a database no other policy admits to
   */
  readonly networkPolicy?: MetricsAccess;
}

/** Properties of `DbMonitoring`. */
export interface DbMonitoringProps extends DbMonitoringOptions {
  /** The database to monitor. */
  readonly database: ReplicatedDatabase;
}

const EXPORTER_CONTAINER = 'exporter';
const METRICS_PORT_NAME = 'metrics';
const EXPORTER_CONFIG_DIR = '/etc/cdk8s-db/exporter';

/**
 * Monitoring of a `ReplicatedDatabase`: an exporter sidecar in every database pod
 * (least-privileged monitoring user, password from the Secret), a metrics Service and a
 * ServiceMonitor (or PodMonitor), a PrometheusRule with default alerts scoped to this
 * database, a Grafana dashboard ConfigMap, and optionally a NetworkPolicy for the metrics port.
 */
export class DbMonitoring extends Construct {
  /** Every default alert name (what `disabledAlerts` accepts). */
  public static readonly ALERT_NAMES: string[] = [...ALERT_NAMES];

  /** Name of the metrics port on the database pods. */
  public readonly metricsPortName: string = METRICS_PORT_NAME;
  public readonly metricsPort: number;
  /** The metrics Service (selects the database pods). */
  public readonly metricsService: k8s.KubeService;
  /** The ServiceMonitor or PodMonitor. */
  public readonly scrapeConfig: ApiObject;
  /** Undefined when alerts are off. */
  public readonly prometheusRule?: ApiObject;
  /** Names of the alerts created. */
  public readonly alertNames: string[];
  /** Undefined when the dashboard is off. */
  public readonly dashboardConfigMap?: k8s.KubeConfigMap;
  /** Undefined unless `networkPolicy` is set. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: DbMonitoringProps) {
    super(scope, id);
    const where = `DbMonitoring ${this.node.path}`;
    const db = props.database;
    const spec = db.engine._spec;
    const mon = spec.monitoring;
    if (!mon) fail(where, 'database.engine', spec.name, 'has no monitoring support yet');

    const namespace = props.namespace ?? Chart.of(db).namespace;
    if (!namespace) {
      fail(where, 'namespace', namespace, 'is required when the database\'s Chart has no namespace: every alert and dashboard query is scoped to the namespace, so that two databases never mix');
    }
    checkDnsLabel(where, 'namespace', namespace, 63);
    const dashboardNamespace = props.dashboardNamespace ?? namespace;
    checkDnsLabel(where, 'dashboardNamespace', dashboardNamespace, 63);
    const port = props.metricsPort ?? mon.defaultPort;
    checkInteger(where, 'metricsPort', port, 1024, 65535);
    if (port === db.engine.port) fail(where, 'metricsPort', port, `must differ from the database port ${db.engine.port}`);
    this.metricsPort = port;
    const interval = durationSeconds(where, 'scrapeInterval', props.scrapeInterval ?? Duration.seconds(30), 5, 3600);
    let thresholds = resolveThresholds(where, props.thresholds ?? {});
    const disabled = new Set(props.disabledAlerts ?? []);
    const known = [...DbMonitoring.ALERT_NAMES, ...(mon.extraAlerts ?? []).map(a => a.alert)];
    for (const d of disabled) {
      if (!known.includes(d)) fail(where, 'disabledAlerts', d, `is not an alert name; known: ${known.join(', ')}`);
    }
    const explicitCronJobs = props.backupCronJobs ?? [];
    explicitCronJobs.forEach((c, i) => checkDnsLabel(where, `backupCronJobs[${i}]`, c, 52));
    // BackupSchedules of this database (and their restore verification) count as backups;
    // their own maxAge raises the threshold when it is longer than the default.
    const registered = db._backupCronJobsForMonitoring(this.node.path);
    const cronJobs = [...new Set([...explicitCronJobs, ...registered.map(r => r.name)])];
    if (!props.thresholds?.backupMaxAge && registered.length > 0) {
      thresholds = { ...thresholds, backupMaxAgeSeconds: Math.max(thresholds.backupMaxAgeSeconds, ...registered.map(r => r.maxAgeSeconds)) };
    }
    const selectorLabelsForPrometheus = props.prometheusSelectorLabels ?? { release: 'kube-prometheus-stack' };
    checkLabels(where, 'prometheusSelectorLabels', selectorLabelsForPrometheus, RESERVED_LABEL_KEYS);
    for (const [k, v] of Object.entries(props.alertLabels ?? {})) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) || k.startsWith('__')) fail(where, 'alertLabels key', k, 'must be a Prometheus label name');
      if (['severity', 'engine', 'database'].includes(k)) fail(where, 'alertLabels key', k, 'is set by DbMonitoring');
      if (typeof v !== 'string') fail(where, `alertLabels.${k}`, v, 'must be a string');
    }
    const dashboardLabels = props.dashboardLabels ?? { grafana_dashboard: '1' };
    checkLabels(where, 'dashboardLabels', dashboardLabels, RESERVED_LABEL_KEYS);
    if (props.runbookBaseUrl !== undefined && !/^https?:\/\/\S+$/.test(props.runbookBaseUrl)) {
      fail(where, 'runbookBaseUrl', props.runbookBaseUrl, 'must be an http(s) URL');
    }
    const res = props.exporterResources ?? {};
    const cpu = cpuMillis(where, 'exporterResources.cpu', res.cpu ?? kplus.Cpu.millis(10));
    const memory = sizeBytes(where, 'exporterResources.memory', res.memory ?? Size.mebibytes(64));
    if (memory < 16 * 2 ** 20) fail(where, 'exporterResources.memory', res.memory?.asString(), 'must be at least 16Mi');

    const name = db.name;
    const labels = commonLabels(name, 'metrics', spec.name, spec.version);
    const metadata = (objectName: string, extra: { [k: string]: string } = {}) => ({ name: objectName, namespace, labels: { ...labels, ...extra } });

    // --- Exporter sidecar --------------------------------------------------------------
    const image = props.exporterImage ?? mon.defaultImage;
    if (!/^[a-z0-9]+([._\-/:][a-z0-9]+)*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}(@sha256:[a-f0-9]{64})?$/.test(image)) {
      fail(where, 'exporterImage', image, 'must be an image reference with a tag, e.g. "quay.io/prometheuscommunity/postgres-exporter:v0.17.1"');
    }
    const exporter = mon.exporter({
      databasePort: db.engine.port,
      metricsPort: port,
      configDir: EXPORTER_CONFIG_DIR,
      credentials: credentialKeys(db.secretName),
      monitoringUser: spec.monitoringUser,
      tls: db._tls?.files,
    }, image);
    const hasFiles = Object.keys(exporter.files).length > 0;
    const exporterConfig = hasFiles ? new k8s.KubeConfigMap(this, 'ExporterConfig', {
      metadata: metadata(`${name}-exporter`),
      data: exporter.files,
    }) : undefined;
    const memoryQuantity = k8s.Quantity.fromString(bytesQuantity(memory));
    db.addSidecar({
      name: EXPORTER_CONTAINER,
      image: exporter.image,
      args: exporter.args,
      env: exporter.env.map(e => envVar(db.secretName, e)),
      ports: [{ name: METRICS_PORT_NAME, containerPort: port, protocol: 'TCP' }],
      volumeMounts: [
        ...(exporterConfig ? [{ name: 'exporter-config', mountPath: EXPORTER_CONFIG_DIR, readOnly: true }] : []),
        ...(exporter.podVolumeMounts ?? []).map(m => ({ name: m.name, mountPath: m.mountPath, readOnly: true })),
      ],
      securityContext: restrictedContainerSecurity({ uid: exporter.uid, gid: exporter.gid }),
      resources: {
        requests: { cpu: k8s.Quantity.fromString(`${cpu}m`), memory: memoryQuantity },
        limits: { memory: memoryQuantity },
      },
      terminationMessagePolicy: 'FallbackToLogsOnError',
    }, exporterConfig ? [{ name: 'exporter-config', configMap: { name: exporterConfig.name } }] : []);

    // --- Metrics Service and scrape config -------------------------------------------------
    this.metricsService = new k8s.KubeService(this, 'MetricsService', {
      metadata: metadata(`${name}-metrics`),
      spec: {
        selector: db.selector,
        ports: [{ name: METRICS_PORT_NAME, port, targetPort: k8s.IntOrString.fromString(METRICS_PORT_NAME) }],
      },
    });
    const scrapeInterval = `${interval}s`;
    const scrapeTimeout = `${Math.min(10, interval)}s`;
    if ((props.scrapeMethod ?? ScrapeMethod.SERVICE_MONITOR) === ScrapeMethod.SERVICE_MONITOR) {
      this.scrapeConfig = new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: metadata(name, selectorLabelsForPrometheus),
        spec: {
          selector: { matchLabels: selectorLabels(name, 'metrics') },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [{ port: METRICS_PORT_NAME, path: exporter.metricsPath, interval: scrapeInterval, scrapeTimeout }],
        },
      });
    } else {
      this.scrapeConfig = new PodMonitor(this, 'PodMonitor', {
        metadata: metadata(name, selectorLabelsForPrometheus),
        spec: {
          selector: { matchLabels: db.selector },
          namespaceSelector: { matchNames: [namespace] },
          podMetricsEndpoints: [{ port: METRICS_PORT_NAME, path: exporter.metricsPath, interval: scrapeInterval, scrapeTimeout }],
        },
      });
    }

    // --- Alerts --------------------------------------------------------------------------
    const groups: RuleGroup[] = buildRuleGroups({
      name,
      namespace,
      engine: spec.name,
      replicas: db.replicas,
      exporterContainer: EXPORTER_CONTAINER,
      signals: mon.signals,
      extraAlerts: mon.extraAlerts,
      thresholds,
      disabled,
      backupCronJobs: cronJobs,
      labels: props.alertLabels ?? {},
      runbookBaseUrl: props.runbookBaseUrl,
    });
    this.alertNames = (props.alerts ?? true) ? groups.flatMap(g => g.rules.map(r => r.alert)) : [];
    if ((props.alerts ?? true) && this.alertNames.length > 0) {
      this.prometheusRule = new PrometheusRule(this, 'Rules', {
        metadata: metadata(name, selectorLabelsForPrometheus),
        spec: {
          groups: groups.map(g => ({
            name: g.name,
            rules: g.rules.map(r => ({
              alert: r.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
              for: r.for,
              labels: r.labels,
              annotations: r.annotations,
            })),
          })),
        },
      });
    }

    // --- Dashboard -----------------------------------------------------------------------------
    if (props.dashboard ?? true) {
      const dashboard = buildDashboard({
        name,
        namespace,
        engine: spec.name,
        exporterContainer: EXPORTER_CONTAINER,
        signals: mon.signals,
        backupCronJobs: cronJobs,
        extraPanels: mon.extraPanels,
      });
      this.dashboardConfigMap = new k8s.KubeConfigMap(this, 'Dashboard', {
        metadata: { ...metadata(`${name}-dashboard`, dashboardLabels), namespace: dashboardNamespace },
        data: { [`${namespace}-${name}.json`]: JSON.stringify(dashboard, undefined, 2) },
      });
    }

    // --- NetworkPolicy ----------------------------------------------------------------------
    // (Not `instanceof k8s.KubeNetworkPolicy`: that holds for every ApiObject of cdk8s-plus' k8s
    // classes, so a database with network.isolate: false got a metrics policy that isolated it.)
    const isolated = db.isolationPolicy !== undefined;
    if (props.networkPolicy?.enabled && !db.isolationPolicy) {
      fail(where, 'networkPolicy', `MetricsAccess.fromPrometheus({ namespace: '${props.networkPolicy.namespace}' })`,
        `contradicts the database's network.isolate: false (${db.node.path}): a policy selecting its pods would isolate them and cut off replication and every client; use MetricsAccess.none(), or isolate the database`);
    }
    const peer = props.networkPolicy ?? (isolated ? MetricsAccess.fromPrometheus() : MetricsAccess.none());
    if (peer.enabled) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'MetricsAccess', {
        metadata: metadata(`${name}-metrics`),
        spec: {
          podSelector: { matchLabels: db.selector },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
              podSelector: { matchLabels: peer.podLabels },
            }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
          }],
        },
      });
    }
  }
}

function resolveThresholds(where: string, t: AlertThresholds): ResolvedThresholds {
  const d = DEFAULT_THRESHOLDS;
  const r: ResolvedThresholds = {
    replicationLagBytes: t.replicationLagBytes ?? d.replicationLagBytes,
    replicationLagSeconds: t.replicationLag ? durationSeconds(where, 'thresholds.replicationLag', t.replicationLag, 1) : d.replicationLagSeconds,
    connectionsRatio: t.connectionsRatio ?? d.connectionsRatio,
    volumeFreeRatio: t.volumeFreeRatio ?? d.volumeFreeRatio,
    volumeFullPredictionHours: t.volumeFullPrediction ? wholeHours(where, 'thresholds.volumeFullPrediction', t.volumeFullPrediction) : d.volumeFullPredictionHours,
    restartsPerHour: t.restartsPerHour ?? d.restartsPerHour,
    backupMaxAgeSeconds: t.backupMaxAge ? durationSeconds(where, 'thresholds.backupMaxAge', t.backupMaxAge, 60) : d.backupMaxAgeSeconds,
  };
  checkInteger(where, 'thresholds.replicationLagBytes', r.replicationLagBytes, 0);
  checkInteger(where, 'thresholds.replicationLag', r.replicationLagSeconds, 1);
  checkNumber(where, 'thresholds.connectionsRatio', r.connectionsRatio, 0, true);
  if (r.connectionsRatio > 1) fail(where, 'thresholds.connectionsRatio', r.connectionsRatio, 'must be a ratio between 0 (exclusive) and 1');
  checkNumber(where, 'thresholds.volumeFreeRatio', r.volumeFreeRatio, 0, true);
  if (r.volumeFreeRatio >= 1) fail(where, 'thresholds.volumeFreeRatio', r.volumeFreeRatio, 'must be a ratio between 0 and 1 (both exclusive)');
  checkInteger(where, 'thresholds.volumeFullPrediction', r.volumeFullPredictionHours, 1);
  checkInteger(where, 'thresholds.restartsPerHour', r.restartsPerHour, 0);
  checkInteger(where, 'thresholds.backupMaxAge', r.backupMaxAgeSeconds, 60);
  return r;
}

/** A Duration as whole hours (the PromQL predict_linear horizon is written in hours). */
function wholeHours(where: string, prop: string, d: Duration): number {
  const seconds = durationSeconds(where, prop, d, 3600);
  if (seconds % 3600 !== 0) fail(where, prop, d.toHumanString(), 'must be a whole number of hours');
  return seconds / 3600;
}

function envVar(secretName: string, e: EngineEnv): k8s.EnvVar {
  if (e.secretKey) return { name: e.name, valueFrom: { secretKeyRef: { name: secretName, key: e.secretKey } } };
  if (e.fieldPath) return { name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldPath } } };
  return { name: e.name, value: e.value ?? '' };
}
