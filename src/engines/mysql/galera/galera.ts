/**
 * Galera for MariaDB (`FailoverMode.AUTOMATIC`): what the MySQL-family engine adds to its parts
 * when the database fails over by itself. Every node is a member of one Galera cluster (synchronous,
 * quorum = the Primary component); the role labeller publishes one writer.
 *
 * - my.cnf: config.ts renders the static Galera settings (`MysqlConfigInput.galera`);
 * - galera-start.sh (main command) decides between joining and bootstrapping and adds what differs
 *   by pod (cluster address from the pods' DNS names, node name and addresses, provider options);
 * - galera-readiness.sh: Primary component, Synced, wsrep_ready;
 * - galera-role.sh (the labeller's role command): one writer (read_only OFF), the others replicas;
 * - galera-prestop.sh: a stopping writer hands the role over first.
 */
import * as path from 'path';
import { fail } from '../../../lib/errors';
import { readScripts } from '../../../lib/scripts';
import { EngineContext, EngineEnv, EngineHighAvailability, scriptCommand } from '../../engine-spec';

const GALERA_SCRIPTS_DIR = path.join(__dirname, 'scripts');

/** Ports of the Galera protocols (the images' and Galera's defaults). */
export const GALERA_PORTS = { gcomm: 4567, ist: 4568, sst: 4444 } as const;

/** Seconds between the graceful leaves of the replicas when every pod stops (times the ordinal). */
export const GALERA_LEAVE_STAGGER_SECONDS = 3;

/** Seconds between two role probes: a stopped writer's role moves within about this. */
export const GALERA_ROLE_INTERVAL_SECONDS = 1;

/**
 * The writer lease (galera-lib.sh): a holder that has not renewed it for this long loses it,
 * or after GONE seconds once it has left the Primary component. A role probe may take at most
 * TIMEOUT seconds, and the labeller drops a role not renewed for TIMEOUT + 2 intervals (6 s):
 * a stuck writer leaves the write Service 4 s before a peer may claim the lease. A writer whose
 * renewal only stalls (nothing commits while Galera evicts a dead member) keeps its role for HOLD
 * seconds after its last renewal.
 */
export const GALERA_LEASE = { seconds: 12, goneSeconds: 3, holdSeconds: 8, probeTimeoutSeconds: 4 } as const;

/** The Galera scripts, added to the engine's scripts ConfigMap. */
export function galeraScripts(): { [file: string]: string } {
  return readScripts(GALERA_SCRIPTS_DIR);
}

/**
 * Refuses what Galera cannot do; `where` names the engine for the messages.
 */
export function checkGalera(where: string, ctx: EngineContext, opts: { semiSync: boolean; settings: { [name: string]: string } }): void {
  const db = `${where} (ReplicatedDatabase ${ctx.name})`;
  if (ctx.replicas < 3) {
    fail(db, 'replicas', ctx.replicas,
      'MariaDB with FailoverMode.AUTOMATIC (Galera) needs at least 3 pods: a Primary component needs a majority, so 2 pods cannot lose one');
  }
  if (opts.semiSync) fail(where, 'semiSync', opts.semiSync, 'does not apply to FailoverMode.AUTOMATIC: Galera replicates synchronously');
  if (ctx.tls) fail(db, 'tls', 'DatabaseTls', 'TLS is not available with FailoverMode.AUTOMATIC for MariaDB yet (Galera replication and state transfer would not be encrypted); use FailoverMode.FIXED_PRIMARY for TLS');
  for (const [name, value] of Object.entries(opts.settings)) {
    const base = name.toLowerCase().replace(/-/g, '_').replace(/^loose_/, '');
    if (base === 'innodb_autoinc_lock_mode' && value.trim() !== '2') {
      fail(where, `settings.${name}`, value, 'must be 2 with FailoverMode.AUTOMATIC (Galera needs interleaved auto-increment locks)');
    }
    if (base === 'gtid_strict_mode' || base === 'wsrep_gtid_mode') {
      fail(where, `settings.${name}`, value, 'is managed by cdk8s-db with FailoverMode.AUTOMATIC (Galera orders the writes)');
    }
  }
}

/** The Galera provider options every node gets (galera-start.sh adds the node's addresses). */
export function galeraProviderOptions(storageBytes: number): string {
  const storageMiB = Math.floor(storageBytes / 2 ** 20);
  // The write-set cache a returning node catches up from (IST instead of a full SST).
  const gcacheMiB = Math.min(4096, Math.max(128, Math.floor(storageMiB / 16)));
  return [
    'pc.recovery=TRUE',
    // A node waits this long for a Primary component at start (the peers starting in parallel).
    'pc.wait_prim_timeout=PT300S',
    `gcache.size=${gcacheMiB}M`,
  ].join(';');
}

/** The environment the Galera scripts need beyond the engine's. */
export function galeraEnv(ctx: EngineContext, port: number, storageBytes: number): EngineEnv[] {
  // Pod names through the headless Service, in the same form as the engine's primary host.
  const pod0 = `${ctx.name}-0.${ctx.headlessServiceName}`;
  const suffix = ctx.primaryHost.startsWith(pod0) ? ctx.primaryHost.slice(pod0.length) : '';
  const peers = Array.from({ length: ctx.replicas },
    (_, i) => `${ctx.name}-${i}.${ctx.headlessServiceName}${suffix}:${port}:${GALERA_PORTS.gcomm}`).join(' ');
  return [
    { name: 'GALERA_PEERS', value: peers },
    { name: 'GALERA_PROVIDER_OPTIONS', value: galeraProviderOptions(storageBytes) },
    { name: 'GALERA_IST_PORT', value: String(GALERA_PORTS.ist) },
    { name: 'GALERA_SST_PORT', value: String(GALERA_PORTS.sst) },
    { name: 'GALERA_LEASE_SECONDS', value: String(GALERA_LEASE.seconds) },
    { name: 'GALERA_LEASE_GONE_SECONDS', value: String(GALERA_LEASE.goneSeconds) },
    { name: 'GALERA_LEASE_HOLD_SECONDS', value: String(GALERA_LEASE.holdSeconds) },
    // galera-prestop.sh: replicas leave one after the other (3 s apart by ordinal); a stopping
    // writer waits at most 40 s for a peer to take the lease it released (within the default
    // 60 s termination grace period), or until it is the last member.
    { name: 'GALERA_LEAVE_STAGGER_SECONDS', value: String(GALERA_LEAVE_STAGGER_SECONDS) },
    { name: 'GALERA_HANDOVER_SECONDS', value: '40' },
  ];
}

/** What the constructs wire for Galera: parallel starts and the role labeller. */
export function galeraHighAvailability(scriptsDir: string): EngineHighAvailability {
  return {
    // An ordered start deadlocks a Galera restart: pc.recovery needs every member back at once.
    podManagementPolicy: 'Parallel',
    sidecars: [],
    services: [],
    roleCommand: scriptCommand(scriptsDir, 'galera-role.sh'),
    roleIntervalSeconds: GALERA_ROLE_INTERVAL_SECONDS,
    roleTimeoutSeconds: GALERA_LEASE.probeTimeoutSeconds,
    rbacRules: [],
  };
}
