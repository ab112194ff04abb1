/**
 * Replication slots and self-healing standbys, on real PostgreSQL 15 servers (Debian
 * postgresql-15, 127.0.0.1, free ports): each standby streams through its own physical slot,
 * created by its clone; a stopped standby's slot is invalidated once the primary has written more
 * WAL than max_slot_wal_keep_size (small here) and checkpointed; the standby then re-clones
 * itself and streams again, saying why. It does NOT re-clone while the primary is down, and pod 0
 * never does. The readiness message names the real cause.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultSecrets, freePort, PgNode, postgresAvailable, postgresVersion, RunResult, waitFor } from './postgres-harness';
import { SLOTS_SQL } from '../../src/engines/postgres/monitoring/queries';

const describeReal = postgresAvailable() ? describe : describe.skip;

describeReal('PostgreSQL replication slots and re-clone on real servers', () => {
  const secrets = defaultSecrets();
  let primary: PgNode;
  let replica: PgNode;
  const timings: { [step: string]: number } = {};
  // Small limits so that a few hundred MB of WAL invalidate the slot.
  const overrides = { max_slot_wal_keep_size: '48MB', wal_keep_size: '0', max_wal_size: '64MB', min_wal_size: '32MB' };

  const oneLine = (r: RunResult) => r.stdout.trim().split('\n').slice(-1)[0];
  const slotRow = () => primary.sql("SELECT coalesce(string_agg(slot_name || ':' || slot_type || ':' || active || ':' || coalesce(wal_status, '-'), ','), 'none') FROM pg_replication_slots");
  const streamingSlot = () => replica.sql("SELECT coalesce((SELECT status || ':' || coalesce(slot_name, '-') FROM pg_stat_wal_receiver), 'none')");
  const waitStreaming = async (timeoutMs = 30_000) => {
    const ok = await waitFor(() => { try { return streamingSlot() === 'streaming:orders_1'; } catch { return false; } }, timeoutMs, 250);
    if (!ok) throw new Error(`replica not streaming through its slot: ${streamingSlot()}\n${replica.log().slice(-2000)}`);
  };
  const digest = (node: PgNode) => node.sql("SELECT count(*) || ':' || md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM items", secrets.appDatabase);
  /** ~`mb` MB of WAL on the primary, in steps, with segment switches and checkpoints. */
  const writeWal = (mb: number) => {
    for (let i = 0; i < mb / 16; i++) {
      primary.sql('INSERT INTO burst SELECT g, repeat(md5(g::text), 16) FROM generate_series(1, 30000) g', secrets.appDatabase);
      primary.sql('DELETE FROM burst', secrets.appDatabase);
      primary.sql('SELECT pg_switch_wal()');
    }
    primary.sql('CHECKPOINT');
  };

  beforeAll(async () => {
    const primaryPort = await freePort();
    primary = new PgNode({ podName: 'orders-0', port: primaryPort, primaryPort, secrets, config: { overrides } });
    replica = new PgNode({ podName: 'orders-1', port: await freePort(), primaryPort, secrets, config: { overrides } });
    expect(primary.runScript('bootstrap.sh').code).toBe(0);
    await primary.start();
    primary.sql('CREATE TABLE items (id int PRIMARY KEY)', secrets.appDatabase);
    primary.sql('CREATE TABLE burst (id int, payload text)', secrets.appDatabase);
    primary.sql('INSERT INTO items SELECT generate_series(1, 1000)', secrets.appDatabase);
  });

  afterAll(async () => {
    for (const node of [replica, primary]) {
      try { await node?.cleanup(); } catch { /* keep cleaning */ }
    }
    // eslint-disable-next-line no-console
    console.log(`${postgresVersion()}: slot/re-clone timings (ms) ${JSON.stringify(timings)}`);
  });

  test('the clone creates the standby\'s slot; the standby streams through it', async () => {
    const boot = replica.runScript('bootstrap.sh');
    expect(boot.code).toBe(0);
    expect(boot.stderr).toMatch(/through replication slot orders_1/);
    await replica.start();
    await waitStreaming();
    expect(slotRow()).toBe('orders_1:physical:true:reserved');
    expect(primary.sql('SHOW max_slot_wal_keep_size')).toBe('48MB');
    // idempotent: a restart (run.sh re-runs bootstrap.sh) keeps the data and the slot
    await replica.stop();
    await replica.start();
    expect(replica.log()).toMatch(/keeping the data: WAL available: .*slot orders_1 reserved/);
    await waitStreaming();
    expect(slotRow()).toBe('orders_1:physical:true:reserved');
  });

  test('pod 0 is never re-cloned', () => {
    const r = primary.runScript('wal-check.sh', {});
    expect([r.code, oneLine(r)]).toEqual([2, 'no verdict: pod 0 is the primary: it is never re-cloned']);
  });

  test('a stopped standby falls behind max_slot_wal_keep_size: its slot is lost (bounded WAL on the primary)', async () => {
    primary.sql('INSERT INTO items SELECT generate_series(1001, 2000)', secrets.appDatabase);
    await waitFor(() => digest(replica) === digest(primary), 10_000);
    await replica.stop();
    const t = Date.now();
    writeWal(320);
    writeWal(32);
    timings.writeWal = Date.now() - t;
    expect(slotRow()).toBe('orders_1:physical:false:lost');
    // the exporter's slot query (DatabaseReplicationSlotLost), run as the monitoring role
    const q = primary.psqlTcp(`host=127.0.0.1 port=${primary.options.port} user=${secrets.monitoringUser} dbname=postgres`, SLOTS_SQL, secrets.monitoringPassword);
    expect(q.code).toBe(0);
    expect(q.stdout.trim()).toMatch(/^orders_1\|1\|0\|\d+$/);
    // the primary kept far less than it wrote (max_wal_size 64MB + max_slot_wal_keep_size 48MB)
    const walBytes = Number(primary.sql('SELECT sum(size) FROM pg_ls_waldir()'));
    expect(walBytes).toBeLessThan(160 * 1024 * 1024);
    primary.sql('INSERT INTO items SELECT generate_series(2001, 3000)', secrets.appDatabase);
  });

  test('while the primary is down the standby keeps its data and says why (no re-clone)', async () => {
    await primary.stop();
    const check = replica.runScript('wal-check.sh', {}, 30_000);
    // offline mode needs --offline; the server is down here, so ask as bootstrap does
    const offline = replica.runAs('/bin/sh', [path.join(replica.scriptsDir, 'wal-check.sh'), '--offline']);
    expect(offline.code).toBe(2);
    expect(offline.stdout.trim()).toMatch(/^no verdict: primary 127\.0\.0\.1:\d+ unreachable or refusing: .*(Connection refused|could not connect)/);
    expect(check.code).toBe(2);
    const versionBefore = fs.readFileSync(path.join(replica.pgdata, 'PG_VERSION'), 'utf8');
    const boot = replica.runScript('bootstrap.sh');
    expect(boot.code).toBe(0);
    expect(boot.stderr).toMatch(/keeping the data: no verdict: primary 127\.0\.0\.1:\d+ unreachable/);
    expect(boot.stderr).not.toMatch(/re-cloning/);
    expect(fs.readFileSync(path.join(replica.pgdata, 'PG_VERSION'), 'utf8')).toBe(versionBefore);
    expect(fs.existsSync(path.join(replica.pgdata, 'standby.signal'))).toBe(true);
    await primary.start();
  });

  test('a running standby whose WAL is gone: readiness names the cause, liveness fails (restart -> re-clone)', async () => {
    await replica.startServerOnly();
    // the WAL receiver cannot stream: the slot is invalidated. Liveness asks the primary (synchronously,
    // bounded) and fails; its verdict is what readiness reports.
    const live = await waitFor(() => { const r = replica.runScript('liveness.sh'); return r.code === 1 ? r : undefined; }, 20_000);
    expect(live).toBeDefined();
    expect(oneLine(live!)).toMatch(/^not alive: standby cannot resume streaming: WAL gone: replication slot orders_1 .*; restart so that run.sh re-clones it/);
    const verdictFile = path.join(replica.socketDir, '.wal-check');
    expect(fs.readFileSync(verdictFile, 'utf8')).toMatch(/^\d+ 0 WAL gone: replication slot orders_1 on the primary 127\.0\.0\.1:\d+ was invalidated \(wal_status lost/);
    const ready = replica.runScript('readiness.sh');
    expect(ready.code).toBe(1);
    expect(oneLine(ready)).toMatch(/^not ready: standby not streaming: WAL receiver not running \(WAL gone: replication slot orders_1 .* was invalidated/);
    expect(oneLine(ready)).not.toMatch(/primary unreachable/);
    await replica.stop();
  });

  test('the standby re-clones itself (run.sh -> bootstrap.sh), saying why, and streams again with the data', async () => {
    const t = Date.now();
    await replica.start(120_000);
    timings.reclone = Date.now() - t;
    const log = replica.log();
    expect(log).toMatch(/re-cloning this standby: WAL gone: replication slot orders_1 on the primary 127\.0\.0\.1:\d+ was invalidated/);
    expect(log).toMatch(/dropped the old replication slot orders_1 on the primary/);
    expect(log).toMatch(/standby: clone complete/);
    await waitStreaming();
    expect(slotRow()).toBe('orders_1:physical:true:reserved');
    primary.sql('INSERT INTO items SELECT generate_series(3001, 3100)', secrets.appDatabase);
    expect(await waitFor(() => digest(replica) === digest(primary), 15_000)).toBe(true);
    expect(digest(replica)).toMatch(/^3100:/);
    const ready = await waitFor(() => { const r = replica.runScript('readiness.sh'); return r.code === 0 ? r : undefined; }, 20_000);
    expect(ready && oneLine(ready)).toMatch(/^ready: standby streaming/);
    expect(fs.existsSync(`${replica.pgdata}.discarded`)).toBe(false);
  });

  test('a missing slot is created again (liveness, through wal-check --ensure-slot)', async () => {
    await replica.stop();
    primary.sql("SELECT pg_drop_replication_slot('orders_1')");
    expect(slotRow()).toBe('none');
    const r = replica.runAs('/bin/sh', [path.join(replica.scriptsDir, 'wal-check.sh'), '--offline', '--ensure-slot']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toMatch(/^WAL available: .*slot orders_1 missing; created slot orders_1 on the primary$/);
    expect(slotRow()).toBe('orders_1:physical:false:reserved');
    await replica.start();
    await waitStreaming();
  });

  test('without a slot, WAL removed past the standby\'s position is detected too ("requested WAL segment ... removed") and re-cloned', async () => {
    await replica.stop();
    primary.sql("SELECT pg_drop_replication_slot('orders_1')");
    writeWal(200);
    const r = replica.runAs('/bin/sh', [path.join(replica.scriptsDir, 'wal-check.sh'), '--offline']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^WAL gone: requested WAL segment has already been removed from the primary 127\.0\.0\.1:\d+ \(it keeps WAL from [0-9A-F]{24}, segment \d+; this standby needs segment \d+ \(pg_controldata\); slot orders_1 missing\)$/);
    await replica.start(120_000);
    expect(replica.log()).toMatch(/re-cloning this standby: WAL gone: requested WAL segment has already been removed/);
    await waitStreaming();
    expect(await waitFor(() => digest(replica) === digest(primary), 15_000)).toBe(true);
  });

  test('no password in any output or log', () => {
    const outputs = [...primary.results, ...replica.results].map(r => r.output).join('\n') + primary.log() + replica.log();
    for (const pw of [secrets.postgresPassword, secrets.replicationPassword, secrets.monitoringPassword, secrets.appPassword]) {
      expect(outputs.includes(pw)).toBe(false);
    }
  });
});
