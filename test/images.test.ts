import { Chart, Cron, Testing } from 'cdk8s';
import { validateAll } from './validation';
import { BackupDestination, DatabaseEngine, DatabaseImages, PostgresVersion, ReplicatedDatabase, VolumeSnapshotSchedule } from '../src';
import { mirrored } from '../src/lib/images';

const DIGEST = `sha256:${'a'.repeat(64)}`;

/** Every engine, with everything that renders a pod: backups, verification, restore, snapshots, monitoring. */
function app(images?: DatabaseImages, engine = DatabaseEngine.postgres({ version: PostgresVersion.V15 }), exporterImage?: string): any[] {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const engines = [engine, DatabaseEngine.mariadb(), DatabaseEngine.redis()];
  engines.forEach((e, i) => {
    const db = new ReplicatedDatabase(chart, `db${i}`, { engine: e, images });
    const backup = db.addBackupSchedule('backup', {
      schedule: Cron.daily(),
      destination: BackupDestination.s3({ bucket: 'backups', credentials: { secretName: 's3' } }),
      verifyRestore: true,
    });
    backup.restoreJob('restore');
    new VolumeSnapshotSchedule(db, 'snapshots', { database: db, schedule: Cron.daily(), snapshotClassName: 'csi' });
    db.addMonitoring('monitoring', { exporterImage });
  });
  return Testing.synth(chart);
}

/** Every pod spec of the manifests, with where it is. */
function podSpecs(docs: any[]): { where: string; spec: any }[] {
  return docs.flatMap(d => {
    const spec = d.spec?.template?.spec ?? d.spec?.jobTemplate?.spec?.template?.spec;
    return spec ? [{ where: `${d.kind}/${d.metadata.name}`, spec }] : [];
  });
}

const imagesOf = (docs: any[]) => [...new Set(podSpecs(docs)
  .flatMap(p => [...(p.spec.initContainers ?? []), ...p.spec.containers].map((c: any) => c.image)))].sort();

