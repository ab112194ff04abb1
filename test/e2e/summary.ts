// Jest globalTeardown of the e2e suite: merge every worker's timings, print the table, and
// write it to e2e-timings.json (read by bench reporting and the README table).
import * as fs from 'fs';
import * as path from 'path';
import { RESULTS_DIR, timingSummary } from './harness';

export default async function summary(): Promise<void> {
  const { table, entries } = timingSummary();
  const file = path.join(RESULTS_DIR, 'e2e-timings.json');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), entries }, null, 2));
  process.stdout.write(`\n===== e2e timing summary (${entries.length} measurements, ${file})\n${table}\n`);
}
