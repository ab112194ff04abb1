import * as path from 'path';
import { ApiObjectMetadata, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { longestGapSeconds, parseCron } from './backup/cron';
import { BackupDestination, BackupRetention, RenderedDestination } from './backup/destination';
import { credentialKeys } from './credentials';
import { BackupEndpoint, BackupPaths, BackupStep, EngineBackup } from './engines/backup-spec';
import { EngineEnv, EngineTls } from './engines/engine-spec';
import { checkDnsLabel, checkInteger, checkTimeZone, durationSeconds, fail } from './lib/errors';
import { DEFAULT_RCLONE_IMAGE } from './lib/images';
import { commonLabels, LABEL_VERSION } from './lib/labels';
import { checkGeneratedNames, registerNames } from './lib/names';
import { chartNamespace, placedWith, showNamespace } from './lib/namespaces';
import { restrictedContainerSecurity, restrictedPodSecurity } from './lib/pod-security';
import { bytesQuantity, cpuMillis, sizeBytes } from './lib/quantity';
import { readScript, readScripts, sharedScripts } from './lib/scripts';
import type { ReplicatedDatabase } from './replicated-database';

/** The official rclone image: uploads to S3-compatible storage, GCS and local paths. */
export const RCLONE_IMAGE = DEFAULT_RCLONE_IMAGE;

const SHARED_SCRIPTS = path.join(__dirname, 'backup', 'scripts');
/** retry.sh: the bounded backoff the engines' dump and restore scripts source. */
const CLUSTER_SCRIPTS = path.join(__dirname, 'cluster', 'scripts');
const PATHS: BackupPaths = {
  workDir: '/var/lib/cdk8s-db/backup',
  scriptsDir: '/opt/cdk8s-db/backup',
  verifyDir: '/var/lib/cdk8s-db/verify',
};
const RESULT_FILE = '/dev/termination-log';

/** CPU and memory of the backup containers. */
export interface BackupResources {
  /**
   * Memory request and limit of the dump, restore and verification containers.
   * @default Size.mebibytes(512)
   */
  readonly memory?: Size;
  /**
   * CPU request of the dump, restore and verification containers.
   * @default Cpu.millis(250)
   */
  readonly cpu?: kplus.Cpu;
}

/** Restore verification: the latest backup is restored into a throwaway server and checked. */
export interface RestoreVerificationOptions {
  /**
   * When the verification runs.
   * @default - two hours after each backup run (same schedule, hour + 2)
   */
  readonly schedule?: Cron;
  /**
   * A query run in the restored application database (the first of `databases`). It must
   * succeed and return a first value that is not empty, `f`, `false` or `0`, e.g.
   * `SELECT count(*) > 0 FROM orders`.
   * @default - none: restore, row counts and checksums only
   */
  readonly query?: string;
  /**
   * Each restored database must have at least this many tables.
   * @default 0
   */
  readonly minTables?: number;
  /**
   * Alert threshold for DbMonitoring: no successful verification for longer than this.
   * @default - longest gap between two verification runs plus the job's deadline
   */
  readonly maxAge?: Duration;
}

/** Options for `ReplicatedDatabase.addBackupSchedule`. */
export interface BackupScheduleOptions {
  /** When backups run (validated at synth time), e.g. `Cron.daily()` or `Cron.schedule({ minute: '30', hour: '2' })`. */
  readonly schedule: Cron;
  /** Where backups are stored. */
  readonly destination: BackupDestination;
  /**
   * Which old backups are deleted after a new one is verified at the destination.
   * @default - nothing is ever deleted
   */
  readonly retention?: BackupRetention;
  /**
   * Databases to back up.
   * @default - the application database
   */
  readonly databases?: string[];
  /**
   * Take the dump from the primary (write endpoint) instead of an in-sync replica.
   * @default false - the read Service: an in-sync replica (the primary for a single pod)
   */
  readonly fromPrimary?: boolean;
  /**
   * Take the dump from one pod (`<name>-<ordinal>`), for example a replica reserved for
   * backups. Must be below the replica count.
   * @default - the read Service (or the primary with `fromPrimary`)
   */
  readonly sourcePod?: number;
  /**
   * Verify the latest backup on a schedule by restoring it into a throwaway server.
   * @default false
   */
  readonly verifyRestore?: boolean;
  /**
   * Options of the restore verification (setting them turns verification on).
   * @default - verification as configured by `verifyRestore`, with default options
   */
  readonly verification?: RestoreVerificationOptions;
  /**
   * Name of the CronJob; the verification CronJob is `<name>-verify`. At most 52 characters (45
   * with verification); two schedules of one database need different names.
   * @default "<database name>-backup"
   */
  readonly name?: string;
  /**
   * Time zone of the schedule (IANA name).
   * @default - the controller's time zone (UTC on most clusters)
   */
  readonly timeZone?: string;
  /**
   * A run that could not start within this time after its scheduled time is skipped.
   * @default Duration.minutes(30)
   */
  readonly startingDeadline?: Duration;
  /**
   * A run is stopped and marked failed after this time.
   * @default Duration.hours(6)
   */
  readonly activeDeadline?: Duration;
  /**
   * Retries of a failed run (each retry is a full new backup).
   * @default 1
   */
  readonly backoffLimit?: number;
  /**
   * Finished successful Jobs kept for inspection.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept for inspection.
   * @default 3
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * CPU and memory of the dump and verification containers.
   * @default - 512Mi memory, 250m CPU
   */
  readonly resources?: BackupResources;
  /**
   * Size limit of the scratch volume that holds one backup before upload.
   * @default - no limit (node ephemeral storage)
   */
  readonly scratchSize?: Size;
  /**
   * Alert threshold for DbMonitoring: no successful backup for longer than this.
   * @default - longest gap between two scheduled runs plus `activeDeadline`
   */
  readonly maxAge?: Duration;
}

/** Properties of a `BackupSchedule`. */
export interface BackupScheduleProps extends BackupScheduleOptions {
  /** The database to back up. */
  readonly database: ReplicatedDatabase;
}

/** Options for `BackupSchedule.restoreJob`. */
export interface RestoreJobOptions {
  /**
   * The backup to restore: its ID (`YYYYMMDDTHHMMSSZ`, the folder name at the destination).
   * @default - the newest complete backup
   */
  readonly backup?: string;
  /**
   * The database to restore into (its write endpoint and superuser Secret are used).
   * @default - the database this schedule backs up
   */
  readonly target?: ReplicatedDatabase;
  /**
   * Database (inside the server) to restore into.
   * @default - the target's application database
   */
  readonly database?: string;
  /**
   * Which database's dump in the backup to restore.
   * @default - the dump with the same name as `database`, or the only one
   */
  readonly sourceDatabase?: string;
  /**
   * Name of the Job (at most 63 characters); two restore Jobs of one target need different names.
   * @default "<target name>-restore"
   */
  readonly name?: string;
  /**
   * Where to read the backups from, with credentials (Secret or claim) in the target's
   * namespace. The Job runs in the target's namespace (it reads the target's Secret), and a Pod
   * can read only Secrets and claims of its own namespace: required when the target is in
   * another namespace than the backed-up database, since this schedule's destination names a
   * Secret or claim in that database's namespace. The folder defaults to the backed-up
   * database's name, as for the schedule.
   * @default - this schedule's destination (refused when the target is in another namespace)
   */
  readonly destination?: BackupDestination;
}

/**
 * Scheduled logical backups of a `ReplicatedDatabase` that leave the cluster, expire, and
 * are proven by restoring them.
 *
 * A CronJob dumps the databases with the engine's own tools (in the engine image, from an
 * in-sync replica by default) into a scratch volume, then the official rclone image uploads
 * the files, re-reads each one from the destination (size and sha256), uploads `SHA256SUMS`
 * last (a backup without it is incomplete and ignored), and only then deletes backups that
 * the retention lets go. Any failure fails the Job and deletes nothing.
 *
 * Freshness for alerting (DbMonitoring): kube-state-metrics'
 * `kube_cronjob_status_last_successful_time{namespace="<ns>", cronjob="<cronJobName>"}`
 * (Unix seconds); alert when `time() - that > maxAge` (and likewise for `verifyCronJobName`
 * and `verifyMaxAge`). Failed runs show in `kube_job_status_failed{job_name=~"<cronJobName>-.*"}`.
 */
export class BackupSchedule extends Construct {
  /** The backup CronJob. */
  public readonly cronJob: k8s.KubeCronJob;
  /** Name of the backup CronJob (the `cronjob` label of kube-state-metrics series). */
  public readonly cronJobName: string;
  /** The verification CronJob, when enabled. */
  public readonly verifyCronJob?: k8s.KubeCronJob;
  /** Name of the verification CronJob, when enabled. */
  public readonly verifyCronJobName?: string;
  /** No successful backup for longer than this is an incident. */
  public readonly maxAge: Duration;
  /** No successful verification for longer than this is an incident (when enabled). */
  public readonly verifyMaxAge?: Duration;
  /**
   * Namespace of the CronJobs: always the database's (wherever this schedule is defined), so
   * that they read its Secret and its NetworkPolicy admits them (undefined: the database's chart
   * has no namespace, they go where they are applied).
   */
  public readonly namespace?: string;
  /** The database this schedule backs up. */
  public readonly database: ReplicatedDatabase;
  /** rclone path of the backups, e.g. `dest:bucket/orders`. */
  public readonly remotePath: string;
  /** Host the dump is taken from. */
  public readonly sourceHost: string;

  private readonly engineBackup: EngineBackup;
  private readonly destination: RenderedDestination;
  /** e.g. `s3 s3://backups`, for messages. */
  private readonly destinationKind: string;
  private readonly scriptsConfigMap: string;
  private readonly resources: k8s.ResourceRequirements;
  private readonly scratchSize?: string;
  private readonly where: string;
  private readonly activeDeadlineSeconds: number;

  constructor(scope: Construct, id: string, props: BackupScheduleProps) {
    super(scope, id);
    const where = `BackupSchedule ${this.node.path}`;
    this.where = where;
    const db = props.database;
    if (!db) fail(where, 'database', props.database ?? null, 'is required');
    if (!props.destination) fail(where, 'destination', props.destination ?? null, 'is required (BackupDestination.s3, .gcs or .volume)');
    if (!props.schedule) fail(where, 'schedule', props.schedule ?? null, 'is required, e.g. Cron.daily()');
    const spec = db.engine._spec;
    if (!spec.backup) fail(where, 'database', db.name, `engine ${spec.name} has no backup support yet`);
    this.engineBackup = spec.backup;
    this.database = db;

    // --- schedule and job limits ------------------------------------------------------------------
    const scheduleText = checkSchedule(where, 'schedule', props.schedule);
    const startingDeadline = durationSeconds(where, 'startingDeadline', props.startingDeadline ?? Duration.minutes(30), 10);
    this.activeDeadlineSeconds = durationSeconds(where, 'activeDeadline', props.activeDeadline ?? Duration.hours(6), 60);
    const backoffLimit = props.backoffLimit ?? 1;
    checkInteger(where, 'backoffLimit', backoffLimit, 0, 10);
    const okHistory = props.successfulJobsHistoryLimit ?? 3;
    checkInteger(where, 'successfulJobsHistoryLimit', okHistory, 0, 100);
    const failedHistory = props.failedJobsHistoryLimit ?? 3;
    checkInteger(where, 'failedJobsHistoryLimit', failedHistory, 0, 100);
    checkTimeZone(where, 'timeZone', props.timeZone);
    const name = props.name ?? `${db.name}-backup`;
    // Its length is checked with the CronJobs built from it (checkGeneratedNames, below).
    checkDnsLabel(where, 'name', name, 253);
    registerNames(this, { where, prop: 'name', value: name, note: props.name === undefined ? 'the default, "<database name>-backup"' : undefined });
    this.cronJobName = name;
    // The CronJobs read the database's Secret and are admitted by its policy as pods of its
    // namespace: they run there, whatever chart this schedule is defined in.
    this.namespace = placedWith(where, this, db, 'a BackupSchedule');

    // --- source -------------------------------------------------------------------------------------
    if (props.sourcePod !== undefined) {
      checkInteger(where, 'sourcePod', props.sourcePod, 0);
      if (props.sourcePod >= db.replicas) {
        fail(where, 'sourcePod', props.sourcePod, `must be below the database's replica count (${db.replicas}): pod ${db.name}-${props.sourcePod} does not exist`);
      }
      if (props.fromPrimary) fail(where, 'sourcePod', props.sourcePod, 'cannot be combined with fromPrimary');
    }
    const dnsSuffix = this.namespace ? `.${this.namespace}.svc` : '';
    const conn = db.connection;
    this.sourceHost = props.sourcePod !== undefined
      ? `${db.name}-${props.sourcePod}.${db.headlessService.name}${dnsSuffix}`
      : props.fromPrimary ? conn.writeHost : conn.readHost;
    const databases = props.databases ?? [conn.database];
    if (databases.length === 0) fail(where, 'databases', databases, 'must name at least one database');
    for (const d of databases) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(d)) fail(where, 'databases', d, 'each must be a database name of letters, digits and _');
    }
    if (new Set(databases).size !== databases.length) fail(where, 'databases', databases, 'must not repeat a name');

    // --- resources ----------------------------------------------------------------------------------
    const res = props.resources ?? {};
    const memBytes = sizeBytes(where, 'resources.memory', res.memory ?? Size.mebibytes(512));
    if (memBytes < 64 * 2 ** 20) fail(where, 'resources.memory', res.memory?.asString(), 'must be at least 64Mi');
    const cpu = res.cpu ? cpuMillis(where, 'resources.cpu', res.cpu) : 250;
    const memory = k8s.Quantity.fromString(bytesQuantity(memBytes));
    this.resources = { requests: { cpu: k8s.Quantity.fromString(`${cpu}m`), memory }, limits: { memory } };
    if (props.scratchSize) this.scratchSize = bytesQuantity(sizeBytes(where, 'scratchSize', props.scratchSize));

    // --- destination, retention, scripts ---------------------------------------------------------
    this.destination = props.destination._render(db.name);
    this.destinationKind = `${props.destination.kind} ${props.destination.location}`;
    this.remotePath = this.destination.remote;
    const retention = props.retention;
    this.scriptsConfigMap = this.scriptsIn(this.namespace);

    const gap = longestGapSeconds(parseCron(scheduleText))!;
    this.maxAge = props.maxAge ?? Duration.seconds(gap + this.activeDeadlineSeconds);
    durationSeconds(where, 'maxAge', this.maxAge, 60);

    const source: BackupEndpoint = {
      host: this.sourceHost, port: conn.port, credentials: credentialKeys(db.secretName), appUser: conn.username, tls: db._tls?.files,
    };
    const dump = this.engineBackup.dump(PATHS, source, databases);
    const upload: k8s.Container = this.rcloneContainer('upload', 'upload.sh', [
      { name: 'KEEP_LAST', value: String(retention?.keepLastCount ?? 0) },
      { name: 'KEEP_SECONDS', value: String(retention?.keepForSeconds ?? 0) },
    ]);
    const cronJobSpec = (component: string, cron: string, pod: k8s.PodSpec): k8s.CronJobSpec => ({
      schedule: cron,
      timeZone: props.timeZone,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: startingDeadline,
      successfulJobsHistoryLimit: okHistory,
      failedJobsHistoryLimit: failedHistory,
      jobTemplate: {
        metadata: { labels: this.labels(component) },
        spec: {
          backoffLimit,
          activeDeadlineSeconds: this.activeDeadlineSeconds,
          template: { metadata: { labels: this.labels(component) }, spec: pod },
        },
      },
    });

    // The database's default-deny policy lets in only what is granted: the dump pods.
    db.allowFrom(kplus.Pods.select(this, 'DumpPods', { labels: this.labels('backup') }), { connectionEnv: false });
    const dumpTls = stepTls(dump, db._tls);
    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata: this.meta(name, 'backup', this.namespace),
      spec: cronJobSpec('backup', scheduleText, this.podSpec([this.engineContainer('dump', dump, db.secretName, false, dumpTls)], [upload], false, dumpTls)),
    });

    // --- verification ------------------------------------------------------------------------------
    const verification = props.verification;
    if (props.verifyRestore || verification) {
      const verifyName = `${name}-verify`;
      const verifyCron = verification?.schedule
        ? checkSchedule(where, 'verification.schedule', verification.schedule)
        : shiftHours(scheduleText, 2);
      const minTables = verification?.minTables ?? 0;
      checkInteger(where, 'verification.minTables', minTables, 0);
      if (verification?.query !== undefined && verification.query.trim() === '') fail(where, 'verification.query', verification.query, 'must not be empty');
      const verify = this.engineBackup.verify(PATHS, { minTables, query: verification?.query, queryDatabase: databases[0], resultFile: RESULT_FILE });
      const verifyGap = longestGapSeconds(parseCron(verifyCron))!;
      this.verifyMaxAge = verification?.maxAge ?? Duration.seconds(Math.max(verifyGap, gap) + this.activeDeadlineSeconds);
      durationSeconds(where, 'verification.maxAge', this.verifyMaxAge, 60);
      this.verifyCronJobName = verifyName;
      this.verifyCronJob = new k8s.KubeCronJob(this, 'VerifyCronJob', {
        metadata: this.meta(verifyName, 'backup-verify', this.namespace),
        spec: cronJobSpec('backup-verify', verifyCron, this.podSpec(
          [this.rcloneContainer('download', 'download.sh', [])],
          [this.engineContainer('verify', verify, undefined, true)],
          true,
        )),
      });
    }

    // The verification CronJob is <name>-verify: both must fit the CronJob limit.
    checkGeneratedNames(this);

    // DbMonitoring alerts when a run has not succeeded for longer than maxAge.
    db._registerBackupCronJob(this.cronJobName, this.maxAge.toSeconds());
    if (this.verifyCronJobName) db._registerBackupCronJob(this.verifyCronJobName, this.verifyMaxAge!.toSeconds());
  }

  /**
   * A Job that restores a backup into a database (by default the newest complete backup
   * into this schedule's database): the backup is downloaded and its checksums checked, then
   * restored in one transaction into the application database on the write endpoint.
   * Apply it when you need it; it runs once.
   */
  public restoreJob(id: string, options: RestoreJobOptions = {}): k8s.KubeJob {
    const where = `${this.where}.restoreJob(${id})`;
    const target = options.target ?? this.database;
    if (target.engine._spec.name !== this.database.engine._spec.name) {
      fail(where, 'target', target.name, `runs ${target.engine._spec.name}, but the backups are ${this.database.engine._spec.name}`);
    }
    if (options.backup !== undefined && !/^\d{8}T\d{6}Z$/.test(options.backup)) {
      fail(where, 'backup', options.backup, 'must be a backup ID of the form YYYYMMDDTHHMMSSZ (the folder name at the destination)');
    }
    const database = options.database ?? target.connection.database;
    const ident = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
    if (!ident.test(database)) fail(where, 'database', database, 'must be a database name');
    if (options.sourceDatabase !== undefined && !ident.test(options.sourceDatabase)) fail(where, 'sourceDatabase', options.sourceDatabase, 'must be a database name');
    const name = options.name ?? `${target.name}-restore`;
    checkDnsLabel(where, 'name', name, 253);
    // The Job reads the target's Secret and must be admitted by the target's policy: it runs in
    // the target's namespace. The destination's Secret or claim must be readable there too.
    const namespace = placedWith(where, this, target, 'a restore Job');
    const targetNs = chartNamespace(target);
    const sourceNs = chartNamespace(this.database);
    if (options.destination !== undefined && !(options.destination instanceof BackupDestination)) {
      fail(where, 'destination', options.destination, 'must come from BackupDestination.s3, .gcs or .volume');
    }
    if (targetNs !== sourceNs && options.destination === undefined) {
      fail(where, 'destination', null, `is required: the target "${target.name}" is in namespace ${showNamespace(targetNs)}, `
        + `the backed-up database "${this.database.name}" in ${showNamespace(sourceNs)}; the restore Job runs in the target's namespace and `
        + `can read only Secrets and claims there, but this schedule's destination (${this.destinationKind}) names one in ${showNamespace(sourceNs)}: `
        + `pass a BackupDestination for the same location whose credentials exist in ${showNamespace(targetNs)}`);
    }
    const destination = options.destination ? options.destination._render(this.database.name) : this.destination;
    const scripts = namespace === this.namespace ? this.scriptsConfigMap : this.scriptsIn(namespace);
    const endpoint: BackupEndpoint = {
      host: target.connection.writeHost,
      port: target.connection.port,
      credentials: credentialKeys(target.secretName),
      appUser: target.connection.username,
      tls: target._tls?.files,
    };
    const restore = this.engineBackup.restore(PATHS, endpoint, database, options.sourceDatabase);
    const download = this.rcloneContainer('download', 'download.sh', options.backup ? [{ name: 'BACKUP_NAME', value: options.backup }] : [], destination);
    // A Job's pod template is immutable: no version label in it (the engine image is the one
    // thing in it that an upgrade changes; see the README on restore Jobs).
    const labels = this.labels('restore', false);
    const restoreTls = stepTls(restore, target._tls);
    target.allowFrom(kplus.Pods.select(this, `${id}Pods`, { labels }), { connectionEnv: false });
    const job = new k8s.KubeJob(this, id, {
      metadata: this.meta(name, 'restore', namespace),
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: this.activeDeadlineSeconds,
        template: {
          metadata: { labels },
          spec: this.podSpec([download], [this.engineContainer('restore', restore, target.secretName, false, restoreTls)], false, restoreTls, { destination, scripts }),
        },
      },
    });
    registerNames(job, { where, prop: 'name', value: name, note: options.name === undefined ? 'the default, "<target name>-restore"' : undefined });
    checkGeneratedNames(job);
    return job;
  }

  private labels(component: string, withVersion = true): { [key: string]: string } {
    const spec = this.database.engine._spec;
    const labels = commonLabels(this.database.name, component, spec.name, spec.version);
    if (!withVersion) delete labels[LABEL_VERSION];
    return labels;
  }

  private meta(name: string, component: string, namespace: string | undefined): ApiObjectMetadata {
    return { name, ...(namespace !== undefined ? { namespace } : {}), labels: this.labels(component) };
  }

  /** The shared scripts ConfigMap of this engine's backups, for pods in `namespace`. */
  private scriptsIn(namespace: string | undefined): string {
    return sharedScripts(this, `backup-${this.database.engine._spec.name}`, {
      ...readScripts(SHARED_SCRIPTS), 'retry.sh': readScript(CLUSTER_SCRIPTS, 'retry.sh'), ...this.engineBackup.scripts,
    }, namespace);
  }

  /**
   * `tls`: the volume of the database's TLS files the engine step asked for; `at`: the
   * destination and scripts ConfigMap of a restore Job in another namespace.
   */
  private podSpec(initContainers: k8s.Container[], containers: k8s.Container[], verify = false, tls?: StepTls,
    at: { destination: RenderedDestination; scripts: string } = { destination: this.destination, scripts: this.scriptsConfigMap }): k8s.PodSpec {
    const b = this.engineBackup;
    return {
      restartPolicy: 'Never',
      imagePullSecrets: this.database._images.pullSecrets,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: restrictedPodSecurity(b.uid, b.gid),
      initContainers,
      containers,
      volumes: [
        { name: 'scratch', emptyDir: this.scratchSize ? { sizeLimit: k8s.Quantity.fromString(this.scratchSize) } : {} },
        { name: 'scripts', configMap: { name: at.scripts, defaultMode: 0o555 } },
        { name: 'rclone-tmp', emptyDir: {} },
        ...b.writableDirs.map(d => ({ name: `engine-${d.name}`, emptyDir: {} })),
        ...(verify ? [{ name: 'verify', emptyDir: {} }] : []),
        ...(tls ? [tls.volume] : []),
        ...at.destination.volumes,
      ],
    };
  }

  private engineContainer(name: string, step: BackupStep, secretName: string | undefined, verify = false, tls?: StepTls): k8s.Container {
    const b = this.engineBackup;
    return {
      name,
      image: this.database._engineImage,
      command: step.command,
      env: step.env.map(toEnvVar(secretName)),
      volumeMounts: [
        { name: 'scratch', mountPath: PATHS.workDir },
        { name: 'scripts', mountPath: PATHS.scriptsDir, readOnly: true },
        ...b.writableDirs.map(d => ({ name: `engine-${d.name}`, mountPath: d.mountPath })),
        ...(verify ? [{ name: 'verify', mountPath: PATHS.verifyDir }] : []),
        ...(tls ? [tls.mount] : []),
      ],
      securityContext: restrictedContainerSecurity({ uid: b.uid, gid: b.gid }),
      resources: this.resources,
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };
  }

  private rcloneContainer(name: string, script: string, env: k8s.EnvVar[], destination: RenderedDestination = this.destination): k8s.Container {
    const b = this.engineBackup;
    return {
      name,
      image: this.database._images.rclone,
      command: ['/bin/sh', `${PATHS.scriptsDir}/${script}`],
      env: [
        { name: 'BACKUP_WORK_DIR', value: PATHS.workDir },
        { name: 'BACKUP_REMOTE', value: destination.remote },
        // Remotes come from RCLONE_CONFIG_DEST_* variables only; no config file.
        { name: 'RCLONE_CONFIG', value: '/dev/null' },
        { name: 'HOME', value: '/tmp' },
        { name: 'XDG_CACHE_HOME', value: '/tmp/.cache' },
        ...destination.env,
        ...env,
      ],
      volumeMounts: [
        { name: 'scratch', mountPath: PATHS.workDir },
        { name: 'scripts', mountPath: PATHS.scriptsDir, readOnly: true },
        { name: 'rclone-tmp', mountPath: '/tmp' },
        ...destination.mounts,
      ],
      securityContext: restrictedContainerSecurity({ uid: b.uid, gid: b.gid }),
      resources: {
        requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
        limits: { memory: k8s.Quantity.fromString('256Mi') },
      },
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };
  }
}

