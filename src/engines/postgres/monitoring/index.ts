import { CONNECTIONS_NS, CUSTOM_METRICS, QUERIES_YAML, REPLICATION_NS, SLOTS_NS } from './queries';
import { EngineMonitoring, ExporterContext, ExporterParts } from '../../monitoring-spec';

/** prometheus-community postgres_exporter, pinned. */
export const POSTGRES_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1';
/** `nobody` in the upstream image. */
const EXPORTER_USER = { uid: 65534, gid: 65534 };
export const QUERIES_FILE = 'queries.yaml';

/** The postgres_exporter sidecar and the PromQL signals over its metrics. */
export function postgresMonitoring(): EngineMonitoring {
  const m = (name: string) => (sel: string) => `${name}{${sel}}`;
  return {
    defaultImage: POSTGRES_EXPORTER_IMAGE,
    defaultPort: 9187,
    exporter(ctx: ExporterContext, image: string): ExporterParts {
      return {
        image,
        args: [
          `--web.listen-address=:${ctx.metricsPort}`,
          // Deprecated upstream since 0.13 but still supported by the pinned image, and
          // the only custom-query mechanism Debian's 0.11 (used by the real test) has.
          `--extend.query-path=${ctx.configDir}/${QUERIES_FILE}`,
        ],
        env: [
          // TCP to the database container in the same pod, as the pg_monitor user. The
          // password comes from the Secret, never a literal. Recognised by every
          // postgres_exporter release since 0.5 (Debian's 0.11 included).
          { name: 'DATA_SOURCE_URI', value: `127.0.0.1:${ctx.databasePort}/postgres?sslmode=disable&application_name=cdk8s-db-exporter` },
          { name: 'DATA_SOURCE_USER', value: ctx.monitoringUser },
          { name: 'DATA_SOURCE_PASS', secretKey: ctx.credentials.monitoringPassword },
        ],
        files: { [QUERIES_FILE]: QUERIES_YAML },
        uid: EXPORTER_USER.uid,
        gid: EXPORTER_USER.gid,
        metricsPath: '/metrics',
      };
    },
    signals: {
      databaseUp: m('pg_up'),
      isReplica: m(`${REPLICATION_NS}_is_replica`),
      replicationBroken: sel =>
        `(${REPLICATION_NS}_is_replica{${sel}} == 1) and on (namespace, pod) (`
        + `(${REPLICATION_NS}_streaming{${sel}} == 0) or (${REPLICATION_NS}_replay_paused{${sel}} == 1)`
        + ` or (${REPLICATION_NS}_lag_known{${sel}} == 0))`,
      replicationStreaming: sel => `(${REPLICATION_NS}_streaming{${sel}} and on (namespace, pod) (${REPLICATION_NS}_is_replica{${sel}} == 1))`,
      connectedReplicas: sel => `(${REPLICATION_NS}_streaming_replicas{${sel}} and on (namespace, pod) (${REPLICATION_NS}_is_replica{${sel}} == 0))`,
      lagBytes: m(`${REPLICATION_NS}_lag_bytes`),
      lagSeconds: m(`${REPLICATION_NS}_lag_seconds`),
      connectionsUsed: m(`${CONNECTIONS_NS}_used`),
      connectionsMax: m(`${CONNECTIONS_NS}_max`),
      replicationSlotLost: sel => `${SLOTS_NS}_lost{${sel}} == 1`,
    },
    metricNames: ['pg_up', ...CUSTOM_METRICS],
  };
}
