// The example apps: `npx cdk8s synth` writes their YAML to cdk8s.out/ (this file, then the
// standalone apps imported at the end: MySQL, MariaDB, Redis, and backups).
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DatabaseEngine, PostgresVersion, ReplicatedDatabase } from '../src';

const app = new App();

// A 3-pod PostgreSQL 16: one primary, two streaming replicas behind a lag-aware read endpoint.
const shop = new Chart(app, 'shop', { namespace: 'shop' });
const orders = new ReplicatedDatabase(shop, 'orders', {
  name: 'orders',
  engine: DatabaseEngine.postgres({ version: PostgresVersion.V16 }),
  replicas: 3,
  storage: { size: Size.gibibytes(50), storageClassName: 'fast-ssd' },
  resources: { memory: Size.gibibytes(4), cpu: kplus.Cpu.units(2) },
});

// An application allowed through the database's default-deny NetworkPolicy; it also gets
// DB_HOST, DB_READ_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD (from the Secret).
// Pod Security "restricted" as written: cdk8s-plus runs as non-root without privilege escalation
// by default, but neither drops capabilities nor sets a seccomp profile.
const api = new kplus.Deployment(shop, 'api', {
  replicas: 2,
  securityContext: { ensureNonRoot: true },
  containers: [{
    image: 'ghcr.io/example/orders-api:1.4.2',
    portNumber: 8080,
    securityContext: {
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
  }],
});
orders.allowFrom(api);

// Exporter sidecar, ServiceMonitor for kube-prometheus-stack, alerts and a Grafana dashboard.
orders.addMonitoring('monitoring', { alertLabels: { team: 'shop' } });

app.synth();

// The other examples are standalone apps of their own; synthesize them too.
import './mysql';
import './mariadb';
import './redis';
import './backup-postgres-s3';
import './backup-mariadb-volume';