describe('images: one registry for all, a reference per image, pull Secrets on every pod', () => {
  test('by default, the pinned official images', () => {
    expect(imagesOf(app())).toEqual([
      'curlimages/curl:8.11.1', 'mariadb:11.4.4', 'oliver006/redis_exporter:v1.67.0', 'postgres:15.10-bookworm',
      'prom/mysqld-exporter:v0.17.2', 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1', 'rclone/rclone:1.68.2', 'redis:7.0.15',
    ]);
  });

  test('registry: every image of every pod comes from the mirror, path and tag kept, registry host replaced', () => {
    const docs = app({ registry: 'registry.example.com:5000/mirror' });
    expect(imagesOf(docs)).toEqual([
      'registry.example.com:5000/mirror/curlimages/curl:8.11.1', 'registry.example.com:5000/mirror/mariadb:11.4.4',
      'registry.example.com:5000/mirror/oliver006/redis_exporter:v1.67.0', 'registry.example.com:5000/mirror/postgres:15.10-bookworm',
      'registry.example.com:5000/mirror/prom/mysqld-exporter:v0.17.2', 'registry.example.com:5000/mirror/prometheuscommunity/postgres-exporter:v0.17.1',
      'registry.example.com:5000/mirror/rclone/rclone:1.68.2', 'registry.example.com:5000/mirror/redis:7.0.15',
    ]);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
  });

  test('images named explicitly are used as given (digests too); the others still come from the mirror', () => {
    const docs = app(
      { registry: 'mirror.local', curlImage: 'tools.local/curl:8.11.1', rcloneImage: `tools.local/rclone:1.68.2@${DIGEST}` },
      DatabaseEngine.postgres({ version: PostgresVersion.V15, image: 'db.local/postgres', digest: DIGEST }),
      'exporters.local/postgres-exporter:v0.17.1',
    );
    const images = imagesOf(docs);
    expect(images).toEqual(expect.arrayContaining([
      'tools.local/curl:8.11.1', `tools.local/rclone:1.68.2@${DIGEST}`, `db.local/postgres:15.10-bookworm@${DIGEST}`,
      'exporters.local/postgres-exporter:v0.17.1', 'mirror.local/mariadb:11.4.4', 'mirror.local/redis:7.0.15',
    ]));
    expect(images.filter(i => !/^(tools|db|exporters|mirror)\.local\//.test(i))).toEqual([]);
    // The default digest-less engine image keeps its digest through the mirror.
    expect(imagesOf(app({ registry: 'mirror.local' }, DatabaseEngine.postgres({ version: PostgresVersion.V15, digest: DIGEST }))))
      .toContain(`mirror.local/postgres:15.10-bookworm@${DIGEST}`);
  });

  test('imagePullSecrets on every pod the library renders; none by default', () => {
    const docs = app({ imagePullSecrets: ['mirror-pull', 'other-pull'] });
    const pods = podSpecs(docs);
    expect(pods.map(p => p.where)).toEqual(expect.arrayContaining([
      'StatefulSet/db0', 'Job/db0-credentials-generator', 'CronJob/db0-backup', 'CronJob/db0-backup-verify', 'Job/db0-restore', 'CronJob/db0-snapshots',
      'StatefulSet/db2', 'CronJob/db2-snapshots',
    ]));
    for (const p of pods) expect([p.where, p.spec.imagePullSecrets]).toEqual([p.where, [{ name: 'mirror-pull' }, { name: 'other-pull' }]]);
    for (const p of podSpecs(app())) expect([p.where, p.spec.imagePullSecrets]).toEqual([p.where, undefined]);
  });

  test('the mapping: registry host replaced, Docker Hub names kept as they are', () => {
    expect(mirrored('postgres:16.6-bookworm', 'm.io/x')).toBe('m.io/x/postgres:16.6-bookworm');
    expect(mirrored('curlimages/curl:8.11.1', 'm.io/x')).toBe('m.io/x/curlimages/curl:8.11.1');
    expect(mirrored('quay.io/prometheuscommunity/postgres-exporter:v0.17.1', 'm.io')).toBe('m.io/prometheuscommunity/postgres-exporter:v0.17.1');
    expect(mirrored('localhost:5000/redis:7', 'm.io')).toBe('m.io/redis:7');
  });

  const bad: [string, DatabaseImages, RegExp][] = [
    ['registry with a trailing slash', { registry: 'registry.example.com/' }, /invalid images\.registry "registry\.example\.com\/": must be a registry host/],
    ['registry with a tag', { registry: 'registry.example.com/postgres:16' }, /invalid images\.registry "registry\.example\.com\/postgres:16"/],
    ['registry with upper case', { registry: 'Registry.example.com' }, /invalid images\.registry "Registry\.example\.com"/],
    ['curl image without a tag', { curlImage: 'mirror/curl' }, /invalid images\.curlImage "mirror\/curl": must be an image reference with a tag/],
    ['curl image :latest', { curlImage: 'mirror/curl:latest' }, /invalid images\.curlImage "mirror\/curl:latest": must name a fixed tag/],
    ['rclone image with two tags', { rcloneImage: 'mirror/rclone:1:2' }, /invalid images\.rcloneImage "mirror\/rclone:1:2"/],
    ['bad digest', { rcloneImage: 'mirror/rclone:1.68.2@sha256:xyz' }, /invalid images\.rcloneImage "mirror\/rclone:1\.68\.2@sha256:xyz"/],
    ['bad pull Secret', { imagePullSecrets: ['Pull_Secret'] }, /invalid images\.imagePullSecrets\[0\] "Pull_Secret": must be a Secret name/],
    ['repeated pull Secret', { imagePullSecrets: ['a', 'a'] }, /invalid images\.imagePullSecrets \["a","a"\]: must not repeat/],
  ];
  test.each(bad)('refused at synth, naming the prop and the value: %s', (_n, images, message) => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    expect(() => new ReplicatedDatabase(chart, 'orders', { engine: DatabaseEngine.postgres(), images })).toThrow(message);
  });
});
