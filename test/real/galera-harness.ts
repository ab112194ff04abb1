/**
 * A 3-node Galera cluster on loopback for the real-server tests of FailoverMode.AUTOMATIC
 * (MariaDB): three MariaNodes with the engine's Galera config and scripts, each with its own SQL,
 * gcomm, IST and SST ports (ports 24000-24999: `base + 10 * ordinal + 0..3`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MariaNode, MariaSecrets, RunResult, sleep, waitFor } from './mariadb-harness';
import { Tool } from '../requirements';

export const GALERA_TOOLS: readonly Tool[] = [
  { name: 'galera-4', pkg: 'galera-4', path: '/usr/lib/galera/libgalera_smm.so' },
  { name: 'rsync (Galera state transfer)', pkg: 'rsync', path: 'rsync' },
];

export class GaleraCluster {
  public readonly nodes: MariaNode[];
  /** The last answer of each node's background labeller ('down' while its server is stopped). */
  public readonly labelled: string[] = [];
  private labelling = false;
  private labellers: Promise<void>[] = [];

  constructor(public readonly secrets: MariaSecrets, base: number, size = 3, env: { [k: string]: string } = {}) {
    const ports = Array.from({ length: size }, (_, i) => ({
      sql: base + 10 * i, gcomm: base + 10 * i + 1, ist: base + 10 * i + 2, sst: base + 10 * i + 3,
    }));
    const peers = ports.map(p => `127.0.0.1:${p.sql}:${p.gcomm}`).join(' ');
    this.nodes = ports.map((p, i) => new MariaNode({
      podName: `db-${i}`,
      port: p.sql,
      primaryPort: ports[0].sql,
      secrets,
      galera: { peers, istPort: p.ist, sstPort: p.sst },
      env: { GALERA_JOIN_WAIT_SECONDS: '3', ...env },
    }));
  }

  /** Starts node `i` with galera-start.sh (returns at once: nodes may wait for each other). */
  public async start(i: number): Promise<void> {
    await this.nodes[i].startWith('galera-start.sh');
  }

  public readiness(i: number): RunResult {
    return this.nodes[i].runScript('galera-readiness.sh');
  }

  /** galera-role.sh's answer (stdout) for node i. */
  public role(i: number): string {
    const r = this.nodes[i].runScript('galera-role.sh');
    return r.stdout.trim();
  }

  /**
   * Runs galera-role.sh on every node every second in the background, as the pods' role probers
   * do: the holder of the writer lease renews it between the test's own rounds.
   */
  public startLabellers(): void {
    this.labelling = true;
    this.labellers = this.nodes.map(async (n, i) => {
      while (this.labelling) {
        if (n.running) this.labelled[i] = (await n.spawnScript('galera-role.sh').done).stdout.trim();
        else this.labelled[i] = 'down';
        await sleep(1000);
      }
    });
  }

  public async stopLabellers(): Promise<void> {
    this.labelling = false;
    await Promise.all(this.labellers);
  }

  /** One labeller round on every running node, in ordinal order; returns the answers. */
  public roles(): string[] {
    return this.nodes.map((n, i) => (n.running ? this.role(i) : 'down'));
  }

  /** Labeller rounds until one node answers primary and every other running one replica. */
  public async settleRoles(timeoutMs = 30_000): Promise<string[]> {
    let last: string[] = [];
    const ok = await waitFor(() => {
      last = this.roles();
      const up = last.filter(r => r !== 'down');
      return up.filter(r => r === 'primary').length === 1 && up.every(r => r === 'primary' || r === 'replica');
    }, timeoutMs, 500);
    if (!ok) throw new Error(`roles did not settle: ${last.join(', ')}`);
    return last;
  }

  public async waitReady(i: number, timeoutMs = 90_000): Promise<number> {
    const start = Date.now();
    const ok = await waitFor(() => this.readiness(i).code === 0, timeoutMs, 300);
    if (!ok) throw new Error(`db-${i} not ready after ${timeoutMs} ms: ${this.readiness(i).stdout}\n${this.nodes[i].log().slice(-3000)}`);
    return Date.now() - start;
  }

  /** Status variable of node i (root through the socket). */
  public status(i: number, name: string): string {
    return this.nodes[i].sql(`SHOW GLOBAL STATUS LIKE '${name}'`).split('\t')[1] ?? '';
  }

  public grastate(i: number): { uuid: string; seqno: string; safe: string } {
    const file = path.join(this.nodes[i].datadir, 'grastate.dat');
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const field = (k: string) => (new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(text)?.[1] ?? '');
    return { uuid: field('uuid'), seqno: field('seqno'), safe: field('safe_to_bootstrap') };
  }

  public gvwstate(i: number): boolean {
    return fs.existsSync(path.join(this.nodes[i].datadir, 'gvwstate.dat'));
  }

  /** The application user's SQL over TCP on node i. */
  public app(i: number, query: string): RunResult {
    return this.nodes[i].sqlTcp(this.secrets.appUser, this.secrets.appPassword, query, this.secrets.appDatabase);
  }

  public async cleanup(): Promise<void> {
    await this.stopLabellers();
    for (const n of this.nodes) n.killNow();
    await sleep(200);
    await Promise.all(this.nodes.map(n => n.cleanup()));
  }
}
