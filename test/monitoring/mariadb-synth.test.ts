/**
 * DbMonitoring on the MySQL-family engines, once they exist (the engine is built concurrently:
 * this suite runs when `DatabaseEngine.mariadb` / `DatabaseEngine.mysql` are there).
 */
import { Testing } from 'cdk8s';
import { DatabaseEngine, ReplicatedDatabase } from '../../src';
import { validateAll } from '../validation';

const factories = ['mariadb', 'mysql'].filter(f => typeof (DatabaseEngine as any)[f] === 'function');
const describeIf = factories.length > 0 ? describe : describe.skip;

describeIf('DbMonitoring on the MySQL family', () => {
  test.each(factories)('%s: valid manifests, exporter reads the probe option file through the shared run dir', (factory) => {
    const chart = Testing.chart();
    (chart as any).namespace = 'shop';
    const engine = (DatabaseEngine as any)[factory]() as DatabaseEngine;
    const db = new ReplicatedDatabase(chart, 'db', { name: 'shop-db', engine });
    const mon = db.addMonitoring('Monitoring', { backupCronJobs: ['shop-db-backup'] });
    const docs = Testing.synth(chart);
    expect(validateAll(docs, { runtimeLabels: ['cdk8s-db.io/role'] })).toEqual([]);
    const pod = docs.find(d => d.kind === 'StatefulSet').spec.template.spec;
    const exporter = pod.containers.find((c: any) => c.name === 'exporter');
    expect(exporter.image).toMatch(/^prom\/mysqld-exporter:v\d+\.\d+\.\d+$/);
    expect(exporter.args.some((a: string) => a.startsWith('--config.my-cnf=/run/mysqld/'))).toBe(true);
    expect(exporter.env ?? []).toEqual([]);
    expect(exporter.volumeMounts).toEqual([{ name: 'run', mountPath: '/run/mysqld', readOnly: true }]);
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9104, protocol: 'TCP' }]);
    expect(docs.some(d => d.metadata.name === 'shop-db-exporter')).toBe(false);
    expect(mon.alertNames).toContain('DatabaseReplicationBroken');
  });
});
