// A standalone example app: 3-pod MariaDB 11.4 LTS with GTID replication.
//   npx ts-node --project test/tsconfig.json examples/mariadb.ts   (writes cdk8s.out/mariadb-shop.k8s.yaml)
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DatabaseEngine, MariadbVersion, ReplicatedDatabase } from '../src';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'cdk8s.out' });

// One primary (catalog-0) and two replicas, each cloned from a consistent mariadb-dump with its
// GTID position, then replicating with MASTER_USE_GTID=slave_pos. Replicas are read_only and only
// take reads while both replication threads run and they are within 30 s of the primary.
const shop = new Chart(app, 'mariadb-shop', { namespace: 'shop' });
const catalog = new ReplicatedDatabase(shop, 'catalog', {
  name: 'catalog',
  engine: DatabaseEngine.mariadb({ version: MariadbVersion.V11_4 }),
  replicas: 3,
  databaseName: 'catalog',
  username: 'catalog_app',
  storage: { size: Size.gibibytes(20) },
  resources: { memory: Size.gibibytes(2), cpu: kplus.Cpu.units(1) },
});

// An application allowed through the NetworkPolicy; it gets DB_HOST, DB_READ_HOST, DB_PORT,
// DB_NAME, DB_USER and DB_PASSWORD (from the Secret).
const web = new kplus.Deployment(shop, 'web', {
  replicas: 2,
  containers: [{
    image: 'ghcr.io/example/catalog-web:2.0.1',
    portNumber: 8080,
    // Pod Security "restricted" (see examples/main.ts)
    securityContext: { capabilities: { drop: [kplus.Capability.ALL] }, seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT } },
  }],
});
catalog.allowFrom(web);

app.synth();
