/**
 * Real-server tests of MariaDB with FailoverMode.AUTOMATIC (Galera): the engine's own
 * galera-start.sh, galera-readiness.sh, galera-role.sh, galera-prestop.sh and galera-recover.sh
 * with its rendered my.cnf, for 3 nodes of Debian's MariaDB 10.11 and galera-4 on loopback (ports
 * 24100-24130), as the mysql OS user. One cluster runs through the whole file, scenario after
 * scenario: a new cluster, a node killed and rejoining by IST, the writer killed, a node isolated
 * (its peers frozen with SIGSTOP), a desynced node, the writer's preStop handover, every node
 * killed (pc.recovery), every node stopped gracefully (safe_to_bootstrap), no node safe (the
 * human's galera-recover.sh), and pod 0's volume lost while its peers run.
 */
import * as fs from 'fs';
import { GALERA_TOOLS, GaleraCluster } from './galera-harness';
import { defaultSecrets, mariadbVersion, passwordsOf, sleep, waitFor } from './mariadb-harness';
import { describeWith, MARIADB_SERVER } from '../requirements';

const describeReal = describeWith([...MARIADB_SERVER, ...GALERA_TOOLS], { realServer: true });

jest.setTimeout(300_000);

describeReal('MariaDB Galera (FailoverMode.AUTOMATIC) on real servers', () => {
  const secrets = defaultSecrets();
  let c: GaleraCluster;
  const timings: { [step: string]: number } = {};
  const count = (i: number) => c.nodes[i].sql('SELECT COUNT(*) FROM items', secrets.appDatabase);
  let rows = 0;
  const insert = (i: number, n = 1) => {
    for (let k = 0; k < n; k++) {
      const r = c.app(i, `INSERT INTO items (note) VALUES ('row ${rows + 1}')`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      rows++;
    }
  };

  beforeAll(() => {
    c = new GaleraCluster(secrets, 24100);
  });

  afterAll(async () => {
    const logs = c.nodes.map(n => n.log()).join('\n');
    await c.cleanup();
    for (const p of passwordsOf(secrets)) expect(logs).not.toContain(p);
    // eslint-disable-next-line no-console
    console.log(`${mariadbVersion()}\ngalera timings (ms): ${JSON.stringify(timings)}`);
  });

  test('a new cluster: pod 0 bootstraps, pods 1 and 2 join by SST; exactly one writer', async () => {
    for (let i = 0; i < 3; i++) {
      const r = c.nodes[i].runScript('bootstrap.sh');
      expect(r.code).toBe(0);
    }
    expect(fs.existsSync(`${c.nodes[0].volume}/.cdk8s-galera-new`)).toBe(true);
    expect(fs.existsSync(`${c.nodes[1].datadir}/mysql`)).toBe(false);
    const t = Date.now();
    await Promise.all([0, 1, 2].map(i => c.start(i)));
    // Before a Primary component exists, nobody is ready (nor while joining).
    const early = c.readiness(1);
    expect(early.code).toBe(1);
    expect(early.stdout).toMatch(/^not ready: /);
    for (let i = 0; i < 3; i++) await c.waitReady(i);
    timings.newCluster = Date.now() - t;
    expect(c.nodes[0].log()).toMatch(/bootstrap: new cluster: first start of the set, no peer runs/);
    expect(c.nodes[1].log()).toMatch(/join: pod 0 is in a Primary component/);
    for (let i = 0; i < 3; i++) {
      expect(c.status(i, 'wsrep_cluster_size')).toBe('3');
      expect(c.readiness(i).stdout).toMatch(/^ready: replica \(cluster status Primary, state Synced, wsrep_ready ON, 3 members, read_only ON\)/);
    }
    // Every node starts read-only; the labeller makes exactly one (the lowest ordinal) the writer.
    expect(await c.settleRoles()).toEqual(['primary', 'replica', 'replica']);
    expect(c.nodes[0].sql('SELECT @@global.read_only')).toBe('0');
    expect(c.nodes[1].sql('SELECT @@global.read_only')).toBe('1');
    expect(c.readiness(0).stdout).toMatch(/^ready: writer /);
    c.nodes[0].sql('CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(100))', secrets.appDatabase);
    insert(0, 5);
    // The replicas apply Galera's writes under read_only, refuse the application's own, and read
    // their writes at once (wsrep_sync_wait = 1).
    const refused = c.app(1, "INSERT INTO items (note) VALUES ('on a replica')");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/read-only|read_only/);
    expect(c.app(1, 'SELECT COUNT(*) FROM items').stdout.trim()).toBe('5');
    expect(c.app(2, 'SELECT @@wsrep_sync_wait').stdout.trim()).toBe('1');
  });

  test('a replica killed (-9) rejoins by IST with the writes it missed', async () => {
    await c.nodes[2].crash();
    await waitFor(() => c.status(0, 'wsrep_cluster_size') === '2', 30_000, 500);
    insert(0, 3);
    expect(await c.settleRoles()).toEqual(['primary', 'replica', 'down']);
    const t = Date.now();
    await c.start(2);
    await c.waitReady(2);
    timings.rejoinIst = Date.now() - t;
    expect(c.nodes[2].log()).toMatch(/IST received|Receiving IST/);
    expect(count(2)).toBe(String(rows));
    expect(await c.settleRoles()).toEqual(['primary', 'replica', 'replica']);
  });

  test('the writer killed (-9): the next node takes the role; the old writer rejoins as a replica', async () => {
    await c.nodes[0].crash();
    const t = Date.now();
    expect(await c.settleRoles()).toEqual(['down', 'primary', 'replica']);
    timings.writerKilledRole = Date.now() - t;
    // Writes commit once Galera has evicted the dead member (evs.suspect_timeout).
    await waitFor(() => c.app(1, "INSERT INTO items (note) VALUES ('after the kill')").code === 0, 30_000, 200);
    rows++;
    timings.writerKilledWritable = Date.now() - t;
    await c.start(0);
    await c.waitReady(0);
    // The new-cluster marker counts no more once the node has a cluster's state.
    expect(fs.existsSync(`${c.nodes[0].volume}/.cdk8s-galera-new`)).toBe(false);
    // Sticky: the returning pod 0 does not take the role back.
    expect(await c.settleRoles()).toEqual(['replica', 'primary', 'replica']);
    expect(count(0)).toBe(String(rows));
  });
});
