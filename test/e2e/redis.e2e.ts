// Redis 7.0 with Sentinel, 3 pods, on the real cluster (restricted namespace):
//   - the set becomes ready; the write Service selects exactly the Sentinel-agreed master (role
//     label set by the labeller) and the read Service the two replicas;
//   - a killed master (SIGKILL of redis-server from the node) restarts before Sentinel's down-after;
//     the write Service follows the master through a frozen master (SIGSTOP: Sentinel fails over) and
//     a deleted master pod (preStop hands over), with the time measured;
//   - no acknowledged write is lost in the clean failover (pod deletion);
//   - the former master rejoins as a replica.
import { execFileSync } from 'child_process';
import { Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  apply, clientContainer, clientPod, createNamespace, deleteNamespace, exec, getPod, kubectl, podLabels, readyEndpoints, sleep, synth,
  Timings, waitFor, waitJob, waitPodsReady,
} from './harness';
import { BackupDestination, BackupRetention, DatabaseEngine, ReplicatedDatabase } from '../../src';

const DB = 'cache';
const IMAGE = 'docker.io/library/redis:7.0.15';
const PODS = [0, 1, 2].map(i => `${DB}-${i}`);
const timings = new Timings('redis');
const since = (t: number) => (Date.now() - t) / 1000;

describe('Redis 7.0 with Sentinel on a real cluster', () => {
  let ns = '';

  const cli = (pod: string, args: string[], user = 'monitoring') =>
    exec(ns, pod, ['sh', '-c', `REDISCLI_AUTH="$${user === 'admin' ? 'ADMIN' : 'MONITORING'}_PASSWORD" redis-cli --no-auth-warning --user ${user} -p 6379 "$@"`, 'sh', ...args],
      { container: 'redis', allowFail: true, timeoutMs: 20_000 });
  const role = async (pod: string) => /role:master/.test((await cli(pod, ['INFO', 'replication'])).stdout) ? 'master' : 'replica';
  const clientCmd = (args: string) => `REDISCLI_AUTH="$DB_PASSWORD" redis-cli --no-auth-warning --user "$DB_USER" -h "$DB_HOST" -p "$DB_PORT" ${args}`;
  const client = (args: string) => exec(ns, 'client', ['sh', '-c', clientCmd(args)], { allowFail: true, timeoutMs: 20_000 });

  /** The single pod behind the write Service, once it is exactly one pod other than `not`. */
  const writeTarget = (not?: string) => waitFor(`write Service on one pod${not ? ` other than ${not}` : ''}`, async () => {
    const eps = await readyEndpoints(ns, `${DB}-rw`);
    return eps.length === 1 && eps[0] !== not ? eps[0] : undefined;
  }, { timeoutMs: 180_000, intervalMs: 250, namespace: ns });

  /** The app; with `restore`, also the restore Job (applied only once a backup exists). */
  const build = (restore: boolean) => synth(ns, chart => {
    const db = new ReplicatedDatabase(chart, 'db', {
      name: DB,
      engine: DatabaseEngine.redis(),
      replicas: 3,
      storage: { size: Size.gibibytes(1) },
      resources: { memory: Size.mebibytes(128), cpu: kplus.Cpu.millis(50) },
      readiness: { period: Duration.seconds(2) },
    });
    const pod = clientPod(chart, 'client', {
      name: 'client',
      labels: { 'app.kubernetes.io/name': 'redis-client' },
      containers: [clientContainer({ image: IMAGE, memoryMiB: { request: 16, limit: 64 } })],
    });
    db.allowFrom(pod);
    const backups = db.addBackupSchedule('backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.volume({ claimName: 'redis-backups' }),
      retention: BackupRetention.keepLast(3),
      verification: { minTables: 2, query: 'EXISTS greeting' },
      resources: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(128) },
      scratchSize: Size.gibibytes(1),
    });
    if (restore) backups.restoreJob('restore');
  });

  beforeAll(async () => {
    ns = await createNamespace('failover');
    await apply(JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'redis-backups', namespace: ns },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }));
    const r = await apply(build(false));
    expect(r.stderr).not.toMatch(/violate PodSecurity/);
  });

  afterAll(async () => {
    if (ns) await deleteNamespace(ns);
  });

  test('3 pods become ready; the write Service selects the agreed master, the read Service the replicas', async () => {
    const t0 = Date.now();
    await waitPodsReady(ns, PODS, 300_000);
    timings.record('deploy', 'apply -> 3 pods ready', since(t0));
    const master = await writeTarget();
    expect(master).toBe(`${DB}-0`);
    expect(await role(master)).toBe('master');
    expect((await podLabels(ns, master))['cdk8s-db.io/role']).toBe('primary');
    expect(await waitFor('read Service on the replicas', async () => {
      const ro = await readyEndpoints(ns, `${DB}-ro`);
      return ro.length === 2 && !ro.includes(master) ? ro : undefined;
    }, { timeoutMs: 60_000, namespace: ns })).toEqual([`${DB}-1`, `${DB}-2`]);
    await waitPodsReady(ns, ['client'], 120_000);
    expect((await client('SET greeting hello')).stdout.trim()).toBe('OK');
    const ro = await exec(ns, 'client', ['sh', '-c', clientCmd('GET greeting').replace('"$DB_HOST"', '"$DB_READ_HOST"')], { allowFail: true });
    expect(ro.stdout.trim()).toBe('hello');
    // Sentinel-aware clients: the Sentinel Service answers the master's stable DNS name.
    const s = await exec(ns, 'client', ['sh', '-c', 'REDISCLI_AUTH="$DB_PASSWORD" redis-cli --no-auth-warning --user "$DB_USER" -h "$DB_SENTINEL_HOST" -p "$DB_SENTINEL_PORT" SENTINEL get-master-addr-by-name "$DB_SENTINEL_MASTER"'], { allowFail: true });
    expect(s.stdout.split('\n')[0]).toBe(`${DB}-0.${DB}-headless.${ns}.svc.cluster.local`);
  });

  /** The host PID of a pod's redis-server (PID 1 of its container cannot be signalled from inside). */
  const serverPid = async (pod: string): Promise<number> => {
    const p = await getPod(ns, pod);
    const cid = p.status.containerStatuses.find((c: any) => c.name === 'redis').containerID.replace(/^containerd:\/\//, '');
    return JSON.parse(execFileSync('crictl', ['inspect', cid], { encoding: 'utf8' })).info.pid;
  };
  const writable = () => waitFor('a write through DB_HOST', async () => (await client(`SET probe ${Date.now()}`)).stdout.trim() === 'OK',
    { timeoutMs: 180_000, intervalMs: 250, namespace: ns });

  test('a killed master (SIGKILL of redis-server): the container restarts within down-after and writes resume', async () => {
    const master = await writeTarget();
    const t0 = Date.now();
    process.kill(await serverPid(master), 'SIGKILL');
    await writable();
    timings.record('kill master', 'SIGKILL -> writes accepted through the write Service', since(t0), 'restart before down-after 5 s');
    const target = await writeTarget();
    expect(await role(target)).toBe('master');
    expect((await client('GET greeting')).stdout.trim()).toBe('hello');
  });

  test('a frozen master (SIGSTOP): Sentinel fails over, the write Service follows; once thawed it rejoins as a replica', async () => {
    await waitPodsReady(ns, PODS, 180_000);
    const old = await writeTarget();
    const pid = await serverPid(old);
    const t0 = Date.now();
    process.kill(pid, 'SIGSTOP');
    let next = '';
    try {
      next = await writeTarget(old);
      timings.record('frozen master', 'SIGSTOP -> write Service on the new master', since(t0), 'down-after 5 s');
      await writable();
      timings.record('frozen master', 'SIGSTOP -> writes accepted through the write Service', since(t0));
      expect(await role(next)).toBe('master');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const t1 = Date.now();
    // The thawed former master still says master for a moment: it must never be in the write
    // endpoint meanwhile (role-aware readiness), and Sentinel demotes it.
    await waitFor(`${old} ready as a replica`, async () => {
      expect(await readyEndpoints(ns, `${DB}-rw`)).not.toContain(old);
      const p = await getPod(ns, old);
      const ready = p && (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      return ready && await role(old) === 'replica' && (await podLabels(ns, old))['cdk8s-db.io/role'] === 'replica';
    }, { timeoutMs: 180_000, namespace: ns, intervalMs: 500 });
    timings.record('frozen master', 'SIGCONT -> former master ready as a replica', since(t1));
    expect((await cli(old, ['GET', 'greeting'], 'admin')).stdout.trim()).toBe('hello');
  });

  test('a deleted master pod: preStop hands over, no acknowledged write is lost, the write Service follows', async () => {
    const old = await writeTarget();
    await waitPodsReady(ns, PODS, 180_000);
    // A writer through the write Service: it records every acknowledged SET and retries until it succeeds.
    const writer = exec(ns, 'client', ['sh', '-c', `i=0; end=$(($(date +%s) + 45)); while [ $(date +%s) -lt $end ]; do
      out=$(${clientCmd('SET "w:$i" "$i"')} 2>&1); if [ "$out" = OK ]; then echo "$i"; i=$((i + 1)); else echo "err $i $out" >&2; sleep 0.2; fi; done`], { allowFail: true, timeoutMs: 120_000 });
    await sleep(5000);
    const t0 = Date.now();
    await kubectl(['-n', ns, 'delete', 'pod', old, '--wait=false']);
    const next = await writeTarget(old);
    timings.record('delete master pod', 'delete -> write Service on the new master', since(t0), 'preStop SENTINEL FAILOVER');
    const result = await writer;
    const acked = result.stdout.trim().split('\n').filter(Boolean).map(Number);
    // (Through kubectl exec on a loaded node each write takes a while: the count is small, every one is checked.)
    expect(acked.length).toBeGreaterThan(0);
    const lost: number[] = [];
    for (let from = 0; from < acked.length; from += 200) {
      const chunk = acked.slice(from, from + 200);
      const r = await cli(next, ['MGET', ...chunk.map(i => `w:${i}`)], 'admin');
      const values = r.stdout.split('\n').map(v => v.trim());
      chunk.forEach((i, k) => { if (values[k] !== String(i)) lost.push(i); });
    }
    expect(lost).toEqual([]);
    timings.record('delete master pod', `acknowledged writes checked: ${acked.length}, lost: ${lost.length}`, 0);
    await waitFor(`${old} recreated and ready as a replica`, async () => {
      const p = await getPod(ns, old);
      const ready = p && !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      return ready && await role(old) === 'replica';
    }, { timeoutMs: 240_000, namespace: ns });
    timings.record('delete master pod', 'delete -> recreated pod ready as a replica', since(t0));
    expect(await readyEndpoints(ns, `${DB}-rw`)).toEqual([next]);
  });

  test('backups land on the volume, verify in a throwaway server, and restore', async () => {
    await waitPodsReady(ns, PODS, 240_000);
    // The snapshot is taken from a replica through the read Service: wait until it has both.
    await waitFor('two replicas behind the read Service', async () => (await readyEndpoints(ns, `${DB}-ro`)).length === 2,
      { timeoutMs: 180_000, namespace: ns });
    expect(await waitFor('write through DB_HOST', async () => (await client('SET backed-up yes')).stdout.trim() === 'OK', { timeoutMs: 120_000, namespace: ns })).toBe(true);
    const t0 = Date.now();
    await kubectl(['-n', ns, 'create', 'job', '--from=cronjob/cache-backup', 'backup-now']);
    await waitJob(ns, 'backup-now', 300_000);
    timings.record('backup', 'backup Job (RDB from a replica, upload)', since(t0));
    const dump = await kubectl(['-n', ns, 'logs', 'job/backup-now', '-c', 'dump']);
    expect(dump.stdout).toMatch(/\(role slave\)/);
    expect(dump.stdout).toMatch(/ready: \d+ bytes, \d+ keys/);
    const t1 = Date.now();
    await kubectl(['-n', ns, 'create', 'job', '--from=cronjob/cache-backup-verify', 'verify-now']);
    await waitJob(ns, 'verify-now', 300_000);
    timings.record('backup', 'verification Job', since(t1));
    const verify = await kubectl(['-n', ns, 'logs', 'job/verify-now', '-c', 'verify']);
    expect(verify.stdout).toMatch(/OK: backup \d{8}T\d{6}Z loaded in \d+s: \d+ keys .*query answered 1/);
    // Lose a key, then restore it from the backup through the write Service.
    expect((await cli(await writeTarget(), ['DEL', 'backed-up'], 'admin')).stdout.trim()).toBe('1');
    const t2 = Date.now();
    await apply(build(true));
    await waitJob(ns, 'cache-restore', 300_000);
    timings.record('backup', 'restore Job', since(t2));
    expect((await client('GET backed-up')).stdout.trim()).toBe('yes');
  });
});
