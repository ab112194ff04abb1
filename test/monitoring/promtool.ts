/**
 * promtool helpers: write rule groups as a plain Prometheus rules file, generate unit tests
 * that show each alert firing on synthetic series and silent on healthy ones, run promtool.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

export const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

export function promtoolAvailable(): boolean {
  return spawnSync(PROMTOOL, ['--version']).status === 0;
}

export function promtoolVersion(): string {
  return (spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' }).stdout ?? '').split('\n')[0];
}

export interface PromtoolResult { readonly code: number | null; readonly output: string }

export function runPromtool(args: string[], cwd: string): PromtoolResult {
  const r = spawnSync(PROMTOOL, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-db-promtool-'));
}

/** The `groups` of every PrometheusRule in the manifests. */
export function ruleGroupsOf(docs: any[]): any[] {
  return docs.filter(d => d.kind === 'PrometheusRule').flatMap(d => d.spec.groups);
}

/** A synthetic input series: metric name, labels, promtool expanding notation values. */
export interface Series {
  readonly metric: string;
  readonly labels: { [k: string]: string };
  readonly values: string;
}

/** One alert's test: series that make it fire, series on which it stays silent. */
export interface AlertCase {
  readonly alert: string;
  readonly firing: Series[];
  readonly healthy: Series[];
  /** When to evaluate (promtool duration). */
  readonly evalTime: string;
  /** Labels the firing alert carries (besides the rule's own labels). */
  readonly expectedLabels: { [k: string]: string }[];
}

export function seriesText(s: Series): string {
  const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
  return `${s.metric}{${labels}}`;
}

/** promtool unit test file for the cases; `ruleLabels` are the static labels of each alert. */
export function unitTestFile(rulesFile: string, cases: AlertCase[], ruleLabels: (alert: string) => { [k: string]: string }): string {
  const tests: any[] = [];
  for (const c of cases) {
    const inputs = (series: Series[]) => series.map(s => ({ series: seriesText(s), values: s.values }));
    tests.push({
      name: `${c.alert} fires`,
      interval: '1m',
      input_series: inputs(c.firing),
      alert_rule_test: [{
        eval_time: c.evalTime,
        alertname: c.alert,
        exp_alerts: c.expectedLabels.map(l => ({ exp_labels: { ...ruleLabels(c.alert), ...l } })),
      }],
    });
    tests.push({
      name: `${c.alert} stays silent`,
      interval: '1m',
      input_series: inputs(c.healthy),
      alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: [] }],
    });
  }
  return YAML.stringify({ rule_files: [rulesFile], evaluation_interval: '1m', tests });
}

/** Rules file text; annotations removed when `withAnnotations` is false (promtool would compare them). */
export function rulesFileText(groups: any[], withAnnotations = true): string {
  const withoutAnnotations = (r: any) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'annotations'));
  const g = withAnnotations ? groups : groups.map(x => ({ ...x, rules: x.rules.map(withoutAnnotations) }));
  return YAML.stringify({ groups: g });
}
