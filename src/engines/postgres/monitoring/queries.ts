/**
 * Custom queries for postgres_exporter (`--extend.query-path`, supported by the pinned
 * upstream image and by Debian's prometheus-postgres-exporter 0.11). They add what the
 * built-in collectors lack and what the alerts need, computed exactly like the
 * readiness probe (src/engines/postgres/scripts/readiness.sh):
 *
 * - byte lag: WAL known to exist on the primary (received, or announced by the sender as
 *   latest_end_lsn) minus WAL replayed, never negative;
 * - time lag: 0 when everything received has been replayed (an idle primary never makes
 *   a standby look late), else now() - pg_last_xact_replay_timestamp();
 * - streaming: pg_stat_wal_receiver.status = 'streaming';
 * - replay paused: pg_is_wal_replay_paused() or a pause state other than 'not paused';
 * - lag known: both positions and (when behind) the replay timestamp are known. A probe
 *   treats "unknown" as not ready; the alerts treat it as replication broken.
 *
 * On the primary every replica column is 0 and `streaming_replicas` counts the standbys
 * streaming from it. Every value is a number: the SQL never returns NULL.
 * Needs only pg_monitor (pg_read_all_stats and pg_read_all_settings).
 */

/** Metric namespace of the custom queries: metrics are `<namespace>_<column>`. */
export const REPLICATION_NS = 'cdk8s_db_pg_replication';
export const CONNECTIONS_NS = 'cdk8s_db_pg_connections';
export const SLOTS_NS = 'cdk8s_db_pg_replication_slot';

const replicationSql = `
SELECT
  CASE WHEN r THEN 1 ELSE 0 END AS is_replica,
  CASE WHEN r AND status = 'streaming' THEN 1 ELSE 0 END AS streaming,
  CASE WHEN r AND (paused OR pause_state <> 'not paused') THEN 1 ELSE 0 END AS replay_paused,
  CASE WHEN NOT r THEN 1 WHEN byte_lag IS NULL OR time_lag IS NULL OR paused IS NULL THEN 0 ELSE 1 END AS lag_known,
  CASE WHEN r THEN coalesce(byte_lag, 0) ELSE 0 END AS lag_bytes,
  CASE WHEN r THEN coalesce(time_lag, 0) ELSE 0 END AS lag_seconds,
  CASE WHEN r THEN 0 ELSE (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming') END AS streaming_replicas
FROM (
  SELECT r, status, paused, pause_state,
    CASE WHEN received IS NULL OR replayed IS NULL THEN NULL
         ELSE greatest(0, pg_wal_lsn_diff(received, replayed)) END AS byte_lag,
    CASE WHEN received IS NULL OR replayed IS NULL THEN NULL
         WHEN replayed >= received THEN 0
         ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp())) END AS time_lag
  FROM (
    SELECT r, w.status,
      CASE WHEN r THEN pg_is_wal_replay_paused() END AS paused,
      CASE WHEN r THEN pg_get_wal_replay_pause_state() END AS pause_state,
      CASE WHEN r THEN greatest(pg_last_wal_receive_lsn(), w.latest_end_lsn) END AS received,
      CASE WHEN r THEN pg_last_wal_replay_lsn() END AS replayed
    FROM (SELECT pg_is_in_recovery() AS r) AS mode
    LEFT JOIN pg_stat_wal_receiver AS w ON true
  ) AS raw
) AS lag`;

// One row per replication slot on the primary (none on a standby): invalidated slots (PostgreSQL 13+
// wal_status 'lost': the standby fell further behind than max_slot_wal_keep_size and the WAL it
// needs is gone) and the WAL each slot holds back.
export const SLOTS_SQL = `
SELECT slot_name,
  CASE WHEN wal_status = 'lost' THEN 1 ELSE 0 END AS lost,
  CASE WHEN active THEN 1 ELSE 0 END AS active,
  CASE WHEN restart_lsn IS NULL OR pg_is_in_recovery() THEN 0
       ELSE greatest(0, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) END AS retained_bytes
FROM pg_replication_slots
WHERE slot_type = 'physical'`;

const connectionsSql = `
SELECT
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS used,
  current_setting('max_connections')::int
    - current_setting('superuser_reserved_connections')::int AS max`;

interface Column { readonly name: string; readonly description: string; readonly label?: boolean }

const replicationColumns: Column[] = [
  { name: 'is_replica', description: '1 when the server is a standby (in recovery), 0 on the primary' },
  { name: 'streaming', description: '1 while the standby WAL receiver is streaming (0 on the primary)' },
  { name: 'replay_paused', description: '1 while WAL replay is paused on the standby' },
  { name: 'lag_known', description: '0 when the standby replay lag cannot be computed (treated as broken), else 1' },
  { name: 'lag_bytes', description: 'Bytes of WAL received or announced by the primary and not yet replayed (as the readiness probe)' },
  { name: 'lag_seconds', description: '0 when all received WAL is replayed, else seconds since the last replayed transaction (as the readiness probe)' },
  { name: 'streaming_replicas', description: 'On the primary: standbys streaming from it (pg_stat_replication state streaming)' },
];
const slotColumns: Column[] = [
  { name: 'slot_name', description: 'Name of the physical replication slot (<pod> with - as _)', label: true },
  { name: 'lost', description: '1 when the slot was invalidated (wal_status lost): its standby must re-clone' },
  { name: 'active', description: '1 while a standby streams through the slot' },
  { name: 'retained_bytes', description: 'WAL the slot holds back on the primary, in bytes' },
];
const connectionColumns: Column[] = [
  { name: 'used', description: 'Client backends connected' },
  { name: 'max', description: 'max_connections minus superuser_reserved_connections' },
];

function yamlQuery(ns: string, sql: string, columns: Column[]): string {
  const lines = [`${ns}:`, '  master: true', '  query: |'];
  for (const l of sql.trim().split('\n')) lines.push(`    ${l}`);
  lines.push('  metrics:');
  for (const c of columns) {
    lines.push(`    - ${c.name}:`, `        usage: "${c.label ? 'LABEL' : 'GAUGE'}"`, `        description: ${JSON.stringify(c.description)}`);
  }
  return lines.join('\n');
}

/** The queries file (YAML) for `--extend.query-path`. */
export const QUERIES_YAML = [
  '# cdk8s-db custom queries for postgres_exporter (--extend.query-path). Generated: do not edit.',
  yamlQuery(REPLICATION_NS, replicationSql, replicationColumns),
  yamlQuery(CONNECTIONS_NS, connectionsSql, connectionColumns),
  yamlQuery(SLOTS_NS, SLOTS_SQL, slotColumns),
  '',
].join('\n');

/** Metric names the custom queries produce. */
export const CUSTOM_METRICS: string[] = [
  ...replicationColumns.map(c => `${REPLICATION_NS}_${c.name}`),
  ...connectionColumns.map(c => `${CONNECTIONS_NS}_${c.name}`),
  ...slotColumns.filter(c => !c.label).map(c => `${SLOTS_NS}_${c.name}`),
];
