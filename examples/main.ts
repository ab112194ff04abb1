// The example app: `npx cdk8s synth` writes its YAML to cdk8s.out/.
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

// An application that gets DB_HOST, DB_READ_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD.
const api = new kplus.Deployment(shop, 'api', {
  replicas: 2,
  containers: [{ image: 'ghcr.io/example/orders-api:1.4.2', portNumber: 8080 }],
});
orders.addConnectionEnv(api);

// Exporter sidecar, ServiceMonitor for kube-prometheus-stack, alerts and a Grafana dashboard.
orders.addMonitoring('monitoring', { alertLabels: { team: 'shop' } });

app.synth();
