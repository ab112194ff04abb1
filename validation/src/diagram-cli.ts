#!/usr/bin/env node
// cdk8s-db-diagram: topology diagram of synthesized Kubernetes YAML (see diagram.ts).
import { main } from './diagram';

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`cdk8s-db-diagram: ${(e as Error).message}\n`);
  process.exit(1);
}
