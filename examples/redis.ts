// A standalone example app: 3-pod Redis 7.0 with a Sentinel in every pod (automatic failover).
//   npx ts-node --project test/tsconfig.json examples/redis.ts   (writes cdk8s.out/redis-shop.k8s.yaml)
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DatabaseEngine, RedisVersion, ReplicatedDatabase } from '../src';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'cdk8s.out' });
const shop = new Chart(app, 'redis-shop', { namespace: 'shop' });

// sessions-0 starts as the master; the Sentinels move it when it fails. The write Service
// follows the master the Sentinels agree on; the read Service takes replicas in sync.
const sessions = new ReplicatedDatabase(shop, 'sessions', {
  name: 'sessions',
  engine: DatabaseEngine.redis({ version: RedisVersion.V7_0 }),
  replicas: 3,
  resources: { memory: Size.mebibytes(512) },
});

// The app gets DB_HOST, DB_READ_HOST, DB_PORT, DB_USER, DB_PASSWORD and, for sentinel-aware
// clients, DB_SENTINEL_HOST, DB_SENTINEL_PORT and DB_SENTINEL_MASTER.
const web = new kplus.Deployment(shop, 'web', {
  containers: [{
    image: 'ghcr.io/example/web:1.0.0',
    portNumber: 8080,
    // Pod Security "restricted" (see examples/main.ts)
    securityContext: { capabilities: { drop: [kplus.Capability.ALL] }, seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT } },
  }],
});
sessions.allowFrom(web);

app.synth();
