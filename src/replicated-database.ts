import * as crypto from 'crypto';
import * as path from 'path';
import { ApiObjectMetadata, Chart, Duration, Names, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { VolumeSnapshotSchedule, VolumeSnapshotScheduleOptions } from './backup/volume-snapshots';
import { BackupSchedule, BackupScheduleOptions } from './backup-schedule';
import { credentialKeys, DatabaseCredentials, FIRST_PASSWORD_KEYS, SecretGenerator } from './credentials';
import { DbMonitoring, DbMonitoringOptions } from './db-monitoring';
import { DatabaseEngine } from './engines/engine';
import { EngineEnv, EngineParts, EngineTls } from './engines/engine-spec';
import { FailoverMode } from './engines/failover';
import { haContainers, haServices } from './ha';
import { disruptionBudgetSpec } from './lib/disruption';
import { checkDnsLabel, checkInteger, checkLabelKey, checkLabels, checkNumber, checkSecretName, durationSeconds, fail } from './lib/errors';
import { DatabaseImages, ImageResolver } from './lib/images';
import { commonLabels, LABEL_POD_NAME, LABEL_ROLE, RESERVED_LABEL_KEYS, selectorLabels } from './lib/labels';
import { checkGeneratedNames, nameFromId, registerNames } from './lib/names';
import { checkWorkloadNamespace } from './lib/namespaces';
import { CURL_IMAGE, CURL_USER, restrictedContainerSecurity, restrictedPodSecurity } from './lib/pod-security';
import { bytesQuantity, cpuMillis, sizeBytes } from './lib/quantity';
import { apiTokenVolume, serviceAccountWithRole } from './lib/rbac';
import { antiAffinity, HOSTNAME_TOPOLOGY, Placement, topologySpread, ZONE_TOPOLOGY } from './lib/scheduling';
import { readScript, sharedScripts, stableScripts } from './lib/scripts';
import { AllowFromOptions, checkCidr, DatabaseNetworkProps, grantPolicy, isolationPolicy, toPolicyPeers } from './network';
import { BoundTls, DatabaseTls, TLS_CA_KEY, tlsDnsNames } from './tls';

/** Persistent storage for each database pod. */
export interface DatabaseStorage {
  /**
   * Size of each pod's volume.
   * @default Size.gibibytes(10)
   */
  readonly size?: Size;
  /**
   * Storage class of the volumes.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the volumes.
   * @default kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: kplus.PersistentVolumeAccessMode;
  /**
   * Delete the volumes when the StatefulSet is deleted or scaled down. Data is kept
   * unless you set this: deleting the construct never deletes data.
   * @default false
   */
  readonly deleteWithDatabase?: boolean;
}

/** CPU and memory of the database container. */
export interface DatabaseResources {
  /**
   * Memory request and limit (equal, so the database is never the first to be
   * OOM-killed under node pressure). Configuration such as buffer sizes and the
   * connection limit is derived from it.
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * CPU request. Parallelism settings are derived from it.
   * @default Cpu.millis(500)
   */
  readonly cpu?: kplus.Cpu;
  /**
   * CPU limit. Without one the database may use idle CPU on the node.
   * @default - no CPU limit
   */
  readonly cpuLimit?: kplus.Cpu;
}

/** When a replica counts as in sync and may take read traffic. */
export interface ReadinessThresholds {
  /**
   * Largest replay lag, in bytes of WAL or binlog, at which a replica stays ready. At least 1
   * (0 would take a replica out of the read endpoint at every write).
   * @default 16777216 (16 MiB)
   */
  readonly maxLagBytes?: number;
  /**
   * Largest replay lag, in seconds, at which a replica stays ready. Also the grace (PostgreSQL,
   * MySQL/MariaDB) during which a replica that was in sync and has applied everything it received
   * stays ready while it cannot reach the primary (e.g. pod 0 restarting in a rolling update).
   * @default 30
   */
  readonly maxLagSeconds?: number;
  /**
   * How often readiness is checked.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * How long the server may take to start (crash recovery, replaying WAL after a
   * clone) before the startup probe gives up and the container restarts. The initial
   * clone runs in an init container and is not limited by this.
   * @default Duration.hours(1)
   */
  readonly startupTimeout?: Duration;
}

/** Pod placement. */
export interface DatabaseScheduling {
  /**
   * Anti-affinity between database pods across nodes.
   * @default Placement.PREFERRED
   */
  readonly nodeAntiAffinity?: Placement;
  /**
   * Even spread of database pods across zones.
   * @default Placement.PREFERRED
   */
  readonly zoneSpread?: Placement;
  /**
   * Topology key for the zone spread.
   * @default "topology.kubernetes.io/zone"
   */
  readonly zoneTopologyKey?: string;
}

/** Properties of a `ReplicatedDatabase`. */
export interface ReplicatedDatabaseProps {
  /** The database engine and version. */
  readonly engine: DatabaseEngine;
  /**
   * Name of the StatefulSet; pods are `<name>-0` (the primary), `<name>-1`, ... Every object
   * of the database is named after it. Part of the contract: changing it creates a new, empty
   * database. At most 52 characters, less when generated names are longer (41 with generated
   * credentials: the Job `<name>-credentials-generator`); checked at synth.
   * @default - the construct id (which must then be a DNS label): moving the construct in the
   * tree never renames the database
   */
  readonly name?: string;
  /**
   * Number of pods: one primary and `replicas - 1` streaming replicas.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Storage of each pod.
   * @default - 10 GiB ReadWriteOnce volumes of the default class, retained
   */
  readonly storage?: DatabaseStorage;
  /**
   * CPU and memory.
   * @default - 1 GiB memory, 500m CPU request
   */
  readonly resources?: DatabaseResources;
  /**
   * Lag thresholds for the read endpoint, and probe timing.
   * @default - 16 MiB / 30 s
   */
  readonly readiness?: ReadinessThresholds;
  /**
   * Also send reads to the primary. When the database has a single pod, the read
   * endpoint always reaches the primary.
   * @default false
   */
  readonly readFromPrimary?: boolean;
  /**
   * Pod placement.
   * @default - preferred anti-affinity across nodes and spread across zones
   */
  readonly scheduling?: DatabaseScheduling;
  /**
   * Where the passwords come from.
   * @default DatabaseCredentials.generated()
   */
  readonly credentials?: DatabaseCredentials;
  /**
   * Name of the application database.
   * @default "app"
   */
  readonly databaseName?: string;
  /**
   * Name of the application user (not a superuser).
   * @default "app"
   */
  readonly username?: string;
  /**
   * Rolling updates only touch pods with an ordinal >= this number: set it to the
   * replica count minus one to update one replica first, then lower it step by step.
   * @default 0
   */
  readonly updatePartition?: number;
  /**
   * Create a PodDisruptionBudget (at most one pod evicted at a time; unhealthy pods
   * always evictable). Never created for a single pod.
   * @default true
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Time a pod gets to shut down cleanly.
   * @default Duration.seconds(60)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Network isolation: default-deny with the openings the set needs; grant clients
   * with `allowFrom`.
   * @default - isolated
   */
  readonly network?: DatabaseNetworkProps;
  /**
   * TLS for clients and replication: a certificate from cert-manager or an existing Secret,
   * optionally required (plain-text connections refused).
   * @default - no TLS
   */
  readonly tls?: DatabaseTls;
  /**
   * How the primary is chosen: `FailoverMode.AUTOMATIC` lets the engine's own HA machinery in the
   * pods promote a replica and move the write Service when the primary fails (recommended where
   * the engine has it); `FailoverMode.FIXED_PRIMARY` keeps pod 0 the primary. Refused at synth
   * when the engine does not offer the mode.
   *
   * @default - the engine's default: `AUTOMATIC` for Redis (Sentinel; its only mode),
   * `FIXED_PRIMARY` for PostgreSQL, MySQL and MariaDB
   */
  readonly failover?: FailoverMode;
  /**
   * Extra labels for every object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Registry mirror, image references and pull Secrets for every pod of the database, its
   * backups, restores, snapshots and monitoring.
   * @default - the default images from their own registries, no pull Secrets
   */
  readonly images?: DatabaseImages;
}

/** How applications reach the database. */
export interface ConnectionInfo {
  /** Host name of the write endpoint (the primary). */
  readonly writeHost: string;
  /** Host name of the read endpoint (in-sync replicas). */
  readonly readHost: string;
  /** Port of both endpoints. */
  readonly port: number;
  /** Application database name. */
  readonly database: string;
  /** Application user name. */
  readonly username: string;
  /** Secret holding the application password. */
  readonly secretName: string;
  /** Key of the application password in that Secret. */
  readonly passwordKey: string;
  /**
   * Secret holding the server certificate; clients need only its CA (`caKey`), never the
   * other keys.
   * @default - undefined: the database has no TLS
   */
  readonly tlsSecretName?: string;
  /**
   * Key of the CA certificate (PEM) in `tlsSecretName`.
   * @default - undefined: the database has no TLS
   */
  readonly caKey?: string;
  /**
   * How clients should connect, in libpq `sslmode` words: `verify-full` when TLS is
   * required, `prefer` when it is offered.
   * @default - undefined: the database has no TLS, connect without
   */
  readonly sslMode?: string;
  /**
   * Further endpoints of engines that publish more than one, by variable name without the
   * prefix, e.g. `{ SENTINEL_HOST: "orders-sentinel.shop.svc", SENTINEL_PORT: "26379",
   * SENTINEL_MASTER: "orders" }` for Redis Sentinel clients. `addConnectionEnv` sets each as
   * `<prefix><name>`.
   * @default - none
   */
  readonly extraEndpoints?: { [name: string]: string };
  /**
   * The read-only user (SELECT in the application database only), for clients that only read.
   * @default - undefined: the engine has no read-only user (Redis)
   */
  readonly readonlyUsername?: string;
  /**
   * Key of the read-only user's password in `secretName`.
   * @default - undefined: the engine has no read-only user (Redis)
   */
  readonly readonlyPasswordKey?: string;
}

/** Options for `addConnectionEnv`. */
export interface ConnectionEnvOptions {
  /**
   * Prefix of the variable names.
   * @default "DB_"
   */
  readonly prefix?: string;
  /**
   * Only the read endpoint: `<prefix>HOST` is the read endpoint and there is no
   * `<prefix>READ_HOST`; for PostgreSQL and the MySQL family `<prefix>USER` is the read-only
   * user (`readonly`: SELECT in the application database only) and `<prefix>PASSWORD` comes from
   * the Secret's `readonly-password`. Redis has no read-only user here: the application user.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Where the database's CA certificate is mounted in the workload's containers (read-only,
   * only the `ca.crt` key of the TLS Secret); `<prefix>SSLROOTCERT` points to the file.
   * Ignored when the database has no TLS.
   * @default "/var/run/secrets/cdk8s-db/<database name>-ca"
   */
  readonly caMountPath?: string;
}

const CONFIG_DIR = '/etc/cdk8s-db';
const SCRIPTS_DIR = '/opt/cdk8s-db/scripts';
const CLUSTER_SCRIPTS = path.join(__dirname, 'cluster', 'scripts');
const COMPONENT = 'database';
/** StatefulSet names longer than this break the pods' controller-revision-hash label. */
const MAX_NAME = 52;

/**
 * A replicated database on a StatefulSet: pod 0 is the primary, the others stream
 * from it. Synthesizes the StatefulSet (per-pod volumes, ordered startup), a headless
 * Service, a write Service that reaches only the primary, a read Service that reaches
 * only replicas in sync, a PodDisruptionBudget, ConfigMaps, and credentials that never
 * appear in the YAML.
 */
export class ReplicatedDatabase extends Construct {
  /** The StatefulSet's name; pods are `<name>-<ordinal>`. */
  public readonly name: string;
  public readonly engine: DatabaseEngine;
  public readonly replicas: number;
  /** How the primary is chosen (the `failover` prop, or the engine's default). */
  public readonly failover: FailoverMode;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly headlessService: k8s.KubeService;
  /** Reaches only the primary. */
  public readonly writeService: k8s.KubeService;
  /** Reaches only replicas that pass the lag-aware readiness check. */
  public readonly readService: k8s.KubeService;
  /** Undefined for a single pod, or when disabled. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly configMap: k8s.KubeConfigMap;
  /** Name of the Secret with the passwords. */
  public readonly secretName: string;
  /** The Job that creates the Secret on first apply, when credentials are generated. */
  public readonly secretGeneratorJob?: k8s.KubeJob;
  /** Labels that select this database's pods. */
  public readonly selector: { [key: string]: string };
  public readonly connection: ConnectionInfo;
  /**
   * Every DNS name the database answers to: write, read and headless Services, the engine's
   * extra Services (Redis: `<name>-sentinel`) and each pod (`<name>-<i>.<name>-headless`),
   * namespace-qualified when the chart has a namespace. A
   * certificate for `DatabaseTls.fromSecret` must cover the names clients and replicas use.
   */
  public readonly dnsNames: string[];
  /**
   * The TLS Secret and where its files are mounted; undefined without TLS.
   * @internal
   */
  public readonly _tls?: { readonly secretName: string; readonly files: EngineTls };
  /** Containers and volumes of the pod template, for `addSidecar`. */
  private readonly podContainers: k8s.Container[];
  private readonly podVolumes: k8s.Volume[];
  /** The default-deny policy; undefined when `network.isolate` is false. */
  public readonly isolationPolicy?: k8s.KubeNetworkPolicy;
  private readonly labels: { [key: string]: string };
  private readonly backupCronJobs: { name: string; maxAgeSeconds: number }[] = [];
  private monitoredBy?: string;
  private grants = 0;
  /** The database port, then the ports of the engine's extra Services (e.g. Sentinel). */
  private clientPorts: number[] = [];
  /**
   * Images of the database and of everything attached to it (backups, monitoring).
   * @internal
   */
  public readonly _images: ImageResolver;
  /**
   * The engine image as rendered (from the mirror registry when one is set).
   * @internal
   */
  public readonly _engineImage: string;

  constructor(scope: Construct, id: string, props: ReplicatedDatabaseProps) {
    super(scope, id);
    const where = `ReplicatedDatabase ${this.node.path}`;
    const spec = props.engine._spec;

    const name = props.name ?? nameFromId(where, this);
    checkDnsLabel(where, props.name === undefined ? 'id' : 'name', name, MAX_NAME);
    this._images = new ImageResolver(where, props.images);
    this._engineImage = spec.officialImage ? this._images.mirror(spec.image) : spec.image;
    const replicas = props.replicas ?? 3;
    checkInteger(where, 'replicas', replicas, 1, 99);
    const partition = props.updatePartition ?? 0;
    checkInteger(where, 'updatePartition', partition, 0, replicas - 1);
    const storage = props.storage ?? {};
    const storageBytes = sizeBytes(where, 'storage.size', storage.size ?? Size.gibibytes(10));
    if (storageBytes < 2 ** 30) fail(where, 'storage.size', storage.size?.asString(), 'must be at least 1Gi');
    if (storage.storageClassName !== undefined) checkDnsLabel(where, 'storage.storageClassName', storage.storageClassName, 253);
    const res = props.resources ?? {};
    const memoryBytes = sizeBytes(where, 'resources.memory', res.memory ?? Size.gibibytes(1));
    if (memoryBytes < 128 * 2 ** 20) fail(where, 'resources.memory', res.memory?.asString(), 'must be at least 128Mi');
    const cpu = cpuMillis(where, 'resources.cpu', res.cpu ?? kplus.Cpu.millis(500));
    const cpuLimit = res.cpuLimit ? cpuMillis(where, 'resources.cpuLimit', res.cpuLimit) : undefined;
    if (cpuLimit !== undefined && cpuLimit < cpu) fail(where, 'resources.cpuLimit', res.cpuLimit!.amount, `must not be below resources.cpu (${res.cpu?.amount ?? '500m'})`);
    const readiness = props.readiness ?? {};
    const maxLagBytes = readiness.maxLagBytes ?? 16 * 2 ** 20;
    // 0 would mark a replica unready at the first byte of lag: every write flaps the read endpoint.
    checkInteger(where, 'readiness.maxLagBytes', maxLagBytes, 1);
    const maxLagSeconds = readiness.maxLagSeconds ?? 30;
    checkNumber(where, 'readiness.maxLagSeconds', maxLagSeconds, 0, true);
    if (!Number.isInteger(maxLagSeconds)) fail(where, 'readiness.maxLagSeconds', maxLagSeconds, 'must be a whole number of seconds');
    const period = durationSeconds(where, 'readiness.period', readiness.period ?? Duration.seconds(10), 1, 300);
    const startupSeconds = durationSeconds(where, 'readiness.startupTimeout', readiness.startupTimeout ?? Duration.hours(1), 30);
    const grace = durationSeconds(where, 'terminationGracePeriod', props.terminationGracePeriod ?? Duration.seconds(60), 10, 3600);
    const databaseName = props.databaseName ?? 'app';
    const username = props.username ?? 'app';
    const identifier = /^[a-z_][a-z0-9_]{0,31}$/;
    if (!identifier.test(databaseName)) fail(where, 'databaseName', databaseName, 'must be a lowercase identifier of at most 32 characters (letters, digits, _)');
    if (!identifier.test(username)) fail(where, 'username', username, 'must be a lowercase identifier of at most 32 characters (letters, digits, _)');
    const reserved = [spec.superuser, spec.replicationUser, spec.monitoringUser,
      ...(spec.backupUser ? [spec.backupUser] : []), ...(spec.readonlyUser ? [spec.readonlyUser] : [])];
    if (reserved.includes(username)) fail(where, 'username', username, `is reserved for the engine (${reserved.join(', ')})`);
    const own = spec.reservedNames;
    if (own) {
      const prefix = own.prefixes.find(p => databaseName.startsWith(p));
      if (own.databases.includes(databaseName) || prefix) {
        fail(where, 'databaseName', databaseName, `is reserved by ${spec.name} (${[...own.databases, ...own.prefixes.map(p => `${p}*`)].join(', ')}): the server's own databases cannot be the application's`);
      }
      const userPrefix = own.prefixes.find(p => username.startsWith(p));
      if (own.users.includes(username) || userPrefix) {
        fail(where, 'username', username, `is reserved by ${spec.name} (${[...own.users, ...own.prefixes.map(p => `${p}*`)].join(', ')}): the server's own roles cannot be the application's user`);
      }
    }
    const credentials = props.credentials ?? DatabaseCredentials.generated();
    if (credentials.secretName !== undefined) checkSecretName(where, 'credentials.secretName', credentials.secretName);
    const scheduling = props.scheduling ?? {};
    if (scheduling.zoneTopologyKey !== undefined) checkLabelKey(where, 'scheduling.zoneTopologyKey', scheduling.zoneTopologyKey);
    checkLabels(where, 'labels', props.labels, RESERVED_LABEL_KEYS);

    this.name = name;
    this.engine = props.engine;
    this.replicas = replicas;
    const headlessName = `${name}-headless`;
    const writeName = `${name}-rw`;
    const readName = `${name}-ro`;
    this.secretName = credentials.secretName ?? `${name}-credentials`;
    registerNames(this,
      { where, prop: props.name === undefined ? 'id' : 'name', value: name, note: props.name === undefined ? 'the default name' : undefined },
      ...(credentials.secretName !== undefined ? [{ where, prop: 'credentials.secretName', value: credentials.secretName }] : []));
    const keys = credentialKeys(this.secretName);
    this.selector = selectorLabels(name, COMPONENT);
    const labelsFor = (component: string) => ({ ...props.labels, ...commonLabels(name, component, spec.name, spec.version) });
    const labels = labelsFor(COMPONENT);
    const meta = (objectName: string): ApiObjectMetadata => ({ name: objectName, labels });
    const namespace = Chart.of(this).namespace;
    const dnsSuffix = namespace ? `.${namespace}.svc` : '';
    if (props.tls) {
      if (!(props.tls instanceof DatabaseTls)) fail(where, 'tls', props.tls, 'must come from DatabaseTls.certManager or DatabaseTls.fromSecret');
      if (!spec.supportsTls) fail(where, 'tls', `${spec.name} ${spec.version}`, 'TLS is not supported for this engine yet');
    }

    const failover = props.failover ?? spec.failover.default;
    if (!Object.values(FailoverMode).includes(failover)) fail(where, 'failover', failover, `must be one of ${Object.values(FailoverMode).map(m => `FailoverMode.${m}`).join(', ')}`);
    if (!spec.failover.modes.includes(failover)) fail(where, 'failover', `FailoverMode.${failover}`, spec.failover.unavailable);
    this.failover = failover;

    const built: EngineParts = spec.build({
      name,
      replicas,
      headlessServiceName: headlessName,
      primaryHost: `${name}-0.${headlessName}${dnsSuffix}`,
      memoryBytes,
      cpuMillis: cpuLimit ?? cpu,
      storageBytes,
      maxLagBytes,
      maxLagSeconds,
      credentials: keys,
      appDatabase: databaseName,
      appUser: username,
      configDir: CONFIG_DIR,
      scriptsDir: SCRIPTS_DIR,
      tls: props.tls?._files(),
      failover,
    });
    const parts: EngineParts = { ...built, image: this._engineImage };
    if ((failover === FailoverMode.AUTOMATIC) !== (parts.highAvailability !== undefined)) {
      throw new Error(`internal: engine ${spec.name} built ${parts.highAvailability ? 'high availability' : 'a fixed primary'} for FailoverMode.${failover}`);
    }

    const ha = parts.highAvailability;
    // The certificate covers the engine's extra Services too (e.g. Redis Sentinel's).
    const extraServiceNames = (ha?.services ?? []).map(svc => `${name}-${svc.suffix}`);
    this.dnsNames = tlsDnsNames(name, replicas, [writeName, readName, ...extraServiceNames], headlessName, namespace);
    const tls: BoundTls | undefined = props.tls?._bind(this, { name, labels: labelsFor(COMPONENT), dnsNames: this.dnsNames });
    if (tls) this._tls = { secretName: tls.secretName, files: tls.files };

    // --- Configuration and scripts ----------------------------------------------------
    // Scripts are the same for every database of an engine: one content-addressed
    // ConfigMap per chart serves them all (a change of script rolls the pods).
    const scriptsMap = sharedScripts(this, spec.name, {
      ...parts.scripts,
      'label-pod.sh': readScript(CLUSTER_SCRIPTS, 'label-pod.sh'),
      // the API client it sources
      'kube-api.sh': readScript(CLUSTER_SCRIPTS, 'kube-api.sh'),
      'retry.sh': readScript(CLUSTER_SCRIPTS, 'retry.sh'),
      ...(ha ? {
        'role-probe.sh': readScript(CLUSTER_SCRIPTS, 'role-probe.sh'),
        'role-labeller.sh': readScript(CLUSTER_SCRIPTS, 'role-labeller.sh'),
      } : {}),
    });
    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(`${name}-config`),
      data: parts.configFiles,
    });
    // Only settings that need a restart roll the pods (the engine reloads the others live from
    // the mounted ConfigMap); TLS settings beyond the files (Secret name) roll them too.
    const restartConfig = parts.restartConfig ?? JSON.stringify(parts.configFiles);
    const configHash = crypto.createHash('sha256').update(restartConfig + (tls ? tls.hashInput : '')).digest('hex').slice(0, 16);

    // --- Credentials ---------------------------------------------------------------
    if (credentials.generate) {
      const generator = {
        secretName: this.secretName,
        passwordLength: credentials.passwordLength,
        // Not the database's labels: its Services must never select the Job's pod.
        labels: labelsFor('credentials'),
        literals: { [keys.appUser]: username, [keys.database]: databaseName },
        // Not the engine's content-addressed scripts: a Job's pod template never changes.
        scriptsConfigMap: stableScripts(this, 'cdk8s-db-scripts-secret-generator', {
          'generate-secret.sh': readScript(CLUSTER_SCRIPTS, 'generate-secret.sh'),
          'kube-api.sh': readScript(CLUSTER_SCRIPTS, 'kube-api.sh'),
          'retry.sh': readScript(CLUSTER_SCRIPTS, 'retry.sh'),
        }),
        image: this._images.curl,
        imagePullSecrets: this._images.pullSecrets,
      };
      // The first Job's pod template is what earlier versions applied: it stays byte for byte
      // (Kubernetes refuses to change it, and a finished Job never runs again). The keys added
      // since (backup and read-only users) come from a second Job, new to an upgraded cluster,
      // which adds what an existing Secret lacks and creates the Secret on a new one.
      const first = new SecretGenerator(this, 'Credentials', { ...generator, passwordKeys: FIRST_PASSWORD_KEYS });
      this.secretGeneratorJob = first.job;
      new SecretGenerator(this, 'CredentialsKeys2', {
        ...generator,
        jobName: `${this.secretName}-keys-2`,
        serviceAccount: `${this.secretName}-generator`,
      });
    }

    // Reads go only to replicas unless asked otherwise; pods label themselves with
    // their role at start so that the read Service can tell them apart.
    const readFromPrimary = props.readFromPrimary ?? false;
    // An engine that fails over by itself publishes the primary through the role label, which a
    // labeller in every pod keeps in step with the engine's quorum-backed answer.
    const labelRoles = ha ? true : replicas > 1 && !readFromPrimary;

    // --- Services --------------------------------------------------------------------
    const servicePorts = [{ name: parts.portName, port: parts.port, targetPort: k8s.IntOrString.fromString(parts.portName) }];
    this.headlessService = new k8s.KubeService(this, 'Headless', {
      metadata: meta(headlessName),
      spec: {
        clusterIp: 'None',
        // Peers must resolve each other before they are ready (a replica clones from
        // the primary before either is in any endpoint).
        publishNotReadyAddresses: true,
        selector: this.selector,
        ports: servicePorts,
      },
    });
    this.writeService = new k8s.KubeService(this, 'Write', {
      metadata: meta(writeName),
      spec: {
        // Fixed pod 0, or the pod the engine's quorum names the primary (role label).
        selector: { ...this.selector, ...(ha ? { [LABEL_ROLE]: 'primary' } : { [LABEL_POD_NAME]: `${name}-0` }) },
        ports: servicePorts,
      },
    });
    this.readService = new k8s.KubeService(this, 'Read', {
      metadata: meta(readName),
      spec: {
        selector: labelRoles && !readFromPrimary ? { ...this.selector, [LABEL_ROLE]: 'replica' } : this.selector,
        ports: servicePorts,
      },
    });

    // --- Pod ---------------------------------------------------------------------------
    const extraServices = ha ? haServices(this, { ha, selector: this.selector, meta, name, dnsSuffix }) : { endpoints: {}, ports: [] };
    this.clientPorts = [parts.port, ...extraServices.ports];
    const serviceAccountName = labelRoles ? this.roleLabeller(name, labels, replicas, ha?.rbacRules ?? []) : undefined;
    const env = parts.env.map(toEnvVar(this.secretName));
    const mounts: k8s.VolumeMount[] = [
      { name: 'data', mountPath: parts.dataMountPath },
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
      ...parts.writableDirs.map(d => ({ name: d.name, mountPath: d.mountPath })),
      ...(tls ? [tls.mount] : []),
    ];
    const volumes: k8s.Volume[] = [
      { name: 'config', configMap: { name: this.configMap.name } },
      { name: 'scripts', configMap: { name: scriptsMap, defaultMode: 0o555 } },
      ...parts.writableDirs.map(d => ({ name: d.name, emptyDir: d.memory ? { medium: 'Memory', sizeLimit: k8s.Quantity.fromString(d.memory) } : {} })),
      ...(tls ? [tls.volume] : []),
    ];
    const user = { uid: parts.uid, gid: parts.gid };
    const memory = k8s.Quantity.fromString(bytesQuantity(memoryBytes));
    const exec = (command: string[]) => ({ exec: { command } });
    const initContainers: k8s.Container[] = [];
    if (labelRoles) volumes.push(apiTokenVolume('api-token'));
    if (labelRoles && !ha) {
      initContainers.push({
        name: 'label-role',
        image: this._images.curl,
        command: ['/bin/sh', `${SCRIPTS_DIR}/label-pod.sh`],
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'ROLE_LABEL', value: LABEL_ROLE },
          { name: 'SA_DIR', value: '/var/run/secrets/cdk8s-db/api' },
        ],
        // Only this container sees the API token: the database never does.
        volumeMounts: [
          { name: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
          { name: 'api-token', mountPath: '/var/run/secrets/cdk8s-db/api', readOnly: true },
        ],
        securityContext: restrictedContainerSecurity(CURL_USER),
        resources: {
          requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
          limits: { memory: k8s.Quantity.fromString('64Mi') },
        },
      });
    }
    initContainers.push({
      name: 'bootstrap',
      image: parts.image,
      command: parts.bootstrapCommand,
      env,
      volumeMounts: mounts,
      securityContext: restrictedContainerSecurity(user),
      resources: { requests: { cpu: k8s.Quantity.fromString(`${cpu}m`), memory }, limits: { memory } },
    });

    const container: k8s.Container = {
      name: spec.name,
      image: parts.image,
      command: parts.command,
      ports: [{ name: parts.portName, containerPort: parts.port, protocol: 'TCP' }],
      env,
      volumeMounts: mounts,
      securityContext: restrictedContainerSecurity(user),
      resources: {
        requests: { cpu: k8s.Quantity.fromString(`${cpu}m`), memory },
        limits: { memory, ...(cpuLimit ? { cpu: k8s.Quantity.fromString(`${cpuLimit}m`) } : {}) },
      },
      startupProbe: { ...exec(parts.startupCommand), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: Math.ceil(startupSeconds / 10) },
      // The script bounds its own connect and statement time (3 s each); two misses in a
      // row, so a momentary blip after a long idle spell does not drop a replica.
      readinessProbe: { ...exec(parts.readinessCommand), periodSeconds: period, timeoutSeconds: 8, failureThreshold: 2, successThreshold: 1 },
      // Liveness only asks "does the server answer at all": a slow or lagging replica
      // is never restarted, and six misses in a row are needed.
      // 15 s: on a replica that cannot stream, the probe also asks the primary (bounded at 8 s)
      // whether the WAL/binlog it needs is gone; a timeout would count as a failure.
      livenessProbe: { ...exec(parts.livenessCommand), periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 6 },
      lifecycle: { preStop: exec(parts.preStopCommand) },
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };

    const podLabels = { ...labels };
    const zoneKey = scheduling.zoneTopologyKey ?? ZONE_TOPOLOGY;
    const spread = topologySpread(scheduling.zoneSpread ?? Placement.PREFERRED, this.selector, zoneKey);
    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: meta(name),
      spec: {
        serviceName: headlessName,
        replicas,
        // Pod n starts only once pod n-1 is ready: replicas wait for the primary.
        // (Engines that elect their primary start every pod at once.)
        podManagementPolicy: ha?.podManagementPolicy ?? 'OrderedReady',
        // Rolls from the highest ordinal down: replicas update before the primary.
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } },
        persistentVolumeClaimRetentionPolicy: storage.deleteWithDatabase
          ? { whenDeleted: 'Delete', whenScaled: 'Delete' }
          : { whenDeleted: 'Retain', whenScaled: 'Retain' },
        selector: { matchLabels: this.selector },
        template: {
          metadata: { labels: podLabels, annotations: { 'cdk8s-db.io/config-hash': configHash } },
          spec: {
            serviceAccountName,
            imagePullSecrets: this._images.pullSecrets,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurity(parts.uid, parts.gid),
            terminationGracePeriodSeconds: grace,
            affinity: antiAffinity(scheduling.nodeAntiAffinity ?? Placement.PREFERRED, this.selector, HOSTNAME_TOPOLOGY),
            topologySpreadConstraints: spread.length ? spread : undefined,
            initContainers,
            containers: this.podContainers = [container, ...(ha ? haContainers({
              ha, parts, env, mounts, scriptsDir: SCRIPTS_DIR, user, volumes, tokenVolume: 'api-token',
            }) : [])].map(c => (c.image === CURL_IMAGE ? { ...c, image: this._images.curl } : c)),
            volumes: this.podVolumes = volumes,
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels: this.selector },
          spec: {
            accessModes: [storage.accessMode ?? kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
            storageClassName: storage.storageClassName,
            resources: { requests: { storage: k8s.Quantity.fromString(bytesQuantity(storageBytes)) } },
          },
        }],
      },
    });

    // --- Disruption budget --------------------------------------------------------------
    const pdbSpec = (props.podDisruptionBudget ?? true) ? disruptionBudgetSpec(replicas, this.selector) : undefined;
    if (pdbSpec) {
      this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'Budget', { metadata: meta(name), spec: pdbSpec });
    }

    // --- Network isolation ----------------------------------------------------------
    const network = props.network ?? {};
    for (const cidr of network.apiServerCidrs ?? []) checkCidr(where, 'network.apiServerCidrs', cidr);
    if (network.isolate ?? true) {
      this.isolationPolicy = isolationPolicy(this, {
        name,
        labels,
        selector: this.selector,
        apiServerCidrs: labelRoles ? (network.apiServerCidrs ?? ['0.0.0.0/0', '::/0']) : undefined,
      });
    }
    this.labels = labels;

    this.connection = {
      writeHost: `${writeName}${dnsSuffix}`,
      readHost: `${readName}${dnsSuffix}`,
      port: parts.port,
      database: databaseName,
      username,
      secretName: this.secretName,
      passwordKey: keys.appPassword,
      ...(spec.readonlyUser ? { readonlyUsername: spec.readonlyUser, readonlyPasswordKey: keys.readonlyPassword } : {}),
      ...(tls ? { tlsSecretName: tls.secretName, caKey: TLS_CA_KEY, sslMode: tls.files.require ? 'verify-full' : 'prefer' } : {}),
      ...(Object.keys(extraServices.endpoints).length ? { extraEndpoints: extraServices.endpoints } : {}),
    };
    // Every object is named after the database (or the Secret name given): each must fit its kind.
    checkGeneratedNames(this);
  }

  /**
   * Adds a container (and the volumes only it uses) to every database pod, e.g. a metrics
   * exporter. Its name, port names and volume names must not clash with the pod's.
   */
  public addSidecar(container: k8s.Container, volumes: k8s.Volume[] = []): void {
    const where = `ReplicatedDatabase ${this.node.path}: addSidecar`;
    if (this.podContainers.some(c => c.name === container.name)) fail(where, 'container.name', container.name, 'is already used in the pod');
    const ports = new Set(this.podContainers.flatMap(c => (c.ports ?? []).flatMap(p => [p.name, String(p.containerPort)])));
    for (const p of container.ports ?? []) {
      if (ports.has(p.name ?? '') || ports.has(String(p.containerPort))) fail(where, 'container.ports', p.name ?? p.containerPort, 'is already used in the pod');
    }
    for (const v of volumes) {
      if (this.podVolumes.some(w => w.name === v.name)) fail(where, 'volumes', v.name, 'is already used in the pod');
    }
    this.podContainers.push(container);
    this.podVolumes.push(...volumes);
  }

  /**
   * Monitors this database: exporter sidecar, metrics Service, ServiceMonitor, alert
   * rules, Grafana dashboard. See `DbMonitoring`.
   */
  public addMonitoring(id: string, options: DbMonitoringOptions = {}): DbMonitoring {
    return new DbMonitoring(this, id, { ...options, database: this });
  }

  /** Scheduled backups of this database to S3, GCS or a volume. See `BackupSchedule`. */
  public addBackupSchedule(id: string, options: BackupScheduleOptions): BackupSchedule {
    return new BackupSchedule(this, id, { ...options, database: this });
  }

  /** CSI VolumeSnapshots of every volume on a schedule. See `VolumeSnapshotSchedule`. */
  public addVolumeSnapshots(id: string, options: VolumeSnapshotScheduleOptions): VolumeSnapshotSchedule {
    return new VolumeSnapshotSchedule(this, id, { ...options, database: this });
  }

  /**
   * A backup CronJob whose freshness DbMonitoring alerts on.
   * @internal
   */
  public _registerBackupCronJob(name: string, maxAgeSeconds: number): void {
    if (this.monitoredBy) {
      throw new Error(`ReplicatedDatabase ${this.node.path}: the backup CronJob "${name}" was added after DbMonitoring `
        + `${this.monitoredBy}, which would not alert on it: add backups first, or list it in backupCronJobs`);
    }
    this.backupCronJobs.push({ name, maxAgeSeconds });
  }

  /**
   * The backup CronJobs registered so far; DbMonitoring calls this once.
   * @internal
   */
  public _backupCronJobsForMonitoring(monitoring: string): { name: string; maxAgeSeconds: number }[] {
    if (this.monitoredBy) {
      throw new Error(`DbMonitoring ${monitoring}: invalid database ${JSON.stringify(this.name)}: is monitored already by DbMonitoring ${this.monitoredBy}; `
        + 'a database takes one DbMonitoring (one exporter sidecar per pod): change that one\'s options instead');
    }
    this.monitoredBy = monitoring;
    return [...this.backupCronJobs];
  }

  /**
   * Opens the database port to a peer: a cdk8s-plus workload or pod selection
   * (`Pods.select`), namespaces (`Namespaces.select`), or an IP block
   * (`NetworkPolicyIpBlock.ipv4`). A workload also gets the connection environment.
   * Grants that would open the database to everyone are refused. With `network.isolate: false`
   * no NetworkPolicy is written (every pod reaches the database already, and a policy would
   * isolate the pods again): the peer only gets the connection environment.
   */
  public allowFrom(peer: kplus.INetworkPolicyPeer, options: AllowFromOptions = {}): void {
    const where = `ReplicatedDatabase ${this.node.path}: allowFrom`;
    const withEnv = (options.connectionEnv ?? true) && peer instanceof kplus.AbstractPod && peer.containers.length > 0;
    if (peer instanceof kplus.AbstractPod) checkWorkloadNamespace(where, this, peer, withEnv);
    if (!this.isolationPolicy) {
      // network.isolate is false: every pod reaches the database already. A grant policy would
      // select the pods for ingress and so isolate them again, cutting off replication between
      // them and every other client: the peer is checked, and no policy is written.
      toPolicyPeers(where, peer);
    } else {
      grantPolicy(this, `Allow${this.grants++}`, {
        where,
        name: this.name,
        labels: this.labels,
        selector: this.selector,
        port: this.connection.port,
        peer,
        ...(this.clientPorts.length > 1 ? { extraPorts: this.clientPorts.slice(1) } : {}),
      });
    }
    if (withEnv) {
      this.addConnectionEnv(peer as kplus.AbstractPod, { readOnly: options.readOnly });
    }
  }

  /**
   * Gives every container of a workload the connection environment: `DB_HOST`
   * (write endpoint), `DB_READ_HOST`, `DB_PORT`, `DB_NAME`, `DB_USER` and
   * `DB_PASSWORD` (from the Secret, never a literal). With `readOnly`, `DB_HOST` is the read
   * endpoint and the user the read-only one (PostgreSQL, MySQL family). With TLS also `DB_SSLMODE`
   * (`verify-full` when required, `prefer` when offered) and `DB_SSLROOTCERT`, the path
   * of the CA certificate, mounted read-only (only the CA: never the server's key).
   */
  public addConnectionEnv(workload: kplus.AbstractPod, options: ConnectionEnvOptions = {}): void {
    const prefix = options.prefix ?? 'DB_';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) fail(`ReplicatedDatabase ${this.node.path}`, 'prefix', prefix, 'must be a valid environment variable prefix');
    if (workload.containers.length === 0) {
      fail(`ReplicatedDatabase ${this.node.path}`, 'workload', workload.node.path, 'has no containers yet: add them before calling addConnectionEnv');
    }
    checkWorkloadNamespace(`ReplicatedDatabase ${this.node.path}: addConnectionEnv`, this, workload, true);
    const c = this.connection;
    const names = [`${prefix}HOST`, ...(options.readOnly ? [] : [`${prefix}READ_HOST`]), `${prefix}PORT`, `${prefix}NAME`, `${prefix}USER`, `${prefix}PASSWORD`,
      ...Object.keys(c.extraEndpoints ?? {}).map(k => `${prefix}${k}`),
      ...(c.tlsSecretName && c.caKey ? [`${prefix}SSLMODE`, `${prefix}SSLROOTCERT`] : [])];
    // Two databases (or two grants) with one prefix on one workload would overwrite each other's
    // variables silently: refused, naming who set the variable first.
    for (const container of workload.containers) {
      const setBy = CONNECTION_ENV.get(container) ?? new Map<string, string>();
      const existing = container.env.variables;
      for (const n of names) {
        if (setBy.has(n) || existing[n] !== undefined) {
          const other = setBy.get(n) ?? 'the workload itself';
          fail(`ReplicatedDatabase ${this.node.path}: connection env of ${workload.node.path}`, 'prefix', prefix,
            `container "${container.name}" already has ${n} (set by ${other}): give each database its own prefix (addConnectionEnv(workload, { prefix }), or allowFrom with connectionEnv: false and then addConnectionEnv)`);
        }
      }
    }
    for (const container of workload.containers) {
      const setBy = CONNECTION_ENV.get(container) ?? new Map<string, string>();
      for (const n of names) setBy.set(n, `ReplicatedDatabase ${this.node.path}`);
      CONNECTION_ENV.set(container, setBy);
    }
    const secret = kplus.Secret.fromSecretName(this, `ConnSecret${Names.toLabelValue(workload)}`, c.secretName);
    let ca: { volume: kplus.Volume; path: string } | undefined;
    if (c.tlsSecretName && c.caKey) {
      const dir = options.caMountPath ?? `/var/run/secrets/cdk8s-db/${this.name}-ca`;
      if (!/^\/[A-Za-z0-9._/-]+$/.test(dir) || dir.split('/').includes('..')) fail(`ReplicatedDatabase ${this.node.path}`, 'caMountPath', dir, 'must be an absolute path');
      const id = Names.toLabelValue(workload);
      const tlsSecret = kplus.Secret.fromSecretName(this, `ConnTlsSecret${id}`, c.tlsSecretName);
      const volume = kplus.Volume.fromSecret(this, `ConnCa${id}`, tlsSecret, {
        name: `${this.name}-ca`,
        items: { [c.caKey]: { path: c.caKey } },
        defaultMode: 0o444,
      });
      ca = { volume, path: `${dir}/${c.caKey}` };
      for (const container of workload.containers) container.mount(dir, volume, { readOnly: true });
    }
    // A read-only client logs in as the read-only user where the engine has one.
    const login = options.readOnly && c.readonlyUsername && c.readonlyPasswordKey
      ? { user: c.readonlyUsername, passwordKey: c.readonlyPasswordKey }
      : { user: c.username, passwordKey: c.passwordKey };
    for (const container of workload.containers) {
      if (options.readOnly) {
        container.env.addVariable(`${prefix}HOST`, kplus.EnvValue.fromValue(c.readHost));
      } else {
        container.env.addVariable(`${prefix}HOST`, kplus.EnvValue.fromValue(c.writeHost));
        container.env.addVariable(`${prefix}READ_HOST`, kplus.EnvValue.fromValue(c.readHost));
      }
      container.env.addVariable(`${prefix}PORT`, kplus.EnvValue.fromValue(String(c.port)));
      container.env.addVariable(`${prefix}NAME`, kplus.EnvValue.fromValue(c.database));
      container.env.addVariable(`${prefix}USER`, kplus.EnvValue.fromValue(login.user));
      container.env.addVariable(`${prefix}PASSWORD`, kplus.EnvValue.fromSecretValue({ secret, key: login.passwordKey }));
      for (const [k, v] of Object.entries(c.extraEndpoints ?? {})) container.env.addVariable(`${prefix}${k}`, kplus.EnvValue.fromValue(v));
      if (ca) {
        container.env.addVariable(`${prefix}SSLMODE`, kplus.EnvValue.fromValue(c.sslMode ?? 'prefer'));
        container.env.addVariable(`${prefix}SSLROOTCERT`, kplus.EnvValue.fromValue(ca.path));
      }
    }
  }

  /** ServiceAccount + Role that lets each pod patch only its own labels. */
  private roleLabeller(name: string, labels: { [key: string]: string }, replicas: number, extra: k8s.PolicyRule[]): string {
    const pods = Array.from({ length: replicas }, (_, i) => `${name}-${i}`);
    return serviceAccountWithRole(new Construct(this, 'RoleLabeller'), {
      name: `${name}-db`,
      labels,
      rules: [{ apiGroups: [''], resources: ['pods'], resourceNames: pods, verbs: ['get', 'patch'] }, ...extra],
    });
  }
}

/** Connection variables set by addConnectionEnv, per container: name -> the database that set it. */
const CONNECTION_ENV = new WeakMap<kplus.Container, Map<string, string>>();

function toEnvVar(secretName: string): (e: EngineEnv) => k8s.EnvVar {
  return e => {
    if (e.secretKey) return { name: e.name, valueFrom: { secretKeyRef: { name: secretName, key: e.secretKey } } };
    if (e.fieldPath) return { name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldPath } } };
    return { name: e.name, value: e.value ?? '' };
  };
}
