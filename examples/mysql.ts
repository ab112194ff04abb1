// A standalone example app: 3-pod MySQL 8.4 with semi-synchronous GTID replication.
//   npx ts-node --project test/tsconfig.json examples/mysql.ts   (writes cdk8s.out/mysql-shop.k8s.yaml)
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DatabaseEngine, MysqlVersion, ReplicatedDatabase } from '../src';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'cdk8s.out' });

// One primary (orders-0) and two replicas cloned from it with CLONE INSTANCE. A commit returns once
// a replica has it (semi-sync, lossless); the read endpoint only reaches replicas within 30 s.
const shop = new Chart(app, 'mysql-shop', { namespace: 'shop' });
const orders = new ReplicatedDatabase(shop, 'orders', {
  name: 'orders',
  engine: DatabaseEngine.mysql({
    version: MysqlVersion.V8_4,
    semiSync: true,
    settings: { long_query_time: '2', slow_query_log: 'ON' },
  }),
  replicas: 3,
  storage: { size: Size.gibibytes(50), storageClassName: 'fast-ssd' },
  resources: { memory: Size.gibibytes(4), cpu: kplus.Cpu.units(2) },
  readiness: { maxLagSeconds: 30 },
});

// An application allowed through the NetworkPolicy; it gets DB_HOST, DB_READ_HOST, DB_PORT,
// DB_NAME, DB_USER and DB_PASSWORD (from the Secret).
const api = new kplus.Deployment(shop, 'api', {
  replicas: 2,
  containers: [{
    image: 'ghcr.io/example/orders-api:1.4.2',
    portNumber: 8080,
    // Pod Security "restricted" (see examples/main.ts)
    securityContext: { capabilities: { drop: [kplus.Capability.ALL] }, seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT } },
  }],
});
orders.allowFrom(api);

app.synth();
