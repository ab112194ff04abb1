/**
 * A Grafana dashboard (JSON model) for one database, built from the same signals and
 * scopes as the alert rules, for the Grafana sidecar to load from a ConfigMap.
 */
import * as crypto from 'crypto';
import { scopes } from './rules';
import { EnginePanel, MonitoringSignals } from '../engines/monitoring-spec';

export interface DashboardInput {
  readonly name: string;
  readonly namespace: string;
  readonly engine: string;
  readonly exporterContainer: string;
  readonly signals: MonitoringSignals;
  readonly backupCronJobs: string[];
  /** The engine's own panels, after the engine-agnostic ones. */
  readonly extraPanels?: EnginePanel[];
}

interface Target { readonly expr: string; readonly legend: string }

/** Every PromQL expression of the dashboard (for tests). */
export function dashboardExpressions(dashboard: any): string[] {
  return (dashboard.panels as any[]).flatMap(p => (p.targets ?? []).map((t: any) => t.expr as string));
}

export function buildDashboard(input: DashboardInput): any {
  const sig = input.signals;
  const s = scopes(input.name, input.namespace, input.exporterContainer, input.backupCronJobs);
  const panels: any[] = [];
  let id = 0;
  const panel = (title: string, unit: string, targets: Target[], description: string, extra: any = {}) => {
    const col = panels.length % 2;
    const row = Math.floor(panels.length / 2);
    panels.push({
      id: ++id,
      type: 'timeseries',
      title,
      description,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: { h: 8, w: 12, x: col * 12, y: row * 8 },
      fieldConfig: { defaults: { unit, min: 0, ...extra }, overrides: [] },
      options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
      targets: targets.map((t, i) => ({
        refId: String.fromCharCode(65 + i),
        datasource: { type: 'prometheus', uid: '${datasource}' },
        expr: t.expr,
        legendFormat: t.legend,
      })),
    });
  };

  panel('Up', 'none', [
    { expr: sig.databaseUp(s.pods), legend: 'database {{pod}}' },
    { expr: `up{${s.up}}`, legend: 'exporter {{pod}}' },
  ], '1 = the exporter reaches the database / Prometheus reaches the exporter.', { max: 1 });
  panel('Connections', 'none', [
    { expr: sig.connectionsUsed(s.pods), legend: 'used {{pod}}' },
    { expr: sig.connectionsMax(s.pods), legend: 'max {{pod}}' },
  ], 'Client connections in use and the maximum for non-superusers.');
  panel('Replication lag (bytes)', 'bytes', [
    { expr: sig.lagBytes(s.pods), legend: '{{pod}}' },
  ], 'Received minus replayed WAL/binlog, as the readiness probe computes it.');
  panel('Replication lag (seconds)', 's', [
    { expr: sig.lagSeconds(s.pods), legend: '{{pod}}' },
  ], '0 when everything received is replayed, else age of the last replayed transaction.');
  panel('Replication state', 'none', [
    { expr: sig.replicationStreaming(s.pods), legend: 'streaming {{pod}}' },
    ...(sig.connectedReplicas ? [{ expr: sig.connectedReplicas(s.pods), legend: 'replicas connected to {{pod}}' }] : []),
    { expr: `kube_statefulset_status_replicas_ready{${s.statefulSet}}`, legend: 'ready pods' },
    { expr: `kube_statefulset_replicas{${s.statefulSet}}`, legend: 'desired pods' },
  ], 'Replicas streaming (1/0), replicas connected to the primary, and ready vs desired pods.');
  panel('Disk used', 'percentunit', [
    { expr: `1 - kubelet_volume_stats_available_bytes{${s.pvcs}} / kubelet_volume_stats_capacity_bytes{${s.pvcs}}`, legend: '{{persistentvolumeclaim}}' },
  ], 'Share of each data volume in use.', { max: 1 });
  panel('Container restarts (1h)', 'none', [
    { expr: `increase(kube_pod_container_status_restarts_total{${s.pods}}[1h])`, legend: '{{pod}}/{{container}}' },
  ], 'Restarts of each container over the last hour.');
  if (s.cronJobs) {
    panel('Time since last successful backup', 's', [
      { expr: `time() - kube_cronjob_status_last_successful_time{${s.cronJobs}}`, legend: '{{cronjob}}' },
    ], 'Age of the last successful run of each backup CronJob.');
  }

  for (const p of input.extraPanels ?? []) {
    panel(p.title, p.unit, p.targets.map(t => ({ expr: t.expr(s.pods), legend: t.legend })), p.description);
  }

  return {
    title: `${input.engine} ${input.namespace}/${input.name}`,
    uid: dashboardUid(input.namespace, input.name),
    tags: ['cdk8s-db', input.engine],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source', current: {}, hide: 0 }],
    },
    annotations: { list: [] },
    panels,
  };
}

/** Grafana uids are at most 40 characters: long names get a hash suffix instead of a cut. */
function dashboardUid(namespace: string, name: string): string {
  const uid = `cdk8s-db-${namespace}-${name}`;
  if (uid.length <= 40) return uid;
  return `${uid.slice(0, 27)}-${crypto.createHash('sha256').update(uid).digest('hex').slice(0, 12)}`;
}
