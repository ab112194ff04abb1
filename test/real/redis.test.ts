/**
 * The Redis engine's own scripts and rendered redis.conf against real Debian redis-server and
 * redis-sentinel 7.0 on 127.0.0.1: a 3-pod set with a Sentinel in every pod. Bootstrap,
 * replication, ACL users, role-aware readiness and the labeller's decision (role.sh), Sentinel
 * failover on a killed master, the former master rejoining as a replica, a clean handover by
 * prestop.sh without losing an acknowledged write, an isolated master refusing writes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { spawnCaptured } from './process';
import { buildParts, defaultSecrets, freePort, Member, RedisNode, redisAvailable, redisVersion, sentinelAnswers, waitFor, Duration } from './redis-harness';

const available = redisAvailable();
const d = available ? describe : describe.skip;
jest.setTimeout(240_000);

d(`Redis with Sentinel (${available ? redisVersion() : 'not installed'})`, () => {
  const secrets = defaultSecrets();
  const name = 'cache';
  let nodes: RedisNode[] = [];
  let members: Member[] = [];
  const setOptions = () => ({
    name,
    members,
    secrets,
    engine: { downAfter: Duration.seconds(2), failoverTimeout: Duration.seconds(10), minReplicasMaxLag: Duration.seconds(2) },
  });
  const addr = (n: RedisNode) => `localhost:${n.port}`;
  const byAddr = (a: string) => nodes.find(n => addr(n) === a)!;
  const agreed = () => {
    const answers = sentinelAnswers(nodes, name);
    const top = answers.filter(a => a !== '?').sort().reduce<[string, number]>((best, a, _i, all) => {
      const c = all.filter(x => x === a).length;
      return c > best[1] ? [a, c] : best;
    }, ['', 0]);
    return top[1] >= 2 ? top[0] : undefined;
  };
  const role = (n: RedisNode) => n.runScript('role.sh').stdout.trim();
  const ready = (n: RedisNode) => n.runScript('readiness.sh');

  beforeAll(async () => {
    members = [];
    for (let i = 0; i < 3; i++) members.push({ port: await freePort(), sentinelPort: await freePort() });
    const parts = buildParts(setOptions());
    nodes = members.map((_, i) => new RedisNode(setOptions(), i, parts));
    await Promise.all(nodes.map(n => n.startServer()));
    await Promise.all(nodes.map(n => n.startSentinel()));
  });

  afterAll(async () => {
    for (const n of nodes) await n.cleanup();
  });

  test('bootstrap: pod 0 is the master, the others replicate from it by host name; the Sentinels agree', async () => {
    expect(nodes[0].info().role).toBe('master');
    for (const n of nodes.slice(1)) {
      expect(n.info().role).toBe('slave');
      expect(n.info().master_host).toBe('localhost');
      expect(n.info().master_port).toBe(String(nodes[0].port));
    }
    expect(await waitFor(() => agreed() === addr(nodes[0]), 30_000, 500)).toBe(true);
    // Every Sentinel knows the two others (hostnames announced) and both replicas.
    expect(await waitFor(() => nodes.every(n => n.sentinelCli(['SENTINEL', 'sentinels', name]).stdout.split('\n').filter(l => l === 'name').length === 2), 30_000, 500)).toBe(true);
  });

  test('ACL users: default disabled; the app user writes and replicas receive; monitoring reads INFO only', async () => {
    const r = nodes[0].cli('app', ['SET', 'greeting', 'hello']);
    expect(r.stdout.trim()).toBe('OK');
    expect(await waitFor(() => nodes.slice(1).every(n => n.cli('app', ['GET', 'greeting']).stdout.trim() === 'hello'), 10_000)).toBe(true);
    expect(nodes[1].cli('app', ['SET', 'x', '1']).output).toMatch(/READONLY/);
    expect(nodes[0].cli('app', ['CONFIG', 'SET', 'maxmemory', '1']).output).toMatch(/NOPERM/);
    expect(nodes[0].cli('monitoring', ['SET', 'x', '1']).output).toMatch(/NOPERM/);
    expect(nodes[0].cli('monitoring', ['INFO', 'replication']).stdout).toMatch(/role:master/);
    // The default user: a client without credentials is refused.
    const anon = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(nodes[0].port), 'GET', 'greeting'], { encoding: 'utf8' });
    expect(anon.stdout + anon.stderr).toMatch(/NOAUTH|NOPERM/);
    // The rendered settings are in force.
    expect(nodes[0].cli('admin', ['CONFIG', 'GET', 'min-replicas-to-write']).stdout).toMatch(/\n1\s*$/);
    expect(nodes[0].cli('admin', ['CONFIG', 'GET', 'maxmemory-policy']).stdout).toMatch(/noeviction/);
    expect(nodes[0].info('persistence').aof_enabled).toBe('1');
  });

  test('readiness and role: the master is ready and primary; replicas are ready and replica', async () => {
    expect(await waitFor(() => ready(nodes[0]).code === 0, 20_000, 500)).toBe(true);
    expect(ready(nodes[0]).stdout).toMatch(/^ready: master: master agreed by [23] of 3 Sentinels/);
    expect(role(nodes[0])).toBe('primary');
    for (const n of nodes.slice(1)) {
      const r = ready(n);
      expect(r.stdout).toMatch(/^ready: replica: replica of master localhost:\d+, lag \d+ bytes/);
      expect(r.code).toBe(0);
      expect(role(n)).toBe('replica');
    }
  });

  test('an isolated master refuses writes (min-replicas-to-write) and stops being ready', async () => {
    const master = nodes[0];
    for (const n of nodes.slice(1)) n.signalServer('SIGSTOP');
    try {
      // min-replicas-max-lag is 2 s in this set.
      expect(await waitFor(() => /NOREPLICAS/.test(master.cli('app', ['SET', 'isolated', '1']).output), 15_000, 500)).toBe(true);
      const r = ready(master);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/refuses writes: 0 good replicas < min-replicas-to-write 1/);
      expect(role(master)).toBe('none');
    } finally {
      for (const n of nodes.slice(1)) n.signalServer('SIGCONT');
    }
    expect(await waitFor(() => master.cli('app', ['SET', 'isolated', '2']).stdout.trim() === 'OK', 15_000, 500)).toBe(true);
    expect(await waitFor(() => ready(master).code === 0, 15_000, 500)).toBe(true);
  });

  test('the labeller follows only a Sentinel majority: with 2 of 3 Sentinels gone the master is not primary', async () => {
    await nodes[1].stopSentinel();
    await nodes[2].stopSentinel();
    expect(role(nodes[0])).toBe('none');
    const r = ready(nodes[0]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no majority of the 3 Sentinels names a master/);
    // Replicas stay replicas (reads do not need the Sentinels).
    expect(role(nodes[1])).toBe('replica');
    await Promise.all([nodes[1].startSentinel(), nodes[2].startSentinel()]);
    expect(await waitFor(() => role(nodes[0]) === 'primary', 20_000, 500)).toBe(true);
  });

  test('Sentinel fails over a killed master; the write role moves; the former master rejoins as a replica', async () => {
    const oldMaster = byAddr(agreed()!);
    const others = nodes.filter(n => n !== oldMaster);
    const t0 = Date.now();
    await oldMaster.killServer();
    const moved = await waitFor(() => {
      const a = agreed();
      return a && a !== addr(oldMaster) && role(byAddr(a)) === 'primary' ? a : undefined;
    }, 60_000, 200);
    const seconds = (Date.now() - t0) / 1000;
    expect(moved).toBeDefined();
    const newMaster = byAddr(moved!);
    expect(others).toContain(newMaster);
    // eslint-disable-next-line no-console
    console.log(`failover after SIGKILL of the master: ${seconds.toFixed(1)} s until a majority named ${moved} and role.sh said primary (down-after 2 s)`);
    MEASURED.killFailoverSeconds = seconds;
    expect(await waitFor(() => ready(newMaster).code === 0, 30_000, 500)).toBe(true);
    expect(newMaster.cli('app', ['GET', 'greeting']).stdout.trim()).toBe('hello');
    expect(newMaster.cli('app', ['SET', 'after-failover', '1']).stdout.trim()).toBe('OK');

    // The former master starts again (run.sh): the Sentinels' majority makes it a replica.
    await oldMaster.startServer();
    expect(oldMaster.info().role).toBe('slave');
    expect(oldMaster.info().master_port).toBe(String(newMaster.port));
    expect(oldMaster.log()).toMatch(/starting as replica of localhost:\d+ \(agreed by [23] of 3 Sentinels/);
    expect(await waitFor(() => ready(oldMaster).code === 0, 30_000, 500)).toBe(true);
    expect(oldMaster.cli('app', ['GET', 'after-failover']).stdout.trim()).toBe('1');
    expect(role(oldMaster)).toBe('replica');
  });

  test('a stale former master (role master, Sentinels name another) is neither ready nor primary, and Sentinel demotes it', async () => {
    const master = byAddr(agreed()!);
    const stale = nodes.find(n => n !== master)!;
    stale.cli('admin', ['REPLICAOF', 'NO', 'ONE']);
    expect(stale.info().role).toBe('master');
    const r = ready(stale);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/master-unagreed: master, but [23] of 3 Sentinels name localhost:\d+ the master: stale former master/);
    expect(role(stale)).toBe('none');
    // Sentinel converts the unexpected master back into a replica of the agreed one.
    expect(await waitFor(() => stale.info().role === 'slave', 60_000, 500)).toBe(true);
    expect(await waitFor(() => role(stale) === 'replica', 30_000, 500)).toBe(true);
  });

  test('prestop.sh on the master hands over to a replica without losing an acknowledged write', async () => {
    const master = byAddr(agreed()!);
    expect(await waitFor(() => nodes.every(n => ready(n).code === 0), 30_000, 500)).toBe(true);
    const writer = spawnCaptured('/bin/sh', ['-c', `i=0; while [ $i -lt 200000 ]; do out=$(redis-cli --no-auth-warning --user "$U" -h 127.0.0.1 -p ${master.port} SET "w:$i" "$i" 2>&1); [ "$out" = OK ] || { echo "stop at $i: $out" >&2; break; }; echo $i; i=$((i + 1)); done`], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', U: secrets.appUser, REDISCLI_AUTH: secrets.appPassword },
    });
    expect(await waitFor(() => writer.output().split('\n').length > 200, 20_000, 100)).toBe(true);
    const t0 = Date.now();
    const stop = master.runScript('prestop.sh', {}, 90_000);
    const handover = (Date.now() - t0) / 1000;
    expect(stop.code).toBe(0);
    expect(stop.stderr).toMatch(/a replica has acknowledged offset \d+/);
    expect(stop.stderr).toMatch(/handed over after \d+s: now a replica of localhost:\d+/);
    const result = await writer.done;
    expect(result.stderr).toMatch(/stop at \d+: (READONLY|NOREPLICAS)/);
    const acked = result.stdout.trim().split('\n').map(Number);
    const newMaster = byAddr((await waitFor(() => { const a = agreed(); return a && a !== addr(master) ? a : undefined; }, 30_000, 200))!);
    // Every acknowledged write is on the new master (MGET of all of them, in chunks).
    const missing: number[] = [];
    for (let from = 0; from < acked.length; from += 500) {
      const chunk = acked.slice(from, from + 500);
      const values = newMaster.cli('app', ['MGET', ...chunk.map(i => `w:${i}`)]).stdout.split('\n').map(v => v.trim());
      chunk.forEach((i, k) => { if (values[k] !== String(i)) missing.push(i); });
    }
    expect(acked.length).toBeGreaterThan(200);
    expect(missing).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(`clean handover by prestop.sh: ${handover.toFixed(1)} s, ${acked.length} acknowledged writes, none lost`);
    MEASURED.handoverSeconds = handover;
    expect(await waitFor(() => role(newMaster) === 'primary' && role(master) === 'replica', 30_000, 500)).toBe(true);
  });
});

const MEASURED: { killFailoverSeconds?: number; handoverSeconds?: number } = {};
afterAll(() => {
  if (Object.keys(MEASURED).length) fs.writeFileSync('/tmp/cdk8s-db-redis-failover.json', JSON.stringify(MEASURED));
});
