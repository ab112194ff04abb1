import * as path from 'path';
import { Chart, Cron, Duration, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { longestGapSeconds, parseCron } from './cron';
import { VolumeSnapshotClass, VolumeSnapshotClassDeletionPolicy } from '../imports/volumesnapshotclasses-snapshot.storage.k8s.io';
import { checkDnsLabel, checkInteger, checkTimeZone, durationSeconds, fail } from '../lib/errors';
import { commonLabels } from '../lib/labels';
import { CURL_IMAGE, CURL_USER, restrictedContainerSecurity, restrictedPodSecurity } from '../lib/pod-security';
import { apiTokenVolume, serviceAccountWithRole } from '../lib/rbac';
import { readScript, sharedScripts } from '../lib/scripts';
import type { ReplicatedDatabase } from '../replicated-database';

/** What happens to the storage snapshot when a VolumeSnapshot is deleted. */
export enum SnapshotDeletionPolicy {
  /** The snapshot in the storage system is deleted with the VolumeSnapshot. */
  DELETE = 'Delete',
  /** The snapshot in the storage system is kept. */
  RETAIN = 'Retain',
}

/** Options for `ReplicatedDatabase.addVolumeSnapshots`. */
export interface VolumeSnapshotScheduleOptions {
  /** When snapshots are taken. */
  readonly schedule: Cron;
  /** VolumeSnapshotClass used for the snapshots (the cluster's CSI snapshot class). */
  readonly snapshotClassName: string;
  /**
   * Snapshots kept per volume; older ones are deleted after a new one is ready.
   * @default 7
   */
  readonly keepLast?: number;
  /**
   * Also create the VolumeSnapshotClass (cluster-scoped) for this CSI driver, e.g.
   * `ebs.csi.aws.com` or `pd.csi.storage.gke.io`.
   * @default - the class exists already
   */
  readonly snapshotClassDriver?: string;
  /**
   * Deletion policy of the created VolumeSnapshotClass.
   * @default SnapshotDeletionPolicy.RETAIN
   */
  readonly snapshotClassDeletionPolicy?: SnapshotDeletionPolicy;
  /**
   * How long to wait for a new snapshot to become ready before failing (and keeping old ones).
   * @default Duration.minutes(30)
   */
  readonly readyTimeout?: Duration;
  /**
   * Time zone of the schedule (IANA name).
   * @default - the controller's time zone
   */
  readonly timeZone?: string;
}

/** Properties of a `VolumeSnapshotSchedule`. */
export interface VolumeSnapshotScheduleProps extends VolumeSnapshotScheduleOptions {
  /** The database whose volumes (`data-<name>-<ordinal>`) are snapshotted. */
  readonly database: ReplicatedDatabase;
}

const SCRIPTS = path.join(__dirname, 'snapshot-scripts');
/** kube-api.sh, the API client volume-snapshot.sh sources from its own directory. */
const CLUSTER_SCRIPTS = path.join(__dirname, '..', 'cluster', 'scripts');
const SCRIPTS_MOUNT = '/scripts';
const SA_DIR = '/var/run/secrets/cdk8s-db/api';

/**
 * CSI VolumeSnapshots of every volume of a database on a schedule: a CronJob (curl image)
 * creates a `snapshot.storage.k8s.io/v1` VolumeSnapshot of each `data-<name>-<ordinal>`
 * claim, waits until it is ready, then deletes the oldest beyond `keepLast`. Its Role can
 * only read those claims and manage VolumeSnapshots in the namespace. Snapshots are crash
 * consistent (like a power cut), complementing logical backups (`BackupSchedule`), and stay
 * in the cluster's storage system.
 */
export class VolumeSnapshotSchedule extends Construct {
  /** The CronJob. */
  public readonly cronJob: k8s.KubeCronJob;
  /** Name of the CronJob (the `cronjob` label in kube-state-metrics). */
  public readonly cronJobName: string;
  /** The claims snapshotted. */
  public readonly claimNames: string[];
  /** No successful snapshot run for longer than this is an incident. */
  public readonly maxAge: Duration;

  constructor(scope: Construct, id: string, props: VolumeSnapshotScheduleProps) {
    super(scope, id);
    const where = `VolumeSnapshotSchedule ${this.node.path}`;
    const db = props.database;
    const text = props.schedule?.expressionString;
    if (typeof text !== 'string') fail(where, 'schedule', text ?? null, 'is required, e.g. Cron.daily()');
    let gap: number | undefined;
    try {
      gap = longestGapSeconds(parseCron(text));
    } catch (e) {
      fail(where, 'schedule', text, `is not a valid cron schedule: ${(e as Error).message}`);
    }
    if (gap === undefined) fail(where, 'schedule', text, 'never runs (no date matches it)');
    if (!props.snapshotClassName) fail(where, 'snapshotClassName', props.snapshotClassName ?? null, 'is required');
    checkDnsLabel(where, 'snapshotClassName', props.snapshotClassName, 253);
    const keepLast = props.keepLast ?? 7;
    checkInteger(where, 'keepLast', keepLast, 1, 1000);
    const readyTimeout = durationSeconds(where, 'readyTimeout', props.readyTimeout ?? Duration.minutes(30), 10);
    checkTimeZone(where, 'timeZone', props.timeZone);
    if (props.snapshotClassDriver !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.snapshotClassDriver)) {
      fail(where, 'snapshotClassDriver', props.snapshotClassDriver, 'must be a CSI driver name such as ebs.csi.aws.com');
    }
    const name = `${db.name}-snapshots`;
    this.cronJobName = name;
    this.maxAge = Duration.seconds(gap + readyTimeout + 600);
    this.claimNames = Array.from({ length: db.replicas }, (_, i) => `data-${db.name}-${i}`);
    const spec = db.engine._spec;
    const labels = commonLabels(db.name, 'volume-snapshots', spec.name, spec.version);
    const metadata = { name, labels };

    if (props.snapshotClassDriver) {
      const cls = new VolumeSnapshotClass(this, 'Class', {
        metadata: { name: props.snapshotClassName, labels },
        driver: props.snapshotClassDriver,
        deletionPolicy: (props.snapshotClassDeletionPolicy ?? SnapshotDeletionPolicy.RETAIN) === SnapshotDeletionPolicy.DELETE
          ? VolumeSnapshotClassDeletionPolicy.DELETE : VolumeSnapshotClassDeletionPolicy.RETAIN,
      });
      // Cluster-scoped: no namespace, whatever the chart's.
      if (Chart.of(this).namespace) cls.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }

    serviceAccountWithRole(this, {
      name,
      labels,
      rules: [
        { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: this.claimNames, verbs: ['get'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['create', 'get', 'list', 'delete'] },
      ],
    });

    // The same for every database: one content-addressed ConfigMap per chart.
    const scriptsMap = sharedScripts(this, 'volume-snapshot', {
      'volume-snapshot.sh': readScript(SCRIPTS, 'volume-snapshot.sh'),
      'kube-api.sh': readScript(CLUSTER_SCRIPTS, 'kube-api.sh'),
      'retry.sh': readScript(CLUSTER_SCRIPTS, 'retry.sh'),
    });
    const labelPairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(' ');
    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata,
      spec: {
        schedule: text,
        timeZone: props.timeZone,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 1800,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 1,
            activeDeadlineSeconds: readyTimeout * this.claimNames.length + 600,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: name,
                // Only the projected token below, for this one container.
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                restartPolicy: 'Never',
                securityContext: restrictedPodSecurity(CURL_USER.uid, CURL_USER.gid),
                containers: [{
                  name: 'snapshot',
                  image: CURL_IMAGE,
                  command: ['/bin/sh', `${SCRIPTS_MOUNT}/volume-snapshot.sh`],
                  env: [
                    { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                    { name: 'CLAIMS', value: this.claimNames.join(' ') },
                    { name: 'SNAPSHOT_CLASS', value: props.snapshotClassName },
                    { name: 'KEEP_LAST', value: String(keepLast) },
                    { name: 'LABELS', value: labelPairs },
                    { name: 'READY_TIMEOUT', value: String(readyTimeout) },
                    { name: 'SA_DIR', value: SA_DIR },
                  ],
                  volumeMounts: [
                    { name: 'api-token', mountPath: SA_DIR, readOnly: true },
                    { name: 'scripts', mountPath: SCRIPTS_MOUNT, readOnly: true },
                  ],
                  securityContext: restrictedContainerSecurity(CURL_USER),
                  resources: {
                    requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
                    limits: { memory: k8s.Quantity.fromString('64Mi') },
                  },
                  terminationMessagePolicy: 'FallbackToLogsOnError',
                }],
                volumes: [{ name: 'scripts', configMap: { name: scriptsMap, defaultMode: 0o555 } }, apiTokenVolume('api-token')],
              },
            },
          },
        },
      },
    });
  }
}
