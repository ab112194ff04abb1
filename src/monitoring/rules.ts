/**
 * Engine-agnostic alert rules, built from an engine's PromQL signals plus kube-state-metrics
 * and kubelet series. Every expression is scoped to one database: its namespace, and its
 * pods (`<name>-N`), StatefulSet, PVCs (`data-<name>-N`) or backup CronJobs by exact name,
 * so that two databases never mix.
 */
import { EngineAlert, MonitoringSignals } from '../engines/monitoring-spec';

/** One alerting rule, in the Prometheus rules-file shape. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { [key: string]: string };
  readonly annotations: { [key: string]: string };
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: AlertRule[];
}

/** Resolved thresholds (validated by the construct). */
export interface ResolvedThresholds {
  readonly replicationLagBytes: number;
  readonly replicationLagSeconds: number;
  readonly connectionsRatio: number;
  readonly volumeFreeRatio: number;
  readonly volumeFullPredictionHours: number;
  readonly restartsPerHour: number;
  readonly backupMaxAgeSeconds: number;
}

export const DEFAULT_THRESHOLDS: ResolvedThresholds = {
  replicationLagBytes: 16 * 2 ** 20,
  replicationLagSeconds: 30,
  connectionsRatio: 0.8,
  volumeFreeRatio: 0.1,
  volumeFullPredictionHours: 24,
  restartsPerHour: 3,
  backupMaxAgeSeconds: 26 * 3600,
};

/** Every alert name, in order: `disabledAlerts` accepts exactly these. */
export const ALERT_NAMES = [
  'DatabaseDown',
  'DatabaseExporterDown',
  'DatabaseMetricsAbsent',
  'DatabaseReplicationBroken',
  'DatabaseReplicaDisconnected',
  'DatabaseReplicationSlotLost',
  'DatabaseReplicationLagBytes',
  'DatabaseReplicationLagSeconds',
  'DatabaseReplicasNotReady',
  'DatabaseConnectionsNearMax',
  'DatabaseVolumeNearlyFull',
  'DatabaseVolumeFillingUp',
  'DatabaseContainerRestarting',
  'DatabaseBackupTooOld',
] as const;

export interface RuleInput {
  /** StatefulSet name. */
  readonly name: string;
  readonly namespace: string;
  readonly engine: string;
  readonly replicas: number;
  /** Name of the exporter container (the `container` label of its `up` series). */
  readonly exporterContainer: string;
  readonly signals: MonitoringSignals;
  /** The engine's own alerts, appended after the engine-agnostic ones. */
  readonly extraAlerts?: EngineAlert[];
  readonly thresholds: ResolvedThresholds;
  readonly disabled: ReadonlySet<string>;
  /** The CronJobs whose success counts as a backup, each with its own maximum age. */
  readonly backupCronJobs: BackupCronJob[];
  /** Extra labels on every alert. */
  readonly labels: { [key: string]: string };
  /** Base URL of the runbooks: `<base>#<alert name in lower case>`. */
  readonly runbookBaseUrl?: string;
}

/** A CronJob whose last success `DatabaseBackupTooOld` watches, and how old that may get. */
export interface BackupCronJob {
  readonly name: string;
  readonly maxAgeSeconds: number;
}

/** PromQL string literal (double quotes, escaped). */
export function promString(s: string): string {
  return JSON.stringify(s);
}

