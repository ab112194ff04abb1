/**
 * Real-server tests of the PostgreSQL engine's scripts and rendered configuration.
 *
 * Tested against PostgreSQL 15.18 from Debian 12 (postgresql-15 15.18-0+deb12u1, /usr/lib/postgresql/15/bin);
 * the version actually used is printed in the first test. One primary (orders-0) and one standby
 * (orders-1) run for the whole file, as the postgres OS user, on 127.0.0.1 and free ports.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  defaultSecrets, freePort, makePostgresDir, passwordsOf, PG_BIN, PgNode, postgresVersion,
  RunResult, SCRIPTS_DIR, sleep, waitFor,
} from './postgres-harness';
import { renderPostgresqlConf } from '../../src/engines/postgres/config';
import { describeWith, TOOLS } from '../requirements';

const describeReal = describeWith([TOOLS.postgres], { realServer: true });

describeReal('PostgreSQL engine on a real server (primary + streaming standby)', () => {
  const secrets = defaultSecrets();
  let primary: PgNode;
  let replica: PgNode;
  let primaryPort: number;
  let unusedPort: number;
  const timings: { [step: string]: number } = {};
  const t0 = Date.now();

  const readiness = (node: PgNode, env: { [key: string]: string } = {}) => node.runScript('readiness.sh', env);
  const oneLine = (r: RunResult) => {
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    return r.stdout.trim();
  };
  const lsnOf = (node: PgNode, expr: string) => node.sql(`SELECT ${expr}`);
  /** Waits until the standby has received (not necessarily replayed) everything the primary has written. */
  const waitReceived = async () => {
    const target = primary.sql('SELECT pg_current_wal_flush_lsn()');
    const ok = await waitFor(() => replica.sql(`SELECT pg_last_wal_receive_lsn() >= '${target}'::pg_lsn`) === 't', 20_000);
    expect(ok).toBe(true);
  };
  const waitReady = async (node: PgNode, timeoutMs = 20_000) => {
    const start = Date.now();
    const r = await waitFor(() => { const x = readiness(node); return x.code === 0 ? x : undefined; }, timeoutMs, 250);
    if (!r) throw new Error(`${node.options.podName} not ready after ${timeoutMs} ms: ${readiness(node).stdout}`);
    return Date.now() - start;
  };
  const controlData = (node: PgNode) => {
    const r = node.runAsPostgres(path.join(PG_BIN, 'pg_controldata'), [node.pgdata]);
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const systemId = (node: PgNode) => /Database system identifier:\s+(\d+)/.exec(controlData(node))![1];
  const tableDigest = (node: PgNode) =>
    node.sql("SELECT count(*) || ':' || md5(string_agg(id || ',' || payload, '|' ORDER BY id)) FROM orders", secrets.appDatabase);

  beforeAll(async () => {
    primaryPort = await freePort();
    const replicaPort = await freePort();
    unusedPort = await freePort();
    primary = new PgNode({ podName: 'orders-0', port: primaryPort, primaryPort, secrets });
    replica = new PgNode({ podName: 'orders-1', port: replicaPort, primaryPort, secrets });
  });

  afterAll(async () => {
    const errors: unknown[] = [];
    for (const node of [replica, primary]) {
      try {
        await node?.cleanup();
      } catch (e) {
        errors.push(e);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`${postgresVersion()}: step timings (ms) ${JSON.stringify(timings)}, total ${Date.now() - t0} ms`);
    if (errors.length > 0) throw errors[0];
  });

  test('scripts are POSIX sh and shellcheck-clean', () => {
    const scripts = fs.readdirSync(SCRIPTS_DIR).filter(f => f.endsWith('.sh')).map(f => path.join(SCRIPTS_DIR, f));
    expect(scripts.map(s => path.basename(s)).sort()).toEqual(
      ['bootstrap.sh', 'config-reload.sh', 'ensure-users.sh', 'liveness.sh', 'passfile.sh', 'prestop.sh', 'readiness.sh', 'run.sh', 'startup.sh', 'tls-reload.sh', 'users.sh', 'wal-check.sh']);
    // -x follows the sourced passfile.sh (run from the scripts folder, as at run time).
    const r = spawnSync('shellcheck', ['-s', 'sh', '-x', ...scripts.map(s => path.basename(s))], { encoding: 'utf8', cwd: SCRIPTS_DIR });
    expect(r.error).toBeUndefined();
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    const LIBRARIES = ['passfile.sh', 'users.sh'];
    for (const s of scripts) {
      const text = fs.readFileSync(s, 'utf8');
      if (LIBRARIES.includes(path.basename(s))) {
        // Sourced, never run: no shebang, and it must not change the caller's shell options.
        expect(text.startsWith('#!')).toBe(false);
        expect(text).not.toMatch(/^set /m);
      } else {
        expect(text.startsWith('#!/bin/sh\n')).toBe(true);
        expect(text).toMatch(/^set -eu$/m);
      }
    }
  });

  test('the version under test is PostgreSQL 15 (Debian)', () => {
    // eslint-disable-next-line no-console
    console.log(`testing against ${postgresVersion()}`);
    expect(postgresVersion()).toMatch(/PostgreSQL\) 15\./);
  });

  test('bootstrap.sh initializes the primary, discarding a half-done earlier attempt', () => {
    // Leftovers of a killed run: a partial temp data dir and a stale private work dir.
    const partial = makePostgresDir(`${primary.pgdata}.bootstrap`);
    fs.writeFileSync(path.join(partial, 'PG_VERSION'), '15\n');
    const staleWork = makePostgresDir(path.join(primary.tmpDir, 'pg-bootstrap.stale1'));
    fs.writeFileSync(path.join(staleWork, 'pwfile'), 'old\n');

    const r = primary.runScript('bootstrap.sh');
    timings.bootstrapPrimary = r.ms;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/discarding .*pgdata\.bootstrap/);
    expect(r.stderr).toMatch(/new cluster ready/);
    expect(fs.existsSync(path.join(primary.pgdata, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(`${primary.pgdata}.bootstrap`)).toBe(false);
    expect(fs.existsSync(path.join(primary.pgdata, 'standby.signal'))).toBe(false);
    // the private work dir (password file, temporary socket) is gone
    expect(fs.readdirSync(primary.tmpDir)).toEqual([]);
    // the passfile is private to postgres
    const st = fs.statSync(primary.passfile);
    expect(st.mode.toString(8).slice(-3)).toBe('600');
    expect(st.uid).toBe(fs.statSync(primary.volume).uid);
    expect(fs.statSync(primary.pgdata).mode.toString(8).slice(-3)).toBe('700');
    expect(controlData(primary)).toMatch(/Data page checksum version:\s+1/);
  });

  test('the primary runs with the rendered config: roles, app database, checksums, pg_hba', async () => {
    const t = Date.now();
    await primary.start();
    timings.startPrimary = Date.now() - t;
    expect(primary.sql('SHOW config_file')).toBe(primary.confFile);
    expect(primary.sql('SHOW hba_file')).toBe(primary.hbaFile);
    expect(primary.sql('SHOW data_checksums')).toBe('on');
    expect(primary.sql('SHOW shared_buffers')).toBe('128MB');
    expect(primary.sql('SHOW wal_retrieve_retry_interval')).toBe('1s');
    expect(primary.sql('SHOW cluster_name')).toBe('orders-0');
    expect(primary.sql('SHOW listen_addresses')).toBe('127.0.0.1');
    expect(primary.sql('SHOW password_encryption')).toBe('scram-sha-256');
    expect(primary.sql('SELECT count(*) FROM pg_file_settings WHERE error IS NOT NULL OR NOT applied')).toBe('0');

    const roles = primary.sql(`SELECT rolname || ':' || rolreplication || ':' || rolcanlogin || ':' || rolsuper || ':' ||
      pg_has_role(rolname, 'pg_monitor', 'MEMBER') FROM pg_roles WHERE rolname IN ('replicator', 'orders_app', 'monitor') ORDER BY rolname`);
    expect(roles.split('\n')).toEqual(['monitor:false:true:false:true', 'orders_app:false:true:false:false', 'replicator:true:true:false:false']);
    expect(primary.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'orders'")).toBe('orders_app');
    expect(primary.sql("SELECT count(*) FROM pg_authid WHERE rolpassword IS NOT NULL AND rolpassword NOT LIKE 'SCRAM-SHA-256$%'")).toBe('0');
    // postgres, replicator, orders_app, monitor, backup, readonly
    expect(primary.sql("SELECT count(*) FROM pg_authid WHERE rolpassword LIKE 'SCRAM-SHA-256$%'")).toBe('6');

    // Passwords set through psql variables survive quoting: every role logs in over TCP with SCRAM.
    const tcp = (user: string, db: string, extra = '') => `host=127.0.0.1 port=${primaryPort} user=${user} dbname=${db} ${extra}`;
    expect(primary.psqlTcp(tcp('orders_app', 'orders'), 'SELECT current_user', secrets.appPassword).stdout.trim()).toBe('orders_app');
    expect(primary.psqlTcp(tcp('monitor', 'postgres'), 'SELECT 1', secrets.monitoringPassword).code).toBe(0);
    // The superuser only over the socket: refused over TCP even with its password.
    const suTcp = primary.psqlTcp(tcp('postgres', 'postgres'), 'SELECT 1', secrets.postgresPassword);
    expect(suTcp.code).not.toBe(0);
    expect(suTcp.stderr).toMatch(/pg_hba\.conf rejects connection .*user "postgres"/);
    expect(primary.psqlTcp(tcp('orders_app', 'orders'), 'SELECT 1', 'wrong').stderr).toMatch(/password authentication failed/);
    // Replication: only the replication user.
    expect(primary.psqlTcp(tcp('replicator', 'postgres', 'replication=true'), 'IDENTIFY_SYSTEM', secrets.replicationPassword).code).toBe(0);
    const appRepl = primary.psqlTcp(tcp('orders_app', 'orders', 'replication=true'), 'IDENTIFY_SYSTEM', secrets.appPassword);
    expect(appRepl.code).not.toBe(0);
    expect(appRepl.stderr).toMatch(/pg_hba\.conf rejects replication connection/);
    const suRepl = primary.psqlTcp(tcp('postgres', 'postgres', 'replication=true'), 'IDENTIFY_SYSTEM', secrets.postgresPassword);
    expect(suRepl.stderr).toMatch(/pg_hba\.conf rejects replication connection/);
    // The socket's peer rule is for the postgres OS user only: root cannot claim the postgres role.
    const asRoot = spawnSync(path.join(PG_BIN, 'psql'), ['-XAtq', '-h', primary.socketDir, '-p', String(primaryPort), '-U', 'postgres', '-c', 'SELECT 1'],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PGPASSWORD: '' } });
    expect(asRoot.status).not.toBe(0);
    expect(asRoot.stderr).toMatch(/Peer authentication failed/);
  });

  test('configs rendered for other sizes are accepted by the server binary (postgres -C)', () => {
    const variants = [
      { memoryBytes: 256 * 1024 * 1024, cpuMillis: 250, storageBytes: 1024 ** 3, replicas: 1 },
      { memoryBytes: 8 * 1024 ** 3, cpuMillis: 4000, storageBytes: 50 * 1024 ** 3, replicas: 3 },
      { memoryBytes: 64 * 1024 ** 3, cpuMillis: 32000, storageBytes: 2000 * 1024 ** 3, replicas: 9, overrides: { 'work_mem': '32MB', 'x.quoted': "it's" } },
      { majorVersion: 14 }, { majorVersion: 17 },
    ];
    const dir = makePostgresDir(path.join(primary.root, 'variants'), 0o755);
    variants.forEach((v, i) => {
      const file = path.join(dir, `v${i}.conf`);
      fs.writeFileSync(file, renderPostgresqlConf({ ...primary.configInput, ...v }), { mode: 0o644 });
      const r = primary.runAsPostgres(path.join(PG_BIN, 'postgres'), ['-D', primary.pgdata, '-c', `config_file=${file}`, '-C', 'shared_buffers']);
      expect([i, r.stderr]).toEqual([i, '']);
      expect(r.code).toBe(0);
    });
  });

  test('readiness passes on the primary; startup and liveness pass', () => {
    const r = readiness(primary);
    expect(r.code).toBe(0);
    expect(oneLine(r)).toBe('ready: primary, accepting writes');
    expect(r.ms).toBeLessThan(2000);
    expect(primary.runScript('startup.sh').code).toBe(0);
    const l = primary.runScript('liveness.sh');
    expect(l.code).toBe(0);
    expect(oneLine(l)).toMatch(/^alive/);
  });

  test('bootstrap.sh waits for an unreachable primary instead of crash-looping', async () => {
    const { child, done } = replica.spawnScript('bootstrap.sh', { DB_PRIMARY_PORT: String(unusedPort) });
    await sleep(3500);
    expect(child.exitCode).toBeNull();
    replica.killGroup(child);
    const r = await done;
    expect((r.stderr.match(/waiting for the primary/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(replica.pgdata)).toBe(false);
  });

  test('a killed half-done clone is discarded and redone by the next bootstrap.sh', async () => {
    primary.sql('CREATE TABLE orders (id bigint PRIMARY KEY, payload text NOT NULL)', secrets.appDatabase);
    primary.sql('INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 20000) g', secrets.appDatabase);

    const tmp = `${replica.pgdata}.bootstrap`;
    const cloneProcesses = () => fs.readdirSync('/proc').filter(p => /^\d+$/.test(p)).filter(p => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(tmp);
      } catch {
        return false;
      }
    });

    // 1. Throttled clone (32 kB/s) stopped by SIGTERM to the script only, as the kubelet does: it
    //    exits at once and takes pg_basebackup with it.
    const first = replica.spawnScript('bootstrap.sh', { PG_BASEBACKUP_MAX_RATE: '32k' });
    expect(await waitFor(() => fs.existsSync(tmp) && fs.readdirSync(tmp).length > 0, 30_000, 100)).toBe(true);
    const termAt = Date.now();
    first.child.kill('SIGTERM');
    const termed = await first.done;
    timings.cloneSigtermExit = Date.now() - termAt;
    expect(termed.code).toBe(143);
    expect(termed.stderr).toMatch(/terminated; an unfinished clone is redone next time/);
    expect(timings.cloneSigtermExit).toBeLessThan(3000);
    expect(await waitFor(() => cloneProcesses().length === 0, 5000)).toBe(true);
    expect(fs.existsSync(tmp)).toBe(true);
    expect(fs.existsSync(replica.pgdata)).toBe(false);

    // 2. The next attempt discards that and is killed hard (SIGKILL, whole process group) mid-clone.
    const second = replica.spawnScript('bootstrap.sh', { PG_BASEBACKUP_MAX_RATE: '32k' });
    expect(await waitFor(() => /cloning/.test(second.output()) && fs.existsSync(tmp) && fs.readdirSync(tmp).length > 0, 30_000, 100)).toBe(true);
    replica.killGroup(second.child);
    const killed = await second.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).toMatch(/discarding .*pgdata\.bootstrap/);
    expect(fs.existsSync(tmp)).toBe(true);
    expect(fs.existsSync(replica.pgdata)).toBe(false);
    // the primary forgets the aborted backup (its temporary slot goes with the connection)
    expect(await waitFor(() => primary.sql('SELECT count(*) FROM pg_stat_replication') === '0', 10_000)).toBe(true);

    const r = replica.runScript('bootstrap.sh');
    timings.cloneReplica = r.ms;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/discarding .*pgdata\.bootstrap/);
    expect(r.stderr).toMatch(/clone complete/);
    expect(fs.existsSync(tmp)).toBe(false);
    expect(fs.existsSync(path.join(replica.pgdata, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(replica.pgdata, 'standby.signal'))).toBe(true);
    // no -R: the connection settings come from postgresql.conf only
    expect(fs.readFileSync(path.join(replica.pgdata, 'postgresql.auto.conf'), 'utf8')).not.toMatch(/primary_conninfo/);
    expect(systemId(replica)).toBe(systemId(primary));
    // the killed attempts left no slot behind; the finished clone left exactly the standby's own
    expect(primary.sql("SELECT string_agg(slot_name || ':' || slot_type, ',') FROM pg_replication_slots")).toBe('orders_1:physical');
  });

  test('the standby streams from the primary and converges', async () => {
    const t = Date.now();
    await replica.start();
    timings.startReplica = Date.now() - t;
    timings.replicaReady = await waitReady(replica);
    expect(replica.sql('SELECT pg_is_in_recovery()')).toBe('t');
    expect(replica.sql('SHOW primary_conninfo')).toContain(`port=${primaryPort} user=replicator passfile=${replica.passfile}`);
    expect(primary.sql('SELECT application_name || \':\' || state FROM pg_stat_replication')).toBe('orders-1:streaming');

    // data written after the clone arrives by streaming
    primary.sql('INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(20001, 25000) g', secrets.appDatabase);
    primary.sql("UPDATE orders SET payload = 'x' || payload WHERE id % 7 = 0", secrets.appDatabase);
    const want = tableDigest(primary);
    expect(want).toMatch(/^25000:/);
    const same = await waitFor(() => tableDigest(replica) === want, 20_000);
    expect(same).toBe(true);

    const r = readiness(replica);
    expect(r.code).toBe(0);
    expect(oneLine(r)).toMatch(/^ready: standby streaming, from 127\.0\.0\.1:\d+, byte lag 0, time lag 0(\.0)?s$/);
  });

  test('bootstrap.sh is a no-op on an initialized primary and standby (and restores standby.signal)', () => {
    const before = [systemId(primary), systemId(replica), fs.readdirSync(primary.pgdata).sort(), fs.readdirSync(replica.pgdata).sort()];
    const p = primary.runScript('bootstrap.sh');
    expect(p.code).toBe(0);
    expect(p.stderr).toMatch(/already initialized.*nothing to do/);
    fs.rmSync(path.join(replica.pgdata, 'standby.signal'));
    const r = replica.runScript('bootstrap.sh');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/created missing .*standby\.signal/);
    expect(fs.existsSync(path.join(replica.pgdata, 'standby.signal'))).toBe(true);
    const again = replica.runScript('bootstrap.sh');
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/created missing/);
    expect([systemId(primary), systemId(replica), fs.readdirSync(primary.pgdata).sort(), fs.readdirSync(replica.pgdata).sort()]).toEqual(before);
    expect(primary.sql('SELECT count(*) FROM orders', secrets.appDatabase)).toBe('25000');
  });

  test('readiness stays green on an idle primary and standby for 30 s (time lag is not wall-clock age)', async () => {
    const end = Date.now() + 31_000;
    let checks = 0;
    // A naive now() - pg_last_xact_replay_timestamp() check would fail after 3 s here.
    const strict = { READINESS_MAX_LAG_SECONDS: '3' };
    let maxAge = 0;
    while (Date.now() < end) {
      maxAge = Math.max(maxAge, Number(replica.sql('SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())')));
      const p = readiness(primary, strict);
      const r = readiness(replica, strict);
      expect([p.code, oneLine(p)]).toEqual([0, 'ready: primary, accepting writes']);
      expect([r.code, oneLine(r)]).toEqual([0, expect.stringMatching(/^ready: standby streaming/)]);
      checks++;
      await sleep(1000);
    }
    expect(checks).toBeGreaterThanOrEqual(20);
    // the standby really was idle: its last replayed transaction got far older than the 3 s bound
    // (autovacuum may commit now and then, so the age is sampled all along)
    expect(maxAge).toBeGreaterThan(10);

    // The silence bound works: with 1 s (below the idle ping interval, wal_receiver_timeout / 2) it trips.
    const silent = await waitFor(() => {
      const r = readiness(replica, { READINESS_MAX_SILENCE_SECONDS: '1' });
      return r.code !== 0 ? r : undefined;
    }, 15_000, 200);
    expect(silent).toBeDefined();
    expect(oneLine(silent!)).toMatch(/^not ready: standby nothing heard from the primary for [\d.]+s > 1(\.0)?s \(from /);
  });

  test('paused replay: not ready (with the reason), liveness still passes; byte and time lag thresholds', async () => {
    replica.sql('SELECT pg_wal_replay_pause()');
    const paused = readiness(replica);
    expect(paused.code).toBe(1);
    expect(oneLine(paused)).toMatch(/^not ready: standby replay paused/);

    // Write ~4 MB on the primary; the standby receives it but does not replay it.
    primary.sql("INSERT INTO orders SELECT g, repeat('x', 1000) FROM generate_series(100001, 104000) g", secrets.appDatabase);
    await waitReceived();
    const receivedLag = Number(lsnOf(replica, 'pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())'));
    expect(receivedLag).toBeGreaterThan(2 * 1024 * 1024);

    const bytes = readiness(replica, { READINESS_MAX_LAG_BYTES: String(1024 * 1024), READINESS_MAX_LAG_SECONDS: '3600' });
    expect(bytes.code).toBe(1);
    const bytesLine = oneLine(bytes);
    expect(bytesLine).toMatch(/byte lag (\d+) > 1048576/);
    expect(Number(/byte lag (\d+) >/.exec(bytesLine)![1])).toBeGreaterThanOrEqual(receivedLag);
    expect(bytesLine).not.toMatch(/time lag \S+ >/);

    // The time lag is the age of the last replayed commit: a background commit on the primary just
    // before the pause (autovacuum, see above) makes it young, so wait until it passes 5 s.
    const secs = await waitFor(() => {
      const x = readiness(replica, { READINESS_MAX_LAG_BYTES: String(1024 ** 3), READINESS_MAX_LAG_SECONDS: '5' });
      return /time lag [\d.]+s > 5s/.test(x.stdout) ? x : undefined;
    }, 15_000, 250);
    expect(secs).toBeDefined();
    expect(secs!.code).toBe(1);
    const secsLine = oneLine(secs!);
    expect(secsLine).toMatch(/time lag [\d.]+s > 5s/);
    expect(secsLine).not.toMatch(/byte lag \d+ >/);

    // Liveness and startup never look at replication.
    const live = replica.runScript('liveness.sh');
    expect([live.code, oneLine(live)]).toEqual([0, 'alive: accepting connections']);
    expect(replica.runScript('startup.sh').code).toBe(0);

    replica.sql('SELECT pg_wal_replay_resume()');
    timings.readyAfterResume = await waitReady(replica);
    expect(oneLine(readiness(replica))).toMatch(/^ready: standby streaming/);
    expect(await waitFor(() => tableDigest(replica) === tableDigest(primary), 10_000)).toBe(true);
  });

  test('not ready while the WAL receiver cannot stream (primary_conninfo pointing nowhere)', async () => {
    replica.sql(`ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=${unusedPort} user=replicator connect_timeout=2'`);
    replica.sql('SELECT pg_reload_conf()');
    // a short grace (READINESS_MAX_LAG_SECONDS) so that the not-streaming verdict comes after seconds
    const down = await waitFor(() => { const r = readiness(replica, { READINESS_MAX_LAG_SECONDS: '3' }); return r.code !== 0 ? r : undefined; }, 20_000);
    expect(down).toBeDefined();
    expect(oneLine(down!)).toMatch(/^not ready: standby not streaming: WAL receiver/);
    // liveness is unaffected
    expect(replica.runScript('liveness.sh').code).toBe(0);

    replica.sql('ALTER SYSTEM RESET primary_conninfo');
    replica.sql('SELECT pg_reload_conf()');
    timings.readyAfterConninfoFix = await waitReady(replica);
  });

  test('primary down: prestop.sh stops it cleanly; the standby in sync stays ready within the grace only, then reports not streaming; then recovers', async () => {
    const grace = { READINESS_MAX_LAG_SECONDS: '5' };
    const inSync = path.join(replica.socketDir, '.readiness-in-sync');
    const walCheck = path.join(replica.socketDir, '.wal-check');
    expect([readiness(replica, grace).code, fs.existsSync(inSync)]).toEqual([0, true]);
    const syncedAt = Number(fs.readFileSync(inSync, 'utf8').trim());
    expect(Math.abs(syncedAt - Date.now() / 1000)).toBeLessThan(3);
    const stop = primary.runScript('prestop.sh');
    timings.prestopPrimary = stop.ms;
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/prestop: server stopped/);
    expect(await primary.waitForExit()).toBe(0);
    expect(primary.log()).toMatch(/database system is shut down/);
    expect(fs.existsSync(path.join(primary.pgdata, 'postmaster.pid'))).toBe(false);

    // Within the grace: ready, saying plainly that it is not streaming and why it is still ready.
    // (The shutdown checkpoint, the primary's last record, may be received a moment before it is
    // replayed: not ready during that moment is right, received WAL is not yet visible.)
    const seen: string[] = [];
    const inGrace = await waitFor(() => {
      const r = readiness(replica, grace);
      seen.push(r.stdout.trim());
      return r.code === 0 && !/^ready: standby streaming/.test(r.stdout) ? r : undefined;
    }, 4_000, 100);
    // eslint-disable-next-line no-console
    console.log(`readiness right after the primary stopped:\n${[...new Set(seen)].join('\n')}`);
    expect(inGrace).toBeDefined();
    expect([inGrace!.code, oneLine(inGrace!)]).toEqual([0, expect.stringMatching(
      /^ready: standby not streaming for [0-5]s \(.+\), within the 5s grace; everything received is replayed, data as of the last in-sync check [0-5]s ago \(from unknown, byte lag 0, time lag 0(\.0)?s, last replayed transaction (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC|unknown)\)$/)]);
    expect(replica.sql('SELECT count(*) FROM pg_stat_wal_receiver WHERE status = \'streaming\'')).toBe('0');
    expect(replica.sql('SELECT pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn()')).toBe('t');
    // The record is not refreshed while not streaming.
    expect(Number(fs.readFileSync(inSync, 'utf8').trim())).toBe(syncedAt);

    // Within the grace but replay paused: not ready.
    replica.sql('SELECT pg_wal_replay_pause()');
    const paused = readiness(replica, grace);
    expect([paused.code, oneLine(paused)]).toEqual([1, expect.stringMatching(/^not ready: standby not streaming: WAL receiver not running \(.*\); replay paused/)]);
    replica.sql('SELECT pg_wal_replay_resume()');
    expect(await waitFor(() => replica.sql('SELECT pg_get_wal_replay_pause_state()') === 'not paused', 5_000, 100)).toBe(true);

    // Within the grace but wal-check.sh found the WAL gone (its verdict as liveness.sh records it): not ready.
    const walCheckBefore = fs.existsSync(walCheck) ? fs.readFileSync(walCheck, 'utf8') : undefined;
    fs.writeFileSync(walCheck, `${Math.floor(Date.now() / 1000)} 0 WAL gone: replication slot orders_1 on the primary was invalidated (test)\n`);
    const gone = readiness(replica, grace);
    expect([gone.code, oneLine(gone)]).toEqual([1, expect.stringMatching(/^not ready: standby not streaming: WAL receiver not running \(WAL gone: replication slot orders_1 .*\(test\)\)/)]);
    if (walCheckBefore === undefined) fs.rmSync(walCheck); else fs.writeFileSync(walCheck, walCheckBefore);

    // After the grace: not ready, with the cause.
    const t = Date.now();
    const down = await waitFor(() => { const r = readiness(replica, grace); return r.code !== 0 ? r : undefined; }, 20_000, 200);
    timings.standbyNotReadyAfterPrimaryStop = Date.now() - t;
    expect(down).toBeDefined();
    expect(oneLine(down!)).toMatch(/^not ready: standby not streaming: WAL receiver/);
    expect(Date.now() / 1000 - syncedAt).toBeGreaterThan(5);
    expect(Date.now() / 1000 - syncedAt).toBeLessThan(9);

    // With the default 30 s grace the same standby is still ready; without an in-sync record it is not.
    expect(readiness(replica).code).toBe(0);
    fs.renameSync(inSync, `${inSync}.saved`);
    const never = readiness(replica);
    expect([never.code, oneLine(never)]).toEqual([1, expect.stringMatching(/^not ready: standby not streaming: WAL receiver/)]);
    fs.writeFileSync(inSync, 'garbage\n');
    expect(readiness(replica).code).toBe(1);
    fs.renameSync(`${inSync}.saved`, inSync);

    // liveness: the standby is alive; the stopped primary is not, and says why
    expect(replica.runScript('liveness.sh').code).toBe(0);
    const dead = primary.runScript('liveness.sh');
    expect(dead.code).not.toBe(0);
    expect(oneLine(dead)).toMatch(/^not alive: no response from the server/);
    const notStarted = primary.runScript('startup.sh');
    expect(notStarted.code).not.toBe(0);
    expect(oneLine(notStarted)).toMatch(/^not started: no response/);
    const noServer = readiness(primary);
    expect(noServer.code).toBe(1);
    expect(oneLine(noServer)).toMatch(/^not ready: cannot query the server: .*(No such file|connection)/);
    // prestop on a stopped server is fine
    const again = primary.runScript('prestop.sh');
    expect([again.code, oneLine(again)]).toEqual([0, 'prestop: server already stopped']);

    // the primary comes back: the standby reconnects within a few seconds (wal_retrieve_retry_interval = 1s)
    await primary.start();
    timings.standbyReadyAfterPrimaryRestart = await waitReady(replica, 20_000);
    expect(timings.standbyReadyAfterPrimaryRestart).toBeLessThan(10_000);
    primary.sql('INSERT INTO orders VALUES (999999, \'after restart\')', secrets.appDatabase);
    expect(await waitFor(() => tableDigest(replica) === tableDigest(primary), 10_000)).toBe(true);
  });

  test('prestop.sh stops a standby cleanly', async () => {
    const stop = replica.runScript('prestop.sh');
    expect(stop.code).toBe(0);
    expect(await replica.waitForExit()).toBe(0);
    expect(replica.log()).toMatch(/database system is shut down/);
    expect(controlData(replica)).toMatch(/Database cluster state:\s+shut down in recovery/);
    // A new start (run.sh) forgets the in-sync record of the previous one: no grace before a new pass.
    const inSync = path.join(replica.socketDir, '.readiness-in-sync');
    expect(fs.existsSync(inSync)).toBe(true);
    await replica.start();
    expect(fs.existsSync(inSync)).toBe(false);
    await waitReady(replica);
    expect(fs.existsSync(inSync)).toBe(true);
    expect(replica.runScript('prestop.sh').code).toBe(0);
    expect(await replica.waitForExit()).toBe(0);
  });

  test('no password ever appears in script output or server logs', () => {
    const outputs = [...primary.results, ...replica.results].map(r => r.output);
    expect(outputs.length).toBeGreaterThan(50);
    const logs = [primary.log(), replica.log()];
    for (const pw of passwordsOf(secrets)) {
      for (const text of [...outputs, ...logs]) {
        expect(text.includes(pw)).toBe(false);
      }
    }
  });
});
