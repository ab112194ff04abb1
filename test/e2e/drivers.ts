// What the e2e scenarios need to know about each engine: how to run SQL in a database pod and
// from a client pod, how to make a replica lag, which settings reload live and which need a
// restart, and how to push a replica past what the primary keeps. The scenarios themselves
// (scenarios.ts) are engine-agnostic.
import { exec, RunResult } from './harness';
import { DatabaseEngine, MariadbVersion, PostgresVersion } from '../../src';

export type Host = 'write' | 'read';

export interface Driver {
  /** Short id, used in namespace and object names. */
  readonly id: string;
  readonly title: string;
  /** An image with the engine's command-line client (the server image). */
  readonly clientImage: string;
  /** Matches the error a write through the read host gets. */
  readonly readOnlyError: RegExp;
  /** Matches the error of a connection the network refuses (not an auth failure). */
  readonly networkError: RegExp;
  /** A setting the server applies without a restart, a new value, and how to read it back. */
  readonly reloadable: { name: string; value: string; expect: RegExp };
  /** A setting that needs a server restart, and a new value. */
  readonly restartRequired: { name: string; value: string };
  /** The engine, with extra server settings, for a database of `replicas` pods (default 3). */
  engine(settings?: { [k: string]: string }, replicas?: number): DatabaseEngine;
  /** SQL as the superuser over the pod's Unix socket (database container); throws on error. */
  superSql(ns: string, pod: string, container: string, sql: string, database?: string): Promise<string>;
  /** SQL from a client pod through DB_HOST (write) or DB_READ_HOST (read) with its DB_* env. */
  clientSql(ns: string, pod: string, host: Host, sql: string, timeoutMs?: number): Promise<RunResult>;
  /** Stops applying changes on a replica (it keeps its connection). */
  pauseReplica(ns: string, pod: string, container: string): Promise<void>;
  resumeReplica(ns: string, pod: string, container: string): Promise<void>;
  /** True while the replica's replication runs (streaming / both threads running). */
  isReplicating(ns: string, pod: string, container: string): Promise<boolean>;
  /** The exporter metric that shows the paused replica's lag, and its value in a scrape. */
  lagFromMetrics(metrics: string): number | undefined;
  /** SQL for "create the test table" and for "insert n rows of ~1 KiB starting at id". */
  createTableSql(table: string): string;
  insertSql(table: string, fromId: number, count: number): string;
  /** SQL returning one line that identifies the table's content (row count + checksum). */
  checksumSql(table: string): string;
  showSetting(ns: string, pod: string, container: string, name: string): Promise<string>;
  /**
   * Makes `replica` need changes its primary no longer keeps: disconnects it, writes about
   * `megabytes` MB on the primary, makes the primary drop what it may drop, reconnects it.
   */
  outrunReplica(ns: string, primary: string, replica: string, container: string, megabytes: number): Promise<string>;
}

const PSQL = 'psql -XAtq -v ON_ERROR_STOP=1';

