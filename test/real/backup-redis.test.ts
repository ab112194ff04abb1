/**
 * Real backup loop for Redis (Debian redis-server 7.0): the scripts of a synthesized
 * BackupSchedule with a volume destination run with the environment of its containers (the
 * rclone steps with Debian's rclone under busybox), against a real master + replica started by
 * the engine's own scripts: an RDB snapshot from the replica -> upload -> download -> verification
 * on a throwaway server -> restore into a fresh Redis with equal data (every key, value, type and
 * TTL, in two numbered databases); failure injection (wrong password, corrupt snapshot, too few keys).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Cron, Testing } from 'cdk8s';
import { backupContainers, BackupRig } from './backup-harness';
import { makePostgresDir } from './postgres-harness';
import { buildParts, defaultSecrets, freePort, Member, RedisNode, redisAvailable, waitFor } from './redis-harness';
import { BackupDestination, BackupRetention, DatabaseCredentials, DatabaseEngine, ReplicatedDatabase } from '../../src';

const d = redisAvailable() && fs.existsSync('/usr/bin/rclone') && fs.existsSync('/bin/busybox') ? describe : describe.skip;
jest.setTimeout(180_000);

/**
 * sha1 over every key of a database: name, type, content (sorted where Redis does not keep an
 * order) and whether it expires; independent of the internal encoding.
 */
const DIGEST_LUA = `
local keys, cursor = {}, '0'
repeat
  local r = redis.call('SCAN', cursor, 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do keys[#keys + 1] = k end
until cursor == '0'
table.sort(keys)
local function flat(t) local o = {} for _, v in ipairs(t) do if type(v) == 'table' then o[#o + 1] = flat(v) else o[#o + 1] = tostring(v) end end return table.concat(o, '\\2') end
local parts = {}
for _, k in ipairs(keys) do
  local t = redis.call('TYPE', k)['ok']
  local v
  if t == 'string' then v = redis.call('GET', k)
  elseif t == 'hash' then local a = redis.call('HGETALL', k) local p = {} for i = 1, #a, 2 do p[#p + 1] = a[i] .. '=' .. a[i + 1] end table.sort(p) v = table.concat(p, ',')
  elseif t == 'list' then v = flat(redis.call('LRANGE', k, 0, -1))
  elseif t == 'set' then local a = redis.call('SMEMBERS', k) table.sort(a) v = table.concat(a, ',')
  elseif t == 'zset' then v = flat(redis.call('ZRANGE', k, 0, -1, 'WITHSCORES'))
  elseif t == 'stream' then v = flat(redis.call('XRANGE', k, '-', '+'))
  else v = '?' end
  parts[#parts + 1] = k .. '\\0' .. t .. '\\0' .. v .. '\\0' .. (redis.call('PTTL', k) > 0 and 'ttl' or 'none')
end
return #keys .. ':' .. redis.sha1hex(table.concat(parts, '\\1'))`;

