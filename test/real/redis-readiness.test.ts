/**
 * readiness.sh of a Redis replica in every state it claims to detect, against real Debian
 * redis-server 7.0: in sync; initial sync in progress; lag over the byte threshold; link down;
 * lag unknown (the master cannot be asked). The replica reaches its master through a TCP proxy
 * in this process that can hold back the master's stream on the replication connection, so that
 * the replica stays connected (link up) while falling behind.
 */
import { ChildProcess, spawn } from 'child_process';
import { buildParts, defaultSecrets, freePort, Member, RedisNode, redisAvailable, waitFor } from './redis-harness';

const available = redisAvailable();
const d = available ? describe : describe.skip;
jest.setTimeout(120_000);

/**
 * A TCP proxy in a child process (the probes run synchronously and would block one in this
 * process). SIGUSR1 holds back master -> replica data on the replication connection (the one
 * that sent PSYNC),
 * SIGUSR2 releases it; stop() kills it, closing every connection.
 */
const PROXY_JS = `
const net = require('net');
const [listen, target] = process.argv.slice(1).map(Number);
let hold = false, repl = null;
const held = [];
process.on('SIGUSR1', () => { hold = true; });
process.on('SIGUSR2', () => { hold = false; if (repl) while (held.length) repl.write(held.shift()); });
net.createServer(c => {
  const u = net.connect(target, '127.0.0.1');
  let isRepl = false;
  u.on('data', b => { if (isRepl && hold) held.push(b); else c.write(b); });
  c.on('data', b => { if (/PSYNC|SYNC/.test(b.toString('latin1'))) { isRepl = true; repl = c; held.length = 0; } u.write(b); });
  const close = () => { c.destroy(); u.destroy(); };
  c.on('close', close).on('error', close); u.on('close', close).on('error', close);
}).listen(listen, '127.0.0.1', function () { console.log(String(this.address().port)); });
`;

class Proxy {
  private child?: ChildProcess;
  public port = 0;
  constructor(private readonly target: number) {}

  /** Listens on `port` (a free one the first time). */
  public async start(): Promise<void> {
    const child = spawn(process.execPath, ['-e', PROXY_JS, String(this.port), String(this.target)], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once('data', out => resolve(Number(String(out).trim())));
      child.once('exit', code => reject(new Error(`proxy exited with ${code}`)));
    });
  }

  public hold(on: boolean): void {
    this.child?.kill(on ? 'SIGUSR1' : 'SIGUSR2');
  }

  public async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

d('Redis replica readiness in every state', () => {
  const secrets = defaultSecrets();
  let master: RedisNode;
  let replica: RedisNode;
  let proxy: Proxy;
  const maxLagBytes = 4096;

  beforeAll(async () => {
    const members: Member[] = [];
    for (let i = 0; i < 2; i++) members.push({ port: await freePort(), sentinelPort: await freePort() });
    proxy = new Proxy(members[0].port);
    await proxy.start();
    const proxyPort = proxy.port;
    // The replica knows the master only through the proxy.
    const peersFor = (ordinal: number) => ordinal === 0
      ? members.map(m => `localhost:${m.port}:${m.sentinelPort}`).join(' ')
      : [`localhost:${proxyPort}:${members[0].sentinelPort}`, `localhost:${members[1].port}:${members[1].sentinelPort}`].join(' ');
    // No min-replicas-to-write here: the master must take writes while the replica lags.
    const options = { name: 'lag', members, secrets, maxLagBytes, maxLagSeconds: 30, peersFor, engine: { minReplicasToWrite: 0 } };
    const parts = buildParts(options);
    master = new RedisNode(options, 0, parts);
    replica = new RedisNode(options, 1, parts);
    await master.startServer();
    // Enough data that a full sync takes a while when the proxy holds it.
    for (let b = 0; b < 4; b++) {
      const kv = Array.from({ length: 500 }, (_, i) => [`seed:${b * 500 + i}`, 'x'.repeat(512)]).flat();
      expect(master.cli('app', ['MSET', ...kv]).stdout.trim()).toBe('OK');
    }
  });

  afterAll(async () => {
    await proxy?.stop();
    await replica?.cleanup();
    await master?.cleanup();
  });

  const ready = () => replica.runScript('readiness.sh', { CLI_TIMEOUT: '5' });

  test('initial sync in progress: not ready', async () => {
    // 2000 keys at 3 ms each: the master's snapshot for the full sync takes about 6 s.
    master.cli('admin', ['CONFIG', 'SET', 'rdb-key-save-delay', '3000']);
    expect(replica.runScript('bootstrap.sh').code).toBe(0);
    // run.sh in the background, without waiting for startup.sh: the sync starts at once.
    replica.spawnScript('run.sh');
    const seen: string[] = [];
    const r = await waitFor(() => { const x = ready(); seen.push(x.stdout); return /initial sync/.test(x.stdout) ? x : undefined; }, 20_000, 200);
    if (!r) throw new Error(`initial sync never seen: ${seen.slice(-5).join(' | ')} ${replica.log().slice(-1500)}`);
    expect(r!.code).toBe(1);
    expect(r!.stdout).toMatch(/^not ready: replica-behind: replica: initial sync from master localhost:\d+ in progress\n$/);
    expect(replica.info().master_sync_in_progress).toBe('1');
  });

  test('in sync: ready, with the lag in bytes', async () => {
    master.cli('admin', ['CONFIG', 'SET', 'rdb-key-save-delay', '0']);
    let last = '';
    const r = await waitFor(() => { const x = ready(); last = x.output; return x.code === 0 ? x : undefined; }, 30_000, 300);
    if (!r) throw new Error(`never ready: ${last}`);
    expect(r!.stdout).toMatch(/^ready: replica: replica of master localhost:\d+, lag \d+ bytes \(max 4096\), last ack \d+s ago \(max 30s\)\n$/);
    expect(replica.cli('app', ['GET', 'seed:1999']).stdout.trim()).toBe('x'.repeat(512));
  });

  test('lag over the byte threshold while the link stays up: not ready', async () => {
    proxy.hold(true);
    for (let i = 0; i < 20; i++) master.cli('app', ['SET', `burst:${i}`, 'y'.repeat(1024)]);
    const r = await waitFor(() => { const x = ready(); return /replica: behind:/.test(x.stdout) ? x : undefined; }, 20_000, 300);
    expect(r!.code).toBe(1);
    expect(replica.info().master_link_status).toBe('up');
    const m = /lag (\d+) bytes \(max 4096\)/.exec(r!.stdout);
    expect(Number(m![1])).toBeGreaterThan(maxLagBytes);
    proxy.hold(false);
    expect(await waitFor(() => ready().code === 0, 30_000, 300)).toBe(true);
  });

  test('link down: not ready', async () => {
    await proxy.stop();
    const r = await waitFor(() => { const x = ready(); return /link to master/.test(x.stdout) ? x : undefined; }, 20_000, 300);
    expect(r!.code).toBe(1);
    expect(r!.stdout).toMatch(/^not ready: replica-behind: replica: link to master localhost:\d+ is down/);
  });

  test('lag unknown: the link is up but the master does not answer the probe: not ready', async () => {
    // The master refuses the monitoring login: the replica cannot know its lag.
    await proxy.start();
    expect(await waitFor(() => ready().code === 0, 30_000, 300)).toBe(true);
    master.cli('admin', ['ACL', 'SETUSER', 'monitoring', 'off']);
    try {
      const r = ready();
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^not ready: replica-behind: replica: lag unknown[ ,(]/);
    } finally {
      master.cli('admin', ['ACL', 'SETUSER', 'monitoring', 'on']);
    }
  });
});