export const postgres: Driver = {
  id: 'pg',
  title: 'PostgreSQL 15',
  engine: settings => DatabaseEngine.postgres({ version: PostgresVersion.V15, settings }),
  clientImage: 'postgres:15.10-bookworm',
  async superSql(ns, pod, container, sql, database) {
    const db = database ? ` -d ${database}` : '';
    return (await exec(ns, pod, ['sh', '-c', `${PSQL} -h /var/run/postgresql -U postgres${db} -f -`], { container, input: sql, timeoutMs: 300_000 })).stdout.trim();
  },
  clientSql(ns, pod, host, sql, timeoutMs) {
    const hostVar = host === 'write' ? 'DB_HOST' : 'DB_READ_HOST';
    const script = `PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=3 ${PSQL} -h "$${hostVar}" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -f -`;
    return exec(ns, pod, ['sh', '-c', script], { input: sql, allowFail: true, timeoutMs: timeoutMs ?? 30_000 });
  },
  readOnlyError: /read-only transaction/,
  networkError: /Connection refused|timeout expired|could not connect|No route to host/i,
  async pauseReplica(ns, pod, container) {
    await this.superSql(ns, pod, container, 'SELECT pg_wal_replay_pause();');
  },
  async resumeReplica(ns, pod, container) {
    await this.superSql(ns, pod, container, 'SELECT pg_wal_replay_resume();');
  },
  async isReplicating(ns, pod, container) {
    const r = await this.superSql(ns, pod, container, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming';");
    return r === '1';
  },
  lagFromMetrics(metrics) {
    const m = /^cdk8s_db_pg_replication_lag_bytes(?:\{[^}]*\})? (\S+)$/m.exec(metrics);
    return m ? Number(m[1]) : undefined;
  },
  createTableSql: t => `CREATE TABLE IF NOT EXISTS ${t} (id bigint PRIMARY KEY, v text NOT NULL);`,
  insertSql: (t, from, n) => `INSERT INTO ${t} SELECT g, md5(g::text) || repeat('x', 990) FROM generate_series(${from}, ${from + n - 1}) g;`,
  checksumSql: t => `SELECT count(*) || ':' || coalesce(sum(hashtext(id || ':' || v)::bigint), 0) FROM ${t};`,
  reloadable: { name: 'log_min_duration_statement', value: '250', expect: /^250ms$/ },
  restartRequired: { name: 'max_locks_per_transaction', value: '80' },
  async showSetting(ns, pod, container, name) {
    return this.superSql(ns, pod, container, `SHOW ${name};`);
  },
  async outrunReplica(ns, primary, replica, container, megabytes) {
    // Disconnect the standby: an empty primary_conninfo in postgresql.auto.conf stops its WAL receiver.
    const lsn = await this.superSql(ns, replica, container, 'SELECT pg_last_wal_replay_lsn();');
    await this.superSql(ns, replica, container, "ALTER SYSTEM SET primary_conninfo = ''; SELECT pg_reload_conf();");
    const needed = await this.superSql(ns, primary, container, `SELECT pg_walfile_name('${lsn}');`);
    // In chunks of about 25 MB, each its own transaction: small memory, WAL of a bulk load.
    const rows = Math.ceil(megabytes * 1024 * 1024 / 2200);
    const chunk = 12_000;
    const inserts: string[] = [];
    for (let i = 1; i <= rows; i += chunk) inserts.push(this.insertSql('burst', i, Math.min(chunk, rows - i + 1)));
    await this.superSql(ns, primary, container, `${this.createTableSql('burst')}
      ${inserts.join('\n')}
      CHECKPOINT; SELECT pg_switch_wal(); CHECKPOINT;`, 'postgres');
    const gone = await this.superSql(ns, primary, container,
      `SELECT pg_walfile_name(pg_current_wal_lsn()) || ', ' || (SELECT count(*) FROM pg_ls_waldir()) || ' WAL files, WAL file the replica needs next (${needed}) '
       || CASE WHEN EXISTS (SELECT 1 FROM pg_ls_waldir() WHERE name = '${needed}') THEN 'still kept' ELSE 'removed' END
       || ', slots: ' || coalesce((SELECT string_agg(slot_name || '=' || coalesce(wal_status, '?'), ' ') FROM pg_replication_slots), 'none');`);
    await this.superSql(ns, replica, container, 'ALTER SYSTEM RESET primary_conninfo; SELECT pg_reload_conf();');
    return `primary at ${gone}`;
  },
};

const MARIADB_ROOT = '"$MYSQL_CLIENT" -uroot -p"$MYSQL_ROOT_PASSWORD" --socket="$MYSQL_SOCKET" -N -B';

