// Jest globalSetup of the e2e suite: fail at once, clearly, without a reachable cluster, and
// start with an empty timing folder.
import * as fs from 'fs';
import { kubectl, RESULTS_DIR } from './harness';

export default async function setup(): Promise<void> {
  if (!process.env.KUBECONFIG) {
    throw new Error('The e2e suite runs against the cluster named by KUBECONFIG, and KUBECONFIG is not set.');
  }
  const r = await kubectl(['get', '--raw', '/readyz'], { allowFail: true, timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`The cluster in KUBECONFIG=${process.env.KUBECONFIG} is not reachable: ${r.stderr}`);
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
}