/** Regex alternation of exact names, each with its regex metacharacters escaped. */
export function exactAlternation(names: string[]): string {
  return names.map(n => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/** Label matchers shared by the rules and the dashboard. */
export function scopes(name: string, namespace: string, exporterContainer: string, backupCronJobs: string[]) {
  const ns = `namespace=${promString(namespace)}`;
  const pods = `${ns},pod=~${promString(`${name}-[0-9]+`)}`;
  return {
    /** Series of the exporter, one per database pod. */
    pods,
    /** The exporter's scrape target health. */
    up: `${pods},container=${promString(exporterContainer)}`,
    /** `up` without the regex (for absent(), which keeps only equality matchers). */
    upAbsent: `${ns},container=${promString(exporterContainer)},pod=~${promString(`${name}-[0-9]+`)}`,
    statefulSet: `${ns},statefulset=${promString(name)}`,
    pvcs: `${ns},persistentvolumeclaim=~${promString(`data-${name}-[0-9]+`)}`,
    cronJobs: backupCronJobs.length ? `${ns},cronjob=~${promString(exactAlternation(backupCronJobs))}` : undefined,
  };
}

function fmtBytes(n: number): string {
  const units: [string, number][] = [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];
  for (const [u, f] of units) if (n >= f && n % f === 0) return `${n / f} ${u}`;
  return `${n} bytes`;
}

function fmtSeconds(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600}h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** The alert rules of one database (disabled ones left out). */
export function buildRuleGroups(input: RuleInput): RuleGroup[] {
  const { name, namespace, engine, signals: sig, thresholds: t } = input;
  const s = scopes(name, namespace, input.exporterContainer, input.backupCronJobs.map(b => b.name));
  const db = `${engine} database ${namespace}/${name}`;
  const rules: AlertRule[] = [];
  const add = (alert: string, severity: string, forDuration: string,
    expr: string, summary: string, description: string, runbook: string) => {
    if (input.disabled.has(alert)) return;
    rules.push({
      alert,
      expr,
      for: forDuration,
      labels: { ...input.labels, severity, engine, database: name },
      annotations: {
        summary,
        description,
        runbook,
        ...(input.runbookBaseUrl ? { runbook_url: `${input.runbookBaseUrl}#${alert.toLowerCase()}` } : {}),
      },
    });
  };

  add('DatabaseDown', 'critical', '1m', `${sig.databaseUp(s.pods)} == 0`,
    `${db}: {{ $labels.pod }} is down`,
    `The exporter in {{ $labels.pod }} cannot connect to the ${engine} server for more than 1 minute.`,
    'kubectl -n <namespace> describe pod <pod>; kubectl logs <pod> -c ' + engine + ' --previous. Check the server log for a crash, '
    + 'a full disk or a failed recovery; the exporter logs say why it cannot connect (authentication of the monitoring user, max connections).');

  add('DatabaseExporterDown', 'warning', '5m', `up{${s.up}} == 0`,
    `${db}: metrics exporter in {{ $labels.pod }} cannot be scraped`,
    'Prometheus has failed to scrape the metrics exporter of {{ $labels.pod }} for 5 minutes: the other alerts of this pod are blind.',
    `kubectl logs <pod> -c ${input.exporterContainer}. Check that a NetworkPolicy lets Prometheus reach the metrics port and that the pod is running.`);

  add('DatabaseMetricsAbsent', 'warning', '15m', `absent(up{${s.upAbsent}})`,
    `${db}: no metrics are being scraped`,
    'Prometheus has no scrape target for this database for 15 minutes: the ServiceMonitor/PodMonitor is not selected by Prometheus '
    + '(its labels do not match the Prometheus serviceMonitorSelector/podMonitorSelector), or its namespace is not watched.',
    'kubectl get prometheus -A -o yaml | grep -A5 -i monitorSelector; compare with the labels of the ServiceMonitor/PodMonitor '
    + '(DbMonitoring prop prometheusSelectorLabels).');

  if (input.replicas > 1) {
    add('DatabaseReplicationBroken', 'critical', '2m', sig.replicationBroken(s.pods),
      `${db}: replication on {{ $labels.pod }} is broken`,
      'Replica {{ $labels.pod }} is not streaming from the primary, its replay is paused, or its lag cannot be computed, for 2 minutes. '
      + 'It is out of the read endpoint (readiness) and falls further behind.',
      'kubectl logs <pod> -c ' + engine + ': look for connection or authentication errors to the primary, or a removed WAL segment '
      + '(then delete the replica\'s PVC and pod to clone it again). A paused replay resumes with pg_wal_replay_resume() / START REPLICA.');

    if (sig.connectedReplicas) {
      add('DatabaseReplicaDisconnected', 'warning', '5m', `${sig.connectedReplicas(s.pods)} < ${input.replicas - 1}`,
        `${db}: only {{ $value }} of ${input.replicas - 1} replicas stream from the primary`,
        `The primary {{ $labels.pod }} has had fewer than ${input.replicas - 1} streaming replicas for 5 minutes.`,
        'Find the replica that is missing (DatabaseReplicationBroken, DatabaseReplicasNotReady) and check its logs.');
    }

    if (sig.replicationSlotLost) {
      add('DatabaseReplicationSlotLost', 'warning', '1m', sig.replicationSlotLost(s.pods),
        `${db}: replication slot {{ $labels.slot_name }} on {{ $labels.pod }} was invalidated`,
        'The standby of slot {{ $labels.slot_name }} fell further behind than max_slot_wal_keep_size (a fifth of the volume by default) '
        + 'and the primary removed WAL it had not received (wal_status lost). The standby re-clones itself once it sees this, '
        + 'which copies the whole database again.',
        'kubectl logs <standby pod> -c ' + engine + ' (and -c bootstrap): "re-cloning this standby" says why. If it recurs, the standby '
        + 'is too slow or was down too long for the WAL the primary may keep: raise max_slot_wal_keep_size (settings) or the volume size.');
    }

    add('DatabaseReplicationLagBytes', 'warning', '5m', `${sig.lagBytes(s.pods)} > ${t.replicationLagBytes}`,
      `${db}: {{ $labels.pod }} lags {{ $value | humanize1024 }}B behind the primary`,
      `Replay lag of {{ $labels.pod }} has been above ${fmtBytes(t.replicationLagBytes)} for 5 minutes (computed like the readiness probe: `
      + 'received minus replayed WAL). The replica does not serve reads meanwhile.',
      'Check the replica\'s disk and CPU (replay is single-threaded), long queries on the replica that conflict with replay, '
      + 'and write volume on the primary.');

    add('DatabaseReplicationLagSeconds', 'warning', '5m', `${sig.lagSeconds(s.pods)} > ${t.replicationLagSeconds}`,
      `${db}: {{ $labels.pod }} lags {{ $value | humanizeDuration }} behind the primary`,
      `Replay lag of {{ $labels.pod }} has been above ${fmtSeconds(t.replicationLagSeconds)} for 5 minutes (0 whenever all received WAL `
      + 'is replayed, so an idle primary never triggers it).',
      'As for DatabaseReplicationLagBytes.');
  }

  add('DatabaseReplicasNotReady', 'warning', '15m',
    `kube_statefulset_status_replicas_ready{${s.statefulSet}} < on (namespace, statefulset) kube_statefulset_replicas{${s.statefulSet}}`,
    `${db}: {{ $value }} of the desired pods are ready`,
    'Fewer pods of the StatefulSet have been ready than desired for 15 minutes (a pod is pending, crash-looping, or a replica is out of sync).',
    'kubectl -n <namespace> get pods -l app.kubernetes.io/instance=' + name + '; kubectl describe pod <pod> (the readiness probe message says why).');

  add('DatabaseConnectionsNearMax', 'warning', '5m',
    `${sig.connectionsUsed(s.pods)} / ${sig.connectionsMax(s.pods)} > ${t.connectionsRatio}`,
    `${db}: {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its connections`,
    `Client connections on {{ $labels.pod }} have been above ${Math.round(t.connectionsRatio * 100)}% of the maximum for 5 minutes; `
    + 'new connections will soon be refused.',
    'Find the clients holding connections (pg_stat_activity / SHOW PROCESSLIST); use a connection pool, or give the database more memory '
    + '(the connection limit is derived from it).');

  const avail = `kubelet_volume_stats_available_bytes{${s.pvcs}}`;
  const cap = `kubelet_volume_stats_capacity_bytes{${s.pvcs}}`;
  add('DatabaseVolumeNearlyFull', 'critical', '5m', `${avail} / ${cap} < ${t.volumeFreeRatio}`,
    `${db}: volume {{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} free`,
    `Less than ${Math.round(t.volumeFreeRatio * 100)}% of {{ $labels.persistentvolumeclaim }} is free. A full volume stops the database.`,
    'Expand the PVC (allowVolumeExpansion on the storage class) or free space: check WAL/binlog retention (an inactive replication slot keeps WAL forever).');

  add('DatabaseVolumeFillingUp', 'warning', '1h',
    `(${avail} / ${cap} < 0.4) and predict_linear(${avail}[6h], ${t.volumeFullPredictionHours * 3600}) < 0`,
    `${db}: volume {{ $labels.persistentvolumeclaim }} will be full within ${t.volumeFullPredictionHours}h`,
    `At the growth rate of the last 6 hours, {{ $labels.persistentvolumeclaim }} (less than 40% free) fills up within ${t.volumeFullPredictionHours} hours.`,
    'As for DatabaseVolumeNearlyFull, before it fires.');

  add('DatabaseContainerRestarting', 'warning', '5m',
    `increase(kube_pod_container_status_restarts_total{${s.pods}}[1h]) > ${t.restartsPerHour}`,
    `${db}: container {{ $labels.container }} in {{ $labels.pod }} restarted {{ $value | humanize }} times in 1h`,
    `The container has restarted more than ${t.restartsPerHour} times in the last hour.`,
    'kubectl logs <pod> -c <container> --previous; kubectl describe pod <pod> (OOMKilled means the memory limit is too low).');

  // One rule per maximum age (the CronJobs that share it): each BackupSchedule's own maxAge
  // applies to its own CronJobs, so an hourly backup alerts hours, not a day, after it stopped.
  const byAge = new Map<number, string[]>();
  for (const b of input.backupCronJobs) byAge.set(b.maxAgeSeconds, [...(byAge.get(b.maxAgeSeconds) ?? []).filter(n => n !== b.name), b.name]);
  for (const [age, cronJobs] of [...byAge].sort((a, b) => a[0] - b[0])) {
    const scope = `namespace=${promString(namespace)},cronjob=~${promString(exactAlternation(cronJobs))}`;
    const last = `kube_cronjob_status_last_successful_time{${scope}}`;
    add('DatabaseBackupTooOld', 'critical', '5m',
      `(time() - ${last} > ${age}) or ((time() - kube_cronjob_created{${scope}} > ${age}) unless on (namespace, cronjob) ${last})`,
      `${db}: no successful backup by {{ $labels.cronjob }} for more than ${fmtSeconds(age)}`,
      `The backup CronJob {{ $labels.cronjob }} has not completed successfully for more than ${fmtSeconds(age)} (or never, since it was created).`,
      'kubectl -n <namespace> get jobs -l <cronjob>; kubectl logs job/<last job>. Check the destination credentials and free space.');
  }

  for (const a of input.extraAlerts ?? []) {
    add(a.alert, a.severity, a.for, a.expr(s.pods), `${db}: ${a.summary}`, a.description, a.runbook);
  }

  return [{ name: `cdk8s-db.${namespace}.${name}`, rules }];
}