export const mariadb: Driver = {
  id: 'maria',
  title: 'MariaDB 10.11 (semi-sync)',
  // Semi-sync needs a replica to acknowledge: a single-pod database (the restore target) runs without.
  engine: (settings, replicas) => DatabaseEngine.mariadb({ version: MariadbVersion.V10_11, semiSync: (replicas ?? 3) >= 2, settings }),
  clientImage: 'mariadb:10.11.10',
  async superSql(ns, pod, container, sql, database) {
    const db = database ? ` ${database}` : '';
    return (await exec(ns, pod, ['sh', '-c', `${MARIADB_ROOT}${db}`], { container, input: sql, timeoutMs: 300_000 })).stdout.trim();
  },
  clientSql(ns, pod, host, sql, timeoutMs) {
    const hostVar = host === 'write' ? 'DB_HOST' : 'DB_READ_HOST';
    const script = `MYSQL_PWD="$DB_PASSWORD" mariadb -h "$${hostVar}" -P "$DB_PORT" -u "$DB_USER" --connect-timeout=3 -N -B "$DB_NAME"`;
    return exec(ns, pod, ['sh', '-c', script], { input: sql, allowFail: true, timeoutMs: timeoutMs ?? 30_000 });
  },
  readOnlyError: /read-only|read_only/i,
  networkError: /Can't connect|\(111\)|\(110\)|timed out|Connection refused/i,
  async pauseReplica(ns, pod, container) {
    await this.superSql(ns, pod, container, 'STOP SLAVE SQL_THREAD;');
  },
  async resumeReplica(ns, pod, container) {
    await this.superSql(ns, pod, container, 'START SLAVE SQL_THREAD;');
  },
  async isReplicating(ns, pod, container) {
    // Slave_running is ON only while both the I/O and the SQL thread run.
    const r = await this.superSql(ns, pod, container, "SHOW GLOBAL STATUS LIKE 'Slave_running';");
    return /^Slave_running\s+ON$/m.test(r);
  },
  lagFromMetrics(metrics) {
    // A stopped SQL thread: mysqld_exporter reports it as mysql_slave_status_slave_sql_running 0
    // (Seconds_Behind_Master is NULL then); the lag in bytes is read minus executed position.
    const sql = /^mysql_slave_status_slave_sql_running(?:\{[^}]*\})? (\S+)$/m.exec(metrics);
    const read = /^mysql_slave_status_read_master_log_pos(?:\{[^}]*\})? (\S+)$/m.exec(metrics);
    const exe = /^mysql_slave_status_exec_master_log_pos(?:\{[^}]*\})? (\S+)$/m.exec(metrics);
    if (!sql || !read || !exe || Number(sql[1]) !== 0) return undefined;
    return Number(read[1]) - Number(exe[1]);
  },
  createTableSql: t => `CREATE TABLE IF NOT EXISTS ${t} (id BIGINT PRIMARY KEY, v TEXT NOT NULL);`,
  insertSql: (t, from, n) => `INSERT INTO ${t} SELECT seq, CONCAT(MD5(seq), REPEAT('x', 990)) FROM seq_${from}_to_${from + n - 1};`,
  checksumSql: t => `SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT(id, ':', v))), 0)) FROM ${t};`,
  reloadable: { name: 'long_query_time', value: '3', expect: /^3\.0*$/ },
  restartRequired: { name: 'table_open_cache_instances', value: '4' },
  async showSetting(ns, pod, container, name) {
    return this.superSql(ns, pod, container, `SELECT @@GLOBAL.${name};`);
  },
  async outrunReplica(ns, primary, replica, container, megabytes) {
    await this.superSql(ns, replica, container, 'STOP SLAVE;');
    const rows = Math.ceil(megabytes * 1024 * 1024 / 1100);
    const chunk = 20_000;
    const inserts: string[] = [];
    for (let i = 1; i <= rows; i += chunk) inserts.push(this.insertSql('burst', i, Math.min(chunk, rows - i + 1)));
    await this.superSql(ns, primary, container, `${this.createTableSql('burst')}
      ${inserts.join('\n')}
      FLUSH BINARY LOGS;
      PURGE BINARY LOGS BEFORE NOW() + INTERVAL 1 SECOND;`, 'mysql');
    const logs = await this.superSql(ns, primary, container, 'SHOW BINARY LOGS;');
    await this.superSql(ns, replica, container, 'START SLAVE;');
    return `binary logs left on the primary: ${logs.replace(/\n/g, '; ')}`;
  },
};
