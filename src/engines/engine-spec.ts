/**
 * The contract between the engine-agnostic constructs and each database engine.
 *
 * Everything an engine knows (image, ports, configuration, scripts, probes, users)
 * is returned as plain data from `build()`. The constructs never ask "which engine
 * is this?": they compose Kubernetes objects from these parts.
 *
 * This module is internal: users select an engine through `DatabaseEngine`.
 */

import type { EngineBackup } from './backup-spec';
import type { EngineFailover, FailoverMode } from './failover';
import type { EngineMonitoring } from './monitoring-spec';

/** Names of the keys in the credentials Secret. Engine-agnostic. */
export interface CredentialKeys {
  readonly secretName: string;
  readonly superuserPassword: string;
  readonly replicationPassword: string;
  readonly appPassword: string;
  readonly monitoringPassword: string;
  /** The backup role's password (PostgreSQL and the MySQL family; Redis does not use it). */
  readonly backupPassword: string;
  /** The read-only user's password (PostgreSQL and the MySQL family; Redis does not use it). */
  readonly readonlyPassword: string;
  readonly appUser: string;
  readonly replicationUser: string;
  readonly monitoringUser: string;
  readonly database: string;
}

/** What the construct tells the engine about the database being built. */
export interface EngineContext {
  /** StatefulSet name; pods are `<name>-<ordinal>`. */
  readonly name: string;
  readonly replicas: number;
  readonly headlessServiceName: string;
  /** DNS name of pod 0 (the primary) through the headless Service. */
  readonly primaryHost: string;
  readonly memoryBytes: number;
  readonly cpuMillis: number;
  readonly storageBytes: number;
  readonly maxLagBytes: number;
  readonly maxLagSeconds: number;
  readonly credentials: CredentialKeys;
  /** Application database and user names (values, not keys). */
  readonly appDatabase: string;
  readonly appUser: string;
  /** Where the construct mounts the engine's config files and scripts. */
  readonly configDir: string;
  readonly scriptsDir: string;
  /** TLS files mounted read-only in the database and bootstrap containers; undefined without TLS. */
  readonly tls?: EngineTls;
  /**
   * The mode the user chose (or the engine's default), always one of `EngineSpec.failover.modes`.
   * `AUTOMATIC`: `build` returns `highAvailability`; `FIXED_PRIMARY`: it does not.
   */
  readonly failover: FailoverMode;
}

/** The server certificate, key and CA as mounted files (PEM), and whether TLS is mandatory. */
export interface EngineTls {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** Refuse plain-text clients and replication; replicas verify the primary's name. */
  readonly require: boolean;
}

/** An environment variable: a literal, a Secret key, or a downward-API field. */
export interface EngineEnv {
  readonly name: string;
  readonly value?: string;
  readonly secretKey?: string;
  readonly fieldPath?: string;
}

/** A writable directory the image needs under a read-only root filesystem. */
export interface WritableDir {
  readonly name: string;
  readonly mountPath: string;
  /** Memory-backed, with this size limit (a Kubernetes quantity), e.g. for /dev/shm. */
  readonly memory?: string;
}

export interface EngineParts {
  readonly image: string;
  readonly portName: string;
  readonly port: number;
  /** The image's unprivileged user and group. */
  readonly uid: number;
  readonly gid: number;
  /** Where the data volume is mounted. */
  readonly dataMountPath: string;
  /** File name → content, mounted read-only at `context.configDir`. */
  readonly configFiles: { [file: string]: string };
  /**
   * The part of `configFiles` whose change needs a restart (the pod template's config-hash covers
   * only this); the engine applies the rest live when the mounted files change. Undefined: every
   * change restarts.
   */
  readonly restartConfig?: string;
  /** File name → content, mounted executable at `context.scriptsDir`. */
  readonly scripts: { [file: string]: string };
  readonly env: EngineEnv[];
  readonly writableDirs: WritableDir[];
  /** Init container command that prepares the data directory (init or clone). */
  readonly bootstrapCommand: string[];
  readonly command: string[];
  readonly startupCommand: string[];
  readonly readinessCommand: string[];
  readonly livenessCommand: string[];
  readonly preStopCommand: string[];
  /**
   * The engine fails over by itself (Sentinel, Patroni, Galera...): what the construct wires
   * instead of "pod 0 is the primary". Undefined: pod 0 is the primary, as before.
   */
  readonly highAvailability?: EngineHighAvailability;
}

/** A port of an engine container, also published on the headless Service. */
/** The pod commands every engine runs, as the engine's own scripts. */
export type LifecycleCommands = Pick<EngineParts, 'bootstrapCommand' | 'command' | 'startupCommand' | 'readinessCommand' | 'livenessCommand' | 'preStopCommand'>;

/** The command that runs `<scriptsDir>/<file>` with /bin/sh. */
export function scriptCommand(scriptsDir: string, file: string): string[] {
  return ['/bin/sh', `${scriptsDir}/${file}`];
}

/**
 * The lifecycle commands of an engine whose scripts folder holds bootstrap.sh, run.sh, startup.sh,
 * readiness.sh, liveness.sh and prestop.sh (every engine's does).
 */