d('Redis backups on real servers (volume destination, rclone)', () => {
  const secrets = defaultSecrets();
  let source: RedisNode[] = [];
  let fresh: RedisNode;
  let rig: BackupRig;
  let volume: string;
  let c: { [k: string]: any };

  const digest = (n: RedisNode, db: number) => n.cli('admin', ['-n', String(db), 'EVAL', DIGEST_LUA, '0']).stdout.trim();
  const podFor = (name: string) => {
    const pod = rig.podDirs(name);
    pod.paths['/var/lib/cdk8s-db/destination'] = volume;
    return pod;
  };
  const fromReplica = () => ({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(source[1].port) });

  beforeAll(async () => {
    const chart = Testing.chart();
    const db = new ReplicatedDatabase(chart, 'cache', {
      name: 'cache',
      engine: DatabaseEngine.redis(),
      username: secrets.appUser,
      credentials: DatabaseCredentials.fromSecret('cache-credentials'),
    });
    const schedule = db.addBackupSchedule('Backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.volume({ claimName: 'backups' }),
      retention: BackupRetention.keepLast(2),
      verification: { minTables: 1000, query: 'EXISTS greeting' },
    });
    schedule.restoreJob('Restore');
    const docs = Testing.synth(chart);
    c = backupContainers(docs, { backup: 'cache-backup', verify: 'cache-backup-verify', restore: 'cache-restore' });
    expect(c.dump.image).toBe('redis:7.0.15');
    expect(c.dump.env.find((e: any) => e.name === 'REDIS_HOST').value).toBe('cache-ro');
    expect(c.dump.env.find((e: any) => e.name === 'REDIS_USER').value).toBe('replication');
    expect(c.restore.env.find((e: any) => e.name === 'REDIS_HOST').value).toBe('cache-rw');

    rig = new BackupRig({
      'cache-credentials': { 'replication-password': secrets.replicationPassword, 'superuser-password': secrets.adminPassword },
    });
    volume = makePostgresDir(path.join(rig.root, 'volume'), 0o755);

    const members: Member[] = [];
    for (let i = 0; i < 2; i++) members.push({ port: await freePort(), sentinelPort: await freePort() });
    const options = { name: 'cache', members, secrets, engine: { minReplicasToWrite: 0 } };
    const parts = buildParts(options);
    source = members.map((_, i) => new RedisNode(options, i, parts));
    for (const n of source) await n.startServer();
    const freshMembers = [{ port: await freePort(), sentinelPort: await freePort() }];
    const freshOptions = { name: 'fresh', members: freshMembers, secrets, engine: { minReplicasToWrite: 0 } };
    fresh = new RedisNode(freshOptions, 0, buildParts(freshOptions));
    await fresh.startServer();

    // Every type, awkward key names, TTLs, two databases.
    const m = source[0];
    for (let b = 0; b < 5; b++) {
      m.cli('app', ['MSET', ...Array.from({ length: 400 }, (_, i) => [`k:${b * 400 + i}`, `value ${b * 400 + i} "quoted" \\ back`]).flat()]);
    }
    m.cli('app', ['SET', 'greeting', 'hello']);
    m.cli('app', ['SET', 'key with spaces and "quotes" \\ and ünïcode', 'x']);
    m.cli('app', ['HSET', 'h', 'f1', 'v1', 'f2', 'v2']);
    m.cli('app', ['RPUSH', 'l', 'a', 'b', 'c']);
    m.cli('app', ['SADD', 's', 'x', 'y']);
    m.cli('app', ['ZADD', 'z', '1', 'one', '2', 'two']);
    m.cli('app', ['XADD', 'st', '*', 'f', 'v']);
    m.cli('app', ['SET', 'ttl', 'v', 'EX', '3600']);
    m.cli('app', ['-n', '1', 'SET', 'other-db', '1']);
    expect(await waitFor(() => digest(source[1], 0) === digest(m, 0) && digest(source[1], 1) === digest(m, 1), 20_000)).toBe(true);
    expect(digest(m, 0)).toMatch(/^2008:/);
    // The fresh target has a key of its own, which the restore keeps, and one the restore replaces.
    fresh.cli('app', ['SET', 'only-in-target', '1']);
    fresh.cli('app', ['SET', 'greeting', 'old']);
  });

  afterAll(async () => {
    for (const n of [fresh, ...source]) {
      try { await n?.cleanup(); } catch { /* keep going */ }
    }
    rig?.cleanup();
  });

  test('an RDB snapshot from the replica, checked, uploaded to the volume; retention keeps 2', () => {
    const ids: string[] = [];
    for (const id of ['20250101T000000Z', '20250102T000000Z', undefined]) {
      const pod = podFor(`b-${id ?? 'now'}`);
      const r = rig.run(c.dump, pod.paths, { ...fromReplica(), ...(id ? { BACKUP_ID: id } : {}) });
      if (r.code !== 0) throw new Error(r.output);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/from 127\.0\.0\.1:\d+ \(role slave\)/);
      expect(r.stdout).toMatch(/ready: \d+ bytes, 2009 keys/);
      const u = rig.run(c.upload, pod.paths);
      expect([u.code, u.stderr]).toEqual([0, '']);
      ids.push(fs.readFileSync(path.join(pod.scratch, 'READY'), 'utf8').trim());
      expect(fs.readFileSync(path.join(pod.scratch, ids[ids.length - 1], 'MANIFEST'), 'utf8')).toMatch(/engine=redis\nserver_version=7\.0\.\d+\nrole=slave\n/);
    }
    const root = path.join(volume, 'cache');
    expect(fs.readdirSync(root).filter(x => fs.existsSync(path.join(root, x, 'SHA256SUMS'))).sort()).toEqual(ids.slice(1));
  });

  test('verification loads the snapshot in a throwaway server: key count and the check command', () => {
    const pod = podFor('verify');
    expect(rig.run(c.download, pod.paths).code).toBe(0);
    const v = rig.run(c.verify, pod.paths);
    expect([v.code, v.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(pod.termination, 'utf8')).toMatch(/^OK: backup \d{8}T\d{6}Z loaded in \d+s: 2009 keys \(db0=2008 db1=1, min 1000\), query answered 1\n$/);
    // Too few keys, a failing check command, a corrupt snapshot: each fails the verification.
    expect(rig.run(c.verify, pod.paths, { VERIFY_MIN_KEYS: '5000' }).stderr).toMatch(/holds 2009 keys, fewer than the 5000 required/);
    expect(rig.run(c.verify, pod.paths, { VERIFY_QUERY: 'EXISTS missing' }).stderr).toMatch(/VERIFY_QUERY answered '0'/);
    const id = fs.readFileSync(path.join(pod.scratch, 'READY'), 'utf8').trim();
    const rdb = path.join(pod.scratch, id, 'dump.rdb');
    const bytes = fs.readFileSync(rdb);
    bytes.fill(0x41, 200, 400);
    fs.writeFileSync(rdb, bytes);
    const bad = rig.run(c.verify, pod.paths);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/the throwaway server exited/);
    expect(fs.readFileSync(pod.termination, 'utf8')).toMatch(/^FAILED: /);
  });

  test('restore into a fresh Redis: every key equal (value, type, TTL) in both databases; its other keys stay', () => {
    const pod = podFor('restore');
    expect(rig.run(c.restoreDownload, pod.paths).code).toBe(0);
    const r = rig.run(c.restore, pod.paths, { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(fresh.port) });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/restored backup \d{8}T\d{6}Z into 127\.0\.0\.1:\d+: 2009 keys/);
    expect(fresh.cli('app', ['GET', 'greeting']).stdout.trim()).toBe('hello');
    expect(fresh.cli('app', ['GET', 'only-in-target']).stdout.trim()).toBe('1');
    fresh.cli('admin', ['DEL', 'only-in-target']);
    expect(digest(fresh, 0)).toBe(digest(source[0], 0));
    expect(digest(fresh, 1)).toBe(digest(source[0], 1));
    expect(Number(fresh.cli('app', ['PTTL', 'ttl']).stdout.trim())).toBeGreaterThan(3_000_000);
    // The admin password never reached a command line: it went to redis-cli on stdin.
    expect(rig.results.map(x => x.output).join('\n')).not.toContain(secrets.adminPassword);
  });

  test('a dump with a wrong password fails clearly and leaves no READY', () => {
    const pod = podFor('bad-password');
    const r = rig.run(c.dump, pod.paths, { ...fromReplica(), REDIS_PASSWORD: 'wrong' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/WRONGPASS|cannot connect|unexpected answer/);
    expect(fs.existsSync(path.join(pod.scratch, 'READY'))).toBe(false);
  });
});