/**
 * The endpoint's TLS Secret as a step asks for it (`BackupStep.tls`): only the CA, or with
 * `keyPair` also the certificate and key, read-only where `files` says (never the key otherwise).
 */
interface StepTls { readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount }
function stepTls(step: BackupStep, tls: { readonly secretName: string; readonly files: EngineTls } | undefined): StepTls | undefined {
  if (!step.tls || !tls) return undefined;
  const f = tls.files;
  const dir = path.posix.dirname(f.caFile);
  const files = [f.caFile, ...(step.tls.keyPair ? [f.certFile, f.keyFile] : [])];
  if (files.some(file => path.posix.dirname(file) !== dir)) throw new Error('internal: the TLS files must share one directory');
  const items = files.map(file => ({ key: path.posix.basename(file), path: path.posix.basename(file) }));
  return {
    volume: { name: 'tls', secret: { secretName: tls.secretName, defaultMode: 0o440, items } },
    mount: { name: 'tls', mountPath: dir, readOnly: true },
  };
}

/** Validates a Cron; returns its expression. */
function checkSchedule(where: string, prop: string, cron: Cron): string {
  const text = cron?.expressionString;
  if (typeof text !== 'string') fail(where, prop, text ?? null, 'must be a Cron, e.g. Cron.daily()');
  let gap: number | undefined;
  try {
    gap = longestGapSeconds(parseCron(text));
  } catch (e) {
    fail(where, prop, text, `is not a valid cron schedule: ${(e as Error).message}`);
  }
  if (gap === undefined) fail(where, prop, text, 'never runs (no date matches it)');
  return text;
}

/** The same schedule `hours` later (hour field shifted modulo 24) when the hour field is a plain list. */
function shiftHours(expr: string, hours: number): string {
  const parts = expr.trim().startsWith('@') ? expandMacro(expr) : expr.trim().split(/\s+/);
  if (/^\d+(,\d+)*$/.test(parts[1])) {
    parts[1] = parts[1].split(',').map(h => String((Number(h) + hours) % 24)).join(',');
    return parts.join(' ');
  }
  // Hourly or finer: verify once a day, half past three.
  return '30 3 * * *';
}

function expandMacro(expr: string): string[] {
  const m: { [k: string]: string } = { '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *' };
  return m[expr.trim().toLowerCase()].split(' ');
}

function toEnvVar(secretName: string | undefined): (e: EngineEnv) => k8s.EnvVar {
  return e => {
    if (e.secretKey) {
      if (!secretName) throw new Error(`internal: ${e.name} needs a Secret`);
      return { name: e.name, valueFrom: { secretKeyRef: { name: secretName, key: e.secretKey } } };
    }
    if (e.fieldPath) return { name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldPath } } };
    return { name: e.name, value: e.value ?? '' };
  };
}