export function lifecycleScripts(scriptsDir: string): LifecycleCommands {
  const script = (file: string) => scriptCommand(scriptsDir, file);
  return {
    bootstrapCommand: script('bootstrap.sh'),
    command: script('run.sh'),
    startupCommand: script('startup.sh'),
    readinessCommand: script('readiness.sh'),
    livenessCommand: script('liveness.sh'),
    preStopCommand: script('prestop.sh'),
  };
}

export interface EnginePort {
  readonly name: string;
  readonly port: number;
}

/** A container the engine adds to every database pod (e.g. Redis Sentinel), in the engine image. */
export interface EngineSidecar {
  readonly name: string;
  readonly command: string[];
  readonly env: EngineEnv[];
  readonly ports: EnginePort[];
  readonly readinessCommand?: string[];
  readonly livenessCommand?: string[];
  readonly preStopCommand?: string[];
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

/** An extra Service over the database pods, e.g. for sentinel-aware clients. */
export interface EngineService {
  /** Name suffix: the Service is `<name>-<suffix>`. */
  readonly suffix: string;
  /** A port of one of the engine's sidecars. */
  readonly port: EnginePort;
  /** Select pods before they are ready (a discovery service that must see every member). */
  readonly publishNotReadyAddresses: boolean;
  /** Further connection values for clients, e.g. `{ MASTER: "orders" }` -> `<prefix>SENTINEL_MASTER`. */
  readonly connectionEnv?: { [name: string]: string };
}

/**
 * High availability inside the pods. The engine's own quorum (Sentinel, Patroni's DCS, the Galera
 * primary component) decides which pod is the primary; the construct only mirrors that answer:
 *
 * - the write Service selects the role label `cdk8s-db.io/role=primary` instead of pod 0;
 * - a labeller in every pod keeps that label in step with the engine's answer: a prober in the
 *   engine image runs `roleCommand` (which prints `primary`, `replica` or `none`, the latter
 *   when there is no quorum-backed answer) and writes it into an emptyDir shared with a patcher
 *   in the curl image, which patches the pod's own label (removed for `none`);
 * - the readiness command must be role-aware, so that a stale label on a fenced former primary
 *   does not keep it in the write endpoint.
 */
export interface EngineHighAvailability {
  /** `Parallel` (members must find each other to elect a primary) or `OrderedReady`. */
  readonly podManagementPolicy: string;
  /** Extra containers of every pod (engine image). */
  readonly sidecars: EngineSidecar[];
  /** Extra Services. */
  readonly services: EngineService[];
  /** Run by the prober in the engine image; prints `primary`, `replica` or `none`. */
  readonly roleCommand: string[];
  /** Seconds between two role probes. */
  readonly roleIntervalSeconds: number;
  /**
   * Seconds a role probe may take (then it counts as `none`), and after which the labeller drops a
   * role the prober stopped renewing: engines whose writer lease expires must set it shorter than
   * the lease. Default: 10 s per probe, a role dropped after max(30 s, 10 role intervals).
   */
  readonly roleTimeoutSeconds?: number;
  /** Extra RBAC rules of the pods' ServiceAccount (the labeller's pod get/patch are implicit). */
  readonly rbacRules: EngineRbacRule[];
}

/** A namespaced RBAC rule. */
export interface EngineRbacRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

/** Internal interface every engine implements. */
export interface EngineSpec {
  /** Short engine name, used in labels: `postgres`, `mysql`, `mariadb`. */
  readonly name: string;
  /** Version label, e.g. `16`. */
  readonly version: string;
  readonly image: string;
  /**
   * The image is the official one (no `image` repository given): a registry mirror
   * (`DatabaseImages.registry`) applies to it.
   */
  readonly officialImage?: boolean;
  readonly port: number;
  /** Names of the superuser, replication and monitoring users. */
  readonly superuser: string;
  readonly replicationUser: string;
  readonly monitoringUser: string;
  /**
   * The user backups dump as (read-only rights, no superuser), with the Secret's
   * `backup-password`; undefined when the engine has none (Redis).
   */
  readonly backupUser?: string;
  /**
   * The user of read-only clients (`allowFrom(x, { readOnly: true })`), with the Secret's
   * `readonly-password`; undefined when the engine has none (Redis: read-only clients get the
   * application user and the read endpoint).
   */
  readonly readonlyUser?: string;
  /**
   * Names the application database and user may not take: the server's own databases and
   * roles (exact names), and name prefixes it reserves (e.g. PostgreSQL's `pg_`).
   */
  readonly reservedNames?: { readonly databases: readonly string[]; readonly users: readonly string[]; readonly prefixes: readonly string[] };
  /** Exporter and PromQL signals for `DbMonitoring`; undefined when not supported yet. */
  readonly monitoring?: EngineMonitoring;
  /** Logical backup, restore and restore verification; undefined when not supported yet. */
  readonly backup?: EngineBackup;
  /** Whether `build` honours `context.tls`; the construct refuses TLS otherwise. */
  readonly supportsTls?: boolean;
  /** The failover modes `build` honours, and the default. */
  readonly failover: EngineFailover;
  build(context: EngineContext): EngineParts;
}
